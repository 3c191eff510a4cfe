package testbin

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// BareRemote is a fresh bare git repository, the remote sync tests push to.
func BareRemote(t testing.TB) string {
	t.Helper()
	remote := filepath.Join(t.TempDir(), "remote.git")
	if out, err := exec.Command("git", "init", "-q", "--bare", remote).CombinedOutput(); err != nil {
		t.Fatalf("git init --bare: %v: %s", err, out)
	}
	return remote
}
