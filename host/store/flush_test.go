package store

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// batchFake is a fake keyring whose writes wait for a flush, as the file
// backend's do; it records the order of writes and flushes.
type batchFake struct {
	*fakeKeyring
	mu  sync.Mutex
	ops []string
}

func (b *batchFake) record(op string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ops = append(b.ops, op)
}

func (b *batchFake) Set(key string, data []byte) error {
	b.record("durable " + key)
	return b.fakeKeyring.Set(key, data)
}

func (b *batchFake) setUnsynced(key string, data []byte) error {
	op := key
	if accountIDOf(key) != "" {
		op = "acct"
	}
	b.record(op)
	return b.fakeKeyring.Set(key, data)
}

func (b *batchFake) flush() error {
	b.record("flush")
	return nil
}

// A change makes its writes durable once, at its end, and before any write
// that makes the ones before it reachable: new accounts before the head or
// directory that lists them.
func TestCommitFlushes(t *testing.T) {
	rename := func(v *vault.Vault) error {
		_, err := v.Rename(v.Accounts[1].ID, "renamed", testClock("rn"))
		return err
	}
	tests := []struct {
		name string
		fn   func(*vault.Vault) error
		want []string
	}{
		{"take", take, []string{headKey, "acct", "flush"}},
		{"import a new account", addAccount, []string{"acct", "flush", headKey, "flush"}},
		{"rename", rename, []string{headKey, "acct", "flush", dirKey, "flush"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := &batchFake{fakeKeyring: newFake()}
			s := fakeStore(t, kr, 5*time.Second)
			if err := s.Update(context.Background(), func(v *vault.Vault) error { fillVault(t, v, 3, 4); return nil }); err != nil {
				t.Fatal(err)
			}
			n := len(kr.ops)
			if err := s.Update(context.Background(), tt.fn); err != nil {
				t.Fatal(err)
			}
			if got := kr.ops[n:]; !slices.Equal(got, tt.want) {
				t.Errorf("writes and flushes = %v, want %v", got, tt.want)
			}
			if got := len(mustView(t, fakeStore(t, kr, time.Second)).Accounts); got < 3 {
				t.Errorf("a new process reads %d accounts, want at least 3", got)
			}
		})
	}
}
