//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// detach starts the child in a new session, without a controlling
// terminal, so a passphrase prompt can never reach the developer's terminal
// and the "no terminal" path is what the test sees.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}
