package vault

import (
	"fmt"
	"strings"
	"time"
)

// next picks the code to offer: the first unused one, else the first
// uncertain one (uncertain=true), else an *ExhaustedError.
func next(a *Account, lane Lane) (i int, uncertain bool, err error) {
	first := -1
	for _, i := range lane.order(a) {
		switch a.Codes[i].State {
		case Unused:
			return i, false, nil
		case Uncertain:
			if first < 0 {
				first = i
			}
		}
	}
	if first >= 0 {
		return first, true, nil
	}
	return -1, false, &ExhaustedError{}
}

// Next returns the code that would be offered now, without changing
// anything. uncertain is true when no unused code is left and the code is
// an uncertain one, which must be shown with a warning.
func (v *Vault) Next(acc *Account) (Code, bool, error) {
	a, err := v.account(acc)
	if err != nil {
		return Code{}, false, err
	}
	i, uncertain, err := next(a, v.Lane)
	if err != nil {
		return Code{}, false, err
	}
	return a.Codes[i], uncertain, nil
}

// Take hands out the next UNUSED code and records it as used on usedOn
// (normally UsedOnCLI). It never hands out an uncertain code: when none is
// unused it returns an *ExhaustedError counting the uncertain ones.
func (v *Vault) Take(acc *Account, usedOn string, c Clock) (Code, error) {
	if err := c.check(); err != nil {
		return Code{}, err
	}
	a, err := v.account(acc)
	if err != nil {
		return Code{}, err
	}
	for _, i := range v.Lane.order(a) {
		if a.Codes[i].State == Unused {
			v.markUsed(a, i, usedOn, KindUse, c)
			return a.Codes[i], nil
		}
	}
	return Code{}, &ExhaustedError{Uncertain: a.Count(Uncertain)}
}

// Reserve hands the next code to a page at url and marks it reserved.
// uncertain is as for Next.
func (v *Vault) Reserve(acc *Account, url string, c Clock) (Code, bool, error) {
	if err := c.check(); err != nil {
		return Code{}, false, err
	}
	a, err := v.account(acc)
	if err != nil {
		return Code{}, false, err
	}
	i, uncertain, err := next(a, v.Lane)
	if err != nil {
		return Code{}, false, err
	}
	e := v.record(c, KindReserve, a.ID, a.Codes[i].ID, url)
	code := &a.Codes[i]
	code.State, code.WasUncertain = Reserved, uncertain
	code.ReservedAt, code.ReservedOn = e.Time, url
	a.Updated = e.Time
	return *code, uncertain, nil
}

// Consume records a reserved code as submitted on url. An uncertain code
// (a reservation that expired before the submit arrived) may be consumed
// too; any other state is a *StateError.
func (v *Vault) Consume(codeID, url string, c Clock) (Code, error) {
	if err := c.check(); err != nil {
		return Code{}, err
	}
	a, code, err := v.CodeByID(codeID)
	if err != nil {
		return Code{}, err
	}
	if code.State != Reserved && code.State != Uncertain {
		return Code{}, &StateError{CodeID: codeID, Op: "consume", State: code.State}
	}
	v.markUsed(a, v.codeIndex(a, codeID), url, KindConsume, c)
	return *code, nil
}

// Release returns a reserved code that was not submitted. It goes back to
// unused, or to uncertain if it was uncertain before it was reserved.
func (v *Vault) Release(codeID string, c Clock) (Code, error) {
	if err := c.check(); err != nil {
		return Code{}, err
	}
	a, code, err := v.CodeByID(codeID)
	if err != nil {
		return Code{}, err
	}
	if code.State != Reserved {
		return Code{}, &StateError{CodeID: codeID, Op: "release", State: code.State}
	}
	e := v.record(c, KindRelease, a.ID, codeID, "")
	code.State = Unused
	if code.WasUncertain {
		code.State = Uncertain
	}
	code.WasUncertain = false
	code.ReservedAt, code.ReservedOn = time.Time{}, ""
	a.Updated = e.Time
	return *code, nil
}

// ExpireReservations turns codes reserved more than ttl before now into
// uncertain ones: they may have been submitted without the submit being
// recorded. It returns how many expired.
func (v *Vault) ExpireReservations(now time.Time, ttl time.Duration, c Clock) (int, error) {
	if err := c.check(); err != nil {
		return 0, err
	}
	n := 0
	for i := range v.Accounts {
		a := &v.Accounts[i]
		for j := range a.Codes {
			code := &a.Codes[j]
			if code.State != Reserved || now.Sub(code.ReservedAt) <= ttl {
				continue
			}
			code.State, code.WasUncertain = Uncertain, false
			e := Event{ID: c.NewID(), Time: now, Kind: KindExpire, AccountID: a.ID, CodeID: code.ID, URL: code.ReservedOn}
			v.Events = append(v.Events, e)
			a.Updated = now
			n++
		}
	}
	return n, nil
}

// Use records a code typed by hand (value, normalised) as used on usedOn.
// If it was already used the error is an *AlreadyUsedError saying when and
// where. Unused, reserved and uncertain codes all become used; a revoked
// code is a *StateError.
func (v *Vault) Use(acc *Account, value, usedOn string, c Clock) (Code, error) {
	a, code, err := v.accountCode(acc, value, c)
	if err != nil {
		return Code{}, err
	}
	switch code.State {
	case Used:
		return Code{}, &AlreadyUsedError{CodeID: code.ID, At: code.UsedAt, On: code.UsedOn}
	case Revoked:
		return Code{}, &StateError{CodeID: code.ID, Op: "use", State: code.State}
	}
	v.markUsed(a, v.codeIndex(a, code.ID), usedOn, KindUse, c)
	return *code, nil
}

// Restore reverses a mistaken use: the account's used or uncertain code
// with that value becomes unused. It is, with RestoreByID, the only way
// back from used.
func (v *Vault) Restore(acc *Account, value string, c Clock) (Code, error) {
	a, code, err := v.accountCode(acc, value, c)
	if err != nil {
		return Code{}, err
	}
	return v.restore(a, code, c)
}

// accountCode is what Use and Restore check first: a working clock, the
// account as v holds it, and its code with that normalised value.
func (v *Vault) accountCode(acc *Account, value string, c Clock) (*Account, *Code, error) {
	if err := c.check(); err != nil {
		return nil, nil, err
	}
	a, err := v.account(acc)
	if err != nil {
		return nil, nil, err
	}
	code, err := a.codeByValue(value)
	if err != nil {
		return nil, nil, err
	}
	return a, code, nil
}

// RestoreByID is Restore for a code id.
func (v *Vault) RestoreByID(codeID string, c Clock) (Code, error) {
	if err := c.check(); err != nil {
		return Code{}, err
	}
	a, code, err := v.CodeByID(codeID)
	if err != nil {
		return Code{}, err
	}
	return v.restore(a, code, c)
}

func (v *Vault) restore(a *Account, code *Code, c Clock) (Code, error) {
	if code.State != Used && code.State != Uncertain {
		return Code{}, &StateError{CodeID: code.ID, Op: "restore", State: code.State}
	}
	e := v.record(c, KindRestore, a.ID, code.ID, "")
	state := Unused
	if code.Generation < a.Generation {
		// Its set was replaced: the site no longer takes it.
		state = Revoked
	}
	*code = Code{ID: code.ID, Value: code.Value, State: state, Generation: code.Generation,
		Restores: code.Restores + 1, Undid: code.EventID}
	a.Updated = e.Time
	return *code, nil
}

// Remove deletes an account and its codes. The remove event stays as a
// tombstone so that Merge does not bring the account back.
func (v *Vault) Remove(accID string, c Clock) error {
	if err := c.check(); err != nil {
		return err
	}
	i := v.accountIndex(accID)
	if i < 0 {
		return fmt.Errorf("account %q: %w", accID, ErrNotFound)
	}
	// A fresh slice, so an *Account a caller still holds keeps pointing at
	// the removed account's data rather than at its shifted neighbour.
	rest := make([]Account, 0, len(v.Accounts)-1)
	rest = append(append(rest, v.Accounts[:i]...), v.Accounts[i+1:]...)
	v.Accounts = rest
	v.record(c, KindRemove, accID, "", "")
	return nil
}

// Rename changes an account's label. A label already taken by another
// account of the same site is ErrDuplicate.
func (v *Vault) Rename(accID, label string, c Clock) (*Account, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	label, err := CleanLabel(label)
	if err != nil {
		return nil, fmt.Errorf("rename: %w", err)
	}
	a, err := v.AccountByID(accID)
	if err != nil {
		return nil, err
	}
	for i := range v.Accounts {
		o := &v.Accounts[i]
		if o.ID != a.ID && o.Site == a.Site && strings.EqualFold(o.Label, label) {
			return nil, fmt.Errorf("rename: %s already has an account %q: %w", a.Site, o.Label, ErrDuplicate)
		}
	}
	e := v.record(c, KindRename, a.ID, "", "")
	a.Label, a.Updated = label, e.Time
	return a, nil
}

func (v *Vault) markUsed(a *Account, i int, usedOn, kind string, c Clock) {
	e := v.record(c, kind, a.ID, a.Codes[i].ID, usedOn)
	code := &a.Codes[i]
	*code = Code{ID: code.ID, Value: code.Value, State: Used, UsedAt: e.Time, UsedOn: usedOn,
		EventID: e.ID, Generation: code.Generation, Restores: code.Restores, Undid: code.Undid}
	a.Updated = e.Time
}

func (v *Vault) codeIndex(a *Account, codeID string) int {
	for i := range a.Codes {
		if a.Codes[i].ID == codeID {
			return i
		}
	}
	return -1
}
