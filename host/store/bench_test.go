package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// BenchmarkTake measures one Update that takes a code, on an in-memory
// keyring, so what it shows is the store's own work at each vault size.
func BenchmarkTake(b *testing.B) {
	withoutChecks(b)
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			kr := newFake()
			s, err := OpenKeyring(kr, "fake", Config{LockPath: b.TempDir() + "/l", Timeout: time.Minute})
			if err != nil {
				b.Fatal(err)
			}
			t := &testing.T{}
			if err := s.Update(context.Background(), func(v *vault.Vault) error { fillVault(t, v, n, 16); return nil }); err != nil {
				b.Fatal(err)
			}
			c := testClock("bench")
			ids := make([]string, 0, n)
			for _, e := range s.snap.dir.Accounts {
				ids = append(ids, e.ID)
			}
			b.ResetTimer()
			for i := range b.N {
				sc := Scope{Accounts: []string{ids[i%n]}}
				if err := s.UpdateScope(context.Background(), sc, func(v *vault.Vault) error {
					a := &v.Accounts[0]
					if _, err := v.Take(a, vault.UsedOnCLI, c); err != nil {
						_, err = v.Restore(a, a.Codes[0].Value, c)
						return err
					}
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkViewSite measures what an offer asks of the store, a ViewScope
// of one site, beside vaults of each size whose other accounts are each on
// a site of their own (as bench/proto builds them).
func BenchmarkViewSite(b *testing.B) {
	withoutChecks(b)
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			s, err := OpenKeyring(newFake(), "fake", Config{LockPath: b.TempDir() + "/l", Timeout: time.Minute})
			if err != nil {
				b.Fatal(err)
			}
			c := testClock("bench")
			if err := s.Update(context.Background(), func(v *vault.Vault) error {
				for a := range n {
					if _, _, err := v.Import(fmt.Sprintf("site%d.example", a), "me", []string{fmt.Sprintf("%05x-00000", a)}, false, c); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			sc := Scope{Sites: []string{"site0.example"}}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				v, err := s.ViewScope(context.Background(), sc)
				if err != nil || len(v.Accounts) != 1 {
					b.Fatal(err, v)
				}
			}
		})
	}
}

// withoutChecks turns off the tests' check of the directory index, which
// walks the whole directory on every selection (index_test.go).
func withoutChecks(b *testing.B) {
	check := checkSelection
	checkSelection = nil
	b.Cleanup(func() { checkSelection = check })
}
