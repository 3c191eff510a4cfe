package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/vault"
)

// An interruption at any step of Move leaves a whole vault somewhere, and
// running Move again completes: the copy reads back equal, the old vault is
// gone, the settings are switched once.
func TestMoveInterrupted(t *testing.T) {
	ctx := context.Background()
	injected := errors.New("injected crash")
	tests := []struct {
		name      string
		step      string // moveFault fails here
		removeErr bool   // or the source fails to remove its second account
	}{
		{"no fault", "", false},
		{"after the copy", "copied", false},
		{"after verifying", "verified", false},
		{"while removing", "", true},
		{"after removing", "removed", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake()
			srcCfg := fileConfig(t, "")
			srcCfg.LockPath = filepath.Join(t.TempDir(), "src.lock")
			from, err := OpenKeyring(fake, "fake", srcCfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := from.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 3, 5); return nil }); err != nil {
				t.Fatal(err)
			}
			want, err := from.View(ctx)
			if err != nil {
				t.Fatal(err)
			}
			to := openFile(t, fileConfig(t, "destination pass"))

			removes := 0
			if tt.removeErr {
				fake.removeErr = func(key string) error {
					if accountIDOf(key) != "" {
						if removes++; removes == 2 {
							return injected
						}
					}
					return nil
				}
			}
			moveFault = func(step string) error {
				if step == tt.step {
					return injected
				}
				return nil
			}
			t.Cleanup(func() { moveFault = nil })
			switched := 0
			err = Move(ctx, from, to, func() error { switched++; return nil })
			if tt.step == "" && !tt.removeErr {
				if err != nil {
					t.Fatalf("Move: %v", err)
				}
			} else {
				if !errors.Is(err, injected) {
					t.Fatalf("Move with a fault: %v, want the injected error", err)
				}
				fromWhole := whole(ctx, from, want)
				toWhole := whole(ctx, to, want)
				if !fromWhole && !toWhole {
					t.Fatalf("after the fault neither vault holds every account")
				}
				if tt.step == "copied" && !fromWhole {
					t.Errorf("the old vault was touched before the copy was verified")
				}
				moveFault, fake.removeErr = nil, nil
				if err := Move(ctx, from, to, func() error { switched++; return nil }); err != nil {
					t.Fatalf("Move again: %v", err)
				}
			}
			if !whole(ctx, to, want) {
				t.Errorf("the destination does not hold the whole vault")
			}
			if has, err := from.HasVault(ctx); err != nil || has {
				t.Errorf("the old vault is still there (%v, %v): %v", has, err, fake.snapshot())
			}
			if switched != 1 {
				t.Errorf("settings switched %d times, want 1", switched)
			}
		})
	}
}

// The readiness list moves with the vault, merged into what the destination
// already lists.
func TestMoveCarriesReadiness(t *testing.T) {
	ctx := context.Background()
	from := openFile(t, fileConfig(t, "source pass"))
	if err := from.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 2, 5); return nil }); err != nil {
		t.Fatal(err)
	}
	note := func(s *Store, sites ...ReadySite) {
		t.Helper()
		if err := s.UpdateReadiness(ctx, func(r *Readiness) error { r.Sites = append(r.Sites, sites...); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	note(from, ReadySite{Domain: "example.co.jp", Date: "2026-11-28"}, ReadySite{Domain: "gitlab.com", Date: "2026-11-29", Dismissed: true})
	to := openFile(t, fileConfig(t, "destination pass"))
	note(to, ReadySite{Domain: "gitlab.com", Date: "2026-11-01"})
	if err := Move(ctx, from, to, func() error { return nil }); err != nil {
		t.Fatalf("Move: %v", err)
	}
	got, err := to.ViewReadiness(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []ReadySite{{Domain: "gitlab.com", Date: "2026-11-01"}, {Domain: "example.co.jp", Date: "2026-11-28"}}
	if !slices.Equal(got.Sites, want) {
		t.Errorf("destination lists %+v, want %+v", got.Sites, want)
	}
}

// whole reports whether s holds every account of want, as it is.
func whole(ctx context.Context, s *Store, want *vault.Vault) bool {
	s.forget()
	got, err := s.View(ctx)
	return err == nil && len(notIn(want, got)) == 0
}

// A destination holding another vault is refused and nothing changes.
func TestMoveRefusesOtherVault(t *testing.T) {
	ctx := context.Background()
	from := openFile(t, fileConfig(t, "a"))
	to := openFile(t, fileConfig(t, "b"))
	for i, s := range []*Store{from, to} {
		if err := s.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 1, 3+i); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	before := dirSnapshot(t, from.Location())
	err := Move(ctx, from, to, func() error { t.Error("switched after a refusal"); return nil })
	if !errors.Is(err, ErrMoveConflict) || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("Move onto another vault: %v", err)
	}
	if after := dirSnapshot(t, from.Location()); len(after) != len(before) {
		t.Errorf("the old vault changed: %d files, was %d", len(after), len(before))
	}
	if err := Move(ctx, from, from, nil); !errors.Is(err, ErrBadSetting) {
		t.Errorf("Move onto itself: %v", err)
	}
}

// A destination whose accounts were all removed keeps only their
// tombstones: that is an empty vault, and the move goes ahead.
func TestMoveOntoTombstones(t *testing.T) {
	ctx := context.Background()
	from := openFile(t, fileConfig(t, "a"))
	to := openFile(t, fileConfig(t, "b"))
	if err := from.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 2, 3); return nil }); err != nil {
		t.Fatal(err)
	}
	err := to.Update(ctx, func(v *vault.Vault) error {
		acc, _, err := v.Import("gitlab.com", "gone", []string{"aaaa-bbbb-cccc"}, false, testClock("t"))
		if err != nil {
			return err
		}
		return v.Remove(acc.ID, testClock("r"))
	})
	if err != nil {
		t.Fatal(err)
	}
	want, err := from.View(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := Move(ctx, from, to, func() error { return nil }); err != nil {
		t.Fatalf("Move onto a vault of tombstones: %v", err)
	}
	if !whole(ctx, to, want) {
		t.Errorf("the destination does not hold the moved vault")
	}
}
