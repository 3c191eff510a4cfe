package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/99designs/keyring"
)

// codedError is a sentinel that also names its protocol error code
// (PROTOCOL.md "Error codes"), so host/service can map store errors through
// its Coder interface without a table entry for every sentinel.
type codedError struct {
	msg  string
	code string
}

func (e *codedError) Error() string     { return e.msg }
func (e *codedError) ErrorCode() string { return e.code }

// Sentinel errors; test with errors.Is. Each error the store returns wraps at
// most one of them, plus the underlying cause.
var (
	// ErrLocked: the keyring is locked, or the file backend has no passphrase.
	ErrLocked error = &codedError{"keyring is locked: unlock it and retry", "locked"}
	// ErrNoBackend: no usable keyring backend; the message names what was tried.
	ErrNoBackend error = &codedError{"no keyring backend is available", "no_backend"}
	// ErrTimeout: a keyring call or the vault lock took longer than Config.Timeout.
	ErrTimeout error = &codedError{"the keyring did not answer in time", "keyring"}
	// ErrBadPassphrase: the file backend's passphrase does not decrypt the vault.
	ErrBadPassphrase error = &codedError{"wrong passphrase for the file keyring", "bad_passphrase"}
	// ErrKeyring: any other keyring failure, or stored items that do not fit
	// together (missing chunk, bad checksum). Nothing is written after one.
	ErrKeyring error = &codedError{"keyring error", "keyring"}
)

// ErrKeyNotFound is what a Keyring returns from Get for a missing key. It is
// the keyring library's own sentinel, so real backends need no translation.
var ErrKeyNotFound = keyring.ErrKeyNotFound

// classify turns a raw backend error into one wrapping the right sentinel.
// The backends only report conditions as text, so this matches the texts
// seen from gnome-keyring, jose2go (file) and the macOS keychain.
func classify(backend, op, key string, err error) error {
	if err == nil || errors.Is(err, ErrKeyNotFound) {
		return err
	}
	for _, s := range []error{ErrLocked, ErrNoBackend, ErrTimeout, ErrBadPassphrase, ErrKeyring} {
		if errors.Is(err, s) {
			return err
		}
	}
	msg := strings.ToLower(err.Error())
	where := fmt.Sprintf("%s: %s %s", backend, op, key)
	switch {
	case strings.Contains(msg, "integrity check failed"):
		// jose2go's AES key unwrap fails exactly when the PBES2-derived key
		// is wrong; a damaged file fails earlier or in AES-GCM instead.
		return fmt.Errorf("%w (%s: %w)", ErrBadPassphrase, where, err)
	case strings.Contains(msg, "locked"),
		strings.Contains(msg, "interaction is not allowed"),
		strings.Contains(msg, "user canceled"):
		return fmt.Errorf("%w (%s: %w)", ErrLocked, where, err)
	case strings.Contains(msg, "object does not exist at path"):
		return fmt.Errorf("%w: %s: the Secret Service collection is missing: %w", ErrKeyring, where, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrKeyring, where, err)
}
