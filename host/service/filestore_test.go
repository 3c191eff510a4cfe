package service

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// fileConfig is a fresh vault on the real encrypted file backend; openFile
// opens its own Store on it each time, as separate processes would.
func fileConfig(t *testing.T) store.Config {
	t.Helper()
	root := t.TempDir()
	return store.Config{
		Backend:    store.BackendFile,
		FileDir:    filepath.Join(root, "keyring"),
		LockPath:   filepath.Join(root, "vault.lock"),
		Passphrase: func() (string, error) { return "test passphrase", nil },
		// scrypt at its lowest cost: each open derives the vault key afresh.
		ScryptWorkFactor: store.MinScryptWorkFactor,
	}
}

func openFile(t *testing.T, cfg store.Config) *Service {
	t.Helper()
	st, err := store.Open(cfg)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	return New(st, vault.SystemClock())
}

func TestFileBackendRoundTrip(t *testing.T) {
	ctx := context.Background()
	cfg := fileConfig(t)
	s := openFile(t, cfg)
	cs := testkit.GitHubCodes(16, 0)
	if _, _, err := s.Import(ctx, "", "octocat", []byte(testkit.Lines(cs)), "github-recovery-codes.txt", false); err != nil {
		t.Fatal(err)
	}
	o, err := s.Offer(ctx, recoveryURL)
	if err != nil || len(o.Accounts) != 1 {
		t.Fatalf("Offer = %+v, %v", o, err)
	}
	r, err := s.Reserve(ctx, o.Accounts[0].ID, recoveryURL)
	if err != nil || r.Code != cs[0] {
		t.Fatalf("Reserve = %+v, %v", r, err)
	}
	// A second opening (another process) sees the reservation and carries on.
	s2 := openFile(t, cfg)
	if c, err := s2.Take(ctx, "github", ""); err != nil || c.Value != cs[1] {
		t.Fatalf("Take from a second store = %q, %v; want %q", c.Value, err, cs[1])
	}
	if c, err := s2.Consume(ctx, r.CodeID, recoveryURL); err != nil || c.Remaining != 14 {
		t.Fatalf("Consume = %+v, %v", c, err)
	}
	list, err := s.List(ctx)
	if err != nil || list[0].Used != 2 || list[0].Remaining != 14 {
		t.Fatalf("List = %+v, %v", list, err)
	}

	// A wrong passphrase reads nothing and writes nothing.
	bad := cfg
	bad.Passphrase = func() (string, error) { return "wrong", nil }
	if _, err := openFile(t, bad).Take(ctx, "github", ""); ErrorCode(err) != CodeBadPassphrase {
		t.Fatalf("Take with a wrong passphrase = %v (%s)", err, ErrorCode(err))
	}
	if list, _ := s.List(ctx); list[0].Remaining != 14 {
		t.Fatalf("after the refused take, remaining = %d", list[0].Remaining)
	}
}

// TestFileBackendConcurrentTakes: stores opened separately share only the
// lock file, as processes do; every code still goes out exactly once.
func TestFileBackendConcurrentTakes(t *testing.T) {
	ctx := context.Background()
	cfg := fileConfig(t)
	cs := testkit.GitHubCodes(16, 0)
	if _, _, err := openFile(t, cfg).Import(ctx, "github", "octocat", []byte(testkit.Lines(cs)), "", false); err != nil {
		t.Fatal(err)
	}
	var (
		mu        sync.Mutex
		got       []string
		exhausted int
		wg        sync.WaitGroup
	)
	for range 20 {
		s := openFile(t, cfg)
		wg.Go(func() {
			c, err := s.Take(ctx, "github", "octocat")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				got = append(got, c.Value)
			case ErrorCode(err) == CodeExhausted:
				exhausted++
			default:
				t.Errorf("Take: %v", err)
			}
		})
	}
	wg.Wait()
	slices.Sort(got)
	want := slices.Clone(cs)
	slices.Sort(want)
	if !slices.Equal(got, want) || exhausted != 4 {
		t.Fatalf("20 concurrent takes gave %v and %d exhausted; want the 16 codes once each and 4 exhausted", got, exhausted)
	}
}
