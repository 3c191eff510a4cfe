package service

import (
	"context"
	"errors"
	"fmt"

	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// The popup's per-account actions for codes that go to, or were typed on,
// a device Tearoff cannot see (PROTOCOL.md "hand_out", "mark_used",
// "set_current"). They name the account by id, as the popup knows it.

// Spent is a code recorded as used by HandOut or MarkUsed, with the
// account's unused codes left after it.
type Spent struct {
	Code      vault.Code
	Remaining int
}

// HandOut gives the account's next unused code to be typed on another device
// and records it as used at once (vault.UsedOnAnotherDevice): nothing can see
// that device's submit, and a code shown is a code that may be spent. An
// uncertain code is never handed out. "I didn't use it" is RestoreByID.
func (s *Service) HandOut(ctx context.Context, accountID string) (Spent, error) {
	return s.spend(ctx, accountID, func(v *vault.Vault, acc *vault.Account) (vault.Code, error) {
		return v.Take(acc, vault.UsedOnAnotherDevice, s.Clock)
	})
}

// MarkUsed records a code the person typed somewhere Tearoff could not see
// (vault.UsedOnElsewhere). The code is normalised as the CLI's `use` does; a
// code the account does not hold is not_found, and a spent one is an
// *vault.AlreadyUsedError saying when and where.
func (s *Service) MarkUsed(ctx context.Context, accountID, code string) (Spent, error) {
	return s.spend(ctx, accountID, func(v *vault.Vault, acc *vault.Account) (vault.Code, error) {
		value, err := normalizeCode(acc.Site, code)
		if err != nil {
			return vault.Code{}, err
		}
		return v.Use(acc, value, vault.UsedOnElsewhere, s.Clock)
	})
}

// spend runs one of the account's code-spending operations under the lock
// and reports the code with what is left; errors say whose code it was.
func (s *Service) spend(ctx context.Context, accountID string, op func(*vault.Vault, *vault.Account) (vault.Code, error)) (Spent, error) {
	var out Spent
	err := s.update(ctx, store.Scope{Accounts: []string{accountID}}, func(v *vault.Vault) error {
		acc, err := v.AccountByID(accountID)
		if err != nil {
			return err
		}
		code, err := op(v, acc)
		if err != nil {
			return fmt.Errorf("%s account %q: %w", sites.Name(acc.Site), acc.Label, err)
		}
		// Re-resolve: the pointer may predate the change.
		if acc, err = v.AccountByID(accountID); err != nil {
			return err
		}
		out = Spent{Code: code, Remaining: acc.Remaining()}
		return nil
	})
	return out, err
}

// SetCurrent stores a code pasted from a one-code-at-a-time site (the
// catalogue's one_at_a_time: X, Microsoft, Bitwarden) as the account's
// current one once the site issued it; see vault.SetCurrent for what
// happens to the old code. Any other site is a bad request: its codes come
// as a set, which import replaces.
func (s *Service) SetCurrent(ctx context.Context, accountID, code string) (vault.Summary, error) {
	var sum vault.Summary
	// The site's other accounts come along: a site never gives two
	// accounts one code, and the import below checks that.
	err := s.update(ctx, store.Scope{Accounts: []string{accountID}, Siblings: true}, func(v *vault.Vault) error {
		acc, err := v.AccountByID(accountID)
		if err != nil {
			return err
		}
		if site, ok := sites.ByID(acc.Site); !ok || !site.OneAtATime {
			return BadRequestf("%s issues its backup codes as a set, not one at a time: import the new set instead.", sites.Name(acc.Site))
		}
		value, err := normalizeCode(acc.Site, code)
		if err != nil {
			return err
		}
		current, err := v.SetCurrent(acc, value, s.Clock)
		if errors.Is(err, vault.ErrAlreadyUsed) {
			return fmt.Errorf("%s account %q: that is the code already used, not a new one: %w", sites.Name(acc.Site), acc.Label, err)
		}
		if err != nil {
			return err
		}
		sum = summary(v, current)
		return nil
	})
	return sum, err
}
