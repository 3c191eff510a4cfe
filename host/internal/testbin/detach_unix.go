//go:build unix

package testbin

import (
	"os/exec"
	"syscall"
)

// Detach starts the child in a new session, without a controlling
// terminal, so a passphrase prompt can never reach the developer's terminal
// and the "no terminal" path is what the test sees.
func Detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}
