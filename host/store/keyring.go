package store

import (
	"errors"
	"io/fs"

	"github.com/99designs/keyring"
)

// Keyring is the little the store needs from a backend. Get returns
// ErrKeyNotFound for a missing key; Remove of a missing key is not an error.
// Calls need not honour deadlines: the store wraps each one in a timeout.
type Keyring interface {
	Get(key string) ([]byte, error)
	Set(key string, data []byte) error
	Remove(key string) error
	Keys() ([]string, error)
}

// batchKeyring is a Keyring whose writes can share one sync: setUnsynced
// puts an item in place for every reader at once, and flush makes all of
// them durable. The file backend fsyncs its directory once per change this
// way instead of once per item (commit.go says where it must flush).
type batchKeyring interface {
	setUnsynced(key string, data []byte) error
	flush() error
}

// libKeyring adapts a 99designs/keyring backend.
type libKeyring struct {
	kr keyring.Keyring
}

func (k libKeyring) Get(key string) ([]byte, error) {
	item, err := k.kr.Get(key)
	if err != nil {
		return nil, err
	}
	return item.Data, nil
}

func (k libKeyring) Set(key string, data []byte) error {
	return k.kr.Set(keyring.Item{
		Key:   key,
		Data:  data,
		Label: key,
		// Items stay on this machine and are readable only while the
		// keychain is unlocked (macOS; ignored elsewhere).
		KeychainNotSynchronizable: true,
	})
}

func (k libKeyring) Remove(key string) error {
	err := k.kr.Remove(key)
	// Backends disagree about a missing key (ErrKeyNotFound, ENOENT, nil).
	if errors.Is(err, keyring.ErrKeyNotFound) || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func (k libKeyring) Keys() ([]string, error) { return k.kr.Keys() }
