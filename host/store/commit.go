package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// commit writes a plan. The order is what makes a crash harmless (a
// process crash: every write below is in place for other processes as soon
// as it returns; on the file backend, where writes are durable only after a
// flush, the flushes below keep the same order across a power cut):
//
//  1. the head, naming what is about to change, so that after a crash
//     anywhere below every other process re-reads those items rather than
//     trusting its snapshot;
//  2. each changed account, one atomic item each (an account's new chunks,
//     if it has any, before its pointer);
//  3. the directory, when accounts came, went or were renamed: an account
//     written in 2 is invisible until then;
//  4. last, removals of what nothing names any more (removed accounts,
//     replaced chunks), best effort: leftovers are harmless and `tearoff
//     repair` collects them.
//
// A vault without a directory yet (new, recovered, or in the first layout)
// has nothing for the head to protect, so there the directory is the
// commit point and the head comes after it; the first layout's items are
// removed only once the new directory is written.
func (s *Store) commit(ctx context.Context, kr Keyring, p plan) error {
	s.batching = true
	defer func() { s.batching = false }()
	snap := s.snap
	prev := head{Version: headVersion, Epoch: snap.epoch, Seq: snap.seq}
	if !snap.haveHead {
		epoch, err := newEpoch()
		if err != nil {
			return err
		}
		prev = head{Version: headVersion, Epoch: epoch}
	}
	if add, ok := snap.additions(p); ok {
		next := prev.next(p.order, false)
		next.Added = pending(snap.added, snap.epoch, snap.dir.Through)
		for _, e := range add {
			next.Added = append(next.Added, added{Seq: next.Seq, dirEntry: e})
		}
		if raw, err := json.Marshal(next); err == nil && len(next.Added) <= maxAdded && len(raw) <= min(maxHeadBytes, s.itemLimit) {
			return s.commitAdditions(ctx, kr, p, next)
		}
	}
	touched := append(append([]string{}, p.order...), p.removed...)
	next := prev.next(touched, p.dirDirty)
	// Until the directory below is written, the head must still list
	// what it added; once it is, its Through makes them redundant.
	next.Added = pending(snap.added, snap.epoch, snap.dir.Through)
	firstDir := snap.needsDir
	if p.dirDirty {
		p.dir.Through = &dirThrough{Epoch: next.Epoch, Seq: next.Seq}
	}
	if firstDir {
		next.Added = nil // the directory lists every account item
	}
	if !firstDir {
		if err := s.putHead(ctx, kr, next); err != nil {
			return fmt.Errorf("%w; the vault was not changed", err)
		}
	}
	var replaced []string // chunk keys that nothing names once this commits
	for _, id := range p.order {
		key := accountKey(id)
		b, err := s.putBlob(ctx, kr, key, p.changed[id])
		if err != nil {
			return fmt.Errorf("%w; the change may be partly written", err)
		}
		replaced = append(replaced, s.swapBlob(key, b)...)
	}
	if p.dirDirty {
		// The directory may list the accounts just written: they must be
		// durable before it is.
		if len(p.order) > 0 {
			if err := s.flush(ctx, kr); err != nil {
				return fmt.Errorf("%w; the change may be partly written", err)
			}
		}
		b, err := s.putBlob(ctx, kr, dirKey, p.dir)
		if err != nil {
			return fmt.Errorf("%w; the change may be partly written", err)
		}
		replaced = append(replaced, s.swapBlob(dirKey, b)...)
	}
	if firstDir {
		if err := s.putHead(ctx, kr, next); err != nil {
			return fmt.Errorf("%w; the change was written, but other processes may not notice it until they restart", err)
		}
	}
	// Durable before it is reported done, and before anything it replaced
	// is removed.
	if err := s.flush(ctx, kr); err != nil {
		return fmt.Errorf("%w; the change was written but may not survive a power cut", err)
	}
	legacy := snap.legacy
	snap.apply(p, next)
	for _, id := range p.removed {
		key := accountKey(id)
		replaced = append(replaced, key)
		replaced = append(replaced, s.swapBlob(key, blobItem{})...)
		delete(snap.blobs, key)
	}
	s.removeAll(ctx, kr, replaced)
	if legacy {
		s.removeLegacy(ctx)
	}
	return nil
}

// commitAdditions writes a plan that only adds accounts: their items
// first, durable, then the head that lists them in Added, which commits
// them (a crash before it leaves items nothing lists: `doctor` reports them
// as unlisted, as after a crash before a directory write). Two writes
// where the directory would make three, and the directory, which grows
// with the vault, is written only every maxAdded additions.
func (s *Store) commitAdditions(ctx context.Context, kr Keyring, p plan, next head) error {
	for _, id := range p.order {
		key := accountKey(id)
		b, err := s.putBlob(ctx, kr, key, p.changed[id])
		if err != nil {
			return fmt.Errorf("%w; the vault was not changed", err)
		}
		s.snap.blobs[key] = b
	}
	if err := s.flush(ctx, kr); err != nil {
		return fmt.Errorf("%w; the vault was not changed", err)
	}
	if err := s.putHead(ctx, kr, next); err != nil {
		return fmt.Errorf("%w; the change may be partly written", err)
	}
	if err := s.flush(ctx, kr); err != nil {
		return fmt.Errorf("%w; the change was written but may not survive a power cut", err)
	}
	s.snap.apply(p, next)
	return nil
}

// swapBlob records key's new item and returns the chunk keys of the one it
// replaced, unless the new one is the same revision.
func (s *Store) swapBlob(key string, b blobItem) []string {
	old, had := s.snap.blobs[key]
	s.snap.blobs[key] = b
	if !had || old.Rev == "" || old.Rev == b.Rev {
		return nil
	}
	return blobChunkKeys(key, old)
}

func (s *Store) putHead(ctx context.Context, kr Keyring, h head) error {
	raw, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("encoding the change record: %w", err)
	}
	return s.set(ctx, kr, headKey, raw)
}

// removeAll removes keys, best effort: a failure is logged, since what is
// removed here is already unreachable.
func (s *Store) removeAll(ctx context.Context, kr Keyring, keys []string) {
	for _, key := range keys {
		if err := s.remove(ctx, kr, key); err != nil {
			s.logf("removing the unused item %s: %v", key, err)
		}
	}
}

// removeLegacy removes the first layout's items once the vault they held
// is committed in the new layout.
func (s *Store) removeLegacy(ctx context.Context) {
	kr, err := s.backend.legacy()
	if err != nil {
		s.logf("removing the old vault items: %v", err)
		return
	}
	keys, err := s.keys(ctx, kr)
	if err != nil {
		s.logf("listing the old vault items: %v", err)
		return
	}
	var old []string
	for _, key := range keys {
		if isLegacyKey(key) {
			old = append(old, key)
		}
	}
	s.removeAll(ctx, kr, old)
}
