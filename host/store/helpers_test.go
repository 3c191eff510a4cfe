package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// testClock makes deterministic times and ids.
func testClock(prefix string) vault.Clock {
	var mu sync.Mutex
	n := 0
	return vault.Clock{
		Now: func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) },
		NewID: func() string {
			mu.Lock()
			defer mu.Unlock()
			n++
			return fmt.Sprintf("%s-%06d", prefix, n)
		},
	}
}

// fillVault imports accounts x codes (GitHub-like values) and takes a few
// codes per account, so codes and events carry history.
func fillVault(t *testing.T, v *vault.Vault, accounts, codes int) {
	t.Helper()
	base := len(v.Accounts)
	c := testClock(fmt.Sprintf("id%d", base))
	for a := base; a < base+accounts; a++ {
		var cs []string
		for i := range codes {
			cs = append(cs, fmt.Sprintf("%05x-%05x", a, i))
		}
		acc, _, err := v.Import("github.com", fmt.Sprintf("user%d@example.com", a), cs, false, c)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		for range 3 {
			if _, err := v.Take(acc, "https://github.com/sessions/two-factor/recovery", c); err != nil {
				t.Fatalf("take: %v", err)
			}
		}
	}
}

func fileConfig(t *testing.T, pass string) Config {
	t.Helper()
	dir := t.TempDir()
	cfg := Config{
		Backend: BackendFile,
		FileDir: filepath.Join(dir, "keyring"),
		Timeout: 10 * time.Second,
		// The lowest scrypt cost: each test opens its vault afresh.
		ScryptWorkFactor: MinScryptWorkFactor,
	}
	if pass != "" {
		cfg.Passphrase = func() (string, error) { return pass, nil }
	}
	return cfg
}

// fakeKeyring is an in-memory Keyring with fault injection. It records
// every write so tests can assert that nothing was written.
type fakeKeyring struct {
	mu      sync.Mutex
	items   map[string][]byte
	sets    []string
	removes []string
	// getErr/setErr/removeErr, when non-nil, decide a call's failure by key.
	getErr    func(key string) error
	setErr    func(key string) error
	removeErr func(key string) error
	// block, when non-nil, makes Get wait until it is closed; blockSet
	// does the same for Set (the write still lands afterwards).
	block    chan struct{}
	blockSet chan struct{}
	gets     []string
	// panicOnGet makes Get panic, as go-libsecret can on a dismissed prompt.
	panicOnGet bool
}

func newFake() *fakeKeyring { return &fakeKeyring{items: map[string][]byte{}} }

func (f *fakeKeyring) Get(key string) ([]byte, error) {
	if f.block != nil {
		<-f.block
	}
	if f.panicOnGet {
		panic("interface conversion: interface {} is string, not dbus.ObjectPath")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets = append(f.gets, key)
	if f.getErr != nil {
		if err := f.getErr(key); err != nil {
			return nil, err
		}
	}
	d, ok := f.items[key]
	if !ok {
		return nil, ErrKeyNotFound
	}
	return slices.Clone(d), nil
}

func (f *fakeKeyring) Set(key string, data []byte) error {
	if f.blockSet != nil {
		<-f.blockSet
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.setErr != nil {
		if err := f.setErr(key); err != nil {
			return err
		}
	}
	f.sets = append(f.sets, key)
	f.items[key] = slices.Clone(data)
	return nil
}

func (f *fakeKeyring) Remove(key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.removeErr != nil {
		if err := f.removeErr(key); err != nil {
			return err
		}
	}
	f.removes = append(f.removes, key)
	delete(f.items, key)
	return nil
}

func (f *fakeKeyring) Keys() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var keys []string
	for k := range f.items {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys, nil
}

// snapshot copies the items, to compare before and after a failed call.
func (f *fakeKeyring) snapshot() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := map[string]string{}
	for k, v := range f.items {
		m[k] = string(v)
	}
	return m
}

// counts returns the Gets and writes (Sets and Removes) so far.
func (f *fakeKeyring) counts() (gets, sets int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.gets), len(f.sets) + len(f.removes)
}

// setsSince returns the keys Set after the first n Sets.
func (f *fakeKeyring) setsSince(n int) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sets[n:])
}

// chunks lists the keys that are chunks of a chunked item.
func chunks(keys []string) []string {
	var out []string
	for _, k := range keys {
		if k != headKey && k != dirKey && accountIDOf(k) == "" && !isLegacyKey(k) {
			out = append(out, k)
		}
	}
	return out
}

func hasPrefix(err error, prefix string) bool {
	return err != nil && strings.HasPrefix(err.Error(), prefix)
}
