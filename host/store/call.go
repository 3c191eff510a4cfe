package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// call runs one keyring operation with a deadline. The backends take no
// context and the Secret Service prompt wait never ends on its own, so the
// operation runs in a goroutine that is abandoned on timeout: the caller
// gets ErrTimeout and stops.
//
// An abandoned read is harmless. An abandoned write is not: it may still
// land. running, when not nil, counts the operation until it really ends,
// and the store keeps the vault lock until then (see Store.release), so an
// abandoned write can never land after another process has taken the lock.
//
// A panic inside a backend (go-libsecret asserts on prompt results) becomes
// an ErrKeyring error instead of killing the native host.
func call(ctx context.Context, timeout time.Duration, backend, op, key string, running *sync.WaitGroup, f func() error) (abandoned bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("%s: %s %s: %w", backend, op, key, err)
	}
	done := make(chan error, 1) // buffered: an abandoned call must not block forever
	if running != nil {
		running.Add(1)
	}
	go func() {
		if running != nil {
			defer running.Done()
		}
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("%w: %s: %s %s: backend panicked: %v", ErrKeyring, backend, op, key, r)
			}
		}()
		done <- f()
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return false, classify(backend, op, key, err)
	case <-timer.C:
		return true, fmt.Errorf("%w: %s: %s %s took longer than %s", ErrTimeout, backend, op, key, timeout)
	case <-ctx.Done():
		err := ctx.Err()
		if errors.Is(err, context.DeadlineExceeded) {
			return true, fmt.Errorf("%w: %s: %s %s: %w", ErrTimeout, backend, op, key, err)
		}
		return true, fmt.Errorf("%s: %s %s: %w", backend, op, key, err)
	}
}

// callOnce is call for operations that change nothing (open, list,
// probes): nothing waits for them when they are abandoned.
func callOnce(ctx context.Context, timeout time.Duration, backend, op, key string, f func() error) error {
	_, err := call(ctx, timeout, backend, op, key, nil, f)
	return err
}
