package store

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// Check finds each kind of damage without changing anything; Repair fixes
// what can be fixed, keeps what cannot be read, and loses no account that
// reads.
func TestCheckAndRepair(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name         string
		break_       func(t *testing.T, kr *fakeKeyring)
		damage       int
		unlisted     int
		leftovers    int
		wantAccounts int // after Repair
	}{
		{"intact", func(*testing.T, *fakeKeyring) {}, 0, 0, 0, 3},
		{"directory missing", func(_ *testing.T, kr *fakeKeyring) { delete(kr.items, dirKey) }, 1, 0, 0, 3},
		{"directory damaged", func(_ *testing.T, kr *fakeKeyring) { kr.items[dirKey] = []byte("{torn") }, 1, 0, 0, 3},
		{"an account added by the head alone", func(t *testing.T, kr *fakeKeyring) {
			if err := fakeStore(t, kr, time.Second).Update(ctx, addAccount); err != nil {
				t.Fatal(err)
			}
		}, 0, 0, 0, 4},
		{"an import interrupted before its head write", func(t *testing.T, kr *fakeKeyring) {
			old := kr.items[headKey]
			if err := fakeStore(t, kr, time.Second).Update(ctx, addAccount); err != nil {
				t.Fatal(err)
			}
			kr.items[headKey] = old
		}, 0, 1, 0, 4},
		{"a chunk nothing names", func(_ *testing.T, kr *fakeKeyring) {
			kr.items[chunkKey(dirKey, "0123456789abcdef", 0)] = []byte("stray")
		}, 0, 0, 1, 3},
		{"an account item damaged", func(_ *testing.T, kr *fakeKeyring) {
			kr.items[firstAccountKey(kr)] = []byte(`{"v":2,"data":"bm90IGd6aXA="}`)
		}, 1, 0, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := newFake()
			if err := fakeStore(t, kr, time.Second).Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 3, 8); return nil }); err != nil {
				t.Fatal(err)
			}
			tt.break_(t, kr)
			before := kr.snapshot()
			s := fakeStore(t, kr, time.Second)
			h, err := s.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Damage) != tt.damage || len(h.Unlisted) != tt.unlisted || len(h.Leftovers) != tt.leftovers {
				t.Fatalf("Check = %+v; want %d damage, %d unlisted, %d leftovers", h, tt.damage, tt.unlisted, tt.leftovers)
			}
			if !maps.Equal(before, kr.snapshot()) {
				t.Fatal("Check changed the keyring")
			}
			rep, err := s.Repair(ctx)
			if err != nil {
				t.Fatalf("Repair: %v", err)
			}
			if len(rep.Listed) != tt.unlisted || len(rep.Removed) != tt.leftovers {
				t.Errorf("Repair = %+v", rep)
			}
			v := mustView(t, fakeStore(t, kr, time.Second))
			if len(v.Accounts) != tt.wantAccounts {
				t.Errorf("accounts after Repair = %d, want %d", len(v.Accounts), tt.wantAccounts)
			}
			after, err := fakeStore(t, kr, time.Second).Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(after.Unlisted) != 0 || len(after.Leftovers) != 0 || len(after.Damage) != len(rep.Kept) {
				t.Errorf("Check after Repair = %+v, want only the %d kept damaged items", after, len(rep.Kept))
			}
		})
	}
}

// The file backend's first layout was the keyring library's JWE files; a
// committed fixture of it (passphrase "legacy-fixture") reads and migrates.
func TestFileLegacyLayoutMigrates(t *testing.T) {
	cfg := fileConfig(t, "legacy-fixture")
	if err := os.MkdirAll(cfg.FileDir, 0o700); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("testdata/legacy-v1/file")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/legacy-v1/file", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cfg.FileDir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s := openFile(t, cfg)
	if has, err := s.HasVault(context.Background()); err != nil || !has {
		t.Fatalf("HasVault on the first layout = %v, %v", has, err)
	}
	checkLegacyMigration(t, s, func() []string {
		var names []string
		for name := range dirSnapshot(t, cfg.FileDir) {
			names = append(names, name)
		}
		slices.Sort(names)
		return names
	})
}
