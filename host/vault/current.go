package vault

import "fmt"

// SetCurrent stores value (normalised) as the account's one current code, for
// sites that show one backup code at a time and issue the next after each use
// (X, Microsoft, Bitwarden; the caller checks the site). It is an import with
// replace: the new code starts a new set, every old code that is not used is
// revoked, and used codes stay used as history, so sync and the summaries
// treat it like any other new set.
//
// A value the account already holds is not a new code: if that code is used
// the error is an *AlreadyUsedError saying when and where (the person pasted
// the spent code again); if it is the current set's live code nothing
// changes; a revoked one is a *StateError. Nothing changes on any error.
func (v *Vault) SetCurrent(acc *Account, value string, c Clock) (*Account, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	a, err := v.account(acc)
	if err != nil {
		return nil, err
	}
	if value == "" {
		return nil, fmt.Errorf("set current code: the code is empty: %w", ErrInvalid)
	}
	if held, err := a.codeByValue(value); err == nil {
		switch {
		case held.State == Used:
			return nil, &AlreadyUsedError{CodeID: held.ID, At: held.UsedAt, On: held.UsedOn}
		case held.State == Revoked || held.Generation != a.Generation:
			return nil, &StateError{CodeID: held.ID, Op: "set as current", State: held.State}
		}
		return a, nil // already the current code
	}
	a, _, err = v.ImportMarked(a.Site, a.Label, []string{value}, nil, true, c)
	return a, err
}
