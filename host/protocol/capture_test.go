package protocol

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/store"
)

const captureURL = "https://github.com/settings/auth/recovery-codes"

// TestCaptureBadInputChangesNothing: each request of the capture pages and
// the readiness list, given bad input, gets its error and leaves the vault
// and the readiness item as they were.
func TestCaptureBadInputChangesNothing(t *testing.T) {
	s := newSandbox(t)
	s.importGitHub()
	fresh := testkit.Lines(testkit.GitHubCodes(16, 100))
	p := s.Start(chromeArgs...)
	s.wantRefused(t, p, []refusal{
		{"capture over http", map[string]any{"type": "capture", "url": "http://github.com/settings/auth/recovery-codes", "account": "octocat", "text": fresh}, "insecure_origin"},
		{"capture on another GitHub page", map[string]any{"type": "capture", "url": "https://github.com/settings/profile", "account": "octocat", "text": fresh}, "origin_mismatch"},
		{"capture on a look-alike domain", map[string]any{"type": "capture", "url": "https://github.com.evil.example/settings/auth/recovery-codes", "account": "octocat", "text": fresh}, "origin_mismatch"},
		{"capture on port 8443", map[string]any{"type": "capture", "url": "https://github.com:8443/settings/auth/recovery-codes", "account": "octocat", "text": fresh}, "origin_mismatch"},
		{"capture of a code with other text", map[string]any{"type": "capture", "url": captureURL, "account": "octocat", "text": fresh + "e2c71-a5b38 copy\n"}, "invalid_codes"},
		{"capture of GitLab codes on GitHub", map[string]any{"type": "capture", "url": captureURL, "account": "octocat", "text": "3f9c0a71b2d4e856\n0c4e7f21a9b3d658\n"}, "invalid_codes"},
		{"capture of octocat's codes for hubot", map[string]any{"type": "capture", "url": captureURL, "account": "hubot", "text": testkit.Lines(githubCodes()[:2])}, "invalid_codes"},
		{"capture without an account", map[string]any{"type": "capture", "url": captureURL, "account": " ", "text": fresh}, "bad_request"},
		{"capture with an escape in the label", map[string]any{"type": "capture", "url": captureURL, "account": "\x1b[2Jocto", "text": fresh}, "bad_request"},
		{"capture without text", map[string]any{"type": "capture", "url": captureURL, "account": "octocat"}, "bad_request"},
		{"parse_codes on a login page", map[string]any{"type": "parse_codes", "url": "https://github.com/sessions/two-factor/recovery", "text": fresh}, "origin_mismatch"},
		{"parse_codes of prose", map[string]any{"type": "parse_codes", "url": captureURL, "text": "Recovery codes are a way back in.\n"}, "invalid_codes"},
		{"note_2fa_site over http", map[string]any{"type": "note_2fa_site", "url": "http://example.com/login"}, "insecure_origin"},
		{"note_2fa_site on an IP address", map[string]any{"type": "note_2fa_site", "url": "https://192.0.2.1/login"}, "unknown_site"},
		{"note_2fa_site without a url", map[string]any{"type": "note_2fa_site"}, "bad_request"},
		{"dismiss_readiness of a site never noted", map[string]any{"type": "dismiss_readiness", "domain": "example.com"}, "not_found"},
		{"dismiss_readiness without a domain", map[string]any{"type": "dismiss_readiness", "domain": ""}, "bad_request"},
	})
	before := s.Snapshot()
	// A preview changes nothing either, and counts what the page shows.
	prev := testkit.Result[service.CapturePreview](t, p.Call(map[string]any{"type": "parse_codes", "url": captureURL, "text": fresh}))
	if prev.Count != 16 || prev.Site != "github" {
		t.Errorf("parse_codes = %+v, want 16 GitHub codes", prev)
	}
	if s.Snapshot() != before {
		t.Fatal("parse_codes changed the vault")
	}
	stop(p)
}

// TestCaptureRevokesTheOldSet: saving a page's new set keeps the account,
// revokes its 16 old codes and adds the 16 new ones.
func TestCaptureRevokesTheOldSet(t *testing.T) {
	s := newSandbox(t)
	s.importGitHub()
	p := s.Start(chromeArgs...)
	fresh := testkit.GitHubCodes(16, 100)
	got := testkit.Result[ImportResult](t, p.Call(map[string]any{"type": "capture", "url": captureURL + "/", "account": "octocat", "text": testkit.Lines(fresh)}))
	if got.Imported != 16 || got.Account.Remaining != 16 || got.Account.Revoked != 16 {
		t.Fatalf("capture = %+v", got)
	}
	list := s.list()
	if len(list) != 1 {
		t.Fatalf("%d accounts, want octocat only", len(list))
	}
	states := map[string]string{}
	for _, c := range list[0].Codes {
		states[c.Code] = string(c.State)
	}
	for _, c := range fresh {
		if states[c] != "unused" {
			t.Errorf("new code %s is %q", c, states[c])
		}
	}
	for _, c := range githubCodes() {
		if states[c] != "revoked" {
			t.Errorf("old code %s is %q", c, states[c])
		}
	}
	stop(p)
}

// TestReadinessStoresDomainAndDate: a verification step on a site without
// codes stores its registrable domain and the date, and nothing else; a
// site with codes is not noted; a dismissal sticks.
func TestReadinessStoresDomainAndDate(t *testing.T) {
	s := newSandbox(t)
	s.importGitHub()
	p := s.Start(chromeArgs...)
	call := func(req map[string]any) testkit.Reply { return p.Call(req) }

	if r := testkit.Result[NoteSiteResult](t, call(map[string]any{"type": "note_2fa_site", "url": "https://github.com/sessions/two-factor/app"})); r.Noted {
		t.Error("GitHub, which has codes, was noted")
	}
	r := testkit.Result[NoteSiteResult](t, call(map[string]any{"type": "note_2fa_site", "url": "https://login.example.co.uk/mfa?user=alice&token=secret#step2"}))
	if !r.Noted || r.Domain != "example.co.uk" {
		t.Fatalf("note_2fa_site = %+v", r)
	}
	// Twice is one entry.
	testkit.Result[NoteSiteResult](t, call(map[string]any{"type": "note_2fa_site", "url": "https://example.co.uk/other"}))

	list := testkit.Result[ReadinessResult](t, call(map[string]any{"type": "readiness"}))
	if len(list.Sites) != 1 || list.Sites[0].Domain != "example.co.uk" {
		t.Fatalf("readiness = %+v", list)
	}
	today := time.Now().UTC().Format("2006-01-02")
	yesterday := time.Now().UTC().Add(-24 * time.Hour).Format("2006-01-02")
	stored := s.storedReadiness()
	want := store.Readiness{Sites: []store.ReadySite{{Domain: "example.co.uk", Date: stored.Sites[0].Date}}}
	if !reflect.DeepEqual(stored, want) || (stored.Sites[0].Date != today && stored.Sites[0].Date != yesterday) {
		t.Fatalf("stored %+v, want only the domain and today's date", stored)
	}

	testkit.Result[DismissReadinessResult](t, call(map[string]any{"type": "dismiss_readiness", "domain": "example.co.uk"}))
	testkit.Result[NoteSiteResult](t, call(map[string]any{"type": "note_2fa_site", "url": "https://example.co.uk/mfa"}))
	if list := testkit.Result[ReadinessResult](t, call(map[string]any{"type": "readiness"})); len(list.Sites) != 0 {
		t.Fatalf("after dismissal, readiness = %+v", list)
	}
	if st := s.storedReadiness(); len(st.Sites) != 1 || !st.Sites[0].Dismissed {
		t.Fatalf("stored after dismissal: %+v", st)
	}
	stop(p)
}

// storedReadiness is the item as `tearoff readiness --json` prints it,
// decoded strictly: a field that is not the domain, date or dismissal fails.
func (s *sandbox) storedReadiness() store.Readiness {
	s.T.Helper()
	dec := json.NewDecoder(strings.NewReader(s.cli("readiness", "--json")))
	dec.DisallowUnknownFields()
	var r store.Readiness
	if err := dec.Decode(&r); err != nil {
		s.T.Fatal(err)
	}
	return r
}
