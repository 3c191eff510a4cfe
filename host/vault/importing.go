package vault

import (
	"errors"
	"fmt"
	"strings"
)

// UsedOnImport is the usedOn value of codes that the imported file itself
// marked as used (a tick or "used" beside them). When they were spent is not
// known; UsedAt is the import time and Summary does not count them as the
// account's last use.
const UsedOnImport = "import"

// Import adds already-normalised codes to the site's account with that
// label, creating the account if needed, and returns it with the number of
// codes added. It is ImportMarked with no code marked as used.
func (v *Vault) Import(site, label string, codes []string, replace bool, c Clock) (*Account, int, error) {
	return v.ImportMarked(site, label, codes, nil, replace, c)
}

// ImportMarked is Import for a file that marks some of its codes as already
// used: each value in used (which must also be in codes) is stored as used
// on UsedOnImport, with its own "use" event after the import event, so the
// history shows it and restore can undo it like any other use.
//
// Without replace, any code already present in the account, or repeated in
// the input, is ErrDuplicate and nothing changes. With replace (the site
// regenerated its codes), every old code that is not used becomes revoked
// and is never offered again; used codes stay used as history.
//
// With or without replace, a code that another account of the same site
// holds is ErrDuplicate naming that account: a site never gives two of its
// accounts the same code, so it is the other account's file, and storing it
// twice would let both accounts hand the one code out. This counts the other
// account's codes in every state, revoked ones too: a value from another
// account's replaced set still means the file is not this account's (it
// would only put dead codes up for offer), and random codes coinciding across
// accounts is far less likely than a mixed-up file.
func (v *Vault) ImportMarked(site, label string, codes, used []string, replace bool, c Clock) (*Account, int, error) {
	if err := c.check(); err != nil {
		return nil, 0, err
	}
	label, err := CleanLabel(label)
	switch {
	case strings.TrimSpace(site) == "":
		return nil, 0, fmt.Errorf("import: site is required: %w", ErrInvalid)
	case err != nil:
		return nil, 0, fmt.Errorf("import: %w", err)
	case len(codes) == 0:
		return nil, 0, fmt.Errorf("import: no codes given: %w", ErrInvalid)
	}
	seen := make(map[string]bool, len(codes))
	for i, code := range codes {
		if code == "" {
			return nil, 0, fmt.Errorf("import: code %d is empty: %w", i+1, ErrInvalid)
		}
		if seen[code] {
			return nil, 0, fmt.Errorf("import: code %d appears twice in the input: %w", i+1, ErrDuplicate)
		}
		seen[code] = true
	}
	spent := make(map[string]bool, len(used))
	for _, u := range used {
		if !seen[u] {
			return nil, 0, fmt.Errorf("import: a code marked used is not among the codes: %w", ErrInvalid)
		}
		spent[u] = true
	}

	acc, err := v.Find(site, label)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, 0, fmt.Errorf("import: %w", err)
	}
	if err := v.heldElsewhere(site, acc, seen); err != nil {
		return nil, 0, err
	}
	if acc != nil && !replace {
		for _, old := range acc.Codes {
			if seen[old.Value] {
				return nil, 0, fmt.Errorf("import: a code is already stored for %s account %q (%s): %w",
					site, acc.Label, old.State, ErrDuplicate)
			}
		}
	}

	// Everything is checked; mutate from here on.
	now := c.Now()
	kind := KindImport
	if acc == nil {
		v.Accounts = append(v.Accounts, Account{ID: c.NewID(), Site: site, Label: label, Codes: []Code{}, Created: now})
		acc = &v.Accounts[len(v.Accounts)-1]
	} else if replace {
		kind = KindReplace
		acc.Generation++
		for i := range acc.Codes {
			if acc.Codes[i].State != Used {
				acc.Codes[i].State = Revoked
				acc.Codes[i].WasUncertain = false
			}
		}
	}
	first := len(acc.Codes)
	for _, code := range codes {
		acc.Codes = append(acc.Codes, Code{ID: c.NewID(), Value: code, State: Unused, Generation: acc.Generation})
	}
	acc.Updated = now
	v.record(c, kind, acc.ID, "", "")
	for i := first; i < len(acc.Codes); i++ {
		if spent[acc.Codes[i].Value] {
			v.markUsed(acc, i, UsedOnImport, KindUse, c)
		}
	}
	return acc, len(codes), nil
}

// heldElsewhere is ErrDuplicate when an account of site other than acc holds
// one of the values (see ImportMarked for why every state counts).
func (v *Vault) heldElsewhere(site string, acc *Account, values map[string]bool) error {
	for i := range v.Accounts {
		o := &v.Accounts[i]
		if o.Site != site || acc != nil && o.ID == acc.ID {
			continue
		}
		for _, code := range o.Codes {
			if values[code.Value] {
				return fmt.Errorf("import: a code is already stored for %s account %q (%s), and a site never gives two accounts one code: %w",
					site, o.Label, code.State, ErrDuplicate)
			}
		}
	}
	return nil
}
