//go:build !linux

package sync

import "os/exec"

// dieWithParent: only Linux can tie a child's life to its parent; elsewhere
// the lock files a surviving git leaves are removed by the next sync
// (repo.ensure).
func dieWithParent(*exec.Cmd) {}
