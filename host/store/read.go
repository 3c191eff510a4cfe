package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"tearoff.dev/tearoff/host/vault"
)

// refresh brings the snapshot up to date: one Get of the head when nothing
// changed, the items the head names when a little did, everything else.
func (s *Store) refresh(ctx context.Context, kr Keyring) error {
	h, found, err := s.readHead(ctx, kr)
	if err != nil {
		s.snap = nil
		return err
	}
	if snap := s.snap; snap != nil && snap.haveHead && found && h.Epoch == snap.epoch {
		if h.Seq == snap.seq {
			return nil // the common case: nothing changed since this process last looked
		}
		if ids, dir, ok := h.since(snap.seq); ok {
			if err := s.catchUp(ctx, kr, h, ids, dir); err != nil {
				s.snap = nil
				return err
			}
			snap.seq = h.Seq
			return nil
		}
	}
	snap, err := s.load(ctx, kr)
	if err != nil {
		s.snap = nil
		return err
	}
	if found {
		snap.haveHead, snap.epoch, snap.seq = true, h.Epoch, h.Seq
		if !snap.needsDir {
			snap.mergeAdded(h)
		}
	}
	s.snap = snap
	return nil
}

// readHead returns the head; found is false when there is none or it is
// damaged. The head only tells other processes what changed, so a damaged
// one costs a full read, nothing else; a failure to read it is an error.
func (s *Store) readHead(ctx context.Context, kr Keyring) (head, bool, error) {
	raw, err := s.get(ctx, kr, headKey)
	if errors.Is(err, ErrKeyNotFound) {
		return head{}, false, nil
	}
	if err != nil && !isDamage(err) {
		return head{}, false, err
	}
	h, err := decodeHead(raw)
	if err != nil {
		s.logf("the change record %s is damaged (%v); reading the whole vault", headKey, err)
		return head{}, false, nil
	}
	return h, true, nil
}

// load reads the directory; accounts are read when an operation needs them
// (ensure), so one account costs a cold process three Gets, not the vault.
// Without a directory item it falls back, in order, to the first layout
// (migrated on the next write) and to the account items themselves (a
// crash before the first directory write); only when there is none of
// them is the vault empty.
func (s *Store) load(ctx context.Context, kr Keyring) (*snapshot, error) {
	snap := newSnapshot()
	var dir directory
	b, err := s.getBlob(ctx, kr, dirKey, &dir)
	switch {
	case errors.Is(err, ErrKeyNotFound):
		return s.loadWithoutDir(ctx, kr)
	case err != nil:
		return nil, fmt.Errorf("%w (run `tearoff doctor`; `tearoff repair` rebuilds the directory from the accounts)", err)
	}
	snap.blobs[dirKey] = b
	if dir.Tombstones == nil {
		dir.Tombstones = []vault.Event{}
	}
	snap.dir = dir
	seen := map[string]bool{}
	for _, e := range dir.Accounts {
		if !accountIDRE.MatchString(e.ID) || seen[e.ID] {
			return nil, damagef("the directory %s lists the account id %q twice or malformed", dirKey, e.ID)
		}
		seen[e.ID] = true
	}
	return snap, nil
}

// ensure reads the accounts of ids that the snapshot has not read yet.
func (s *Store) ensure(ctx context.Context, kr Keyring, ids []string) error {
	var read []string
	for _, id := range ids {
		if s.snap.accounts[id] == nil {
			if err := s.loadAccount(ctx, kr, s.snap, id); err != nil {
				s.snap = nil
				return err
			}
			read = append(read, id)
		}
	}
	if len(read) == 0 {
		return nil
	}
	if err := validate(s.snap, read); err != nil {
		s.snap = nil
		return err
	}
	return nil
}

// scoped returns the ids of the accounts in scope (all of them for the
// whole vault), read and ready.
func (s *Store) scoped(ctx context.Context, kr Keyring, sc Scope) ([]string, error) {
	if sc.whole() || s.snap.needsDir {
		ids := s.snap.allIDs()
		return ids, s.ensure(ctx, kr, ids)
	}
	if len(sc.Codes) > 0 && !s.snap.holdsCodes(sc.Codes) {
		// Which account holds a code is known only once it is read.
		if err := s.ensure(ctx, kr, s.snap.allIDs()); err != nil {
			return nil, err
		}
	}
	ids := s.snap.selectIDs(sc)
	return ids, s.ensure(ctx, kr, ids)
}

func (s *Store) loadWithoutDir(ctx context.Context, kr Keyring) (*snapshot, error) {
	snap := newSnapshot()
	legacy, err := s.backend.legacy()
	if err != nil {
		return nil, err
	}
	old, err := s.readLegacy(ctx, legacy)
	if err != nil {
		return nil, err
	}
	if old != nil {
		snap.fromVault(old)
		snap.legacy, snap.needsDir = true, true
		return snap, nil
	}
	keys, err := s.keys(ctx, kr)
	if err != nil {
		return nil, err
	}
	snap.dir = directory{Accounts: []dirEntry{}, Tombstones: []vault.Event{}}
	for _, key := range keys {
		if id := accountIDOf(key); id != "" {
			if err := s.loadAccount(ctx, kr, snap, id); err != nil {
				return nil, err
			}
			a := &snap.accounts[id].Account
			snap.dir.Accounts = append(snap.dir.Accounts, dirEntry{ID: a.ID, Site: a.Site, Label: a.Label})
		}
	}
	if len(snap.dir.Accounts) > 0 {
		s.logf("the directory item %s is missing; recovered %d accounts from their items", dirKey, len(snap.dir.Accounts))
		snap.needsDir = true
		sort.SliceStable(snap.dir.Accounts, func(i, j int) bool {
			a, b := snap.accounts[snap.dir.Accounts[i].ID].Account, snap.accounts[snap.dir.Accounts[j].ID].Account
			return a.Created.Before(b.Created) || (a.Created.Equal(b.Created) && a.ID < b.ID)
		})
		snap.idx = nil // sorted in place, which the index's own check does not see
	}
	return snap, validate(snap, snap.allIDs())
}

// loadAccount reads one account item into snap. An account the directory
// names but the keyring lacks is damage, reported, never skipped.
func (s *Store) loadAccount(ctx context.Context, kr Keyring, snap *snapshot, id string) error {
	key := accountKey(id)
	var doc accountDoc
	b, err := s.getBlob(ctx, kr, key, &doc)
	if errors.Is(err, ErrKeyNotFound) {
		return fmt.Errorf("%w: account item %s is missing (run `tearoff doctor`)", ErrKeyring, key)
	}
	if err != nil {
		return err
	}
	if doc.Account.ID != id {
		return fmt.Errorf("%w: item %s holds account %q", ErrKeyring, key, doc.Account.ID)
	}
	if doc.Events == nil {
		doc.Events = []vault.Event{}
	}
	if other := snap.clash(id, &doc); other != "" {
		return fmt.Errorf("%w: the stored vault is inconsistent: item %s shares a code or event id with account %s", ErrKeyring, key, other)
	}
	snap.setDoc(id, &doc)
	snap.blobs[key] = b
	return nil
}

// catchUp re-reads what the head h says changed since the snapshot.
func (s *Store) catchUp(ctx context.Context, kr Keyring, h head, ids []string, dirChanged bool) error {
	snap := s.snap
	if dirChanged {
		var dir directory
		b, err := s.getBlob(ctx, kr, dirKey, &dir)
		if err != nil {
			return err
		}
		if dir.Tombstones == nil {
			dir.Tombstones = []vault.Event{}
		}
		snap.dir, snap.blobs[dirKey] = dir, b
	}
	snap.mergeAdded(h)
	listed := map[string]bool{}
	for _, e := range snap.dir.Accounts {
		listed[e.ID] = true
	}
	slices.Sort(ids)
	var read []string
	for _, id := range slices.Compact(ids) {
		// An account not read yet is read when it is needed.
		if listed[id] && snap.accounts[id] != nil {
			if err := s.loadAccount(ctx, kr, snap, id); err != nil {
				return err
			}
			read = append(read, id)
		}
	}
	for id := range snap.accounts {
		if !listed[id] {
			snap.dropDoc(id)
			delete(snap.blobs, accountKey(id))
		}
	}
	return validate(snap, read)
}

// validate checks the accounts ids, just read, as strictly as a decoded
// vault (unknown states, duplicate ids, codes outside their account's
// sets). Their code and event ids were checked against the accounts read
// before them as they were read (loadAccount), so this costs the accounts
// read, not the vault.
func validate(snap *snapshot, ids []string) error {
	v, err := snap.vaultOf(ids, false)
	if err == nil {
		err = v.Validate()
	}
	if err != nil {
		return fmt.Errorf("%w: the stored vault is inconsistent: %w", ErrKeyring, err)
	}
	return nil
}
