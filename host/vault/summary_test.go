package vault

import (
	"encoding/json"
	"testing"
)

func githubInfo(site string) (string, string) {
	if site == "github" {
		return "GitHub", "https://github.com/settings/auth/recovery-codes"
	}
	return site, ""
}

func TestSummaryJSONMatchesProtocol(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	a := mustImport(t, v, c, "github", "octocat", codesN("a", 16))
	a.ID = "uuid" // the PROTOCOL.md example's id
	if _, err := v.Use(a, "a0000-00000", "https://github.com/sessions/two-factor/recovery", c); err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(v.Summary(a, githubInfo))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"uuid","site":"github","site_name":"GitHub","account":"octocat",` +
		`"total":16,"remaining":15,"used":1,"reserved":0,"uncertain":0,"revoked":0,` +
		`"last_used":{"at":"2026-11-25T21:00:03Z","on":"https://github.com/sessions/two-factor/recovery"},` +
		`"warning":"","regenerate_url":"https://github.com/settings/auth/recovery-codes",` +
		`"running_low":false,"uncertain_codes":[]}`
	if string(got) != want {
		t.Errorf("summary JSON\n got %s\nwant %s", got, want)
	}
}

func TestSummaryCounts(t *testing.T) {
	type counts struct{ total, remaining, used, reserved, uncertain, revoked int }
	tests := []struct {
		name     string
		setup    func(v *Vault, a *Account, c Clock)
		want     counts
		warning  string
		lastUsed bool
	}{
		{"fresh", func(*Vault, *Account, Clock) {}, counts{4, 4, 0, 0, 0, 0}, WarningNone, false},
		{"three left", func(v *Vault, a *Account, c Clock) { v.Take(a, "cli", c) },
			counts{4, 3, 1, 0, 0, 0}, WarningNone, true},
		{"two left is low", func(v *Vault, a *Account, c Clock) {
			v.Take(a, "cli", c)
			v.Reserve(a, "u", c)
		}, counts{4, 2, 1, 1, 0, 0}, WarningLow, true},
		{"one left is low", func(v *Vault, a *Account, c Clock) {
			r, _, _ := v.Reserve(a, "u", c)
			v.Reserve(a, "u", c)
			v.ExpireReservations(r.ReservedAt.Add(3600e9), 600e9, c)
			v.Reserve(a, "u", c)
		}, counts{4, 1, 0, 1, 2, 0}, WarningLow, false},
		{"none left is empty", func(v *Vault, a *Account, c Clock) {
			for range 4 {
				v.Take(a, "cli", c)
			}
		}, counts{4, 0, 4, 0, 0, 0}, WarningEmpty, true},
		{"replace counts only the new set", func(v *Vault, a *Account, c Clock) {
			v.Take(a, "cli", c)
			v.Import(a.Site, a.Label, codesN("n", 3), true, c)
		}, counts{3, 3, 0, 0, 0, 3}, WarningNone, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := newClock()
			v := New()
			a := mustImport(t, v, tc.Clock(), "gitlab", "me", codesN("a", 4))
			tt.setup(v, a, tc.Clock())
			s := v.Summary(&v.Accounts[0], nil)
			got := counts{s.Total, s.Remaining, s.Used, s.Reserved, s.Uncertain, s.Revoked}
			if got != tt.want || s.Warning != tt.warning || (s.LastUsed != nil) != tt.lastUsed {
				t.Errorf("summary = %+v", s)
			}
			// running_low is the warning as a flag: low and empty both.
			if s.RunningLow != (tt.warning != WarningNone) {
				t.Errorf("running_low = %v with warning %q", s.RunningLow, tt.warning)
			}
			if len(s.UncertainCodes) != tt.want.uncertain {
				t.Errorf("uncertain_codes = %+v, want %d of them", s.UncertainCodes, tt.want.uncertain)
			}
			for _, p := range s.UncertainCodes {
				if p.HandedOn != "u" || p.HandedAt == nil {
					t.Errorf("uncertain code %+v: want handed on u at a time", p)
				}
			}
			if s.SiteName != "gitlab" || s.RegenerateURL != "" {
				t.Errorf("nil SiteInfo: name %q url %q", s.SiteName, s.RegenerateURL)
			}
		})
	}
}

// A site that issues one code at a time (X) holds a set of one: unused, it is
// the whole set and no warning; spent, the account is empty and running low.
func TestSummarySingleCodeSet(t *testing.T) {
	tests := []struct {
		name    string
		take    bool
		warning string
	}{
		{"its one code unused", false, WarningNone},
		{"its one code spent", true, WarningEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := newClock()
			v := New()
			a := mustImport(t, v, tc.Clock(), "x", "me", codesN("x", 1))
			if tt.take {
				v.Take(a, "cli", tc.Clock())
			}
			s := v.Summary(&v.Accounts[0], nil)
			if s.Warning != tt.warning || s.RunningLow != (tt.warning != WarningNone) {
				t.Errorf("summary = %+v, want warning %q", s, tt.warning)
			}
		})
	}
}

func TestSummaryLastUsedIsLatest(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	a := mustImport(t, v, c, "github", "octocat", codesN("a", 3))
	v.Use(a, "a0002-00002", "https://github.com/first", c)
	v.Use(a, "a0000-00000", "https://github.com/second", c)
	s := v.Summary(a, githubInfo)
	if s.LastUsed == nil || s.LastUsed.On != "https://github.com/second" {
		t.Errorf("last used = %+v", s.LastUsed)
	}
}

func TestSummariesNeverNull(t *testing.T) {
	b, _ := json.Marshal(New().Summaries(githubInfo))
	if string(b) != "[]" {
		t.Errorf("empty summaries = %s", b)
	}
	tc := newClock()
	v := New()
	mustImport(t, v, tc.Clock(), "github", "a", codesN("a", 1))
	mustImport(t, v, tc.Clock(), "gitlab", "b", codesN("b", 1))
	s := v.Summaries(githubInfo)
	if len(s) != 2 || s[0].SiteName != "GitHub" || s[1].Account != "b" {
		t.Errorf("summaries = %+v", s)
	}
}
