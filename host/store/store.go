// Package store keeps the vault in the OS keyring: it chooses the backend,
// bounds every keyring call with a timeout, serialises read-modify-write
// cycles across processes with a file lock that lives with the vault, and
// lays the vault out as one item per account under a directory and a small
// change record (layout.go), so that a change costs one account, not the
// vault. docs/store.md explains the layout and why it survives a crash.
//
// Its one promise: a vault that cannot be read is an error, never an empty
// vault, and nothing is written after a failed read.
package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// Store is an opened keyring holding the vault. It is safe for concurrent
// use: every View and Update takes the cross-process lock, and a process
// keeps the decoded vault between them, revalidated by one read.
type Store struct {
	backend   *backend
	timeout   time.Duration
	lock      string
	itemLimit int
	logf      func(format string, args ...any)

	mu   sync.Mutex // guards snap, and serialises this process's operations
	snap *snapshot  // nil: read everything on the next operation
	// running counts keyring writes still under way, including abandoned
	// ones; the vault lock is held until they end (release).
	running   sync.WaitGroup
	abandoned bool // a write of the current operation was abandoned
	batching  bool // inside commit: writes wait for its flushes (set)
}

// Info describes the store for `tearoff doctor` and the protocol's hello.
type Info struct {
	Backend  string // e.g. "secret-service", "file"
	Location string // where the items live (collection, directory, ...)
	LockPath string // the cross-process lock that guards this vault
	Locked   bool   // locked keyring, or file backend without the right passphrase
	// NeedsPassphrase: the file backend has no passphrase yet, or a wrong
	// one (an `unlock` request or TEAROFF_FILE_PASSPHRASE provides it).
	NeedsPassphrase bool
	Accounts        int   // accounts in the vault, when it could be read
	Err             error // why the vault could not be read, if it could not
}

// Open chooses and opens the keyring backend (Config.Backend, or the
// platform's order with the file vault as the fallback, choice.go). It
// fails with ErrNoBackend naming what was tried. It does not read the vault: a locked keyring or a missing passphrase shows up
// on the first View or Update.
func Open(cfg Config) (*Store, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	b, err := openChosen(cfg)
	if err != nil {
		return nil, err
	}
	return newStore(b, cfg)
}

// OpenKeyring returns a Store over an already opened Keyring: for tests that
// inject faults, or for callers with a keyring of their own. name is what
// Info reports as the backend; the lock is Config.LockPath.
func OpenKeyring(kr Keyring, name string, cfg Config) (*Store, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if cfg.LockPath == "" {
		return nil, errors.New("store: OpenKeyring needs Config.LockPath")
	}
	open := func() (Keyring, error) { return kr, nil }
	b := &backend{name: name, location: name, open: open, legacy: open, names: open}
	return newStore(b, cfg)
}

func newStore(b *backend, cfg Config) (*Store, error) {
	lock, err := lockPath(cfg, b)
	if err != nil {
		return nil, err
	}
	limit := cfg.ItemLimit
	if limit <= 0 {
		limit = itemLimit(b.name)
	}
	return &Store{
		backend:   b,
		timeout:   cfg.Timeout,
		lock:      lock,
		itemLimit: limit,
		logf: func(format string, args ...any) {
			fmt.Fprintf(os.Stderr, "tearoff: "+format+"\n", args...)
		},
	}, nil
}

// Backend is the name of the backend in use.
func (s *Store) Backend() string { return s.backend.name }

// Location says where the backend keeps the items.
func (s *Store) Location() string { return s.backend.location }

// LockPath is the lock file every process opening this vault takes.
func (s *Store) LockPath() string { return s.lock }

// Close waits for keyring writes that a timeout abandoned: until they end,
// the process must hold the vault lock (it does, see release), and exiting
// would let a late write land under another process's lock.
func (s *Store) Close() {
	s.running.Wait()
}

// View reads the whole vault under a shared lock. No vault yet is an
// empty vault; any failure to read is an error. The vault returned is the
// caller's.
func (s *Store) View(ctx context.Context) (*vault.Vault, error) {
	return s.ViewScope(ctx, Scope{})
}

// ViewScope is View of the accounts in scope only.
func (s *Store) ViewScope(ctx context.Context, sc Scope) (*vault.Vault, error) {
	kr, release, err := s.acquire(ctx, false)
	if err != nil {
		return nil, err
	}
	defer release()
	if err := s.refresh(ctx, kr); err != nil {
		return nil, s.explain(err)
	}
	ids, err := s.scoped(ctx, kr, sc)
	if err != nil {
		return nil, s.explain(err)
	}
	return s.snap.buildVault(ids, sc.whole(), !sc.NoHistory)
}

// Update reads the whole vault, runs fn on it and writes what fn changed,
// all under the exclusive cross-process lock. If the read or fn fails,
// nothing is written; fn's error is returned as it is, so callers keep its
// message and can match it with errors.Is/As. An fn that changes nothing
// writes nothing.
func (s *Store) Update(ctx context.Context, fn func(*vault.Vault) error) error {
	return s.UpdateScope(ctx, Scope{}, fn)
}

// UpdateScope is Update on a vault of the accounts in scope only: fn may
// change, remove or add accounts; the accounts out of scope stay as they are.
func (s *Store) UpdateScope(ctx context.Context, sc Scope, fn func(*vault.Vault) error) error {
	kr, release, err := s.acquire(ctx, true)
	if err != nil {
		return err
	}
	defer release()
	if err := s.refresh(ctx, kr); err != nil {
		return fmt.Errorf("%w; nothing was written", s.explain(err))
	}
	ids, err := s.scoped(ctx, kr, sc)
	if err != nil {
		return fmt.Errorf("%w; nothing was written", s.explain(err))
	}
	whole := sc.whole() || s.snap.needsDir
	v, err := s.snap.vaultOf(ids, whole)
	if err != nil {
		return err
	}
	if err := fn(v); err != nil {
		return err
	}
	p := s.snap.diff(v, ids, whole)
	if p.empty() {
		return nil
	}
	if err := s.commit(ctx, kr, p); err != nil {
		// What landed is unknown: read everything again next time.
		s.snap = nil
		return err
	}
	return nil
}

// acquire takes the vault lock and this process's mutex, and opens the
// keyring. release gives both back; after an abandoned write it keeps the
// vault lock until that write has really ended.
func (s *Store) acquire(ctx context.Context, exclusive bool) (Keyring, func(), error) {
	if s.backend.prepare != nil {
		_ = s.backend.prepare() // a missing passphrase shows where it is needed
	}
	unlock, err := lockVault(ctx, s.lock, exclusive, s.timeout)
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	s.abandoned = false
	release := func() {
		abandoned := s.abandoned
		s.mu.Unlock()
		if !abandoned {
			unlock()
			return
		}
		s.logf("a keyring write timed out; the vault lock %s stays held until it ends", s.lock)
		go func() {
			s.running.Wait()
			unlock()
		}()
	}
	kr, err := s.backend.open()
	if err != nil {
		release()
		return nil, nil, err
	}
	return kr, release, nil
}

func (s *Store) get(ctx context.Context, kr Keyring, key string) ([]byte, error) {
	var data []byte
	err := callOnce(ctx, s.timeout, s.backend.name, "get", key, func() (err error) { data, err = kr.Get(key); return err })
	return data, err
}

// set writes one item. Within a commit, on a batchKeyring, it is durable
// only after the next flush, which commit does before anything can depend
// on it; anywhere else it is durable when it returns.
func (s *Store) set(ctx context.Context, kr Keyring, key string, data []byte) error {
	if b, ok := kr.(batchKeyring); ok && s.batching {
		return s.write(ctx, "set", key, func() error { return b.setUnsynced(key, data) })
	}
	return s.write(ctx, "set", key, func() error { return kr.Set(key, data) })
}

// flush makes the writes so far durable (see set).
func (s *Store) flush(ctx context.Context, kr Keyring) error {
	if b, ok := kr.(batchKeyring); ok {
		return s.write(ctx, "sync", "the written items", b.flush)
	}
	return nil
}

func (s *Store) remove(ctx context.Context, kr Keyring, key string) error {
	return s.write(ctx, "remove", key, func() error { return kr.Remove(key) })
}

func (s *Store) write(ctx context.Context, op, key string, f func() error) error {
	abandoned, err := call(ctx, s.timeout, s.backend.name, op, key, &s.running, f)
	if abandoned {
		s.abandoned = true
	}
	return err
}

func (s *Store) keys(ctx context.Context, kr Keyring) ([]string, error) {
	var keys []string
	err := callOnce(ctx, s.timeout, s.backend.name, "list", "keys", func() (err error) { keys, err = kr.Keys(); return err })
	return keys, err
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
