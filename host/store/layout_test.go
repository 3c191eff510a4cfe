package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

var takes atomic.Int64

// take takes a code from the next account in turn, with ids of its own.
func take(v *vault.Vault) error {
	n := takes.Add(1)
	_, err := v.Take(&v.Accounts[int(n)%len(v.Accounts)], vault.UsedOnCLI, testClock(fmt.Sprintf("take%d", n)))
	return err
}

// A change to one account writes the head and that account; the directory
// only when accounts come, go or are renamed. Nothing grows with the vault.
func TestChangeWritesOnlyWhatItTouches(t *testing.T) {
	rename := func(v *vault.Vault) error {
		_, err := v.Rename(v.Accounts[3].ID, "renamed", testClock("rn"))
		return err
	}
	remove := func(v *vault.Vault) error { return v.Remove(v.Accounts[4].ID, testClock("rm")) }
	tests := []struct {
		name string
		fn   func(*vault.Vault) error
		want []string // "acct" stands for the one account item
	}{
		{"take", take, []string{headKey, "acct"}},
		{"rename", rename, []string{headKey, "acct", dirKey}},
		{"import a new account", addAccount, []string{"acct", headKey}},
		{"remove", remove, []string{headKey, dirKey}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := newFake()
			s := fakeStore(t, kr, 5*time.Second)
			if err := s.Update(context.Background(), func(v *vault.Vault) error { fillVault(t, v, 50, 16); return nil }); err != nil {
				t.Fatal(err)
			}
			n := len(kr.setsSince(0))
			if err := s.Update(context.Background(), tt.fn); err != nil {
				t.Fatal(err)
			}
			got := kr.setsSince(n)
			for i, k := range got {
				if accountIDOf(k) != "" {
					got[i] = "acct"
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("sets = %v, want %v", got, tt.want)
			}
		})
	}
}

// Another process's snapshot catches up by reading the head and what it
// names: two Gets for a change to one account, one when nothing changed.
func TestSnapshotRevalidation(t *testing.T) {
	kr := newFake()
	lock := filepath.Join(t.TempDir(), "vault.lock")
	a, b := fakeStoreAt(t, kr, lock, 5*time.Second), fakeStoreAt(t, kr, lock, 5*time.Second)
	if err := a.Update(context.Background(), func(v *vault.Vault) error { fillVault(t, v, 40, 16); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := b.View(context.Background()); err != nil {
		t.Fatal(err)
	}
	gets := func(f func()) int {
		before, _ := kr.counts()
		f()
		after, _ := kr.counts()
		return after - before
	}
	if n := gets(func() { mustView(t, b) }); n != 1 {
		t.Errorf("an unchanged vault cost %d Gets, want 1 (the head)", n)
	}
	var taken vault.Code
	if err := a.Update(context.Background(), func(v *vault.Vault) error {
		var err error
		taken, err = v.Take(&v.Accounts[7], vault.UsedOnCLI, testClock("t"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var seen *vault.Vault
	if n := gets(func() { seen = mustView(t, b) }); n != 2 {
		t.Errorf("catching up on one account cost %d Gets, want 2", n)
	}
	if _, c, err := seen.CodeByID(taken.ID); err != nil || c.State != vault.Used {
		t.Fatalf("b sees code %s as %v (%v), want used", taken.ID, c, err)
	}
	// More changes than the head remembers: b reads everything, correctly.
	for range headRecent + 3 {
		if err := a.Update(context.Background(), take); err != nil {
			t.Fatal(err)
		}
	}
	want := mustView(t, a)
	if n := gets(func() { seen = mustView(t, b) }); n < 40 {
		t.Errorf("b read only %d items after more changes than the head holds", n)
	}
	if !reflect.DeepEqual(summaries(want), summaries(seen)) {
		t.Error("b's vault differs from a's after catching up")
	}
}

func mustView(t *testing.T, s *Store) *vault.Vault {
	t.Helper()
	v, err := s.View(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// summaries is what a comparison of two reads of one vault needs.
func summaries(v *vault.Vault) map[string][]vault.State {
	m := map[string][]vault.State{}
	for _, a := range v.Accounts {
		for _, c := range a.Codes {
			m[a.ID+" "+a.Label] = append(m[a.ID+" "+a.Label], c.State)
		}
	}
	return m
}

// A process that has read nothing reads the head, the directory and the one
// account an operation needs: three Gets, with 40 accounts or 4,000.
func TestColdReadOfOneAccount(t *testing.T) {
	kr := newFake()
	if err := fakeStore(t, kr, 5*time.Second).Update(context.Background(), func(v *vault.Vault) error {
		fillVault(t, v, 39, 16)
		return addAccount(v)
	}); err != nil {
		t.Fatal(err)
	}
	before, _ := kr.counts()
	v, err := fakeStore(t, kr, 5*time.Second).ViewScope(context.Background(), Scope{Sites: []string{"gitlab.com"}})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := kr.counts()
	if len(v.Accounts) != 1 || after-before != 3 {
		t.Errorf("a cold read of one account: %d accounts in %d Gets, want 1 in 3", len(v.Accounts), after-before)
	}
}

// On a backend with a small item limit, accounts are chunked: every item
// fits, replaced chunks are removed, and the vault reads back the same.
func TestChunkedItems(t *testing.T) {
	kr := newFake()
	s, err := OpenKeyring(kr, "fake", Config{LockPath: filepath.Join(t.TempDir(), "l"), Timeout: 5 * time.Second, ItemLimit: 300})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(context.Background(), func(v *vault.Vault) error { fillVault(t, v, 30, 16); return nil }); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := s.Update(context.Background(), take); err != nil {
			t.Fatal(err)
		}
	}
	keys, _ := kr.Keys()
	if len(chunks(keys)) == 0 {
		t.Fatal("no item was chunked at a 300-byte limit")
	}
	live := map[string]bool{}
	for _, k := range keys {
		if n := len(kr.items[k]); n > 300+200 {
			t.Errorf("item %s is %d bytes, over the limit", k, n)
		}
		if k == dirKey || accountIDOf(k) != "" {
			var b blobItem
			if err := json.Unmarshal(kr.items[k], &b); err != nil {
				t.Fatal(err)
			}
			for _, ck := range blobChunkKeys(k, b) {
				live[ck] = true
			}
		}
	}
	for _, ck := range chunks(keys) {
		if !live[ck] {
			t.Errorf("chunk %s is named by no item (a replaced revision was left behind)", ck)
		}
	}
	fresh := mustView(t, fakeStore(t, kr, time.Second))
	if !reflect.DeepEqual(summaries(fresh), summaries(mustView(t, s))) {
		t.Error("a fresh read of the chunked vault differs")
	}
}

// A missing directory with account items present is never an empty vault:
// the accounts are read from their items and the next write restores it.
// A missing head only costs a full read.
func TestMissingDirectoryOrHeadRecovers(t *testing.T) {
	for _, missing := range []string{dirKey, headKey} {
		t.Run(missing, func(t *testing.T) {
			kr, _ := seeded(t)
			delete(kr.items, missing)
			s := fakeStore(t, kr, time.Second)
			s.logf = t.Logf
			if v := mustView(t, s); len(v.Accounts) != 2 {
				t.Fatalf("accounts = %d, want 2", len(v.Accounts))
			}
			if err := s.Update(context.Background(), addAccount); err != nil {
				t.Fatal(err)
			}
			if _, ok := kr.items[missing]; !ok {
				t.Errorf("%s was not written again", missing)
			}
			if v := mustView(t, fakeStore(t, kr, time.Second)); len(v.Accounts) != 3 {
				t.Fatalf("accounts after the write = %d, want 3", len(v.Accounts))
			}
		})
	}
}

// A vault in the first layout (a committed fixture written by tearoff 0.1)
// reads as it was, is migrated by the first write, and its old items go.
func TestLegacyLayoutMigrates(t *testing.T) {
	raw, err := os.ReadFile("testdata/legacy-v1/items.json")
	if err != nil {
		t.Fatal(err)
	}
	var items map[string]string
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatal(err)
	}
	kr := newFake()
	for k, v := range items {
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			t.Fatal(err)
		}
		kr.items[k] = b
	}
	s := fakeStore(t, kr, 5*time.Second)
	checkLegacyMigration(t, s, func() []string { keys, _ := kr.Keys(); return keys })
}

// checkLegacyMigration reads a store holding the fixture vault, takes a
// code, and checks that nothing was lost and the first layout is gone.
func checkLegacyMigration(t *testing.T, s *Store, keys func() []string) {
	t.Helper()
	doc, err := os.ReadFile("testdata/legacy-v1/vault.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := vault.Unmarshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	// The events of a removed account go with it; its tombstone stays.
	kept := 0
	for _, e := range want.Events {
		if _, err := want.AccountByID(e.AccountID); err == nil || e.Kind == vault.KindRemove {
			kept++
		}
	}
	got := mustView(t, s)
	if !reflect.DeepEqual(summaries(got), summaries(want)) || len(got.Events) != kept {
		t.Fatalf("the first layout read back differently:\n got %v\nwant %v", summaries(got), summaries(want))
	}
	if err := s.Update(context.Background(), func(v *vault.Vault) error {
		_, err := v.Take(&v.Accounts[1], vault.UsedOnCLI, testClock("mig"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys() {
		if isLegacyKey(k) {
			t.Errorf("first-layout item %s is still there after the migration", k)
		}
	}
	after := mustView(t, s)
	if used, wantUsed := after.Accounts[1].Count(vault.Used), want.Accounts[1].Count(vault.Used)+1; used != wantUsed {
		t.Errorf("used codes after the migrating take = %d, want %d", used, wantUsed)
	}
	if len(after.Events) != kept+1 {
		t.Errorf("events after the migration = %d, want the old %d plus the take", len(after.Events), kept)
	}
}

func TestHeadRecordsRecentChanges(t *testing.T) {
	h := head{Version: headVersion, Epoch: "0123456789abcdef"}
	for i := range headRecent + 5 {
		h = h.next([]string{string(rune('a' + i%26))}, i%7 == 0)
	}
	if len(h.Recent) != headRecent || h.Seq != headRecent+5 {
		t.Fatalf("head keeps %d changes at seq %d", len(h.Recent), h.Seq)
	}
	tests := []struct {
		since   uint64
		ok      bool
		changes int
	}{
		{h.Seq, true, 0},
		{h.Seq - 1, true, 1},
		{h.Seq - headRecent, true, headRecent},
		{h.Seq - headRecent - 1, false, 0},
		{h.Seq + 1, false, 0},
	}
	for _, tt := range tests {
		ids, _, ok := h.since(tt.since)
		if ok != tt.ok || len(ids) != tt.changes {
			t.Errorf("since(%d) = %d ids, ok %v; want %d, %v", tt.since, len(ids), ok, tt.changes, tt.ok)
		}
	}
	wide := h.next(make([]string, headRecent+1), false)
	if _, _, ok := wide.since(h.Seq); ok {
		t.Error("a change to more accounts than the head holds must send everyone back to a full read")
	}
}

// accountEqual lists Account's fields by hand; a new field must be added
// there, or changes to it would never be written.
func TestAccountEqualCoversFields(t *testing.T) {
	known := []string{"ID", "Site", "Label", "Codes", "Generation", "Created", "Updated"}
	typ := reflect.TypeFor[vault.Account]()
	var fields []string
	for i := range typ.NumField() {
		fields = append(fields, typ.Field(i).Name)
	}
	slices.Sort(fields)
	slices.Sort(known)
	if !slices.Equal(fields, known) {
		t.Errorf("vault.Account has fields %v; accountEqual in snapshot.go compares %v", fields, known)
	}
}

// A damaged first-layout header is damage, never an empty vault.
func TestDamagedLegacyHeaderIsRefused(t *testing.T) {
	for _, raw := range []string{"{torn", `{"version":1,"generation":"x","chunks":1,"size":1,"sha256":""}`} {
		kr := newFake()
		kr.items[legacyHeaderKey] = []byte(raw)
		_, err := fakeStore(t, kr, time.Second).View(context.Background())
		if !errors.Is(err, ErrKeyring) || !strings.Contains(err.Error(), "header item "+legacyHeaderKey+" is damaged") {
			t.Errorf("header %q: View error = %v, want ErrKeyring saying the header is damaged", raw, err)
		}
	}
}
