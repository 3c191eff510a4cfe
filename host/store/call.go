package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// call runs one keyring operation with a deadline. The backends take no
// context and the Secret Service prompt wait never ends on its own, so the
// operation runs in a goroutine that is abandoned on timeout: the caller gets
// ErrTimeout and stops, and the store never issues a later write after a
// timed-out read (see Update), so an abandoned call cannot commit anything.
//
// A panic inside a backend (go-libsecret asserts on prompt results) becomes
// an ErrKeyring error instead of killing the native host.
func call(ctx context.Context, timeout time.Duration, backend, op, key string, f func() error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %s %s: %w", backend, op, key, err)
	}
	done := make(chan error, 1) // buffered: an abandoned call must not block forever
	go func() {
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
		return classify(backend, op, key, err)
	case <-timer.C:
		return fmt.Errorf("%w: %s: %s %s took longer than %s", ErrTimeout, backend, op, key, timeout)
	case <-ctx.Done():
		err := ctx.Err()
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("%w: %s: %s %s: %w", ErrTimeout, backend, op, key, err)
		}
		return fmt.Errorf("%s: %s %s: %w", backend, op, key, err)
	}
}
