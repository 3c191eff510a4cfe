package vault

import "time"

// SiteInfo looks up a site's display name and the page where new codes are
// generated. It keeps vault free of the sites package; nil means "use the
// site key as the name, no URL".
type SiteInfo func(site string) (name, regenerateURL string)

// Summary is the account summary of PROTOCOL.md, printed by
// `tearoff list --json` and sent by the `list` request. It never holds
// code values.
type Summary struct {
	ID            string   `json:"id"`
	Site          string   `json:"site"`
	SiteName      string   `json:"site_name"`
	Account       string   `json:"account"`
	Total         int      `json:"total"`
	Remaining     int      `json:"remaining"`
	Used          int      `json:"used"`
	Reserved      int      `json:"reserved"`
	Uncertain     int      `json:"uncertain"`
	Revoked       int      `json:"revoked"`
	LastUsed      *LastUse `json:"last_used"`
	Warning       string   `json:"warning"`
	RegenerateURL string   `json:"regenerate_url"`
	// RunningLow is true at LowRemaining or fewer unused codes, empty
	// included (a set of one code only when it is spent): the accounts the
	// toolbar badge counts and `list` flags.
	RunningLow bool `json:"running_low"`
	// UncertainCodes are the codes the person should settle, by id.
	UncertainCodes []Pending `json:"uncertain_codes"`
}

// LastUse says when and where the account's latest code was used.
type LastUse struct {
	At time.Time `json:"at"`
	On string    `json:"on"`
}

// Warning values of Summary.
const (
	WarningNone  = ""
	WarningLow   = "low"   // LowRemaining or fewer unused codes
	WarningEmpty = "empty" // no unused code
)

// LowRemaining is the count at or below which Summary warns "low".
const LowRemaining = 2

// Summary describes one account. Counts cover the current code set (see
// Code.Generation) plus Revoked for the replaced ones; LastUsed covers all.
func (v *Vault) Summary(acc *Account, info SiteInfo) Summary {
	s := Summary{ID: acc.ID, Site: acc.Site, SiteName: acc.Site, Account: acc.Label, UncertainCodes: pending(acc)}
	if info != nil {
		s.SiteName, s.RegenerateURL = info(acc.Site)
	}
	for _, c := range acc.Codes {
		// A code the imported file marked as used was spent at an unknown
		// time; its import time is not a last use.
		if c.State == Used && c.UsedOn != UsedOnImport && (s.LastUsed == nil || c.UsedAt.After(s.LastUsed.At)) {
			s.LastUsed = &LastUse{At: c.UsedAt, On: c.UsedOn}
		}
		if c.State == Revoked {
			s.Revoked++
			continue
		}
		if c.Generation != acc.Generation {
			continue // an old set's used code: history only
		}
		s.Total++
		switch c.State {
		case Unused:
			s.Remaining++
		case Used:
			s.Used++
		case Reserved:
			s.Reserved++
		case Uncertain:
			s.Uncertain++
		}
	}
	// A site that issues one code at a time (X) always holds a set of one:
	// that is its whole set, not a warning. It is low once the code is spent.
	low := s.Remaining <= LowRemaining && !(s.Total == 1 && s.Remaining == 1)
	switch {
	case s.Remaining == 0:
		s.Warning = WarningEmpty
	case low:
		s.Warning = WarningLow
	}
	s.RunningLow = low
	return s
}

// Summaries describes every account, in vault order. It is never nil, so
// it marshals as [] rather than null.
func (v *Vault) Summaries(info SiteInfo) []Summary {
	out := make([]Summary, 0, len(v.Accounts))
	for i := range v.Accounts {
		out = append(out, v.Summary(&v.Accounts[i], info))
	}
	return out
}
