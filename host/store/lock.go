package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// lockRetry is how often a waiting process retries the lock. flock has no
// blocking wait that honours a context, so TryLockContext polls.
const lockRetry = 5 * time.Millisecond

// lockVault takes the cross-process vault lock: exclusive for Update, shared
// for View (so a reader never sees a half-written generation). Every
// acquisition opens its own descriptor, so goroutines of one process exclude
// each other too. The wait is bounded by ctx and by timeout.
func lockVault(ctx context.Context, path string, exclusive bool, timeout time.Duration) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("%w: creating the vault lock dir: %w", ErrKeyring, err)
	}
	fl := flock.New(path, flock.SetPermissions(0o600))
	lctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var ok bool
	if exclusive {
		ok, err = fl.TryLockContext(lctx, lockRetry)
	} else {
		ok, err = fl.TryRLockContext(lctx, lockRetry)
	}
	if err == nil && !ok {
		err = errors.New("not acquired")
	}
	if err != nil {
		_ = fl.Close()
		switch {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("waiting for the vault lock %s: %w", path, ctx.Err())
		case errors.Is(err, context.DeadlineExceeded):
			return nil, fmt.Errorf("%w: another tearoff process held the vault lock %s for over %s", ErrTimeout, path, timeout)
		}
		return nil, fmt.Errorf("%w: taking the vault lock %s: %w", ErrKeyring, path, err)
	}
	return func() {
		// Close releases the lock as well; an error here cannot be acted on
		// and the kernel drops the lock with the descriptor anyway.
		if err := fl.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "tearoff: releasing the vault lock %s: %v\n", path, err)
		}
	}, nil
}
