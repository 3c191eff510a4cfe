package vault

import (
	"errors"
	"fmt"
	"strings"
)

// Import adds already-normalised codes to the site's account with that
// label, creating the account if needed, and returns it with the number of
// codes added.
//
// Without replace, any code already present in the account, or repeated in
// the input, is ErrDuplicate and nothing changes. With replace (the site
// regenerated its codes), every old code that is not used becomes revoked
// and is never offered again; used codes stay used as history.
func (v *Vault) Import(site, label string, codes []string, replace bool, c Clock) (*Account, int, error) {
	if err := c.check(); err != nil {
		return nil, 0, err
	}
	label = strings.TrimSpace(label)
	switch {
	case strings.TrimSpace(site) == "":
		return nil, 0, fmt.Errorf("import: site is required: %w", ErrInvalid)
	case label == "":
		return nil, 0, fmt.Errorf("import: account label is required: %w", ErrInvalid)
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

	acc, err := v.Find(site, label)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, 0, fmt.Errorf("import: %w", err)
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
	for _, code := range codes {
		acc.Codes = append(acc.Codes, Code{ID: c.NewID(), Value: code, State: Unused, Generation: acc.Generation})
	}
	acc.Updated = now
	v.record(c, kind, acc.ID, "", "")
	return acc, len(codes), nil
}
