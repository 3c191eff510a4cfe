package service

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/vault"
)

const recoveryURL = "https://github.com/sessions/two-factor/recovery"

// setup returns a service over an empty in-memory store and a fixed clock.
func setup(t *testing.T) (*Service, *memStore, *testClock) {
	t.Helper()
	st, tc := &memStore{}, newTestClock()
	return New(st, tc.clock()), st, tc
}

// importGitHub stores n GitHub codes for label and returns them.
func importGitHub(t *testing.T, s *Service, label string, n int) []string {
	t.Helper()
	cs := testkit.GitHubCodes(n, 0)
	sum, added, err := s.Import(context.Background(), "github", label, []byte(testkit.Lines(cs)), "github-recovery-codes.txt", false)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if added != n || sum.Remaining != n || sum.Total != n {
		t.Fatalf("Import: added %d, summary %+v; want %d", added, sum, n)
	}
	return cs
}

func TestImportListTakeUse(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	cs := importGitHub(t, s, "octocat", 16)

	list, err := s.List(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %v, %v", list, err)
	}
	if l := list[0]; l.Site != "github" || l.SiteName != "GitHub" || l.Account != "octocat" || l.Remaining != 16 || l.RegenerateURL == "" {
		t.Fatalf("summary = %+v", l)
	}

	code, err := s.Take(ctx, "github.com", "")
	if err != nil || code.Value != cs[0] || code.State != vault.Used || code.UsedOn != vault.UsedOnCLI {
		t.Fatalf("Take = %+v, %v; want %s used on cli", code, err, cs[0])
	}
	list, _ = s.List(ctx)
	if list[0].Remaining != 15 || list[0].Used != 1 || list[0].LastUsed == nil || list[0].LastUsed.On != "cli" {
		t.Fatalf("after take: %+v", list[0])
	}

	// Typed in any case and spacing, the same code is recognised as spent.
	err = s.Use(ctx, "github", "OctoCat", strings.ToUpper(cs[0]))
	var used *vault.AlreadyUsedError
	if !errors.As(err, &used) || ErrorCode(err) != CodeAlreadyUsed {
		t.Fatalf("Use of a taken code = %v; want already_used", err)
	}
	if !strings.Contains(err.Error(), "2026-11-25T21:00:00Z") {
		t.Errorf("already-used message %q does not say when", err)
	}
	if err := s.Use(ctx, "github", "", cs[1]); err != nil {
		t.Fatalf("Use of an unused code: %v", err)
	}
	if c, err := s.Take(ctx, "github", ""); err != nil || c.Value != cs[2] {
		t.Fatalf("Take after Use = %v, %v; want %s", c.Value, err, cs[2])
	}
}

func TestTakeUntilExhausted(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	cs := importGitHub(t, s, "octocat", 16)
	seen := map[string]bool{}
	for range cs {
		c, err := s.Take(ctx, "github", "")
		if err != nil || seen[c.Value] {
			t.Fatalf("Take = %q, %v (seen before: %v)", c.Value, err, seen[c.Value])
		}
		seen[c.Value] = true
	}
	_, err := s.Take(ctx, "github", "")
	if ErrorCode(err) != CodeExhausted || ExitCode(err) != 4 {
		t.Fatalf("17th Take = %v (%s); want exhausted", err, ErrorCode(err))
	}
	if !strings.Contains(err.Error(), "none is uncertain") {
		t.Errorf("exhausted message %q does not mention uncertain codes", err)
	}
}

func TestNextChangesNothing(t *testing.T) {
	ctx := context.Background()
	s, st, _ := setup(t)
	cs := importGitHub(t, s, "octocat", 3)
	before, writes := st.snapshot()
	for range 3 {
		c, uncertain, err := s.Next(ctx, "github", "")
		if err != nil || c.Value != cs[0] || uncertain {
			t.Fatalf("Next = %q %v %v", c.Value, uncertain, err)
		}
	}
	if after, w := st.snapshot(); after != before || w != writes {
		t.Fatalf("Next wrote to the store (%d -> %d writes)", writes, w)
	}
}

func TestRestoreThenTakeGivesItAgain(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	importGitHub(t, s, "octocat", 4)
	c, err := s.Take(ctx, "github", "")
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Restore(ctx, "github", "", c.Value)
	if err != nil || r.State != vault.Unused {
		t.Fatalf("Restore = %+v, %v", r, err)
	}
	again, err := s.Take(ctx, "github", "")
	if err != nil || again.Value != c.Value {
		t.Fatalf("Take after restore = %q, %v; want %q", again.Value, err, c.Value)
	}
	if _, err := s.Restore(ctx, "github", "", "fffff-fffff"); ErrorCode(err) != CodeNotFound {
		t.Fatalf("Restore of an unknown code = %v; want not_found", err)
	}
}

func TestFindErrors(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	importGitHub(t, s, "alice", 2)
	cs := testkit.GitHubCodes(4, 0)[2:]
	if _, _, err := s.Import(ctx, "github", "bob", []byte(testkit.Lines(cs)), "", false); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, site, label, code string
		exit                    int
	}{
		{"ambiguous", "github", "", CodeAmbiguousAccount, 3},
		{"no such label", "github", "carol", CodeNotFound, 3},
		{"no account for site", "gitlab", "", CodeNotFound, 3},
		{"unknown site", "no site at all", "", CodeUnknownSite, 3},
		{"missing site", "", "alice", CodeBadRequest, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Take(ctx, tt.site, tt.label)
			if ErrorCode(err) != tt.code || ExitCode(err) != tt.exit {
				t.Fatalf("Take(%q, %q) = %v (%s, exit %d); want %s, exit %d", tt.site, tt.label, err, ErrorCode(err), ExitCode(err), tt.code, tt.exit)
			}
		})
	}
	_, err := s.Take(ctx, "github", "")
	if !strings.Contains(err.Error(), "alice") || !strings.Contains(err.Error(), "bob") {
		t.Errorf("ambiguous message %q does not list the accounts", err)
	}
}

func TestImportFailuresWriteNothing(t *testing.T) {
	ctx := context.Background()
	s, st, _ := setup(t)
	cs := importGitHub(t, s, "octocat", 16)
	before, writes := st.snapshot()
	tests := []struct {
		name, site, label, file string
		text                    []byte
		code                    string
	}{
		{"prose", "github", "octocat", "", []byte("Dear user, thank you for signing up to our newsletter.\n"), CodeInvalidCodes},
		{"empty", "github", "octocat", "", nil, CodeInvalidCodes},
		{"binary", "github", "octocat", "", []byte{0, 1, 2, 0xff, 0xfe, 0, 7}, CodeInvalidCodes},
		{"already stored", "github", "octocat", "", []byte(testkit.Lines(cs[:2])), CodeInvalidCodes},
		{"wrong site format", "google", "octocat", "", []byte(testkit.Lines(cs)), CodeInvalidCodes},
		{"no label", "github", "", "", []byte(testkit.Lines(testkit.GitHubCodes(4, 16))), CodeBadRequest},
		{"held by another account", "github", "hubot", "", []byte(testkit.Lines(cs[3:5])), CodeInvalidCodes},
		{"code with trailing text", "github", "octocat", "", []byte(testkit.GitHubCodes(20, 0)[16] + " done\n"), CodeInvalidCodes},
		{"over 1 MiB", "github", "octocat", "", []byte(strings.Repeat(testkit.GitHubCodes(20, 0)[16]+"\n", 100000)), CodeInvalidCodes},
		{"label with an escape sequence", "github", "\x1b[2Jhubot", "", []byte(testkit.Lines(testkit.GitHubCodes(4, 16))), CodeBadRequest},
		{"label of 129 characters", "github", strings.Repeat("h", 129), "", []byte(testkit.Lines(testkit.GitHubCodes(4, 16))), CodeBadRequest},
		{"look-alike site", "g\u0130thub.com", "octocat", "", []byte(testkit.Lines(testkit.GitHubCodes(4, 16))), CodeUnknownSite},
		{"site on another port", "https://github.com:8443/", "octocat", "", []byte(testkit.Lines(testkit.GitHubCodes(4, 16))), CodeUnknownSite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.Import(ctx, tt.site, tt.label, tt.text, tt.file, false)
			if ErrorCode(err) != tt.code {
				t.Fatalf("Import = %v (%s); want %s", err, ErrorCode(err), tt.code)
			}
			if after, w := st.snapshot(); after != before || w != writes {
				t.Fatalf("failed import wrote to the store")
			}
		})
	}
}

func TestReplaceRevokesOldSet(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	old := importGitHub(t, s, "octocat", 4)
	if _, err := s.Take(ctx, "github", ""); err != nil {
		t.Fatal(err)
	}
	fresh := testkit.GitHubCodes(8, 0)[4:]
	sum, n, err := s.Import(ctx, "github", "octocat", []byte(testkit.Lines(fresh)), "", true)
	if err != nil || n != 4 || sum.Remaining != 4 || sum.Revoked != 3 {
		t.Fatalf("replace = %+v, %d, %v", sum, n, err)
	}
	c, err := s.Take(ctx, "github", "")
	if err != nil || c.Value != fresh[0] {
		t.Fatalf("Take after replace = %q, %v; want %q (not old %q)", c.Value, err, fresh[0], old[1])
	}
}

func TestReadFailureNeverWrites(t *testing.T) {
	ctx := context.Background()
	s, st, _ := setup(t)
	importGitHub(t, s, "octocat", 2)
	before, writes := st.snapshot()
	st.readErr = errRead
	ops := map[string]func() error{
		"take": func() error { _, err := s.Take(ctx, "github", ""); return err },
		"import": func() error {
			_, _, err := s.Import(ctx, "gitlab", "x", []byte("0123456789abcdef\n"), "", false)
			return err
		},
		"list":    func() error { _, err := s.List(ctx); return err },
		"reserve": func() error { _, err := s.Reserve(ctx, "id-0001", recoveryURL); return err },
	}
	for name, op := range ops {
		if err := op(); !errors.Is(err, errRead) {
			t.Errorf("%s with a failing read = %v; want the read error", name, err)
		}
	}
	if after, w := st.snapshot(); after != before || w != writes {
		t.Fatal("a failed read led to a write")
	}
}

func TestOfferReserveConsume(t *testing.T) {
	ctx := context.Background()
	s, st, _ := setup(t)
	cs := importGitHub(t, s, "octocat", 3)

	o, err := s.Offer(ctx, recoveryURL)
	if err != nil || o.Site != "github" || o.Domain != "github.com" || len(o.Accounts) != 1 || o.Accounts[0].Remaining != 3 {
		t.Fatalf("Offer = %+v, %v", o, err)
	}
	b, _ := json.Marshal(o)
	for _, c := range cs {
		if strings.Contains(string(b), c) {
			t.Fatalf("offer %s contains a code value", b)
		}
	}
	accID := o.Accounts[0].ID

	for _, bad := range []struct{ url, code string }{
		{"http://github.com/sessions/two-factor/recovery", CodeInsecureOrigin},
		{"https://github.com.evil.example/sessions/two-factor/recovery", CodeOriginMismatch},
		{"https://g1thub.com/", CodeOriginMismatch},
	} {
		before, writes := st.snapshot()
		if _, err := s.Reserve(ctx, accID, bad.url); ErrorCode(err) != bad.code {
			t.Errorf("Reserve on %s = %v; want %s", bad.url, err, bad.code)
		}
		if after, w := st.snapshot(); after != before || w != writes {
			t.Errorf("refused Reserve on %s wrote to the store", bad.url)
		}
	}
	if o, err := s.Offer(ctx, "https://github.com.evil.example/"); err != nil || len(o.Accounts) != 0 {
		t.Errorf("Offer on a look-alike domain = %+v, %v; want no accounts", o, err)
	}

	r, err := s.Reserve(ctx, accID, recoveryURL)
	if err != nil || r.Code != cs[0] || r.Uncertain || r.Site != "github" {
		t.Fatalf("Reserve = %+v, %v", r, err)
	}
	c, err := s.Consume(ctx, r.CodeID, recoveryURL)
	if err != nil || c.Remaining != 2 || c.EventID == "" || c.UsedAt.IsZero() {
		t.Fatalf("Consume = %+v, %v", c, err)
	}
	if _, err := s.Consume(ctx, r.CodeID, recoveryURL); err == nil {
		t.Fatal("second Consume of the same code succeeded")
	}

	r2, err := s.Reserve(ctx, accID, recoveryURL)
	if err != nil || r2.Code != cs[1] {
		t.Fatalf("second Reserve = %+v, %v", r2, err)
	}
	if released, err := s.Release(ctx, r2.CodeID); err != nil || released.State != vault.Unused {
		t.Fatalf("Release = %+v, %v; want the code unused again", released, err)
	}
	if n, _, _ := s.Next(ctx, "github", ""); n.Value != cs[1] {
		t.Fatalf("after Release, Next = %q; want %q", n.Value, cs[1])
	}
}

func TestStaleReservationBecomesUncertain(t *testing.T) {
	ctx := context.Background()
	s, _, tc := setup(t)
	cs := importGitHub(t, s, "octocat", 1)
	list, _ := s.List(ctx)
	if _, err := s.Reserve(ctx, list[0].ID, recoveryURL); err != nil {
		t.Fatal(err)
	}
	tc.advance(DefaultReserveTTL + time.Second)

	// A read reports the expiry without writing it ...
	list, _ = s.List(ctx)
	if list[0].Uncertain != 1 || list[0].Reserved != 0 {
		t.Fatalf("after the TTL, list = %+v; want 1 uncertain", list[0])
	}
	// ... and the next update stores it: take refuses uncertain codes.
	_, err := s.Take(ctx, "github", "")
	if ErrorCode(err) != CodeExhausted || !strings.Contains(err.Error(), "1 code is uncertain") {
		t.Fatalf("Take with only an uncertain code = %v", err)
	}
	c, uncertain, err := s.Next(ctx, "github", "")
	if err != nil || !uncertain || c.Value != cs[0] {
		t.Fatalf("Next = %q, %v, %v; want the uncertain code", c.Value, uncertain, err)
	}
	// Handed to a page again and released unsubmitted, it stays uncertain:
	// it may still have been spent the first time.
	r, err := s.Reserve(ctx, list[0].ID, recoveryURL)
	if err != nil || !r.Uncertain {
		t.Fatalf("Reserve of the uncertain code = %+v, %v", r, err)
	}
	if released, err := s.Release(ctx, r.CodeID); err != nil || released.State != vault.Uncertain {
		t.Fatalf("Release = %+v, %v; want it uncertain again", released, err)
	}
}

func TestRenameRemoveHistoryExport(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	cs := importGitHub(t, s, "octocat", 3)
	if _, err := s.Take(ctx, "github", ""); err != nil {
		t.Fatal(err)
	}
	text, err := s.Export(ctx, "github", "")
	if err != nil || strings.Contains(text, cs[0]) || !strings.Contains(text, cs[1]) || !strings.Contains(text, cs[2]) {
		t.Fatalf("Export = %q, %v; want only the unused codes", text, err)
	}
	list, _ := s.List(ctx)
	id := list[0].ID
	sum, err := s.Rename(ctx, id, "hubot")
	if err != nil || sum.Account != "hubot" {
		t.Fatalf("Rename = %+v, %v", sum, err)
	}
	ev, err := s.History(ctx, id)
	if err != nil || len(ev) < 3 {
		t.Fatalf("History = %v, %v", ev, err)
	}
	if got, err := s.Remove(ctx, "github", "hubot"); err != nil || got != id {
		t.Fatalf("Remove = %q, %v", got, err)
	}
	if err := s.RemoveByID(ctx, id); ErrorCode(err) != CodeNotFound {
		t.Fatalf("second remove = %v; want not_found", err)
	}
	if _, err := s.History(ctx, id); ErrorCode(err) != CodeNotFound {
		t.Fatalf("History of a removed account = %v; want not_found", err)
	}
}

func TestOfferEquivalentDomains(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	if _, _, err := s.Import(ctx, "twitter.com", "jack", []byte("a1b2c3d4e5f6\n"), "", false); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://x.com/i/flow/login", "https://twitter.com/i/flow/login"} {
		o, err := s.Offer(ctx, u)
		if err != nil || len(o.Accounts) != 1 || o.Accounts[0].Account != "jack" {
			t.Errorf("Offer(%s) = %+v, %v; want jack's account", u, o, err)
		}
	}
}

// Many fills that were never submitted must not grow the stored vault
// without bound: old events are compacted on write, while the account's
// latest use stays visible.
func TestHistoryIsCompacted(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	importGitHub(t, s, "octocat", 3)
	if _, err := s.Take(ctx, "github", ""); err != nil {
		t.Fatal(err)
	}
	o, err := s.Offer(ctx, recoveryURL)
	if err != nil {
		t.Fatal(err)
	}
	accID := o.Accounts[0].ID
	for range KeepEventsPerAccount {
		r, err := s.Reserve(ctx, accID, recoveryURL)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Release(ctx, r.CodeID); err != nil {
			t.Fatal(err)
		}
	}
	events, err := s.History(ctx, accID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) > KeepEventsPerAccount+1 {
		t.Errorf("history holds %d events after %d fills; want at most %d", len(events), 2*KeepEventsPerAccount, KeepEventsPerAccount+1)
	}
	list, err := s.List(ctx)
	if err != nil || list[0].LastUsed == nil || list[0].LastUsed.On != "cli" {
		t.Fatalf("after compaction the latest use is lost: %+v, %v", list, err)
	}
}
