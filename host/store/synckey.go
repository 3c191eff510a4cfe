package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
)

// syncKeyItem holds the key host/sync encrypts the vault with for the
// person's other computers. It lives in the same keyring as the vault, so
// it is exactly as safe, and it is not part of the vault's layout: check
// names it so that repair never takes it for a leftover.
const syncKeyItem = keyPrefix + "sync"

// SyncKey returns the stored sync key, or nil when there is none.
func (s *Store) SyncKey(ctx context.Context) ([]byte, error) {
	kr, release, err := s.acquire(ctx, false)
	if err != nil {
		return nil, err
	}
	defer release()
	key, err := s.get(ctx, kr, syncKeyItem)
	if errors.Is(err, ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the sync key: %w", s.explain(err))
	}
	return key, nil
}

// SetSyncKey stores the sync key, replacing any other.
func (s *Store) SetSyncKey(ctx context.Context, key []byte) error {
	if len(key) == 0 {
		return errors.New("store: an empty sync key")
	}
	kr, release, err := s.acquire(ctx, true)
	if err != nil {
		return err
	}
	defer release()
	if err := s.set(ctx, kr, syncKeyItem, key); err != nil {
		return fmt.Errorf("storing the sync key: %w", err)
	}
	return nil
}

// DataDir is Tearoff's directory in the user data dir (~/.local/share/tearoff
// on Linux), where the default file vault and sync's git working copy live.
func DataDir() (string, error) {
	dir, err := userDataDir()
	if err != nil {
		return "", fmt.Errorf("finding the user data dir: %w", err)
	}
	return filepath.Join(dir, "tearoff"), nil
}
