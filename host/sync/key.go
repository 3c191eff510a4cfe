package sync

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
)

// A sync key is 18 random bytes (144 bits). It is shown as 32 letters and
// digits in eight groups of four, the last group partly a checksum, from an
// alphabet without look-alikes (no l, o, 0 or 1), so that a person can
// read it off one screen and type it on another; a typo is caught by the
// checksum rather than turning into a "wrong key".
const (
	keySize      = 18
	checksumSize = 2
)

var keyEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// ErrBadKey is a typed sync key that is not one: wrong length, a
// character outside the alphabet, or a checksum that does not match.
var ErrBadKey error = &codedError{"that is not a sync key", "bad_request"}

// NewKey makes a fresh random sync key.
func NewKey() ([]byte, error) {
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("making a sync key: %w", err)
	}
	return key, nil
}

// FormatKey shows key as eight dash-separated groups of four.
func FormatKey(key []byte) string {
	sum := sha256.Sum256(key)
	s := keyEncoding.EncodeToString(append(append([]byte{}, key...), sum[:checksumSize]...))
	var groups []string
	for i := 0; i < len(s); i += 4 {
		groups = append(groups, s[i:min(i+4, len(s))])
	}
	return strings.Join(groups, "-")
}

// ParseKey reads what FormatKey printed, ignoring case, spaces and dashes.
func ParseKey(typed string) ([]byte, error) {
	s := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return r
	}, typed)
	raw, err := keyEncoding.DecodeString(s)
	if err != nil || len(raw) != keySize+checksumSize {
		return nil, fmt.Errorf("%w: want 32 letters and digits as `tearoff sync key` prints them", ErrBadKey)
	}
	key := raw[:keySize]
	sum := sha256.Sum256(key)
	if !bytes.Equal(sum[:checksumSize], raw[keySize:]) {
		return nil, fmt.Errorf("%w: its checksum does not match (a typo?)", ErrBadKey)
	}
	return key, nil
}

func checkKey(key []byte) error {
	if len(key) != keySize {
		return fmt.Errorf("%w: the stored sync key has %d bytes, want %d", ErrBadKey, len(key), keySize)
	}
	return nil
}

// codedError names its protocol error code (host/service.Coder), which
// sets the CLI's exit status; host/service cannot import this package.
type codedError struct{ msg, code string }

func (e *codedError) Error() string     { return e.msg }
func (e *codedError) ErrorCode() string { return e.code }
