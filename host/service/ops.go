package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"tearoff.dev/tearoff/host/codes"
	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// Offer answers "which accounts could fill this page?" without any code
// value (PROTOCOL.md "offer").
type Offer struct {
	Site     string         `json:"site"`
	SiteName string         `json:"site_name"`
	Domain   string         `json:"domain"`
	Accounts []OfferAccount `json:"accounts"`
}

// OfferAccount is one account in an Offer.
type OfferAccount struct {
	ID        string `json:"id"`
	Account   string `json:"account"`
	Remaining int    `json:"remaining"`
	Uncertain int    `json:"uncertain"`
	Total     int    `json:"total"`
}

// Reservation is a code handed to a page (PROTOCOL.md "reserve").
type Reservation struct {
	CodeID    string `json:"code_id"`
	Code      string `json:"code"`
	AccountID string `json:"account_id"`
	Account   string `json:"account"` // the label, as in summaries
	Site      string `json:"site"`
	Uncertain bool   `json:"uncertain"`
}

// Consumed reports a code recorded as used (PROTOCOL.md "consume").
type Consumed struct {
	CodeID    string    `json:"code_id"`
	UsedAt    time.Time `json:"used_at"`
	EventID   string    `json:"event_id"`
	Remaining int       `json:"remaining"`
}

// List returns every account's summary, with the catalogue's name and
// regenerate URL filled in.
func (s *Service) List(ctx context.Context) ([]vault.Summary, error) {
	// Summaries read no event: a view without them copies and sorts far less.
	v, err := s.view(ctx, store.Scope{NoHistory: true})
	if err != nil {
		return nil, err
	}
	return v.Summaries(siteInfo), nil
}

// Accounts returns the accounts with their codes. Only `list --reveal`
// uses it: the protocol never hands out code values in bulk.
func (s *Service) Accounts(ctx context.Context) ([]vault.Account, error) {
	v, err := s.view(ctx, store.Scope{})
	if err != nil {
		return nil, err
	}
	return v.Accounts, nil
}

// Offer finds the accounts whose site the https page belongs to.
func (s *Service) Offer(ctx context.Context, pageURL string) (Offer, error) {
	domain, err := sites.PageDomain(pageURL)
	if err != nil {
		return Offer{}, fmt.Errorf("page %q: %w", pageURL, err)
	}
	key, err := sites.Canonical(domain)
	if err != nil {
		return Offer{}, fmt.Errorf("page %q: %w", pageURL, err)
	}
	v, err := s.view(ctx, store.Scope{Sites: []string{key}})
	if err != nil {
		return Offer{}, err
	}
	o := Offer{Site: key, SiteName: sites.Name(key), Domain: domain, Accounts: []OfferAccount{}}
	for i := range v.Accounts {
		a := &v.Accounts[i]
		// CheckOrigin rather than key equality: it knows the declared
		// equivalents (x.com and twitter.com).
		if sites.CheckOrigin(a.Site, pageURL) != nil {
			continue
		}
		sum := v.Summary(a, nil)
		o.Accounts = append(o.Accounts, OfferAccount{
			ID: a.ID, Account: a.Label, Remaining: sum.Remaining, Uncertain: sum.Uncertain, Total: sum.Total,
		})
	}
	return o, nil
}

// Reserve hands the account's next code to the page, after checking that the
// page belongs to the account's site.
func (s *Service) Reserve(ctx context.Context, accountID, pageURL string) (Reservation, error) {
	var r Reservation
	err := s.update(ctx, store.Scope{Accounts: []string{accountID}}, func(v *vault.Vault) error {
		acc, err := v.AccountByID(accountID)
		if err != nil {
			return err
		}
		if err := sites.CheckOrigin(acc.Site, pageURL); err != nil {
			return fmt.Errorf("page %q for %s: %w", pageURL, acc.Site, err)
		}
		code, uncertain, err := v.Reserve(acc, pageURL, s.Clock)
		if err != nil {
			return err
		}
		r = Reservation{CodeID: code.ID, Code: code.Value, AccountID: acc.ID, Account: acc.Label, Site: acc.Site, Uncertain: uncertain}
		return nil
	})
	return r, err
}

// Consume records a reserved code as used once the page submitted it.
func (s *Service) Consume(ctx context.Context, codeID, pageURL string) (Consumed, error) {
	var c Consumed
	err := s.update(ctx, store.Scope{Codes: []string{codeID}}, func(v *vault.Vault) error {
		acc, _, err := v.CodeByID(codeID)
		if err != nil {
			return err
		}
		if err := sites.CheckOrigin(acc.Site, pageURL); err != nil {
			return fmt.Errorf("page %q for %s: %w", pageURL, acc.Site, err)
		}
		code, err := v.Consume(codeID, pageURL, s.Clock)
		if err != nil {
			return err
		}
		// Re-resolve: the pointer from CodeByID predates the change.
		acc, err = v.AccountByID(acc.ID)
		if err != nil {
			return err
		}
		c = Consumed{CodeID: code.ID, UsedAt: code.UsedAt, EventID: code.EventID, Remaining: acc.Remaining()}
		return nil
	})
	return c, err
}

// Release puts a reserved code back (the page went away unsubmitted).
//
// The code goes back to unused, or to uncertain when it was uncertain before
// this reservation (it may have been spent); the returned code says which.
func (s *Service) Release(ctx context.Context, codeID string) (vault.Code, error) {
	var released vault.Code
	err := s.update(ctx, store.Scope{Codes: []string{codeID}}, func(v *vault.Vault) error {
		code, err := v.Release(codeID, s.Clock)
		released = code
		return err
	})
	return released, err
}

// Import parses text (a site's downloaded file or pasted codes) and stores
// its codes under site and label. site may be empty when the file name or
// format says which site it is. Nothing is written unless every code parses.
// Codes the file marks as used ("used", ✓, ~~strike~~) are stored as used
// on vault.UsedOnImport.
func (s *Service) Import(ctx context.Context, site, label string, text []byte, fileName string, replace bool) (vault.Summary, int, error) {
	key := ""
	if strings.TrimSpace(site) != "" {
		var err error
		if key, err = canonicalSite(site); err != nil {
			return vault.Summary{}, 0, err
		}
	}
	if strings.TrimSpace(label) == "" {
		return vault.Summary{}, 0, BadRequestf("an account name is required (for example --account octocat)")
	}
	// The label's rules before the file's, so a bad name is the error
	// reported whatever the file holds.
	if _, err := vault.CleanLabel(label); err != nil {
		return vault.Summary{}, 0, err
	}
	res, err := codes.Parse(text, key, fileName)
	if err != nil {
		return vault.Summary{}, 0, fmt.Errorf("import: %w", err)
	}
	var (
		sum vault.Summary
		n   int
	)
	// The site's accounts come along: labels and codes are unique within a site.
	err = s.update(ctx, store.Scope{Sites: []string{res.Site}}, func(v *vault.Vault) error {
		acc, added, err := v.ImportMarked(res.Site, label, res.Codes, res.Used, replace, s.Clock)
		if err != nil {
			return err
		}
		sum, n = summary(v, acc), added
		return nil
	})
	return sum, n, err
}

// Next returns the code that would be offered next, changing nothing.
func (s *Service) Next(ctx context.Context, site, label string) (vault.Code, bool, error) {
	v, err := s.view(ctx, siteScope(site))
	if err != nil {
		return vault.Code{}, false, err
	}
	acc, err := find(v, site, label)
	if err != nil {
		return vault.Code{}, false, err
	}
	return v.Next(acc)
}

// Take hands out the next unused code and records it as used from the CLI.
func (s *Service) Take(ctx context.Context, site, label string) (vault.Code, error) {
	var code vault.Code
	err := s.update(ctx, siteScope(site), func(v *vault.Vault) error {
		acc, err := find(v, site, label)
		if err != nil {
			return err
		}
		code, err = v.Take(acc, vault.UsedOnCLI, s.Clock)
		if err != nil {
			return fmt.Errorf("%s account %q: %w", sites.Name(acc.Site), acc.Label, err)
		}
		return nil
	})
	return code, err
}

// Use records a code typed by hand as used. Using a spent code again is an
// *vault.AlreadyUsedError saying when and where.
func (s *Service) Use(ctx context.Context, site, label, code string) error {
	return s.update(ctx, siteScope(site), func(v *vault.Vault) error {
		acc, value, err := findCode(v, site, label, code)
		if err != nil {
			return err
		}
		_, err = v.Use(acc, value, vault.UsedOnCLI, s.Clock)
		if errors.Is(err, vault.ErrAlreadyUsed) {
			// The vault's sentence says when and where; add whose code.
			return fmt.Errorf("%s account %q: %w", sites.Name(acc.Site), acc.Label, err)
		}
		return err
	})
}

// Restore reverses a mistaken use: the code becomes unused again.
func (s *Service) Restore(ctx context.Context, site, label, code string) (vault.Code, error) {
	var out vault.Code
	err := s.update(ctx, siteScope(site), func(v *vault.Vault) error {
		acc, value, err := findCode(v, site, label, code)
		if err != nil {
			return err
		}
		out, err = v.Restore(acc, value, s.Clock)
		return err
	})
	return out, err
}

// RestoreByID is Restore for the protocol, which knows code ids.
func (s *Service) RestoreByID(ctx context.Context, codeID string) (vault.Code, error) {
	var out vault.Code
	err := s.update(ctx, store.Scope{Codes: []string{codeID}}, func(v *vault.Vault) error {
		var err error
		out, err = v.RestoreByID(codeID, s.Clock)
		return err
	})
	return out, err
}

// Remove deletes the site's account and returns its id.
func (s *Service) Remove(ctx context.Context, site, label string) (string, error) {
	var id string
	err := s.update(ctx, siteScope(site), func(v *vault.Vault) error {
		acc, err := find(v, site, label)
		if err != nil {
			return err
		}
		id = acc.ID
		return v.Remove(id, s.Clock)
	})
	return id, err
}

// RemoveByID deletes an account by id.
func (s *Service) RemoveByID(ctx context.Context, id string) error {
	return s.update(ctx, store.Scope{Accounts: []string{id}}, func(v *vault.Vault) error {
		return v.Remove(id, s.Clock)
	})
}

// Rename changes an account's label.
func (s *Service) Rename(ctx context.Context, id, label string) (vault.Summary, error) {
	var sum vault.Summary
	// The site's other accounts come along: labels are unique within a site.
	err := s.update(ctx, store.Scope{Accounts: []string{id}, Siblings: true}, func(v *vault.Vault) error {
		acc, err := v.Rename(id, label, s.Clock)
		if err != nil {
			return err
		}
		sum = summary(v, acc)
		return nil
	})
	return sum, err
}

// History returns the account's events, newest first.
func (s *Service) History(ctx context.Context, accountID string) ([]vault.Event, error) {
	v, err := s.view(ctx, store.Scope{Accounts: []string{accountID}})
	if err != nil {
		return nil, err
	}
	if _, err := v.AccountByID(accountID); err != nil {
		return nil, err
	}
	return v.History(accountID), nil
}

// Export returns the account's unused codes in the site's own layout.
func (s *Service) Export(ctx context.Context, site, label string) (string, error) {
	v, err := s.view(ctx, siteScope(site))
	if err != nil {
		return "", err
	}
	acc, err := find(v, site, label)
	if err != nil {
		return "", err
	}
	var unused []string
	for _, c := range acc.Codes {
		if c.State == vault.Unused {
			unused = append(unused, c.Value)
		}
	}
	if len(unused) == 0 {
		return "", fmt.Errorf("%s account %q: %w", sites.Name(acc.Site), acc.Label, &vault.ExhaustedError{Uncertain: acc.Count(vault.Uncertain)})
	}
	return codes.Format(acc.Site, unused), nil
}

// findCode resolves the account and normalises a code the way its site
// compares codes, so "A1B2C 3D4E5" finds "a1b2c-3d4e5".
func findCode(v *vault.Vault, site, label, code string) (*vault.Account, string, error) {
	acc, err := find(v, site, label)
	if err != nil {
		return nil, "", err
	}
	value, err := normalizeCode(acc.Site, code)
	if err != nil {
		return nil, "", err
	}
	return acc, value, nil
}

// normalizeCode is a typed or pasted code in the form site stores, or a
// clear error: blank is a bad request, a malformed code invalid_codes.
func normalizeCode(site, code string) (string, error) {
	if strings.TrimSpace(code) == "" {
		return "", BadRequestf("a code is required")
	}
	value, err := codes.Normalize(site, code)
	if err != nil {
		return "", fmt.Errorf("code %q: %w", code, err)
	}
	return value, nil
}

// summary is the vault's summary plus what only the catalogue knows.
func summary(v *vault.Vault, acc *vault.Account) vault.Summary {
	return v.Summary(acc, siteInfo)
}

// siteInfo feeds the catalogue's name and regenerate URL into summaries.
func siteInfo(site string) (string, string) {
	return sites.Name(site), sites.RegenerateURL(site)
}

// Settle records what became of an uncertain code: used, or still good
// (unused). Any other state is a bad_state error, so a used code never
// comes back this way.
func (s *Service) Settle(ctx context.Context, codeID string, used bool) (vault.Code, error) {
	var out vault.Code
	err := s.update(ctx, store.Scope{Codes: []string{codeID}}, func(v *vault.Vault) error {
		var err error
		out, err = v.Settle(codeID, used, s.Clock)
		return err
	})
	return out, err
}

// SettleValue is Settle for the CLI, which knows the site, account and code.
func (s *Service) SettleValue(ctx context.Context, site, label, code string, used bool) (vault.Code, error) {
	var out vault.Code
	err := s.update(ctx, siteScope(site), func(v *vault.Vault) error {
		acc, value, err := findCode(v, site, label, code)
		if err != nil {
			return err
		}
		out, err = v.SettleValue(acc, value, used, s.Clock)
		return err
	})
	return out, err
}
