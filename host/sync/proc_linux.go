package sync

import (
	"os/exec"
	"syscall"
)

// dieWithParent kills git when tearoff dies, even by kill -9: a git left
// running would hold its lock files while the next sync starts.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
