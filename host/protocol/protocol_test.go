package protocol

// Process-level protocol tests (issue 3 "Must show"): the real binary over
// pipes, the real CLI confirming what changed. See protocol_harness_test.go.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/nativemsg"
	"tearoff.dev/tearoff/host/service"
)

const recoveryURL = "https://github.com/sessions/two-factor/recovery"

type helloResult struct {
	Protocol        int    `json:"protocol"`
	Version         string `json:"version"`
	Backend         string `json:"backend"`
	Locked          bool   `json:"locked"`
	NeedsPassphrase bool   `json:"needs_passphrase"`
	VaultExists     *bool  `json:"vault_exists"`
}

// vaultExists is hello's vault_exists, failing the test when it is missing.
func (h helloResult) vaultExists(t *testing.T) bool {
	t.Helper()
	if h.VaultExists == nil {
		t.Fatalf("hello %+v has no vault_exists", h)
	}
	return *h.VaultExists
}

// noCodeValues fails if raw carries any stored code: offer, list and the
// error replies must never hand one out.
func noCodeValues(t *testing.T, what string, raw []byte) {
	t.Helper()
	for _, c := range githubCodes() {
		if bytes.Contains(raw, []byte(c)) {
			t.Errorf("%s carries the code value %s: %s", what, c, raw)
		}
	}
}

// TestProtocolPersistentPort is the connectNative case: one host process,
// many requests, the CLI confirming each state change.
func TestProtocolPersistentPort(t *testing.T) {
	s := newSandbox(t)
	s.importGitHub()
	p := s.Start(chromeArgs...)

	hello := testkit.Result[helloResult](t, p.Call(map[string]any{"type": "hello"}))
	if hello.Protocol != 1 || hello.Version == "" || hello.Backend != "file" || hello.Locked || hello.NeedsPassphrase {
		t.Errorf("hello = %+v", hello)
	}

	rep := p.Call(map[string]any{"type": "offer", "url": recoveryURL})
	noCodeValues(t, "offer", rep.Result)
	offer := testkit.Result[service.Offer](t, rep)
	if offer.Site != "github" || offer.Domain != "github.com" || len(offer.Accounts) != 1 ||
		offer.Accounts[0].Account != "octocat" || offer.Accounts[0].Remaining != 16 || offer.Accounts[0].Total != 16 {
		t.Fatalf("offer = %+v", offer)
	}
	accID := offer.Accounts[0].ID

	// reserve, then consume: the CLI sees reserved, then used on the page.
	res := testkit.Result[service.Reservation](t, p.Call(map[string]any{"type": "reserve", "account": accID, "url": recoveryURL}))
	if !slices.Contains(githubCodes(), res.Code) || res.Site != "github" || res.Account != "octocat" || res.Uncertain {
		t.Fatalf("reserve = %+v", res)
	}
	if c := s.codeState(res.CodeID); c.State != "reserved" || c.Code != res.Code {
		t.Errorf("after reserve the CLI shows %+v", c)
	}
	cons := testkit.Result[ConsumeResult](t, p.Call(map[string]any{"type": "consume", "code_id": res.CodeID, "url": recoveryURL}))
	if _, err := time.Parse(time.RFC3339, cons.UsedAt); err != nil || cons.CodeID != res.CodeID || cons.EventID == "" || cons.Remaining != 15 {
		t.Errorf("consume = %+v (used_at: %v)", cons, err)
	}
	if c := s.codeState(res.CodeID); c.State != "used" || c.UsedOn != recoveryURL {
		t.Errorf("after consume the CLI shows %+v", c)
	}
	// A used code is never handed out twice.
	wantError(t, p.Call(map[string]any{"type": "consume", "code_id": res.CodeID, "url": recoveryURL}), "bad_state")

	// reserve, then release: the code goes back to unused. The list looks
	// the same afterwards, but the vault was written (events): the
	// snapshot must see that, or its "unchanged" checks below prove nothing.
	afterConsume := s.Snapshot()
	res2 := testkit.Result[service.Reservation](t, p.Call(map[string]any{"type": "reserve", "account": accID, "url": recoveryURL}))
	if res2.CodeID == res.CodeID || res2.Code == res.Code {
		t.Fatalf("the used code was reserved again: %+v", res2)
	}
	rel := p.Call(map[string]any{"type": "release", "code_id": res2.CodeID})
	if r := testkit.Result[CodeStateResult](t, rel); r.State != "unused" || r.CodeID != res2.CodeID {
		t.Errorf("release = %v", r)
	}
	if c := s.codeState(res2.CodeID); c.State != "unused" {
		t.Errorf("after release the CLI shows %+v", c)
	}
	if s.Snapshot() == afterConsume {
		t.Error("the vault snapshot did not notice reserve and release writing the vault")
	}

	// list: the same summary the CLI prints, and no code values.
	rep = p.Call(map[string]any{"type": "list"})
	noCodeValues(t, "list", rep.Result)
	list := testkit.Result[ListResult](t, rep)
	if list.Backend != "file" || len(list.Accounts) != 1 || list.Accounts[0].Remaining != 15 || list.Accounts[0].Used != 1 {
		t.Errorf("list = %+v", list)
	}

	// Refusals leave the vault exactly as it was.
	before := s.Snapshot()
	refusals := []struct {
		req  map[string]any
		code string
	}{
		{map[string]any{"type": "reserve", "account": accID, "url": "https://github.com.evil.example/sessions/two-factor/recovery"}, "origin_mismatch"},
		{map[string]any{"type": "reserve", "account": accID, "url": "https://g1thub.com/"}, "origin_mismatch"},
		{map[string]any{"type": "reserve", "account": accID, "url": "http://github.com/sessions/two-factor/recovery"}, "insecure_origin"},
		{map[string]any{"type": "offer", "url": "http://github.com/sessions/two-factor/recovery"}, "insecure_origin"},
		{map[string]any{"type": "consume", "code_id": res2.CodeID, "url": "https://g1thub.com/"}, "origin_mismatch"},
		{map[string]any{"type": "reserve", "account": "no-such-account", "url": recoveryURL}, "not_found"},
		{map[string]any{"type": "wipe"}, "bad_request"},
	}
	for _, r := range refusals {
		rep := p.Call(r.req)
		wantError(t, rep, r.code)
		noCodeValues(t, fmt.Sprint(r.req["type"], " refusal"), []byte(rep.Error.Message))
	}
	// Lookalike pages are not GitHub: their offer lists no account.
	for _, u := range []string{"https://github.com.evil.example/", "https://g1thub.com/"} {
		rep := p.Call(map[string]any{"type": "offer", "url": u})
		noCodeValues(t, "lookalike offer", rep.Result)
		if o := testkit.Result[service.Offer](t, rep); o.Site == "github" || len(o.Accounts) != 0 {
			t.Errorf("offer for %s = %+v", u, o)
		}
	}
	if after := s.Snapshot(); after != before {
		t.Errorf("refused requests changed the vault:\nbefore %s\nafter  %s", before, after)
	}

	p.CloseStdin()
	if rest := p.Drain(); len(rest) != 0 {
		t.Errorf("replies nobody asked for: %+v", rest)
	}
	p.Wait(0)
}

// TestProtocolSingleShot is the sendNativeMessage case: a process per
// request, one request, then EOF. Both browser families are served.
func TestProtocolSingleShot(t *testing.T) {
	s := newSandbox(t)
	s.importGitHub()
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"chrome", chromeArgs},
		{"firefox", firefoxArgs(t)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := s.Start(tt.args...)
			p.Write(testkit.Frame(`{"id":"only","type":"offer","url":"`+recoveryURL+`"}`), true)
			replies := p.Drain()
			if len(replies) != 1 || replies[0].ID != "only" {
				t.Fatalf("replies %+v", replies)
			}
			if o := testkit.Result[service.Offer](t, replies[0]); len(o.Accounts) != 1 || o.Accounts[0].Remaining != 16 {
				t.Errorf("offer = %+v", o)
			}
			p.Wait(0)
		})
	}
}

// TestProtocolUnknownCaller: any extension the host was not installed for
// gets one unknown_caller reply and the host exits 2 without touching the
// vault or answering the request it was sent.
func TestProtocolUnknownCaller(t *testing.T) {
	s := newSandbox(t)
	s.importGitHub()
	before := s.Snapshot()
	manifest := firefoxArgs(t)[0]
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"other chrome extension", []string{"chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"}},
		{"chrome id without the slash", []string{"chrome-extension://" + nativemsg.ChromeExtensionID}},
		{"other firefox add-on", []string{manifest, "evil@example.com"}},
		{"firefox without an add-on id", []string{manifest}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := s.Start(tt.args...)
			p.Write(testkit.Frame(`{"id":"1","type":"reserve","account":"x","url":"`+recoveryURL+`"}`), true)
			replies := p.Drain()
			if len(replies) != 1 || replies[0].ID != "" {
				t.Fatalf("replies %+v, want one with id \"\"", replies)
			}
			wantError(t, replies[0], "unknown_caller")
			p.Wait(2)
		})
	}
	if after := s.Snapshot(); after != before {
		t.Errorf("unknown callers changed the vault")
	}
}

// TestProtocolBadFrames sends what a broken or hostile sender might: each
// gets an error reply or a clean exit, never a panic, and the vault stays
// byte for byte the same.
func TestProtocolBadFrames(t *testing.T) {
	hello := testkit.Frame(`{"id":"h","type":"hello"}`)
	over := append(testkit.Header(nativemsg.MaxFrame+1), bytes.Repeat([]byte(" "), nativemsg.MaxFrame+1)...)
	tests := []struct {
		name string
		in   []byte
		want []string // replies as "id:ok" or "id:code"
		exit int
	}{
		{"unknown type", testkit.Join(testkit.Frame(`{"id":"u","type":"drop_tables"}`), hello), []string{"u:bad_request", "h:ok"}, 0},
		{"invalid JSON", testkit.Join(testkit.Frame(`{"id":"x","type":`), hello), []string{":bad_request", "h:ok"}, 0},
		{"not an object", testkit.Join(testkit.Frame(`["hello"]`), hello), []string{":bad_request", "h:ok"}, 0},
		{"missing fields", testkit.Join(testkit.Frame(`{"id":"m","type":"reserve"}`), hello), []string{"m:bad_request", "h:ok"}, 0},
		{"zero-length frame", testkit.Join(testkit.Header(0), hello), []string{":bad_request", "h:ok"}, 0},
		{"truncated header", testkit.Join(hello, []byte{9, 0}), []string{"h:ok"}, 0},
		{"truncated body", testkit.Join(hello, testkit.Header(100), []byte(`{"id":"t",`)), []string{"h:ok"}, 0},
		{"frame over 1 MiB", testkit.Join(hello, over, hello), []string{"h:ok", ":too_large"}, 2},
		{"trailing bytes", testkit.Join(testkit.Frame(`{"id":"x","type":"hello"}garbage`), hello), []string{":bad_request", "h:ok"}, 0},
		{"text instead of frames", []byte("tearoff list\n"), []string{":too_large"}, 2},
	}
	s := newSandbox(t)
	s.importGitHub()
	before := s.Snapshot()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := s.Start(chromeArgs...)
			p.Write(tt.in, true)
			if got := summarize(p.Drain()); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("replies %q, want %q", got, tt.want)
			}
			p.Wait(tt.exit)
		})
	}
	if after := s.Snapshot(); after != before {
		t.Errorf("bad frames changed the vault")
	}
}

// TestProtocolImportAndUnlock covers the popup's writes and the file
// backend's unlock when no passphrase is in the environment.
func TestProtocolImportAndUnlock(t *testing.T) {
	s := newSandbox(t)
	s.importGitHub() // creates the vault with the env passphrase
	locked := s.withoutPassphrase()
	p := locked.Start(chromeArgs...)

	// The CLI made the vault, so the popup asks once, not for a new passphrase.
	if h := testkit.Result[helloResult](t, p.Call(map[string]any{"type": "hello"})); !h.Locked || !h.NeedsPassphrase || !h.vaultExists(t) {
		t.Errorf("hello without a passphrase = %+v", h)
	}
	wantError(t, p.Call(map[string]any{"type": "list"}), "locked")
	before := s.Snapshot()
	wantError(t, p.Call(map[string]any{"type": "unlock", "passphrase": "wrong"}), "bad_passphrase")
	wantError(t, p.Call(map[string]any{"type": "list"}), "locked")
	if r := testkit.Result[UnlockResult](t, p.Call(map[string]any{"type": "unlock", "passphrase": "correct horse battery staple"})); r.Locked {
		t.Errorf("unlock = %v", r)
	}
	if h := testkit.Result[helloResult](t, p.Call(map[string]any{"type": "hello"})); h.Locked || h.NeedsPassphrase {
		t.Errorf("hello after unlock = %+v", h)
	}
	if after := s.Snapshot(); after != before {
		t.Errorf("unlocking changed the vault")
	}

	imp := testkit.Result[ImportResult](t, p.Call(map[string]any{"type": "import", "site": "gitlab", "account": "tanuki",
		"text": strings.Repeat("0123456789abcdef\n", 1) + "fedcba9876543210\n"}))
	if imp.Imported != 2 || imp.Account.Site != "gitlab" || imp.Account.Account != "tanuki" {
		t.Errorf("import = %+v", imp)
	}
	wantError(t, p.Call(map[string]any{"type": "import", "site": "github", "account": "x", "text": "Dear diary, today"}), "invalid_codes")

	var sites []string
	for _, a := range s.list() { // the CLI, with the env passphrase, sees it
		sites = append(sites, a.Site+"/"+a.Account)
	}
	if strings.Join(sites, " ") != "github/octocat gitlab/tanuki" {
		t.Errorf("CLI lists %v", sites)
	}

	rep := p.Call(map[string]any{"type": "sites"})
	var cat struct{ Sites []json.RawMessage }
	if err := json.Unmarshal(rep.Result, &cat); err != nil || len(cat.Sites) < 8 {
		t.Errorf("sites: %d entries, %v", len(cat.Sites), err)
	}
	p.CloseStdin()
	p.Drain()
	p.Wait(0)
}

// TestProtocolHelloNewVault: on an empty file keyring without a passphrase,
// hello says so (vault_exists false, which makes the popup ask twice); the
// passphrase unlock then takes is the one the vault is written with, and
// once there is a vault every new host says it exists.
func TestProtocolHelloNewVault(t *testing.T) {
	s := newSandbox(t)
	noPass := s.withoutPassphrase()

	p := noPass.Start(chromeArgs...)
	h := testkit.Result[helloResult](t, p.Call(map[string]any{"type": "hello"}))
	if !h.Locked || !h.NeedsPassphrase || h.vaultExists(t) {
		t.Errorf("hello on an empty keyring = %+v; want locked, needs_passphrase, no vault", h)
	}
	const chosen = "a passphrase chosen in the popup"
	if r := testkit.Result[UnlockResult](t, p.Call(map[string]any{"type": "unlock", "passphrase": chosen})); r.Locked {
		t.Errorf("unlock = %v", r)
	}
	if h := testkit.Result[helloResult](t, p.Call(map[string]any{"type": "hello"})); h.Locked || h.vaultExists(t) {
		t.Errorf("hello after unlock, before any write = %+v; want unlocked, still no vault", h)
	}
	testkit.Result[ImportResult](t, p.Call(map[string]any{"type": "import", "site": "gitlab", "account": "tanuki",
		"text": "0123456789abcdef\nfedcba9876543210\n"}))
	if h := testkit.Result[helloResult](t, p.Call(map[string]any{"type": "hello"})); !h.vaultExists(t) {
		t.Errorf("hello after an import = %+v; want vault_exists", h)
	}
	p.CloseStdin()
	p.Drain()
	p.Wait(0)

	// The CLI opens the vault with the passphrase chosen in the popup.
	chosenEnv := noPass.withoutPassphrase()
	chosenEnv.Vars = append(slices.Clone(chosenEnv.Vars), "TEAROFF_FILE_PASSPHRASE="+chosen)
	if accs := chosenEnv.list(); len(accs) != 1 || accs[0].Site != "gitlab" {
		t.Errorf("CLI with the chosen passphrase lists %+v", accs)
	}

	q := noPass.Start(chromeArgs...)
	if h := testkit.Result[helloResult](t, q.Call(map[string]any{"type": "hello"})); !h.NeedsPassphrase || !h.vaultExists(t) {
		t.Errorf("hello on the existing vault without a passphrase = %+v; want needs_passphrase, vault_exists", h)
	}
	q.CloseStdin()
	q.Drain()
	q.Wait(0)
}
