package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// ReadinessStorage is the part of host/store that keeps the list of sites
// with 2FA and no stored codes. It is apart from Storage because the list
// is not part of the vault.
type ReadinessStorage interface {
	ViewReadiness(ctx context.Context) (store.Readiness, error)
	UpdateReadiness(ctx context.Context, fn func(*store.Readiness) error) error
}

// ReadySite is one entry of the readiness list as the popup shows it.
type ReadySite struct {
	Domain        string `json:"domain"`
	Site          string `json:"site"`
	SiteName      string `json:"site_name"`
	Date          string `json:"date"` // YYYY-MM-DD, UTC: the day it was first seen
	RegenerateURL string `json:"regenerate_url"`
}

func (s *Service) readiness() (ReadinessStorage, error) {
	r, ok := s.Store.(ReadinessStorage)
	if !ok {
		return nil, errors.New("this storage keeps no readiness list")
	}
	return r, nil
}

// NoteTwoFactorSite remembers that pageURL showed a verification step:
// only its registrable domain and today's date, and only when the vault
// holds no account for that site. noted says whether the list now holds it.
func (s *Service) NoteTwoFactorSite(ctx context.Context, pageURL string) (string, bool, error) {
	rs, err := s.readiness()
	if err != nil {
		return "", false, err
	}
	if s.Clock.Now == nil {
		return "", false, errors.New("no clock")
	}
	domain, err := sites.PageDomain(pageURL)
	if err != nil {
		return "", false, fmt.Errorf("page %q: %w", pageURL, err)
	}
	held, err := s.holdsCodes(ctx, domain)
	if err != nil || held {
		return domain, false, err
	}
	today := s.Clock.Now().UTC().Format("2006-01-02")
	err = rs.UpdateReadiness(ctx, func(r *store.Readiness) error {
		if !slices.ContainsFunc(r.Sites, func(e store.ReadySite) bool { return e.Domain == domain }) {
			r.Sites = append(r.Sites, store.ReadySite{Domain: domain, Date: today})
		}
		return nil
	})
	return domain, err == nil, err
}

// Readiness lists the sites noted and neither dismissed nor holding codes
// by now (an import since then takes a site off the list).
func (s *Service) Readiness(ctx context.Context) ([]ReadySite, error) {
	rs, err := s.readiness()
	if err != nil {
		return nil, err
	}
	r, err := rs.ViewReadiness(ctx)
	if err != nil {
		return nil, err
	}
	out := []ReadySite{}
	for _, e := range r.Sites {
		if e.Dismissed {
			continue
		}
		held, err := s.holdsCodes(ctx, e.Domain)
		if err != nil {
			return nil, err
		}
		if held {
			continue
		}
		key, err := sites.Canonical(e.Domain)
		if err != nil {
			continue // a stored domain the catalogue no longer resolves: nothing to link to
		}
		out = append(out, ReadySite{Domain: e.Domain, Site: key, SiteName: sites.Name(key), Date: e.Date, RegenerateURL: sites.RegenerateURL(key)})
	}
	return out, nil
}

// DismissReadiness takes a domain off the list for good: it stays stored
// as dismissed, so a later login on the site does not list it again.
func (s *Service) DismissReadiness(ctx context.Context, domain string) error {
	rs, err := s.readiness()
	if err != nil {
		return err
	}
	domain = strings.ToLower(strings.TrimSpace(domain))
	return rs.UpdateReadiness(ctx, func(r *store.Readiness) error {
		i := slices.IndexFunc(r.Sites, func(e store.ReadySite) bool { return e.Domain == domain })
		if i < 0 {
			return fmt.Errorf("%q is not in the list of sites without backup codes: %w", domain, vault.ErrNotFound)
		}
		r.Sites[i].Dismissed = true
		return nil
	})
}

// holdsCodes reports whether any account of the domain's site is stored.
func (s *Service) holdsCodes(ctx context.Context, domain string) (bool, error) {
	key, err := sites.Canonical(domain)
	if err != nil {
		return false, err
	}
	v, err := s.view(ctx, store.Scope{Sites: []string{key}})
	if err != nil {
		return false, err
	}
	for i := range v.Accounts {
		if sites.CheckOrigin(v.Accounts[i].Site, "https://"+domain+"/") == nil {
			return true, nil
		}
	}
	return false, nil
}
