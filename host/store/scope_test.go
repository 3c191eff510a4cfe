package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// A scoped update sees only the accounts in scope; what it adds, changes
// or removes lands, and every account out of scope is left exactly as it
// was, whatever fn does to its own vault.
func TestScopedUpdates(t *testing.T) {
	ctx := context.Background()
	c := testClock("scope")
	tests := []struct {
		name      string
		scope     func(v *vault.Vault) Scope
		fn        func(t *testing.T, v *vault.Vault) error
		wantSeen  int // accounts fn sees
		wantAfter int // accounts in the vault afterwards
		wantErr   error
	}{
		{"one account by id", func(v *vault.Vault) Scope { return Scope{Accounts: []string{v.Accounts[1].ID}} },
			func(t *testing.T, v *vault.Vault) error {
				_, err := v.Take(&v.Accounts[0], vault.UsedOnCLI, c)
				return err
			}, 1, 5, nil},
		{"the account holding a code", func(v *vault.Vault) Scope { return Scope{Codes: []string{v.Accounts[2].Codes[5].ID}} },
			func(t *testing.T, v *vault.Vault) error { return nil }, 1, 5, nil},
		{"a site, adding an account", func(*vault.Vault) Scope { return Scope{Sites: []string{"gitlab.com"}} },
			func(t *testing.T, v *vault.Vault) error { return addAccount(v) }, 2, 6, nil},
		{"a site, removing an account", func(*vault.Vault) Scope { return Scope{Sites: []string{"gitlab.com"}} },
			func(t *testing.T, v *vault.Vault) error { return v.Remove(v.Accounts[0].ID, c) }, 2, 4, nil},
		{"siblings catch a duplicate label", func(v *vault.Vault) Scope {
			return Scope{Accounts: []string{v.Accounts[3].ID}, Siblings: true}
		}, func(t *testing.T, v *vault.Vault) error {
			_, err := v.Rename(v.Accounts[0].ID, "gitlab-b", c)
			return err
		}, 2, 5, vault.ErrDuplicate},
		{"a site with no account", func(*vault.Vault) Scope { return Scope{Sites: []string{"nowhere.example"}} },
			func(t *testing.T, v *vault.Vault) error { v.Accounts = nil; return nil }, 0, 5, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := newFake()
			s := fakeStore(t, kr, 5*time.Second)
			if err := s.Update(ctx, func(v *vault.Vault) error {
				fillVault(t, v, 3, 8) // github.com
				for _, label := range []string{"gitlab-a", "gitlab-b"} {
					if _, _, err := v.Import("gitlab.com", label, []string{label + "-0000000001", label + "-0000000002"}, false, c); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			before := mustView(t, s)
			sc := tt.scope(before)
			seen := -1
			err := s.UpdateScope(ctx, sc, func(v *vault.Vault) error {
				seen = len(v.Accounts)
				return tt.fn(t, v)
			})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("UpdateScope error = %v, want %v", err, tt.wantErr)
			}
			if seen != tt.wantSeen {
				t.Errorf("fn saw %d accounts, want %d", seen, tt.wantSeen)
			}
			after := mustView(t, fakeStore(t, kr, time.Second))
			if len(after.Accounts) != tt.wantAfter {
				t.Fatalf("accounts after = %d, want %d", len(after.Accounts), tt.wantAfter)
			}
			inScope, err := s.ViewScope(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range before.Accounts {
				if slices.ContainsFunc(inScope.Accounts, func(b vault.Account) bool { return b.ID == a.ID }) {
					continue
				}
				got, err := after.AccountByID(a.ID)
				if err != nil && tt.name != "a site, removing an account" {
					t.Errorf("account %s out of scope is gone: %v", a.Label, err)
					continue
				}
				if err == nil && !accountEqual(&a, got) {
					t.Errorf("account %s out of scope changed", a.Label)
				}
			}
		})
	}
}

// A process that has read only the accounts in scope changes them without
// losing or doubling the ones it never read.
func TestColdScopedUpdateKeepsUnreadAccounts(t *testing.T) {
	ctx := context.Background()
	kr := newFake()
	if err := fakeStore(t, kr, 5*time.Second).Update(ctx, func(v *vault.Vault) error {
		fillVault(t, v, 5, 8)
		return addAccount(v)
	}); err != nil {
		t.Fatal(err)
	}
	cold := fakeStore(t, kr, 5*time.Second)
	c := testClock("cold")
	for _, fn := range []func(v *vault.Vault) error{
		func(v *vault.Vault) error { _, err := v.Take(&v.Accounts[0], vault.UsedOnCLI, c); return err },
		func(v *vault.Vault) error {
			_, _, err := v.Import("gitlab.com", "second", []string{"fedcba9876543210"}, false, c)
			return err
		},
	} {
		if err := cold.UpdateScope(ctx, Scope{Sites: []string{"gitlab.com"}}, fn); err != nil {
			t.Fatal(err)
		}
	}
	v := mustView(t, fakeStore(t, kr, time.Second))
	ids := map[string]int{}
	for _, a := range v.Accounts {
		ids[a.ID]++
	}
	if len(v.Accounts) != 7 || len(ids) != 7 {
		t.Fatalf("accounts after cold scoped updates = %d (%d distinct), want 7", len(v.Accounts), len(ids))
	}
}

// A process that has not read the account holding a code finds it all the
// same: consume and release may come to a host that did not reserve.
func TestColdScopeByCode(t *testing.T) {
	kr := newFake()
	var code string
	if err := fakeStore(t, kr, 5*time.Second).Update(context.Background(), func(v *vault.Vault) error {
		fillVault(t, v, 20, 8)
		code = v.Accounts[13].Codes[4].ID
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	v, err := fakeStore(t, kr, 5*time.Second).ViewScope(context.Background(), Scope{Codes: []string{code}})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Accounts) != 1 {
		t.Fatalf("scope by code gave %d accounts, want 1", len(v.Accounts))
	}
	if _, c, err := v.CodeByID(code); err != nil || c.ID != code {
		t.Fatalf("the account in scope lacks the code: %v", err)
	}
}

// A view without history holds every account and code but no event, and
// the flag never reaches a change: an update given it keeps every event.
func TestNoHistory(t *testing.T) {
	ctx := context.Background()
	kr := newFake()
	s := fakeStore(t, kr, 5*time.Second)
	if err := s.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 3, 8); return nil }); err != nil {
		t.Fatal(err)
	}
	full := mustView(t, s)
	if len(full.Events) == 0 {
		t.Fatal("the filled vault has no events to leave out")
	}
	bare, err := s.ViewScope(ctx, Scope{NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(bare.Events) != 0 || !slices.EqualFunc(bare.Accounts, full.Accounts, func(a, b vault.Account) bool { return accountEqual(&a, &b) }) {
		t.Fatalf("a view without history has %d events and accounts equal = false, want 0 and the same accounts", len(bare.Events))
	}
	c := testClock("nohistory")
	if err := s.UpdateScope(ctx, Scope{NoHistory: true}, func(v *vault.Vault) error {
		if len(v.Events) != len(full.Events) {
			t.Errorf("the update saw %d events, want %d", len(v.Events), len(full.Events))
		}
		_, err := v.Take(&v.Accounts[0], vault.UsedOnCLI, c)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	after := mustView(t, fakeStore(t, kr, time.Second))
	if len(after.Events) != len(full.Events)+1 {
		t.Fatalf("events after the update = %d, want %d", len(after.Events), len(full.Events)+1)
	}
}
