package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"tearoff.dev/tearoff/host/vault"
)

// ErrMoveConflict: the destination already holds a vault that is not a
// copy of this one; Move changes nothing then.
var ErrMoveConflict error = &codedError{"the destination already holds a different vault", "bad_state"}

// moveFault, when set by a test, runs between Move's steps; an error
// stops Move there, as a crash would.
var moveFault func(step string) error

func moveStep(step string) error {
	if moveFault == nil {
		return nil
	}
	return moveFault(step)
}

// Move moves the vault from one store to another (`tearoff migrate`):
//
//  1. copy: the whole vault is written into to, unless to already holds
//     every account of from as it is (a re-run after an interruption);
//  2. verify: to is read back from its items and compared with from;
//  3. remove: from's items are removed, the directory first, so that a
//     vault half removed still reads (from its account items) and a
//     re-run finds it to be a part of the copy;
//  4. switched: the caller points the settings at to.
//
// from's lock is held from the first read to the end, so no change can
// land in from after it was copied and be lost; to's lock is held while it
// is written and read back. An interruption anywhere leaves from whole, or
// to whole (and from partly removed), and running Move again completes.
func Move(ctx context.Context, from, to *Store, switched func() error) error {
	if from.lock == to.lock {
		return fmt.Errorf("%w: the vault is already in %s (%s)", ErrBadSetting, to.backend.name, to.backend.location)
	}
	kr, release, err := from.acquire(ctx, true)
	if err != nil {
		return err
	}
	defer release()
	from.snap = nil // read everything afresh: nothing cached is trusted here
	if err := from.refresh(ctx, kr); err != nil {
		return fmt.Errorf("reading the vault to move: %w; nothing was changed", from.explain(err))
	}
	ids := from.snap.allIDs()
	if err := from.ensure(ctx, kr, ids); err != nil {
		return fmt.Errorf("reading the vault to move: %w; nothing was changed", from.explain(err))
	}
	src, err := from.snap.vaultOf(ids, true)
	if err != nil {
		return err
	}
	if err := to.Update(ctx, func(v *vault.Vault) error { return copyInto(v, src) }); err != nil {
		return fmt.Errorf("copying the vault into %s: %w; the old vault is untouched", to.backend.name, err)
	}
	if err := moveStep("copied"); err != nil {
		return err
	}
	to.forget()
	got, err := to.View(ctx)
	if err != nil {
		return fmt.Errorf("reading the copy back from %s: %w; the old vault is untouched", to.backend.name, err)
	}
	if missing := notIn(src, got); len(missing) > 0 {
		return fmt.Errorf("%w: the copy in %s differs in %s; the old vault is untouched", ErrKeyring, to.backend.name, strings.Join(missing, ", "))
	}
	if err := moveStep("verified"); err != nil {
		return err
	}
	if err := moveSyncKey(ctx, from, kr, to); err != nil {
		return err
	}
	if err := moveReadiness(ctx, from, kr, to); err != nil {
		return err
	}
	if err := from.removeVault(ctx, kr); err != nil {
		return fmt.Errorf("the vault is copied to %s and verified, but removing the old one failed: %w (run migrate again to finish)", to.backend.name, err)
	}
	if err := moveStep("removed"); err != nil {
		return err
	}
	return switched()
}

// copyInto makes v, the destination, a copy of src. A destination with no
// accounts takes them all; the tombstones it may hold (the remove events of
// accounts deleted there) are kept beside src's events. A destination that
// already holds every account of src as it is (an interrupted Move) is left
// alone; any other is refused.
func copyInto(v, src *vault.Vault) error {
	if len(v.Accounts) == 0 {
		v.Version = src.Version
		v.Accounts = src.Accounts
		v.Events = append(v.Events, src.Events...)
		sort.SliceStable(v.Events, func(i, j int) bool { return v.Events[i].Time.Before(v.Events[j].Time) })
		return nil
	}
	if missing := notIn(src, v); len(missing) > 0 {
		return fmt.Errorf("%w (it lacks or holds other versions of %s); nothing was changed", ErrMoveConflict, strings.Join(missing, ", "))
	}
	return nil
}

// notIn names the accounts of src that got lacks or holds differently.
func notIn(src, got *vault.Vault) []string {
	have := map[string]*vault.Account{}
	for i := range got.Accounts {
		have[got.Accounts[i].ID] = &got.Accounts[i]
	}
	var missing []string
	for i := range src.Accounts {
		a := &src.Accounts[i]
		if b := have[a.ID]; b == nil || !accountEqual(a, b) {
			missing = append(missing, fmt.Sprintf("%s (%s)", a.Label, a.Site))
		}
	}
	return missing
}

// forget drops the cached vault, so the next read is from the items.
func (s *Store) forget() {
	s.mu.Lock()
	s.snap = nil
	s.mu.Unlock()
}

// removeVault removes every item of the vault, under the caller's lock:
// the directory first (what is left still reads from the account items),
// then the head, the accounts, their chunks, the first layout's items, and
// for the file backend the identity last.
func (s *Store) removeVault(ctx context.Context, kr Keyring) error {
	defer func() { s.snap = nil }()
	keys, err := s.keys(ctx, kr)
	if err != nil {
		return err
	}
	rank := func(k string) int {
		switch {
		case k == dirKey:
			return 0
		case k == headKey:
			return 1
		case accountIDOf(k) != "":
			return 2
		}
		return 3
	}
	for r := 0; r <= 3; r++ {
		for _, k := range keys {
			if rank(k) == r && strings.HasPrefix(k, keyPrefix) && !isLegacyKey(k) && k != identityFile {
				if err := s.remove(ctx, kr, k); err != nil {
					return err
				}
			}
		}
	}
	s.removeLegacy(ctx)
	if fk, ok := kr.(*fileKeyring); ok {
		err := os.Remove(filepath.Join(fk.dir, identityFile))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%w: removing %s: %w", ErrKeyring, identityFile, err)
		}
	}
	return nil
}

// RemoveVault deletes the whole vault, under the exclusive lock (`tearoff
// uninstall --purge`, after the person confirmed it).
func (s *Store) RemoveVault(ctx context.Context) error {
	kr, release, err := s.acquire(ctx, true)
	if err != nil {
		return err
	}
	defer release()
	return s.removeVault(ctx, kr)
}

// moveSyncKey copies the sync key (synckey.go), if any, before the old
// vault's items go, so that sync keeps working after a migrate.
func moveSyncKey(ctx context.Context, from *Store, kr Keyring, to *Store) error {
	key, err := from.get(ctx, kr, syncKeyItem)
	if errors.Is(err, ErrKeyNotFound) {
		return nil
	}
	if err == nil {
		err = to.SetSyncKey(ctx, key)
	}
	if err != nil {
		return fmt.Errorf("copying the sync key to %s: %w; the old vault is untouched", to.backend.name, err)
	}
	return nil
}

// moveReadiness carries the readiness list (readiness.go) over before the old
// vault's items go, merged by domain into any list the destination holds.
func moveReadiness(ctx context.Context, from *Store, kr Keyring, to *Store) error {
	r, _, err := from.getReadiness(ctx, kr)
	if err == nil && len(r.Sites) > 0 {
		err = to.UpdateReadiness(ctx, func(dst *Readiness) error {
			for _, site := range r.Sites {
				if !slices.ContainsFunc(dst.Sites, func(d ReadySite) bool { return d.Domain == site.Domain }) {
					dst.Sites = append(dst.Sites, site)
				}
			}
			return nil
		})
	}
	if err != nil {
		return fmt.Errorf("copying the readiness list to %s: %w; the old vault is untouched", to.backend.name, err)
	}
	return nil
}
