package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// addNamed adds one account of its own site, with ids of its own.
func addNamed(i int) func(*vault.Vault) error {
	return func(v *vault.Vault) error {
		_, _, err := v.Import(fmt.Sprintf("site%03d.example", i), "u", []string{fmt.Sprintf("%016x", i)}, false, testClock(fmt.Sprintf("add%d", i)))
		return err
	}
}

// Accounts added one at a time are committed by the head, and the
// directory is written only when the head's list is full. Another process
// following along (catching up) and a new one (reading afresh) see every
// account the writer sees, after every addition.
func TestAdditionsCommitThroughTheHead(t *testing.T) {
	ctx := context.Background()
	kr := newFake()
	lock := filepath.Join(t.TempDir(), "vault.lock")
	a, follower := fakeStoreAt(t, kr, lock, 5*time.Second), fakeStoreAt(t, kr, lock, 5*time.Second)
	if err := a.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 3, 4); return nil }); err != nil {
		t.Fatal(err)
	}
	mustView(t, follower)
	n := len(kr.setsSince(0))
	const adds = maxAdded + 8
	for i := range adds {
		if err := a.Update(ctx, addNamed(i)); err != nil {
			t.Fatalf("addition %d: %v", i, err)
		}
		want := summaries(mustView(t, a))
		if len(want) != 3+i+1 {
			t.Fatalf("after addition %d the writer sees %d accounts", i, len(want))
		}
		if got := summaries(mustView(t, follower)); !reflect.DeepEqual(got, want) {
			t.Fatalf("after addition %d the following process sees %d accounts, want %d", i, len(got), len(want))
		}
		if got := summaries(mustView(t, fakeStoreAt(t, kr, lock, 5*time.Second))); !reflect.DeepEqual(got, want) {
			t.Fatalf("after addition %d a new process sees %d accounts, want %d", i, len(got), len(want))
		}
	}
	dirWrites := 0
	for _, k := range kr.setsSince(n) {
		if k == dirKey {
			dirWrites++
		}
	}
	// One write per head's list of additions: maxAdded of them, or fewer
	// when their labels make the head reach maxHeadBytes first.
	if dirWrites < 1 || dirWrites > adds/16 {
		t.Errorf("%d additions wrote the directory %d times, want 1 to %d", adds, dirWrites, adds/16)
	}
	if h, err := fakeStore(t, kr, time.Second).Check(ctx); err != nil || !h.OK() || len(h.Leftovers) > 0 || h.Accounts != 3+adds {
		t.Errorf("Check = %+v, %v; want %d accounts, nothing to repair", h, err, 3+adds)
	}
}

// A directory write that fails (a crash before it) loses none of the
// accounts the head had added: the head still lists them.
func TestFailedDirectoryWriteKeepsHeadAdditions(t *testing.T) {
	ctx := context.Background()
	kr, s := seeded(t)
	kr.setErr = func(k string) error {
		if k == dirKey {
			return errors.New("disk full")
		}
		return nil
	}
	added := 0 // until the head's list is full and the directory is due
	for ; added <= maxAdded; added++ {
		if err := s.Update(ctx, addNamed(added)); err != nil {
			if !errors.Is(err, ErrKeyring) {
				t.Fatal(err)
			}
			break
		}
	}
	if added == 0 || added > maxAdded {
		t.Fatalf("the directory write failed after %d additions, want 1 to %d", added, maxAdded)
	}
	kr.setErr = nil
	if got := len(mustView(t, fakeStore(t, kr, time.Second)).Accounts); got != 2+added {
		t.Errorf("after a failed directory write a new process sees %d accounts, want %d", got, 2+added)
	}
	if err := s.Update(ctx, addNamed(added)); err != nil {
		t.Fatal(err)
	}
	if got := len(mustView(t, fakeStore(t, kr, time.Second)).Accounts); got != 3+added {
		t.Errorf("after the retry a new process sees %d accounts, want %d", got, 3+added)
	}
}

// An account added by the head and then removed, or renamed, stays so: the
// head's old entry does not bring it back or undo the rename.
func TestHeadAdditionRemovedOrRenamed(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		fn    func(v *vault.Vault, id string) error
		wantN int
	}{
		{"removed", func(v *vault.Vault, id string) error { return v.Remove(id, testClock("rm")) }, 2},
		{"renamed", func(v *vault.Vault, id string) error { _, err := v.Rename(id, "renamed", testClock("rn")); return err }, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			kr, s := seeded(t)
			if err := s.Update(ctx, addNamed(1)); err != nil {
				t.Fatal(err)
			}
			id := mustView(t, s).Accounts[2].ID
			if err := s.Update(ctx, func(v *vault.Vault) error { return tt.fn(v, id) }); err != nil {
				t.Fatal(err)
			}
			v := mustView(t, fakeStore(t, kr, time.Second))
			i := slices.IndexFunc(v.Accounts, func(a vault.Account) bool { return a.ID == id })
			switch {
			case len(v.Accounts) != tt.wantN:
				t.Errorf("a new process sees %d accounts, want %d", len(v.Accounts), tt.wantN)
			case tt.wantN == 3 && (i < 0 || v.Accounts[i].Label != "renamed"):
				t.Errorf("the renamed account reads as %+v", v.Accounts)
			}
		})
	}
}

// Accounts are checked as they are read, one site at a time: one that
// shares a code id with an account read before it is an error, as it is
// when the whole vault is read.
func TestLazyReadFindsSharedCodeIDs(t *testing.T) {
	ctx := context.Background()
	kr := newFake()
	s := fakeStore(t, kr, time.Second)
	if err := s.Update(ctx, func(v *vault.Vault) error { return errors.Join(addNamed(1)(v), addNamed(2)(v)) }); err != nil {
		t.Fatal(err)
	}
	v := mustView(t, s)
	first, second := v.Accounts[0], v.Accounts[1]
	var doc accountDoc
	if _, err := s.getBlob(ctx, kr, accountKey(second.ID), &doc); err != nil {
		t.Fatal(err)
	}
	doc.Account.Codes[0].ID = first.Codes[0].ID
	if _, err := s.putBlob(ctx, kr, accountKey(second.ID), doc); err != nil {
		t.Fatal(err)
	}
	fresh := fakeStore(t, kr, time.Second)
	if _, err := fresh.ViewScope(ctx, Scope{Sites: []string{first.Site}}); err != nil {
		t.Fatalf("reading the first account's site: %v", err)
	}
	if _, err := fresh.ViewScope(ctx, Scope{Sites: []string{second.Site}}); !errors.Is(err, ErrKeyring) {
		t.Errorf("reading the second site after the first: %v, want ErrKeyring", err)
	}
	if _, err := fakeStore(t, kr, time.Second).View(ctx); !errors.Is(err, ErrKeyring) {
		t.Errorf("reading the whole vault: %v, want ErrKeyring", err)
	}
}

// selectIDs picks the same accounts, in directory order, whether a scope
// names few sites or accounts (compared one by one) or many (a set).
func TestSelectIDs(t *testing.T) {
	s := newSnapshot()
	var many []string
	for i := range 20 {
		site := fmt.Sprintf("s%d.example", i%10)
		s.dir.Accounts = append(s.dir.Accounts, dirEntry{ID: fmt.Sprintf("a%02d", i), Site: site})
		many = append(many, fmt.Sprintf("s%d.example", i))
	}
	s.codeOwner["code"] = "a13"
	tests := []struct {
		name string
		sc   Scope
		want []string
	}{
		{"one site", Scope{Sites: []string{"s3.example"}}, []string{"a03", "a13"}},
		{"many sites", Scope{Sites: many[2:12]}, []string{"a02", "a03", "a04", "a05", "a06", "a07", "a08", "a09", "a12", "a13", "a14", "a15", "a16", "a17", "a18", "a19"}},
		{"an account", Scope{Accounts: []string{"a05"}}, []string{"a05"}},
		{"an account and its siblings", Scope{Accounts: []string{"a05"}, Siblings: true}, []string{"a05", "a15"}},
		{"a code's account", Scope{Codes: []string{"code", "unknown"}}, []string{"a13"}},
		{"nothing known", Scope{Sites: []string{"none.example"}}, nil},
	}
	for _, tt := range tests {
		if got := s.selectIDs(tt.sc); !slices.Equal(got, tt.want) {
			t.Errorf("%s: selectIDs = %v, want %v", tt.name, got, tt.want)
		}
	}
}
