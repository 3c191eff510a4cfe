package store

import (
	"context"
	"errors"
	"fmt"
)

// Info reports the backend, where it keeps the vault, whether it is locked
// and how many accounts it holds. A locked Secret Service collection is
// detected without reading, so `doctor` never triggers an unlock prompt.
func (s *Store) Info(ctx context.Context) Info {
	info := Info{Backend: s.backend.name, Location: s.backend.location, LockPath: s.lock}
	if s.backend.prepare != nil {
		// Even an empty file vault needs a passphrase before anything can
		// be stored in it: the popup asks for one.
		if err := s.backend.prepare(); err != nil {
			info.Err, info.Locked, info.NeedsPassphrase = err, true, true
			return info
		}
	}
	if s.backend.locked != nil {
		locked, err := s.backend.locked(ctx)
		if err != nil {
			info.Err = err
			return info
		}
		if locked {
			info.Locked = true
			info.Err = fmt.Errorf("%w (%s)", ErrLocked, info.Location)
			return info
		}
	}
	n, err := s.countAccounts(ctx)
	if err != nil {
		info.Err = err
		// A wrong file passphrase leaves the vault as closed as none: the
		// popup should ask for it again.
		badPass := s.backend.name == BackendFile && errors.Is(err, ErrBadPassphrase)
		info.Locked = errors.Is(err, ErrLocked) || badPass
		info.NeedsPassphrase = info.Locked && s.backend.name == BackendFile
		return info
	}
	info.Accounts = n
	return info
}

// countAccounts reads the directory only: hello and doctor need the count,
// and reading every account for it would cost the whole vault.
func (s *Store) countAccounts(ctx context.Context) (int, error) {
	kr, release, err := s.acquire(ctx, false)
	if err != nil {
		return 0, err
	}
	defer release()
	if err := s.refresh(ctx, kr); err != nil {
		return 0, s.explain(err)
	}
	return len(s.snap.dir.Accounts), nil
}

// HasVault reports whether the keyring holds a vault yet, by listing item
// names only: nothing is decrypted and no passphrase is asked for. The CLI
// uses it to ask twice for a new file vault's passphrase, so that a typo on
// first use cannot lock a person out of their own codes.
func (s *Store) HasVault(ctx context.Context) (bool, error) {
	kr, err := s.backend.names()
	if err != nil {
		return false, err
	}
	if p, ok := kr.(prober); ok {
		// A vault almost always has one of these: ask for them by name
		// rather than list every item (on the Secret Service, listing
		// costs a round trip per item of the whole collection, and the
		// protocol's list asks this every time).
		for _, key := range []string{headKey, dirKey, legacyHeaderKey, identityFile} {
			var has bool
			err := callOnce(ctx, s.timeout, s.backend.name, "look for", key, func() (err error) { has, err = p.has(key); return err })
			if err != nil {
				return false, s.explain(err)
			}
			if has {
				return true, nil
			}
		}
	}
	keys, err := s.keys(ctx, kr)
	if err != nil {
		return false, s.explain(err)
	}
	for _, key := range keys {
		if key == headKey || key == dirKey || key == legacyHeaderKey || key == identityFile || accountIDOf(key) != "" {
			return true, nil
		}
	}
	return false, nil
}

// prober is a Keyring that can tell whether an item exists without reading
// it (so without a passphrase) and without listing every item.
type prober interface {
	has(key string) (bool, error)
}
