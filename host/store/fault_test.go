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
	return fakeStoreAt(t, kr, filepath.Join(t.TempDir(), "vault.lock"), timeout)
}

func fakeStoreAt(t *testing.T, kr Keyring, lock string, timeout time.Duration) *Store {
	t.Helper()
	s, err := OpenKeyring(kr, "fake", Config{LockPath: lock, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// seeded returns a fake holding a committed two-account vault, and a store
// over it that has never read it (as a new process would be).
func seeded(t *testing.T) (*fakeKeyring, *Store) {
	t.Helper()
	kr := newFake()
	if err := fakeStore(t, kr, 5*time.Second).Update(context.Background(), func(v *vault.Vault) error {
		fillVault(t, v, 2, 16)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return kr, fakeStore(t, kr, 5*time.Second)
}

func addAccount(v *vault.Vault) error {
	_, _, err := v.Import("gitlab.com", "new", []string{"0123456789abcdef"}, false, testClock("new"))
	return err
}

func firstAccountKey(kr *fakeKeyring) string {
	keys, _ := kr.Keys()
	for _, k := range keys {
		if accountIDOf(k) != "" {
			return k
		}
	}
	return ""
}

// A read that fails in any way must never turn into a write: the fake
// records every Set and Remove, and the items must be untouched.
func TestUpdateNeverWritesAfterFailedRead(t *testing.T) {
	lockedErr := errors.New("Cannot get secret of a locked object")
	failOn := func(match func(string) bool, err error) func(*fakeKeyring) {
		return func(kr *fakeKeyring) {
			kr.getErr = func(k string) error {
				if match(k) {
					return err
				}
				return nil
			}
		}
	}
	isAccount := func(k string) bool { return accountIDOf(k) != "" }
	tests := []struct {
		name   string
		break_ func(kr *fakeKeyring)
		want   error
	}{
		{"head get fails", failOn(func(k string) bool { return k == headKey }, errors.New("dbus: connection closed")), ErrKeyring},
		{"keyring locked", failOn(func(string) bool { return true }, lockedErr), ErrLocked},
		{"directory get fails", failOn(func(k string) bool { return k == dirKey }, errors.New("i/o error")), ErrKeyring},
		{"account get fails", failOn(isAccount, errors.New("i/o error")), ErrKeyring},
		{"account missing", func(kr *fakeKeyring) { delete(kr.items, firstAccountKey(kr)) }, ErrKeyring},
		{"account damaged", func(kr *fakeKeyring) { kr.items[firstAccountKey(kr)] = []byte(`{"v":2,"data":"H4sI"}`) }, ErrKeyring},
		{"account not JSON", func(kr *fakeKeyring) { kr.items[firstAccountKey(kr)] = []byte("{not json") }, ErrKeyring},
		{"directory damaged", func(kr *fakeKeyring) { kr.items[dirKey] = []byte("{not json") }, ErrKeyring},
		{"directory from the future", func(kr *fakeKeyring) {
			kr.items[dirKey] = []byte(strings.Replace(string(kr.items[dirKey]), `"v":2`, `"v":9`, 1))
		}, ErrKeyring},
		{"an account holds another's codes", func(kr *fakeKeyring) {
			keys, _ := kr.Keys()
			var accts []string
			for _, k := range keys {
				if isAccount(k) {
					accts = append(accts, k)
				}
			}
			var doc accountDoc
			s := fakeStore(t, kr, time.Second)
			if _, err := s.getBlob(context.Background(), kr, accts[0], &doc); err != nil {
				t.Fatal(err)
			}
			var other accountDoc
			if _, err := s.getBlob(context.Background(), kr, accts[1], &other); err != nil {
				t.Fatal(err)
			}
			other.Account.Codes = append(other.Account.Codes, doc.Account.Codes[0])
			if _, err := s.putBlob(context.Background(), kr, accts[1], other); err != nil {
				t.Fatal(err)
			}
		}, ErrKeyring},
		{"backend panics", func(kr *fakeKeyring) { kr.panicOnGet = true }, ErrKeyring},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr, s := seeded(t)
			tt.break_(kr)
			before := kr.snapshot()
			_, writes := kr.counts()
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
			if _, after := kr.counts(); after != writes || !maps.Equal(before, kr.snapshot()) {
				t.Errorf("keyring changed after a failed read: %d writes before, %d after", writes, after)
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
	_, writes := kr.counts()
	if err := s.Update(context.Background(), addAccount); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Update error = %v, want ErrTimeout", err)
	}
	if _, after := kr.counts(); after != writes {
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
	_, writes := kr.counts()
	sentinel := errors.New("no such account")
	err := s.Update(context.Background(), func(v *vault.Vault) error {
		v.Accounts = nil // a half-done change that must not land
		return sentinel
	})
	if !errors.Is(err, sentinel) {
		t.Fatalf("Update error = %v, want fn's own error", err)
	}
	if _, after := kr.counts(); after != writes {
		t.Error("fn failed but the vault was written")
	}
	v, err := s.View(context.Background())
	if err != nil || len(v.Accounts) != 2 {
		t.Fatalf("View after a failed fn = %v, %v; want the 2 accounts (the snapshot must not share fn's vault)", v, err)
	}
}

func TestNoChangeWritesNothing(t *testing.T) {
	kr, s := seeded(t)
	_, writes := kr.counts()
	if err := s.Update(context.Background(), func(*vault.Vault) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, after := kr.counts(); after != writes {
		t.Errorf("an unchanged vault was rewritten (%d writes)", after-writes)
	}
}

func TestEmptyUpdateCreatesNothing(t *testing.T) {
	kr := newFake()
	s := fakeStore(t, kr, time.Second)
	if err := s.Update(context.Background(), func(*vault.Vault) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, writes := kr.counts(); writes != 0 {
		t.Errorf("a no-op Update on no vault wrote %d items", writes)
	}
}

// A write that fails part-way leaves a vault that reads, in its old state
// or its new one; the next write goes through.
func TestFailedWriteLeavesAReadableVault(t *testing.T) {
	for _, failing := range []string{headKey, "account", dirKey} {
		t.Run(failing, func(t *testing.T) {
			kr, s := seeded(t)
			kr.setErr = func(k string) error {
				if k == failing || (failing == "account" && accountIDOf(k) != "") {
					return errors.New("disk full")
				}
				return nil
			}
			fn := addAccount
			if failing == dirKey {
				// Adding an account alone writes no directory (commit.go);
				// adding one and renaming another does.
				fn = func(v *vault.Vault) error {
					if _, err := v.Rename(v.Accounts[0].ID, "renamed", testClock("rn")); err != nil {
						return err
					}
					return addAccount(v)
				}
			}
			if err := s.Update(context.Background(), fn); !errors.Is(err, ErrKeyring) {
				t.Fatalf("Update error = %v, want ErrKeyring", err)
			}
			after, err := fakeStore(t, kr, time.Second).View(context.Background())
			if err != nil {
				t.Fatalf("View after a failed write: %v", err)
			}
			if len(after.Accounts) != 2 {
				t.Fatalf("accounts = %d, want the previous 2 (the new one was never committed)", len(after.Accounts))
			}
			kr.setErr = nil
			if err := s.Update(context.Background(), addAccount); err != nil {
				t.Fatal(err)
			}
			if v, err := fakeStore(t, kr, time.Second).View(context.Background()); err != nil || len(v.Accounts) != 3 {
				t.Fatalf("View after a good write = %v, %v; want 3 accounts", v, err)
			}
		})
	}
}

// Removing what a change replaced is after the commit: its failure is
// logged, not returned.
func TestCleanupFailureIsNotFatal(t *testing.T) {
	kr, s := seeded(t)
	var logged []string
	s.logf = func(f string, a ...any) { logged = append(logged, f) }
	kr.removeErr = func(string) error { return errors.New("permission denied") }
	if err := s.Update(context.Background(), func(v *vault.Vault) error {
		return v.Remove(v.Accounts[0].ID, testClock("rm"))
	}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if len(logged) == 0 {
		t.Error("cleanup failure was not logged")
	}
	v, err := fakeStore(t, kr, time.Second).View(context.Background())
	if err != nil || len(v.Accounts) != 1 {
		t.Fatalf("View = %v, %v; want the committed 1 account", v, err)
	}
}
