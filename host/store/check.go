package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"tearoff.dev/tearoff/host/vault"
)

// Health is what `tearoff doctor` reports about the stored items.
type Health struct {
	Layout   string   // how the vault is stored now
	Accounts int      // accounts the directory names and that read
	Damage   []string // what cannot be read: `tearoff repair` says what it can do
	// Unlisted are readable account items the directory does not name (an
	// import interrupted before its directory write): repair lists them.
	Unlisted []string
	// Leftovers are items nothing names any more (replaced chunks, the
	// first layout after a migration): harmless, repair removes them.
	Leftovers []string
	// ScryptWorkFactor is the file backend's key-derivation cost (log2 N).
	ScryptWorkFactor int
}

// OK reports whether nothing needs repair.
func (h Health) OK() bool { return len(h.Damage) == 0 && len(h.Unlisted) == 0 }

// Check reads every item of the vault without changing anything.
func (s *Store) Check(ctx context.Context) (Health, error) {
	kr, release, err := s.acquire(ctx, false)
	if err != nil {
		return Health{}, err
	}
	defer release()
	var h Health
	if s.backend.kdfWorkFactor != nil {
		h.ScryptWorkFactor, _ = s.backend.kdfWorkFactor()
	}
	sc, err := s.scan(ctx, kr)
	if err != nil {
		return h, err
	}
	h.Layout, h.Accounts, h.Damage = sc.layout, len(sc.listed), sc.damage
	for _, id := range sc.unlisted {
		h.Unlisted = append(h.Unlisted, accountKey(id))
	}
	h.Leftovers = sc.leftovers
	return h, nil
}

// scanResult is every item of the vault, sorted into what it is.
type scanResult struct {
	layout    string
	dir       *directory // nil when missing or damaged
	docs      map[string]*accountDoc
	listed    []string // ids the directory names that read
	unlisted  []string // ids of readable account items it does not name
	damage    []string
	leftovers []string
	// unreadable are the damage entries for account items, which repair
	// leaves in place.
	unreadable []string
}

func (s *Store) scan(ctx context.Context, kr Keyring) (*scanResult, error) {
	keys, err := s.keys(ctx, kr)
	if err != nil {
		return nil, err
	}
	legacy, err := s.legacyKeys(ctx)
	if err != nil {
		return nil, err
	}
	sc := &scanResult{layout: "one item per account", docs: map[string]*accountDoc{}}
	named := map[string]bool{headKey: true, dirKey: true, syncKeyItem: true}
	dir, b, err := s.fullDirectory(ctx, kr)
	switch {
	case errors.Is(err, ErrKeyNotFound) && len(legacy) > 0:
		sc.layout = "the first layout (one document); the next change migrates it"
		return sc, nil
	case errors.Is(err, ErrKeyNotFound):
		if slices.ContainsFunc(keys, func(k string) bool { return accountIDOf(k) != "" }) {
			sc.damage = append(sc.damage, "the directory item "+dirKey+" is missing")
		} else {
			sc.layout = "empty"
		}
	case isDamage(err):
		sc.damage = append(sc.damage, err.Error())
	case err != nil:
		return nil, err
	default:
		sc.dir = &dir
		named = addChunks(named, dirKey, b)
	}
	if named, err = s.nameReadiness(ctx, kr, named); err != nil {
		return nil, err
	}
	inDir := map[string]bool{}
	if sc.dir != nil {
		for _, e := range sc.dir.Accounts {
			inDir[e.ID] = true
		}
	}
	for _, key := range keys {
		id := accountIDOf(key)
		if id == "" {
			continue
		}
		var doc accountDoc
		b, err := s.getBlob(ctx, kr, key, &doc)
		if err == nil && doc.Account.ID != id {
			err = damagef("item %s holds account %q", key, doc.Account.ID)
		}
		if err != nil && !isDamage(err) {
			return nil, err
		}
		if err != nil {
			sc.damage = append(sc.damage, err.Error())
			sc.unreadable = append(sc.unreadable, err.Error())
			named[key] = true // damaged, not a leftover: repair keeps it
			continue
		}
		named = addChunks(named, key, b)
		sc.docs[id] = &doc
		if inDir[id] || sc.dir == nil {
			sc.listed = append(sc.listed, id)
		} else if !tombstoned(sc.dir, id) {
			sc.unlisted = append(sc.unlisted, id)
		}
	}
	present := map[string]bool{}
	for _, key := range keys {
		present[key] = true
		// Every account item is named above, read or damaged.
		if !named[key] && key != identityFile {
			sc.leftovers = append(sc.leftovers, key)
		}
	}
	for id := range inDir {
		if !present[accountKey(id)] {
			sc.damage = append(sc.damage, "account item "+accountKey(id)+" is missing")
		}
	}
	sc.leftovers = append(sc.leftovers, legacy...)
	return sc, nil
}

// fullDirectory reads the directory and lists in it the accounts the head
// added since it was written.
func (s *Store) fullDirectory(ctx context.Context, kr Keyring) (directory, blobItem, error) {
	var dir directory
	b, err := s.getBlob(ctx, kr, dirKey, &dir)
	if err != nil {
		return dir, b, err
	}
	h, found, err := s.readHead(ctx, kr)
	if err != nil {
		return dir, b, err
	}
	if found {
		dir.addFrom(h)
	}
	return dir, b, nil
}

func addChunks(named map[string]bool, key string, b blobItem) map[string]bool {
	named[key] = true
	for _, ck := range blobChunkKeys(key, b) {
		named[ck] = true
	}
	return named
}

func tombstoned(dir *directory, id string) bool {
	return slices.ContainsFunc(dir.Tombstones, func(e vault.Event) bool { return e.AccountID == id })
}

func (s *Store) legacyKeys(ctx context.Context) ([]string, error) {
	kr, err := s.backend.legacy()
	if err != nil {
		return nil, err
	}
	keys, err := s.keys(ctx, kr)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(keys, func(k string) bool { return !isLegacyKey(k) }), nil
}

// RepairReport says what Repair did.
type RepairReport struct {
	Listed  []string // account items put back into the directory
	Kept    []string // damaged items left in place, out of the directory
	Removed []string // leftovers removed
}

// Repair rewrites the directory and the head from the account items that
// read, so that nothing committed is lost: accounts the directory lacked
// are listed again, damaged items are left where they are (and reported),
// and only leftovers that nothing names are removed. A vault still in the
// first layout is migrated.
func (s *Store) Repair(ctx context.Context) (RepairReport, error) {
	kr, release, err := s.acquire(ctx, true)
	if err != nil {
		return RepairReport{}, err
	}
	defer release()
	sc, err := s.scan(ctx, kr)
	if err != nil {
		return RepairReport{}, err
	}
	s.snap = nil
	if sc.dir == nil && len(sc.docs) == 0 {
		// Empty, or the first layout: the ordinary read path handles both.
		if err := s.refresh(ctx, kr); err != nil {
			return RepairReport{}, err
		}
		if s.snap.legacy {
			v, err := s.snap.vaultOf(nil, true)
			if err != nil {
				return RepairReport{}, err
			}
			return RepairReport{}, s.commit(ctx, kr, s.snap.diff(v, nil, true))
		}
		return RepairReport{}, nil
	}
	rep := RepairReport{Kept: sc.unreadable}
	snap := newSnapshot()
	snap.needsDir = true
	snap.dir = directory{Accounts: []dirEntry{}, Tombstones: []vault.Event{}}
	if sc.dir != nil {
		snap.dir.Tombstones = append(snap.dir.Tombstones, sc.dir.Tombstones...)
	}
	for _, id := range append(append([]string{}, sc.listed...), sc.unlisted...) {
		a := sc.docs[id].Account
		snap.setDoc(id, sc.docs[id])
		snap.dir.Accounts = append(snap.dir.Accounts, dirEntry{ID: id, Site: a.Site, Label: a.Label})
	}
	for _, id := range sc.unlisted {
		rep.Listed = append(rep.Listed, accountKey(id))
	}
	if err := validate(snap, snap.allIDs()); err != nil {
		return rep, err
	}
	s.snap = snap
	v, err := snap.vaultOf(nil, true)
	if err != nil {
		return rep, err
	}
	if err := s.commit(ctx, kr, snap.diff(v, nil, true)); err != nil {
		s.snap = nil
		return rep, err
	}
	legacy, _ := s.backend.legacy()
	for _, key := range sc.leftovers {
		target := kr
		if isLegacyKey(key) && legacy != nil {
			target = legacy
		}
		if err := s.remove(ctx, target, key); err != nil {
			return rep, fmt.Errorf("removing the leftover %s: %w", key, err)
		}
		rep.Removed = append(rep.Removed, key)
	}
	return rep, nil
}
