package sync

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// memVault is one machine's vault in memory; during, when set, runs in
// the middle of an update (while the vault lock would be held).
type memVault struct {
	v      *vault.Vault
	key    []byte
	during func()
}

func (m *memVault) UpdateScope(_ context.Context, _ store.Scope, fn func(*vault.Vault) error) error {
	raw, err := m.v.Marshal()
	if err != nil {
		return err
	}
	cp, err := vault.Unmarshal(raw)
	if err != nil {
		return err
	}
	if err := fn(cp); err != nil {
		return err
	}
	if d := m.during; d != nil {
		m.during = nil
		d()
	}
	m.v = cp
	return nil
}

func (m *memVault) SyncKey(context.Context) ([]byte, error)      { return m.key, nil }
func (m *memVault) SetSyncKey(_ context.Context, k []byte) error { m.key = k; return nil }

func clockFor(name string) vault.Clock {
	n := 0
	return vault.Clock{
		Now:   func() time.Time { return time.Unix(1.8e9, 0).UTC() },
		NewID: func() string { n++; return fmt.Sprintf("%s-%d", name, n) },
	}
}

// TestPushRaceGoesRoundAgain: B pushes while A is merging, so A's push is
// refused; A must fetch B's commit, merge it, and push on top of it.
func TestPushRaceGoesRoundAgain(t *testing.T) {
	ctx := context.Background()
	remote := testbin.BareRemote(t)
	key, _ := NewKey()
	a := &memVault{v: vault.New(), key: key}
	b := &memVault{v: vault.New(), key: key}
	if _, _, err := a.v.Import("github", "octocat", []string{"aaaaa-11111", "bbbbb-22222"}, false, clockFor("a")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.v.Import("gitlab", "me", []string{"0123456789abcdef"}, false, clockFor("b")); err != nil {
		t.Fatal(err)
	}
	sa := &Syncer{Store: a, Dir: t.TempDir(), Remote: remote, Wait: true}
	sb := &Syncer{Store: b, Dir: t.TempDir(), Remote: remote, Wait: true}
	var bErr error
	a.during = func() { _, bErr = sb.Run(ctx) }
	rep, err := sa.Run(ctx)
	if err != nil || bErr != nil {
		t.Fatalf("A's sync: %v; B's, in the middle of it: %v", err, bErr)
	}
	if !rep.Pushed || rep.Added != 1 || rep.Machines != 1 {
		t.Errorf("A's report %+v: want B's account added on the second round, and A's file pushed", rep)
	}
	if _, err := sb.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*memVault{"A": a, "B": b} {
		var sites []string
		for _, acc := range m.v.Accounts {
			sites = append(sites, acc.Site)
		}
		if got := strings.Join(sites, ","); len(m.v.Accounts) != 2 {
			t.Errorf("%s holds %s, want both accounts", name, got)
		}
	}
	st, err := LoadState(sa.Dir)
	if err != nil || st.Error != "" || len(st.Machines) != 2 {
		t.Errorf("A's state %+v, %v: want a clean sync that knows two machines", st, err)
	}
}

// TestSyncWithoutKeyOrRemote: not set up is its own clear error.
func TestSyncWithoutKeyOrRemote(t *testing.T) {
	ctx := context.Background()
	for name, s := range map[string]*Syncer{
		"no remote": {Store: &memVault{v: vault.New(), key: make([]byte, keySize)}, Dir: t.TempDir()},
		"no key":    {Store: &memVault{v: vault.New()}, Dir: t.TempDir(), Remote: testbin.BareRemote(t)},
	} {
		if _, err := s.Run(ctx); !errors.Is(err, ErrNotSetUp) {
			t.Errorf("%s: Run = %v, want ErrNotSetUp", name, err)
		}
	}
}

// TestHugeRemoteFileRefusedUnread: a file under devices/ larger than any
// bundle is refused from its size, before it is read.
func TestHugeRemoteFileRefusedUnread(t *testing.T) {
	remote := testbin.BareRemote(t)
	clone := filepath.Join(t.TempDir(), "clone")
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Env = append(cmd.Environ(), "GIT_AUTHOR_NAME=x", "GIT_AUTHOR_EMAIL=x@x", "GIT_COMMITTER_NAME=x", "GIT_COMMITTER_EMAIL=x@x")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main", clone)
	big := filepath.Join(clone, "devices", strings.Repeat("cd", 16)+".age")
	if err := os.MkdirAll(filepath.Dir(big), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, make([]byte, maxBundle+1), 0o600); err != nil {
		t.Fatal(err)
	}
	git("-C", clone, "add", "-A")
	git("-C", clone, "commit", "-q", "-m", "big")
	git("-C", clone, "push", "-q", remote, "main")
	key, _ := NewKey()
	s := &Syncer{Store: &memVault{v: vault.New(), key: key}, Dir: t.TempDir(), Remote: remote, Wait: true}
	if _, err := s.Run(context.Background()); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "more than a bundle can be") {
		t.Errorf("Run = %v, want the file refused for its size", err)
	}
}
