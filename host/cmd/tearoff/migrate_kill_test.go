package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
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
				e.Must("", "config", "set", "backend", "file")
				e.Must("", "import", "--site", "github", "--account", "me", testbin.WriteGitHubFile(t, testkit.GitHubCodes(4, 0)))
				e.Must("", "take", "--site", "github")
				want := e.Must("", "list", "--json", "--reveal")
				oldDir := filepath.Join(home, ".local", "share", "tearoff")
				newDir := filepath.Join(home, "new")
				args := []string{"migrate", "--to", "file", "--file-dir", newDir}

				traced := exec.Command("strace", append([]string{"-f", "-o", "/dev/null", "-e", "trace=" + syscall,
					"-e", fmt.Sprintf("inject=%s:signal=KILL:when=%d", syscall, when), tearoffBin}, args...)...)
				traced.Env = e.Vars
				_ = traced.Run()
				killed := traced.ProcessState != nil && !traced.ProcessState.Exited()
				// The first of each is surely there (an item written, an item
				// removed). strace counts calls per thread, and the store makes
				// each keyring call on whichever thread Go picks, so a later
				// number may never be reached by one thread (as in crash_test.go).
				if when == 1 && !killed {
					t.Fatalf("migrate was not killed at %s #%d: the injection did not happen", syscall, when)
				}

				read := func(dir string) string {
					o := *e
					o.Vars = append(append([]string(nil), e.Vars...), "TEAROFF_BACKEND=file", "TEAROFF_FILE_DIR="+dir)
					return o.Run("", "list", "--json", "--reveal").Stdout
				}
				if read(oldDir) != want && read(newDir) != want {
					t.Fatalf("after the kill neither vault reads whole:\nold %s\nnew %s\nwant %s", read(oldDir), read(newDir), want)
				}
				if r := e.Run("", args...); r.Code != 0 && r.Code != 2 {
					t.Fatalf("migrate again: exit %d, %s", r.Code, r.Stderr)
				}
				// Exit 2 is "already there": the kill came after the settings were switched.
				if got := e.Must("", "list", "--json", "--reveal"); got != want {
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
