//go:build !linux

package store

import (
	"context"
	"errors"
	"time"
)

// openSecretService: the Secret Service is a Linux (D-Bus) keyring, and
// openBackend never gets here elsewhere (the library lists it only there).
func openSecretService(time.Duration, string) (Keyring, func(context.Context) (bool, error), error) {
	return nil, nil, errors.New(unavailableReason(BackendSecretService))
}
