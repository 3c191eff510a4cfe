package service

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// memStore is an in-memory Storage for unit tests. It keeps the vault as
// marshalled bytes, as a real store does, so every operation round-trips
// through the codec and no test can share pointers with the stored copy.
type memStore struct {
	mu      sync.Mutex
	data    []byte
	writes  int
	readErr error // when set, View and Update fail before calling fn
}

func (m *memStore) load() (*vault.Vault, error) {
	if m.readErr != nil {
		return nil, m.readErr
	}
	if m.data == nil {
		return vault.New(), nil
	}
	return vault.Unmarshal(m.data)
}

// ViewScope hands over the whole vault, as a scope allows.
func (m *memStore) ViewScope(ctx context.Context, _ store.Scope) (*vault.Vault, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.load()
}

// UpdateScope hands fn the whole vault, as a scope allows.
func (m *memStore) UpdateScope(ctx context.Context, _ store.Scope, fn func(*vault.Vault) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, err := m.load()
	if err != nil {
		return err
	}
	if err := fn(v); err != nil {
		return err
	}
	b, err := v.Marshal()
	if err != nil {
		return fmt.Errorf("marshal: %w", err)
	}
	m.data = b
	m.writes++
	return nil
}

func (m *memStore) snapshot() (string, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return string(m.data), m.writes
}

// testClock is a settable clock with sequential ids.
type testClock struct {
	mu  sync.Mutex
	now time.Time
	n   int
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)}
}

func (c *testClock) clock() vault.Clock {
	return vault.Clock{
		Now: func() time.Time {
			c.mu.Lock()
			defer c.mu.Unlock()
			return c.now
		},
		NewID: func() string {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.n++
			return fmt.Sprintf("id-%04d", c.n)
		},
	}
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var errRead = errors.New("simulated keyring read failure")
