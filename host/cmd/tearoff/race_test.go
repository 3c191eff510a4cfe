package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
)

// racers is how many `tearoff take` processes start at once against a
// 16-code account: more than there are codes, so the last few must fail
// cleanly while the others each get a different code.
const racers = 20

func TestTakeRaceFileBackend(t *testing.T) {
	takeRace(t, testbin.FileEnv(t), "octocat")
}

// TestTakeRaceSecretService runs the same race against a real gnome-keyring
// (scripts/with-secret-service.sh sets TEAROFF_TEST_SECRET_SERVICE=1).
func TestTakeRaceSecretService(t *testing.T) {
	e := testbin.SecretServiceEnv(t)
	// The one lock every process of this test shares.
	e.Vars = append(e.Vars, "TEAROFF_LOCK_FILE="+filepath.Join(t.TempDir(), "vault.lock"))
	// The session's keyring may hold other tests' accounts: use a label of
	// our own and clean it up.
	label := fmt.Sprintf("race-%d", time.Now().UnixNano())
	t.Cleanup(func() { e.Run("", "remove", "--site", "github", "--account", label) })
	takeRace(t, e, label)
}

func takeRace(t *testing.T, e *testbin.Env, label string) {
	codes := testkit.GitHubCodes(16, 0)
	e.Must("", "import", "--site", "github", "--account", label, testbin.WriteGitHubFile(t, codes))

	results := make([]testbin.Result, racers)
	var wg sync.WaitGroup
	for i := range racers {
		cmd, out, errb := e.Command("", "take", "--site", "github", "--account", label)
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting take %d: %v", i, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := cmd.Wait()
			code := -1
			if err == nil {
				code = 0
			} else if ee, ok := err.(interface{ ExitCode() int }); ok {
				code = ee.ExitCode()
			}
			results[i] = testbin.Result{Code: code, Stdout: out.String(), Stderr: errb.String()}
		}()
	}
	wg.Wait()

	var got []string
	for i, r := range results {
		switch r.Code {
		case 0:
			got = append(got, strings.TrimSpace(r.Stdout))
		case 4:
			if r.Stdout != "" || !strings.Contains(r.Stderr, "no unused code is left") {
				t.Errorf("take %d was refused badly: stdout %q, stderr %q", i, r.Stdout, r.Stderr)
			}
		default:
			t.Errorf("take %d: exit %d, stderr %q", i, r.Code, r.Stderr)
		}
	}
	slices.Sort(got)
	want := slices.Clone(codes)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("%d concurrent takes handed out %d codes %v; want each of the 16 exactly once", racers, len(got), got)
	}

	var mine *testkit.ListEntry
	l := e.List()
	for i := range l {
		if l[i].Account == label {
			mine = &l[i]
		}
	}
	if mine == nil || mine.Remaining != 0 || mine.Used != 16 {
		t.Fatalf("after the race, list = %+v; want 0 remaining, 16 used", mine)
	}
	r := e.Run("", "take", "--site", "github", "--account", label)
	if r.Code != 4 || r.Stdout != "" || !strings.Contains(r.Stderr, "no unused code is left") || !strings.Contains(r.Stderr, "none is uncertain") {
		t.Fatalf("17th take: exit %d, stdout %q, stderr %q; want exit 4 saying none is left or uncertain", r.Code, r.Stdout, r.Stderr)
	}
}
