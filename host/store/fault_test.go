package store

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

func fakeStore(t *testing.T, kr Keyring, timeout time.Duration) *Store {
	t.Helper()
	s, err := OpenKeyring(kr, "fake", Config{
		LockPath: filepath.Join(t.TempDir(), "vault.lock"),
		Timeout:  timeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// seeded returns a fake holding a committed two-account vault.
func seeded(t *testing.T) (*fakeKeyring, *Store) {
	t.Helper()
	kr := newFake()
	s := fakeStore(t, kr, 5*time.Second)
	if err := s.Update(context.Background(), func(v *vault.Vault) error {
		fillVault(t, v, 2, 16)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return kr, s
}

func addAccount(v *vault.Vault) error {
	_, _, err := v.Import("gitlab.com", "new", []string{"0123456789abcdef"}, false, testClock("new"))
	return err
}

// A read that fails in any way must never turn into a write: the fake
// records every Set and Remove, and the items must be untouched.
func TestUpdateNeverWritesAfterFailedRead(t *testing.T) {
	lockedErr := errors.New("Cannot get secret of a locked object")
	tests := []struct {
		name   string
		break_ func(kr *fakeKeyring)
		want   error
	}{
		{"header get fails", func(kr *fakeKeyring) {
			kr.getErr = func(k string) error {
				if k == headerKey {
					return errors.New("dbus: connection closed")
				}
				return nil
			}
		}, ErrKeyring},
		{"header locked", func(kr *fakeKeyring) {
			kr.getErr = func(string) error { return lockedErr }
		}, ErrLocked},
		{"chunk get fails", func(kr *fakeKeyring) {
			kr.getErr = func(k string) error {
				if k != headerKey {
					return errors.New("i/o error")
				}
				return nil
			}
		}, ErrKeyring},
		{"chunk missing", func(kr *fakeKeyring) {
			for k := range kr.items {
				if strings.HasSuffix(k, ".0") {
					delete(kr.items, k)
				}
			}
		}, ErrKeyring},
		{"chunk altered", func(kr *fakeKeyring) {
			for k, d := range kr.items {
				if strings.HasSuffix(k, ".0") {
					d[10] ^= 1
				}
			}
		}, ErrKeyring},
		{"header damaged", func(kr *fakeKeyring) { kr.items[headerKey] = []byte("{not json") }, ErrKeyring},
		{"header from the future", func(kr *fakeKeyring) {
			kr.items[headerKey] = []byte(strings.Replace(string(kr.items[headerKey]), `"version":1`, `"version":9`, 1))
		}, ErrKeyring},
		{"valid chunks, not a vault", func(kr *fakeKeyring) {
			fresh := newFake()
			s := &Store{backend: &backend{name: "fake"}, timeout: time.Second, logf: t.Logf}
			if err := s.writeRaw(context.Background(), fresh, []byte(`{"version":1,"accounts":"x"}`), nil); err != nil {
				t.Fatal(err)
			}
			kr.items = fresh.items
		}, vault.ErrCorrupt},
		{"backend panics", func(kr *fakeKeyring) { kr.panicOnGet = true }, ErrKeyring},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr, s := seeded(t)
			tt.break_(kr)
			before := kr.snapshot()
			writes := kr.writes()
			called := false
			err := s.Update(context.Background(), func(v *vault.Vault) error {
				called = true
				return addAccount(v)
			})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Update error = %v, want %v", err, tt.want)
			}
			if called {
				t.Error("fn ran on a vault that was not read")
			}
			if kr.writes() != writes || !maps.Equal(before, kr.snapshot()) {
				t.Errorf("keyring changed after a failed read: %d writes before, %d after", writes, kr.writes())
			}
			if _, err := s.View(context.Background()); !errors.Is(err, tt.want) {
				t.Errorf("View error = %v, want %v (never an empty vault)", err, tt.want)
			}
		})
	}
}

func TestLockedMessage(t *testing.T) {
	kr, s := seeded(t)
	kr.getErr = func(string) error { return errors.New("Cannot get secret of a locked object") }
	_, err := s.View(context.Background())
	if !hasPrefix(err, "keyring is locked: unlock it and retry") {
		t.Fatalf("View error = %q, want the locked sentence first", err)
	}
}

func TestTimeoutWritesNothing(t *testing.T) {
	kr, _ := seeded(t)
	s := fakeStore(t, kr, 50*time.Millisecond)
	kr.block = make(chan struct{})
	defer close(kr.block)
	writes := kr.writes()
	start := time.Now()
	err := s.Update(context.Background(), addAccount)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("Update error = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout took %s", d)
	}
	if kr.writes() != writes {
		t.Error("a timed-out read was followed by a write")
	}
}

func TestContextCancelStopsCall(t *testing.T) {
	kr, _ := seeded(t)
	s := fakeStore(t, kr, time.Minute)
	kr.block = make(chan struct{})
	defer close(kr.block)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.View(ctx); !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("View error = %v, want ErrTimeout wrapping the deadline", err)
	}
}

func TestFnErrorWritesNothing(t *testing.T) {
	kr, s := seeded(t)
	writes := kr.writes()
	sentinel := errors.New("no such account")
	err := s.Update(context.Background(), func(v *vault.Vault) error {
		v.Accounts = nil // a half-done change that must not land
		return sentinel
	})
	if err != sentinel {
		t.Fatalf("Update error = %v, want fn's own error", err)
	}
	if kr.writes() != writes {
		t.Error("fn failed but the vault was written")
	}
}

func TestNoChangeWritesNothing(t *testing.T) {
	kr, s := seeded(t)
	writes := kr.writes()
	if err := s.Update(context.Background(), func(*vault.Vault) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if kr.writes() != writes {
		t.Errorf("an unchanged vault was rewritten (%d writes)", kr.writes()-writes)
	}
}

// A write that fails before the header commit leaves the previous vault in
// place, and the next good write collects the stray chunks.
func TestFailedWriteKeepsPreviousVault(t *testing.T) {
	for _, failing := range []string{"chunk", "header"} {
		t.Run(failing, func(t *testing.T) {
			kr, s := seeded(t)
			before, err := s.View(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			kr.setErr = func(k string) error {
				if (failing == "header") == (k == headerKey) && !strings.HasSuffix(k, ".0") {
					return errors.New("disk full")
				}
				return nil
			}
			// 20 accounts store as several chunks even compressed, so a
			// chunk after the first can fail.
			if err := s.Update(context.Background(), func(v *vault.Vault) error { fillVault(t, v, 20, 16); return nil }); !errors.Is(err, ErrKeyring) {
				t.Fatalf("Update error = %v, want ErrKeyring", err)
			}
			after, err := s.View(context.Background())
			if err != nil {
				t.Fatalf("View after a failed write: %v", err)
			}
			if len(after.Accounts) != len(before.Accounts) {
				t.Fatalf("accounts = %d, want the previous %d", len(after.Accounts), len(before.Accounts))
			}
			keys, _ := kr.Keys()
			if len(generations(keys)) < 2 {
				t.Fatalf("expected stray chunks from the failed write, keys %v", keys)
			}
			kr.setErr = nil
			if err := s.Update(context.Background(), addAccount); err != nil {
				t.Fatal(err)
			}
			keys, _ = kr.Keys()
			if g := generations(keys); len(g) != 1 {
				t.Errorf("generations after a good write = %v, want 1", g)
			}
		})
	}
}

// Removing the old generation is after the commit: its failure is logged,
// not returned, and the next write cleans up.
func TestCleanupFailureIsNotFatal(t *testing.T) {
	kr, s := seeded(t)
	var logged []string
	s.logf = func(f string, a ...any) { logged = append(logged, f) }
	kr.removeErr = func(string) error { return errors.New("permission denied") }
	if err := s.Update(context.Background(), addAccount); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if len(logged) == 0 {
		t.Error("cleanup failure was not logged")
	}
	v, err := s.View(context.Background())
	if err != nil || len(v.Accounts) != 3 {
		t.Fatalf("View = %v, %v; want the committed 3 accounts", v, err)
	}
	kr.removeErr = nil
	if err := s.Update(context.Background(), func(v *vault.Vault) error {
		_, err := v.Rename(v.Accounts[0].ID, "renamed", testClock("r"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	keys, _ := kr.Keys()
	if g := generations(keys); len(g) != 1 {
		t.Errorf("generations = %v, want 1 after cleanup", g)
	}
}

// Every chunk fits Windows Credential Manager, keys carry the prefix, and
// only one generation survives a write.
func TestChunkLayout(t *testing.T) {
	kr := newFake()
	s := fakeStore(t, kr, 5*time.Second)
	for range 2 {
		if err := s.Update(context.Background(), func(v *vault.Vault) error { fillVault(t, v, 10, 16); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	keys, _ := kr.Keys()
	if len(keys) < 4 {
		t.Fatalf("keys = %v, want a header and several chunks", keys)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, keyPrefix) {
			t.Errorf("key %q lacks the %q prefix", k, keyPrefix)
		}
		if n := len(kr.items[k]); n > ChunkSize || n > 2560 {
			t.Errorf("item %s is %d bytes", k, n)
		}
	}
	if g := generations(keys); len(g) != 1 {
		t.Errorf("generations = %v, want 1", g)
	}
	v, err := s.View(context.Background())
	if err != nil || len(v.Accounts) != 20 {
		t.Fatalf("View = %d accounts, %v; want 20", len(v.Accounts), err)
	}
}

func TestEmptyUpdateCreatesNothing(t *testing.T) {
	kr := newFake()
	s := fakeStore(t, kr, time.Second)
	if err := s.Update(context.Background(), func(*vault.Vault) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if kr.writes() != 0 {
		t.Errorf("a no-op Update on no vault wrote %d items", kr.writes())
	}
}
