package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// readinessKey holds the sites where a verification step was seen while
// the vault held no codes for them (docs/store.md "Items"). It is a
// document of its own, not part of the vault: a hint for the popup, which
// no account depends on, and which never holds a page URL or anything
// else about the page.
const readinessKey = keyPrefix + "readiness"

// MaxReadySites bounds the list, so the item stays a few hundred bytes: the
// oldest entries make room for new ones.
const MaxReadySites = 64

// ReadySite is one site with 2FA and no stored codes: its registrable
// domain and the day (UTC, YYYY-MM-DD) it was first seen. Dismissed
// entries stay, so the same site is not listed again after a dismissal.
type ReadySite struct {
	Domain    string `json:"domain"`
	Date      string `json:"date"`
	Dismissed bool   `json:"dismissed,omitempty"`
}

// Readiness is the stored list.
type Readiness struct {
	Sites []ReadySite `json:"sites"`
}

// ViewReadiness reads the list under the shared lock; no item yet is an
// empty list, any other failure an error.
func (s *Store) ViewReadiness(ctx context.Context) (Readiness, error) {
	kr, release, err := s.acquire(ctx, false)
	if err != nil {
		return Readiness{}, err
	}
	defer release()
	r, _, err := s.getReadiness(ctx, kr)
	return r, s.explain(err)
}

// UpdateReadiness runs fn on the list under the exclusive vault lock and
// writes it back when fn changed it. A failed read or fn writes nothing.
func (s *Store) UpdateReadiness(ctx context.Context, fn func(*Readiness) error) error {
	kr, release, err := s.acquire(ctx, true)
	if err != nil {
		return err
	}
	defer release()
	r, old, err := s.getReadiness(ctx, kr)
	if err != nil {
		return fmt.Errorf("%w; nothing was written", s.explain(err))
	}
	next := Readiness{Sites: slices.Clone(r.Sites)}
	if err := fn(&next); err != nil {
		return err
	}
	if slices.Equal(next.Sites, r.Sites) {
		return nil
	}
	if n := len(next.Sites); n > MaxReadySites {
		next.Sites = next.Sites[n-MaxReadySites:]
	}
	b, err := s.putBlob(ctx, kr, readinessKey, next)
	if err != nil {
		return err
	}
	if old.Rev != "" && old.Rev != b.Rev {
		s.removeAll(ctx, kr, blobChunkKeys(readinessKey, old))
	}
	return nil
}

func (s *Store) getReadiness(ctx context.Context, kr Keyring) (Readiness, blobItem, error) {
	var r Readiness
	b, err := s.getBlob(ctx, kr, readinessKey, &r)
	if errors.Is(err, ErrKeyNotFound) {
		return Readiness{}, blobItem{}, nil
	}
	if err != nil {
		return Readiness{}, blobItem{}, fmt.Errorf("reading the readiness list: %w", err)
	}
	return r, b, nil
}

// nameReadiness marks the readiness item and its chunks as in use, so that
// `tearoff repair` keeps them. A damaged one is left unnamed: it holds only
// hints, and repair may remove it.
func (s *Store) nameReadiness(ctx context.Context, kr Keyring, named map[string]bool) (map[string]bool, error) {
	var r Readiness
	b, err := s.getBlob(ctx, kr, readinessKey, &r)
	switch {
	case err == nil:
		return addChunks(named, readinessKey, b), nil
	case errors.Is(err, ErrKeyNotFound) || isDamage(err):
		return named, nil
	}
	return nil, err
}
