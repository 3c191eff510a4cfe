package vault

import (
	"fmt"
	"strings"
)

// Find returns the account for site with the given label. An empty label
// means "the only account of that site": with several it is an
// *AmbiguousError listing the labels, with none ErrNotFound.
func (v *Vault) Find(site, label string) (*Account, error) {
	label = strings.TrimSpace(label)
	var idx []int
	for i := range v.Accounts {
		a := &v.Accounts[i]
		if a.Site != site {
			continue
		}
		if label == "" || strings.EqualFold(a.Label, label) {
			idx = append(idx, i)
		}
	}
	switch {
	case len(idx) == 0 && label == "":
		return nil, fmt.Errorf("no account for %s: %w", site, ErrNotFound)
	case len(idx) == 0:
		return nil, fmt.Errorf("no account %q for %s: %w", label, site, ErrNotFound)
	case len(idx) > 1:
		labels := make([]string, len(idx))
		for i, j := range idx {
			labels[i] = v.Accounts[j].Label
		}
		return nil, &AmbiguousError{Site: site, Labels: labels}
	}
	return &v.Accounts[idx[0]], nil
}

// AccountByID returns the account with that id, or ErrNotFound.
func (v *Vault) AccountByID(id string) (*Account, error) {
	i := v.accountIndex(id)
	if i < 0 {
		return nil, fmt.Errorf("account %q: %w", id, ErrNotFound)
	}
	return &v.Accounts[i], nil
}

// CodeByID returns the code with that id and its account, or ErrNotFound.
func (v *Vault) CodeByID(codeID string) (*Account, *Code, error) {
	for i := range v.Accounts {
		a := &v.Accounts[i]
		for j := range a.Codes {
			if a.Codes[j].ID == codeID {
				return a, &a.Codes[j], nil
			}
		}
	}
	return nil, nil, fmt.Errorf("code %q: %w", codeID, ErrNotFound)
}

func (v *Vault) accountIndex(id string) int {
	if id == "" {
		return -1
	}
	for i := range v.Accounts {
		if v.Accounts[i].ID == id {
			return i
		}
	}
	return -1
}

// account resolves a caller's *Account to the vault's own copy.
func (v *Vault) account(acc *Account) (*Account, error) {
	if acc == nil {
		return nil, fmt.Errorf("no account given: %w", ErrNotFound)
	}
	return v.AccountByID(acc.ID)
}

// codeByValue finds a code of the account by value, preferring the current
// set: after a replace, the same value may also sit in an old set.
func (a *Account) codeByValue(value string) (*Code, error) {
	var found *Code
	for i := range a.Codes {
		c := &a.Codes[i]
		if c.Value != value {
			continue
		}
		if found == nil || (c.Generation == a.Generation && found.Generation != a.Generation) {
			found = c
		}
	}
	if found == nil {
		return nil, fmt.Errorf("no such code in %s account %q: %w", a.Site, a.Label, ErrNotFound)
	}
	return found, nil
}

// record appends an event and returns its id.
func (v *Vault) record(c Clock, kind, accountID, codeID, url string) Event {
	e := Event{ID: c.NewID(), Time: c.Now(), Kind: kind, AccountID: accountID, CodeID: codeID, URL: url}
	v.Events = append(v.Events, e)
	return e
}
