package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMigrateKilled kills `tearoff migrate` (file vault to file vault) at
// each of its renames (every item written, the config file) and each of
// its unlinks (every item removed), with strace's fault injection. After
// every kill one of the two vaults must read whole, and running migrate
// again must finish the move with nothing lost.
func TestMigrateKilled(t *testing.T) {
	if _, err := exec.LookPath("strace"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("strace is missing: scripts/test.sh installs it")
		}
		t.Skip("strace is not installed")
	}
	for _, syscall := range []string{"renameat", "unlinkat"} {
		for when := 1; when <= 6; when++ {
			t.Run(fmt.Sprintf("%s#%d", syscall, when), func(t *testing.T) {
				e, home := freshEnv(t)
				e.must("", "config", "set", "backend", "file")
				e.must("", "import", "--site", "github", "--account", "me", writeGitHubFile(t, githubCodes(4)))
				e.must("", "take", "--site", "github")
				want := e.must("", "list", "--json", "--reveal")
				oldDir := filepath.Join(home, ".local", "share", "tearoff")
				newDir := filepath.Join(home, "new")
				args := []string{"migrate", "--to", "file", "--file-dir", newDir}

				traced := exec.Command("strace", append([]string{"-f", "-o", "/dev/null", "-e", "trace=" + syscall,
					"-e", fmt.Sprintf("inject=%s:signal=KILL:when=%d", syscall, when), tearoffBin}, args...)...)
				traced.Env = e.vars
				_ = traced.Run()
				killed := traced.ProcessState != nil && !traced.ProcessState.Exited()
				// The first few of each are surely there: an item written, an item removed.
				if when <= 3 && !killed {
					t.Fatalf("migrate was not killed at %s #%d: the injection did not happen", syscall, when)
				}

				read := func(dir string) string {
					o := *e
					o.vars = append(append([]string(nil), e.vars...), "TEAROFF_BACKEND=file", "TEAROFF_FILE_DIR="+dir)
					return o.run("", "list", "--json", "--reveal").stdout
				}
				if read(oldDir) != want && read(newDir) != want {
					t.Fatalf("after the kill neither vault reads whole:\nold %s\nnew %s\nwant %s", read(oldDir), read(newDir), want)
				}
				if r := e.run("", args...); r.code != 0 && r.code != 2 {
					t.Fatalf("migrate again: exit %d, %s", r.code, r.stderr)
				}
				// Exit 2 is "already there": the kill came after the settings were switched.
				if got := e.must("", "list", "--json", "--reveal"); got != want {
					t.Errorf("after the second migrate list reads\n%s\nwant\n%s", got, want)
				}
				if got := read(newDir); got != want {
					t.Errorf("the new vault reads\n%s\nwant\n%s", got, want)
				}
				if _, err := os.Stat(filepath.Join(oldDir, "tearoff.identity")); err == nil {
					t.Errorf("the old vault is still there")
				}
			})
		}
	}
}
