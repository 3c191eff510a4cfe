// Package service holds Tearoff's operations: the one place where the CLI
// and the native-messaging protocol turn a request into vault changes.
//
// Every mutation goes through Storage.Update, which holds the cross-process
// lock for the whole read-modify-write; a failed read never becomes a write
// (the store guarantees that, and nothing here works around it). Every
// Update first turns stale reservations into uncertain codes, so no caller
// ever sees a reservation older than ReserveTTL as live.
package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// Version is the host's version, printed by `tearoff version` and sent in
// the protocol's hello. Release builds set it with
// -ldflags "-X tearoff.dev/tearoff/host/service.Version=...".
var Version = "0.1.0-dev"

// DefaultReserveTTL is how long a code handed to a page stays reserved
// before it becomes uncertain (PROTOCOL.md "Reservations").
const DefaultReserveTTL = 10 * time.Minute

// KeepEventsPerAccount is how much history each account keeps: enough for
// the options page, while the stored vault (and so every keyring write)
// stays small. Each account's latest use is kept however old it is.
const KeepEventsPerAccount = 50

// Storage is the part of host/store the service needs. The real
// implementation is *store.Store; unit tests use an in-memory fake.
//
// Each operation names the accounts it needs (a store.Scope), so that one
// account's change costs one account however large the vault; a storage
// may always hand over more than the scope, never less.
type Storage interface {
	// ViewScope reads the accounts in scope under a shared lock. A read
	// error is an error, never an empty vault.
	ViewScope(ctx context.Context, sc store.Scope) (*vault.Vault, error)
	// UpdateScope runs fn on the freshly read accounts in scope under an
	// exclusive lock and writes what fn changed; if fn (or the read)
	// fails, nothing is written.
	UpdateScope(ctx context.Context, sc store.Scope, fn func(*vault.Vault) error) error
}

// Service runs Tearoff's operations against a Storage.
type Service struct {
	Store      Storage
	Clock      vault.Clock
	ReserveTTL time.Duration
	// Lane, when set, says where this machine starts looking for the next
	// code among the machines that sync the vault (vault.Lane, host/sync).
	Lane func() vault.Lane
}

// New returns a Service with the default reservation TTL.
func New(st Storage, clock vault.Clock) *Service {
	return &Service{Store: st, Clock: clock, ReserveTTL: DefaultReserveTTL}
}

// update is the only way this package mutates the vault: it expires stale
// reservations first, so every operation sees current states, and compacts
// old events after.
func (s *Service) update(ctx context.Context, sc store.Scope, fn func(*vault.Vault) error) error {
	return s.Store.UpdateScope(ctx, sc, func(v *vault.Vault) error {
		s.expire(v)
		s.lane(v)
		if err := fn(v); err != nil {
			return err
		}
		v.Compact(KeepEventsPerAccount)
		return nil
	})
}

// view reads the vault and applies reservation expiry to the in-memory copy
// only: reads never write, but they should still report what an Update
// would see.
func (s *Service) view(ctx context.Context, sc store.Scope) (*vault.Vault, error) {
	v, err := s.Store.ViewScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	s.expire(v)
	s.lane(v)
	return v, nil
}

func (s *Service) lane(v *vault.Vault) {
	if s.Lane != nil {
		v.Lane = s.Lane()
	}
}

func (s *Service) expire(v *vault.Vault) {
	if s.Clock.Now == nil {
		return // the operation itself reports the missing clock
	}
	ttl := s.ReserveTTL
	if ttl <= 0 {
		ttl = DefaultReserveTTL
	}
	// The only error is a missing clock, which every later operation
	// reports too; expiring nothing is the safe outcome.
	_, _ = v.ExpireReservations(s.Clock.Now(), ttl, s.Clock)
}

// siteScope is the scope of the site a person typed; when it does not
// resolve, the whole vault (the operation then says why it failed).
func siteScope(site string) store.Scope {
	key, err := canonicalSite(site)
	if err != nil {
		return store.Scope{}
	}
	return store.Scope{Sites: []string{key}}
}

// find resolves a user-typed site ("github", "github.com", a URL) to its
// canonical key and the matching account.
func find(v *vault.Vault, site, label string) (*vault.Account, error) {
	key, err := canonicalSite(site)
	if err != nil {
		return nil, err
	}
	return v.Find(key, label)
}

// canonicalSite turns what a person typed into the catalogue key (or the
// registrable domain for a site outside the catalogue).
func canonicalSite(site string) (string, error) {
	if strings.TrimSpace(site) == "" {
		return "", BadRequestf("a site is required (for example --site github)")
	}
	key, err := sites.Canonical(site)
	if errors.Is(err, sites.ErrUnknownSite) {
		// The parser's detail (a URL error) would not help a person.
		return "", fmt.Errorf("%w %q: give a name such as github or the site's domain such as example.com", sites.ErrUnknownSite, site)
	}
	if err != nil {
		return "", fmt.Errorf("site %q: %w", site, err)
	}
	return key, nil
}
