package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
	tsync "tearoff.dev/tearoff/host/sync"
)

// The sync scenarios of issue 10, each on two computers with their own
// vaults and one bare git repository as the remote, on the file backend
// and on the Secret Service.
var syncScenarios = []struct {
	name string
	run  func(p *syncPair)
}{
	{"take on A is used on B", syncTake},
	{"concurrent takes", syncConcurrentTakes},
	{"restore on A syncs to B", syncRestore},
	{"kill -9 during sync", syncKilled},
	{"the host syncs after a consume", syncFromHost},
	{"unreachable remote", syncUnreachable},
	{"wrong key and tampered remote", syncRefused},
}

func TestSyncFileBackend(t *testing.T) {
	for _, sc := range syncScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel() // each pair has homes and a remote of its own
			sc.run(fileSyncPair(t))
		})
	}
}

func TestSyncSecretService(t *testing.T) {
	for _, sc := range syncScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel() // each pair has keyrings and a remote of its own
			sc.run(secretServiceSyncPair(t))
		})
	}
}

func syncTake(p *syncPair) {
	t := p.t
	p.setUp()
	taken := strings.TrimSpace(p.a.Must("", "take", "--site", "github"))
	p.a.Must("", "sync")
	out := p.b.Must("", "sync")
	if !strings.Contains(out, "1 codes newly used") {
		t.Errorf("B's sync printed %q, want the one code newly used", out)
	}
	if next := strings.TrimSpace(p.b.Must("", "next", "--site", "github")); next == taken || next == "" {
		t.Errorf("B's next is %q; A took %q", next, taken)
	}
	onA, onB := codeIn(t, p.a, taken), codeIn(t, p.b, taken)
	if onB.State != "used" || onB.UsedAt == nil || onA.UsedAt == nil || *onB.UsedAt != *onA.UsedAt || onB.UsedOn != "cli" {
		t.Errorf("on B the code A took is %+v, want used at A's time %v on cli", onB, onA.UsedAt)
	}
}

func syncConcurrentTakes(p *syncPair) {
	t := p.t
	p.setUp()
	var takenA, takenB []string
	for range 3 {
		takenA = append(takenA, strings.TrimSpace(p.a.Must("", "take", "--site", "github")))
		takenB = append(takenB, strings.TrimSpace(p.b.Must("", "take", "--site", "github")))
	}
	all := append(append([]string{}, takenA...), takenB...)
	if slices.Sort(all); len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Errorf("a code was handed out twice before sync: A %v, B %v", takenA, takenB)
	}
	// Both push at once: the one refused goes round again on the other's commit.
	p.syncBothAtOnce()
	p.a.Must("", "sync")
	p.b.Must("", "sync")
	for _, code := range all {
		onA, onB := codeIn(t, p.a, code), codeIn(t, p.b, code)
		if onA.State != "used" || onB.State != "used" || *onA.UsedAt != *onB.UsedAt {
			t.Errorf("code %s: A %+v, B %+v; want used on both at one time", code, onA, onB)
		}
	}
	// None of them is ever handed out again, on either computer.
	for _, e := range []struct {
		name string
		take func() string
	}{
		{"A", func() string { return strings.TrimSpace(p.a.Must("", "take", "--site", "github")) }},
		{"B", func() string { return strings.TrimSpace(p.b.Must("", "take", "--site", "github")) }},
	} {
		for range 2 {
			if got := e.take(); slices.Contains(all, got) {
				t.Errorf("%s handed out %s again", e.name, got)
			}
		}
	}
}

func syncRestore(p *syncPair) {
	t := p.t
	p.setUp()
	taken := strings.TrimSpace(p.a.Must("", "take", "--site", "github"))
	p.a.Must("", "sync")
	p.b.Must("", "sync")
	if got := codeIn(t, p.b, taken).State; got != "used" {
		t.Fatalf("before the restore B has %s", got)
	}
	p.a.Must("", "restore", "--site", "github", taken)
	p.a.Must("", "sync")
	if out := p.b.Must("", "sync"); !strings.Contains(out, "1 codes restored") {
		t.Errorf("B's sync printed %q, want the restore", out)
	}
	if got := codeIn(t, p.b, taken).State; got != "unused" {
		t.Errorf("after the restore on A, B has the code %s, want unused", got)
	}
	// And a sync from B (which last saw it used) does not undo the restore on A.
	p.b.Must("", "sync")
	p.a.Must("", "sync")
	if got := codeIn(t, p.a, taken).State; got != "unused" {
		t.Errorf("A has the restored code %s after syncing again", got)
	}
}

// syncKilled kills `tearoff sync` with SIGKILL right after its n-th git
// command ended, through a git wrapper first on its PATH: 2 after the
// repository check, 4 after the fetch, 9 after the last file was read
// (before the merge), 10 after the merged vault was written, 13 with the
// commit built but not pushed, 14 after the push; on both computers in
// turn. Each time both vaults must read, and the next sync must complete
// and carry the use.
func syncKilled(p *syncPair) {
	t := p.t
	realGit, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	wrapper := "#!/bin/sh\n" +
		"n=$(( $(cat \"$GIT_COUNT\" 2>/dev/null || echo 0) + 1 ))\n" +
		"echo $n > \"$GIT_COUNT\"\n" +
		"if [ \"$n\" -eq \"$KILL_AT\" ]; then \"" + realGit + "\" \"$@\"; kill -9 $PPID; exit 1; fi\n" +
		"exec \"" + realGit + "\" \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	p.setUp()
	var taken []string
	for i, n := range []int{2, 4, 9, 10, 13, 14} {
		e := p.a
		if i%2 == 1 {
			e = p.b
		}
		taken = append(taken, strings.TrimSpace(e.Must("", "take", "--site", "github")))
		count := filepath.Join(dir, "count"+strconv.Itoa(i))
		killed := *e
		killed.Vars = append(slices.Clone(e.Vars), "PATH="+dir+":"+os.Getenv("PATH"),
			"GIT_COUNT="+count, "KILL_AT="+strconv.Itoa(n))
		if r := killed.Run("", "sync"); r.Code != -1 {
			t.Fatalf("the sync was not killed after git command %d: exit %d, %s", n, r.Code, r.Stderr)
		}
		p.a.Must("", "list")
		p.b.Must("", "list")
		e.Must("", "sync")
	}
	p.b.Must("", "sync")
	p.a.Must("", "sync")
	for _, code := range taken {
		if a, b := codeIn(t, p.a, code).State, codeIn(t, p.b, code).State; a != "used" || b != "used" {
			t.Errorf("code %s after the kills: A %s, B %s; want used on both", code, a, b)
		}
	}
}

// syncFromHost: the native host on A syncs when it starts and again after a
// consume, and B then learns of the use without A's CLI ever syncing.
func syncFromHost(p *syncPair) {
	t := p.t
	p.setUp()
	state := filepath.Join(homeOf(t, p.a), ".local", "share", "tearoff", "sync")
	before, err := tsync.LoadState(state)
	if err != nil || before.LastAttempt.IsZero() {
		t.Fatalf("no sync state in %s after set-up: %+v, %v", state, before, err)
	}
	env := *p.a
	env.Vars = append(slices.Clone(p.a.Vars), "TEAROFF_SYNC_INTERVAL=0")
	host := env.Start(chromeCaller)
	// The sync at start ends first, so the one that carries the use is the
	// consume's own.
	waitFor(t, "the host's sync at start", func() bool {
		st, err := tsync.LoadState(state)
		return err == nil && st.LastAttempt.After(before.LastAttempt)
	})
	list := testkit.Result[struct {
		Accounts []struct{ ID string } `json:"accounts"`
	}](t, host.Call(map[string]any{"type": "list"}))
	url := "https://github.com/sessions/two-factor/recovery"
	res := testkit.Result[struct {
		CodeID string `json:"code_id"`
		Code   string `json:"code"`
	}](t, host.Call(map[string]any{"type": "reserve", "account": list.Accounts[0].ID, "url": url}))
	testkit.Result[map[string]any](t, host.Call(map[string]any{"type": "consume", "code_id": res.CodeID, "url": url}))
	waitFor(t, "B to learn of the use A's host synced", func() bool {
		p.b.Must("", "sync")
		return codeIn(t, p.b, res.Code).State == "used"
	})
	if on := codeIn(t, p.b, res.Code).UsedOn; on != url {
		t.Errorf("on B the code was used on %q, want %q", on, url)
	}
}

// syncUnreachable points A at a remote that accepts a connection and never
// answers: while a sync hangs on it, the native host still answers list,
// reserve and consume, and the CLI still takes codes; once it fails, list
// reports the error.
func syncUnreachable(p *syncPair) {
	t := p.t
	p.setUp()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	p.a.Must("", "config", "set", "sync.remote", "http://"+ln.Addr().String()+"/vault.git")
	env := *p.a
	env.Vars = append(slices.Clone(p.a.Vars), "TEAROFF_SYNC_INTERVAL=0")
	host := env.Start(chromeCaller)
	conn := <-accepted // the host's sync at start is now stuck on the remote

	list := testkit.Result[struct {
		Accounts []struct{ ID string }  `json:"accounts"`
		Sync     struct{ Enabled bool } `json:"sync"`
	}](t, host.Call(map[string]any{"type": "list"}))
	if len(list.Accounts) != 1 || !list.Sync.Enabled {
		t.Fatalf("list while the remote hangs: %+v", list)
	}
	url := "https://github.com/sessions/two-factor/recovery"
	res := testkit.Result[struct {
		CodeID string `json:"code_id"`
	}](t, host.Call(map[string]any{"type": "reserve", "account": list.Accounts[0].ID, "url": url}))
	testkit.Result[map[string]any](t, host.Call(map[string]any{"type": "consume", "code_id": res.CodeID, "url": url}))
	if code := strings.TrimSpace(p.a.Must("", "take", "--site", "github")); code == "" {
		t.Error("take printed nothing while the remote hangs")
	}
	conn.Close()
	waitFor(t, "list to report the failed sync", func() bool {
		got := testkit.Result[struct {
			Sync struct{ Error string } `json:"sync"`
		}](t, host.Call(map[string]any{"type": "list"}))
		return got.Sync.Error != ""
	})
	ln.Close()
	for len(accepted) > 0 {
		(<-accepted).Close()
	}
	if r := p.a.Run("", "sync"); r.Code == 0 || !strings.Contains(r.Stderr, "git") {
		t.Errorf("sync with the remote gone: exit %d, stderr %q; want a git error", r.Code, r.Stderr)
	}
	p.a.Must("", "take", "--site", "github")
	if out := p.a.Must("", "sync", "status"); !strings.Contains(out, "last error: git") {
		t.Errorf("sync status does not show the error:\n%s", out)
	}
}

// syncRefused: a computer given another key, and a remote whose file was
// changed or that holds a file sync did not write, are refused with a clear
// error, and nothing is written.
func syncRefused(p *syncPair) {
	t := p.t
	p.setUp()
	p.a.Must("", "take", "--site", "github")
	p.a.Must("", "sync")

	// A third computer with a vault of its own, given a key of another set-up.
	third := p.fresh(t)
	third.Must("", "import", "--account", "me", testbin.WriteGitHubFile(t, testkit.GitHubCodes(16, 100)))
	otherKey, err := tsync.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, third)
	r := third.Run(tsync.FormatKey(otherKey)+"\n", "sync", "init", p.remote)
	if r.Code == 0 || !strings.Contains(r.Stderr, "does not open with this sync key") || !strings.Contains(r.Stderr, "nothing was changed") {
		t.Errorf("init with a wrong key: exit %d, stderr %q", r.Code, r.Stderr)
	}
	if after := snapshot(t, third); after != before {
		t.Errorf("a refused init wrote something:\n%s\n---\n%s", before, after)
	}

	// Tampered: one byte of A's file changed, pushed as a new commit.
	tamper(t, p.remote, func(dir string) {
		files, _ := filepath.Glob(filepath.Join(dir, "devices", "*.age"))
		raw, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		raw[len(raw)-20] ^= 0x01
		if err := os.WriteFile(files[0], raw, 0o600); err != nil {
			t.Fatal(err)
		}
	})
	p.assertRefused("a changed file")

	// Foreign: a file sync did not write, under a name it could have.
	tamper(t, p.remote, func(dir string) {
		if out, err := exec.Command("git", "-C", dir, "checkout", "HEAD~1", "--", ".").CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if err := os.WriteFile(filepath.Join(dir, "devices", strings.Repeat("ab", 16)+".age"), []byte("age-encryption.org/v1\n-> X25519 bm90IG91cnM\nbm90IG91cnM\n--- bm90\nrandom"), 0o600); err != nil {
			t.Fatal(err)
		}
	})
	p.assertRefused("a foreign file")
}

// assertRefused checks that B's sync fails naming the refusal and changes
// nothing in B's vault.
func (p *syncPair) assertRefused(what string) {
	t := p.t
	t.Helper()
	// A take on B that the sync would otherwise push.
	p.b.Must("", "take", "--site", "github")
	before := p.b.Must("", "list", "--json", "--reveal")
	r := p.b.Run("", "sync")
	if r.Code == 0 || !strings.Contains(r.Stderr, "refused a file on the sync remote") {
		t.Errorf("%s: sync exit %d, stderr %q; want it refused", what, r.Code, r.Stderr)
	}
	if after := p.b.Must("", "list", "--json", "--reveal"); after != before {
		t.Errorf("%s: the refused sync changed B's vault", what)
	}
}

// tamper changes the remote as someone with write access to it could:
// clone, change, commit, push.
func tamper(t *testing.T, remote string, change func(dir string)) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "clone")
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=x", "GIT_AUTHOR_EMAIL=x@x", "GIT_COMMITTER_NAME=x", "GIT_COMMITTER_EMAIL=x@x")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	git("clone", "-q", "--branch", "main", remote, dir)
	change(dir)
	git("-C", dir, "add", "-A")
	git("-C", dir, "commit", "-q", "-m", "tampered")
	git("-C", dir, "push", "-q", "origin", "HEAD:main")
}

// syncBothAtOnce runs `tearoff sync` on both computers at the same time;
// both must succeed.
func (p *syncPair) syncBothAtOnce() {
	p.t.Helper()
	a, _, aErr := p.a.Command("", "sync")
	b, _, bErr := p.b.Command("", "sync")
	if err := a.Start(); err != nil {
		p.t.Fatal(err)
	}
	if err := b.Start(); err != nil {
		p.t.Fatal(err)
	}
	if err := a.Wait(); err != nil {
		p.t.Errorf("A's sync, run beside B's: %v: %s", err, aErr)
	}
	if err := b.Wait(); err != nil {
		p.t.Errorf("B's sync, run beside A's: %v: %s", err, bErr)
	}
}

// homeOf is the HOME an Env's processes get.
func homeOf(t *testing.T, e *testbin.Env) string {
	t.Helper()
	for _, v := range e.Vars {
		if home, ok := strings.CutPrefix(v, "HOME="); ok {
			return home
		}
	}
	t.Fatal("the env has no HOME")
	return ""
}
