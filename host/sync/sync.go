// Package sync keeps the vaults of one person's computers in step through
// a git remote they already have (docs/sync.md). Each machine writes one
// file on the remote: what it knows of every code (never its reservations),
// encrypted and authenticated with a random sync key that lives in the
// keyring. A sync pulls every machine's file, refuses the lot if any one
// does not open with the key, merges them into the local vault by union of
// events (vault.Merge), and pushes its own file back.
//
// The vault lock is held only for the merge itself: pull, then (lock: read,
// merge, write), then push. The network never waits under it.
package sync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// Vault is what sync needs of host/store: the vault, and the sync key kept
// beside it in the keyring.
type Vault interface {
	UpdateScope(ctx context.Context, sc store.Scope, fn func(*vault.Vault) error) error
	SyncKey(ctx context.Context) ([]byte, error)
	SetSyncKey(ctx context.Context, key []byte) error
}

// ErrNotSetUp: sync has no remote or no key on this machine yet.
var ErrNotSetUp error = &codedError{"sync is not set up on this computer: run `tearoff sync init REMOTE`", "not_found"}

// ErrBusy: another sync of this machine holds the sync lock.
var ErrBusy = errors.New("another sync is running on this computer")

// devicesDir holds one file per machine on the remote.
const devicesDir = "devices"

var deviceFileRE = regexp.MustCompile(`^[0-9a-f]{32}\.age$`)

// pushAttempts bounds the pull-merge-push rounds when other machines keep
// pushing in between.
const pushAttempts = 5

// Syncer syncs one machine's vault with the remote.
type Syncer struct {
	Store  Vault
	Dir    string // the sync dir: its state file, lock and git repository
	Remote string
	// Batch: no terminal to ask on (the native host): ssh must not prompt.
	Batch bool
	// Wait: wait for another sync of this machine to end, rather than
	// returning ErrBusy at once.
	Wait bool
	// KeepEvents is the history each account keeps after a merge (as
	// service.KeepEventsPerAccount); 0 keeps all of it.
	KeepEvents int
	Now        func() time.Time
}

// Report says what one sync changed here.
type Report struct {
	Machines int  // other machines whose files were read
	Used     int  // codes now used that were not
	Restored int  // codes back to unused or uncertain from used
	Revoked  int  // codes revoked by a replace on another machine
	Added    int  // accounts that came from another machine
	Removed  int  // accounts removed on another machine
	Pushed   bool // this machine's file on the remote was updated

	machines []string // every machine's name, sorted (State.Machines)
}

// Changed reports whether the sync changed the local vault.
func (r Report) Changed() bool {
	return r.Used+r.Restored+r.Revoked+r.Added+r.Removed > 0
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Run syncs once and records the outcome in the state file.
func (s *Syncer) Run(ctx context.Context) (Report, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	return s.record(ctx, nil)
}

// Init sets sync up against s.Remote and syncs at once. A machine with no
// key yet either makes one (an empty remote: the first machine) or asks
// for the one `tearoff sync key` shows on another machine (askKey). The
// key must open every file on the remote before anything is written;
// then the key is stored, save records the remote in the settings, and the
// first sync runs. created says a new key was made.
func (s *Syncer) Init(ctx context.Context, askKey func() (string, error), save func() error) (created bool, rep Report, err error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return false, Report{}, err
	}
	defer unlock()
	r := s.repo()
	if err := r.ensure(ctx); err != nil {
		return false, Report{}, err
	}
	head, err := r.remoteHead(ctx)
	if err != nil {
		return false, Report{}, fmt.Errorf("reaching the remote %s: %w; nothing was changed", s.Remote, err)
	}
	files, err := s.remoteFiles(ctx, r, head)
	if err != nil {
		return false, Report{}, err
	}
	key, err := s.Store.SyncKey(ctx)
	if err != nil {
		return false, Report{}, err
	}
	stored := key != nil
	switch {
	case key == nil && len(files.devices) == 0:
		if key, err = NewKey(); err != nil {
			return false, Report{}, err
		}
		created = true
	case key == nil:
		typed, err := askKey()
		if err != nil {
			return false, Report{}, err
		}
		if key, err = ParseKey(typed); err != nil {
			return false, Report{}, fmt.Errorf("%w; nothing was changed", err)
		}
	}
	if err := checkKey(key); err != nil {
		return false, Report{}, err
	}
	if _, err := s.open(ctx, r, files, key, ""); err != nil {
		return false, Report{}, fmt.Errorf("%w; nothing was changed", err)
	}
	if !stored {
		if err := s.Store.SetSyncKey(ctx, key); err != nil {
			return false, Report{}, err
		}
	}
	if err := save(); err != nil {
		return created, Report{}, err
	}
	rep, err = s.record(ctx, key)
	return created, rep, err
}

// lock takes sync's own lock: one sync per machine at a time, which also
// means no git of ours runs while a new sync clears stale git locks.
func (s *Syncer) lock(ctx context.Context) (func(), error) {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the sync dir: %w", err)
	}
	l := flock.New(filepath.Join(s.Dir, "sync.lock"))
	var ok bool
	var err error
	if s.Wait {
		ctx, cancel := context.WithTimeout(ctx, 2*gitTimeout)
		defer cancel()
		ok, err = l.TryLockContext(ctx, 50*time.Millisecond)
	} else {
		ok, err = l.TryLock()
	}
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("taking the sync lock: %w", err)
	}
	if !ok {
		return nil, ErrBusy
	}
	return func() { _ = l.Unlock() }, nil
}

// record runs one sync (with key, or the stored one) and saves how it went.
func (s *Syncer) record(ctx context.Context, key []byte) (Report, error) {
	st, err := LoadState(s.Dir)
	if err != nil {
		st = State{} // a damaged state file only costs a new machine name
	}
	if st.Machine == "" {
		if st.Machine, err = newMachineID(); err != nil {
			return Report{}, err
		}
	}
	rep, err := s.sync(ctx, key, st.Machine)
	st.LastAttempt = s.now().UTC()
	st.Error = ""
	if err != nil {
		st.Error = strings.Join(strings.Fields(err.Error()), " ")
	} else {
		st.LastSync = st.LastAttempt
		st.Machines = rep.machines
	}
	if serr := st.save(s.Dir); serr != nil && err == nil {
		err = serr
	}
	return rep, err
}

func (s *Syncer) repo() *repo {
	return &repo{dir: filepath.Join(s.Dir, "repo"), remote: s.Remote, batch: s.Batch}
}

// sync is pull, merge, push, again while other machines push in between.
func (s *Syncer) sync(ctx context.Context, key []byte, machine string) (Report, error) {
	if s.Remote == "" {
		return Report{}, ErrNotSetUp
	}
	if key == nil {
		var err error
		if key, err = s.Store.SyncKey(ctx); err != nil {
			return Report{}, err
		}
		if key == nil {
			return Report{}, ErrNotSetUp
		}
	}
	if err := checkKey(key); err != nil {
		return Report{}, err
	}
	r := s.repo()
	if err := r.ensure(ctx); err != nil {
		return Report{}, err
	}
	var total Report
	var lastErr error
	for range pushAttempts {
		head, err := r.remoteHead(ctx)
		if err != nil {
			return total, err
		}
		files, err := s.remoteFiles(ctx, r, head)
		if err != nil {
			return total, err
		}
		remote, err := s.open(ctx, r, files, key, machine)
		if err != nil {
			return total, err
		}
		rep, shared, err := s.merge(ctx, remote)
		if err != nil {
			return total, err
		}
		total.add(rep)
		if bytes.Equal(shared, remote.own) {
			return total, nil // the remote already holds what this machine knows
		}
		commit, err := s.commitFor(ctx, r, files, machine, key, shared)
		if err != nil {
			return total, err
		}
		err = r.push(ctx, commit)
		if err == nil {
			total.Pushed = true
			return total, nil
		}
		// Most often another machine pushed first (the push is refused, or
		// the remote's ref is locked while its push lands): go round again
		// on the remote's new commit. A remote that is gone fails the next
		// round's ls-remote; any other refusal ends after pushAttempts.
		lastErr = err
	}
	return total, fmt.Errorf("pushing, %d times: %w", pushAttempts, lastErr)
}

func (r *Report) add(o Report) {
	r.Machines = max(r.Machines, o.Machines)
	r.machines = o.machines
	r.Used += o.Used
	r.Restored += o.Restored
	r.Revoked += o.Revoked
	r.Added += o.Added
	r.Removed += o.Removed
}

// DefaultDir is the sync dir: "sync" in Tearoff's data dir.
func DefaultDir() (string, error) {
	dir, err := store.DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "sync"), nil
}
