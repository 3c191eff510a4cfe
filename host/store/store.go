// Package store keeps the vault in the OS keyring: it chooses the backend,
// bounds every keyring call with a timeout, serialises read-modify-write
// cycles across processes with a file lock, and lays the vault out as
// chunked items under a committing header (layout.go).
//
// Its one promise: a vault that cannot be read is an error, never an empty
// vault, and nothing is written after a failed read.
package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// Store is an opened keyring holding the vault. It is safe for concurrent
// use: every View and Update takes the cross-process lock.
type Store struct {
	backend *backend
	timeout time.Duration
	lock    string
	logf    func(format string, args ...any)
}

// Info describes the store for `tearoff doctor` and the protocol's hello.
type Info struct {
	Backend  string // e.g. "secret-service", "file"
	Location string // where the items live (collection, directory, ...)
	Locked   bool   // locked keyring, or file backend without the right passphrase
	// NeedsPassphrase: the file backend has no passphrase yet, or a wrong
	// one (an `unlock` request or TEAROFF_FILE_PASSPHRASE provides it).
	NeedsPassphrase bool
	Accounts        int   // accounts in the vault, when it could be read
	Err             error // why the vault could not be read, if it could not
}

// Open chooses and opens the keyring backend (Config.Backend, or the
// platform's order). It fails with ErrNoBackend naming what was tried. It
// does not read the vault: a locked keyring or a missing passphrase shows up
// on the first View or Update.
func Open(cfg Config) (*Store, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	b, err := openFirst(cfg)
	if err != nil {
		return nil, err
	}
	return newStore(b, cfg), nil
}

// OpenKeyring returns a Store over an already opened Keyring: for tests that
// inject faults, or for callers with a keyring of their own. name is what
// Info reports as the backend.
func OpenKeyring(kr Keyring, name string, cfg Config) (*Store, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	b := &backend{name: name, location: name, open: func() (Keyring, error) { return kr, nil }}
	return newStore(b, cfg), nil
}

func newStore(b *backend, cfg Config) *Store {
	return &Store{
		backend: b,
		timeout: cfg.Timeout,
		lock:    cfg.LockPath,
		logf: func(format string, args ...any) {
			fmt.Fprintf(os.Stderr, "tearoff: "+format+"\n", args...)
		},
	}
}

// Backend is the name of the backend in use.
func (s *Store) Backend() string { return s.backend.name }

// Location says where the backend keeps the items.
func (s *Store) Location() string { return s.backend.location }

func (s *Store) call(ctx context.Context, op, key string, f func() error) error {
	return call(ctx, s.timeout, s.backend.name, op, key, f)
}

// View reads the vault under a shared lock. No vault yet is an empty vault;
// any failure to read is an error.
func (s *Store) View(ctx context.Context) (*vault.Vault, error) {
	unlock, err := lockVault(ctx, s.lock, false, s.timeout)
	if err != nil {
		return nil, err
	}
	defer unlock()
	kr, err := s.backend.open()
	if err != nil {
		return nil, err
	}
	v, _, _, err := s.read(ctx, kr)
	if err != nil {
		return nil, s.explain(err)
	}
	return v, nil
}

// Update reads the vault, runs fn on it and writes the result, all under
// the exclusive cross-process lock. If the read or fn fails, nothing is
// written; fn's error is returned as it is, so callers keep its message and
// can match it with errors.Is/As. An fn that changes nothing writes nothing.
func (s *Store) Update(ctx context.Context, fn func(*vault.Vault) error) error {
	unlock, err := lockVault(ctx, s.lock, true, s.timeout)
	if err != nil {
		return err
	}
	defer unlock()
	kr, err := s.backend.open()
	if err != nil {
		return err
	}
	v, raw, h, err := s.read(ctx, kr)
	if err != nil {
		return fmt.Errorf("%w; nothing was written", s.explain(err))
	}
	if err := fn(v); err != nil {
		return err
	}
	data, err := v.Marshal()
	if err != nil {
		return fmt.Errorf("encoding the vault (nothing was written): %w", err)
	}
	if h == nil {
		// No vault yet: an fn that added nothing creates no items (and,
		// on the file backend, does not fix a passphrase yet).
		raw, err = vault.New().Marshal()
		if err != nil {
			return fmt.Errorf("encoding an empty vault: %w", err)
		}
	}
	if bytes.Equal(data, raw) {
		return nil
	}
	return s.writeRaw(ctx, kr, data, h)
}

// explain adds ErrLocked to a timeout when the backend turns out to be
// locked: on a desktop the keyring then waits on an unlock prompt that
// nobody answered in time.
func (s *Store) explain(err error) error {
	if s.backend.locked == nil || !errors.Is(err, ErrTimeout) {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if locked, lerr := s.backend.locked(ctx); lerr == nil && locked {
		return fmt.Errorf("%w (an unlock prompt was not answered: %w)", ErrLocked, err)
	}
	return err
}

// read returns the vault, the bytes it was decoded from and the header
// that committed them (nil when there is no vault yet).
func (s *Store) read(ctx context.Context, kr Keyring) (*vault.Vault, []byte, *header, error) {
	raw, h, err := s.readRaw(ctx, kr)
	if err != nil {
		return nil, nil, nil, err
	}
	if h == nil {
		return vault.New(), nil, nil, nil
	}
	v, err := vault.Unmarshal(raw)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: decoding the vault: %w", ErrKeyring, err)
	}
	return v, raw, h, nil
}

// Info reports the backend, where it keeps the vault, whether it is locked
// and how many accounts it holds. A locked Secret Service collection is
// detected without reading, so `doctor` never triggers an unlock prompt.
func (s *Store) Info(ctx context.Context) Info {
	info := Info{Backend: s.backend.name, Location: s.backend.location}
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
	v, err := s.View(ctx)
	if err != nil {
		info.Err = err
		// A wrong file passphrase leaves the vault as closed as none: the
		// popup should ask for it again.
		badPass := s.backend.name == BackendFile && errors.Is(err, ErrBadPassphrase)
		info.Locked = errors.Is(err, ErrLocked) || badPass
		info.NeedsPassphrase = info.Locked && s.backend.name == BackendFile
		return info
	}
	info.Accounts = len(v.Accounts)
	return info
}

// HasVault reports whether the keyring holds a vault yet, by listing item
// names only: nothing is decrypted and no passphrase is asked for. The CLI
// uses it to ask twice for a new file vault's passphrase, so that a typo on
// first use cannot lock a person out of their own codes.
func (s *Store) HasVault(ctx context.Context) (bool, error) {
	open := s.backend.open
	if s.backend.openNames != nil {
		open = s.backend.openNames
	}
	kr, err := open()
	if err != nil {
		return false, err
	}
	var keys []string
	if err := s.call(ctx, "list", "keys", func() (err error) { keys, err = kr.Keys(); return err }); err != nil {
		return false, s.explain(err)
	}
	return slices.Contains(keys, headerKey), nil
}
