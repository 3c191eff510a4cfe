package protocol

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/nativemsg"
	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// fakeOps records every call as "method arg arg…" and answers with fixed
// values, or with err when set. panicOn makes one method panic, to prove
// the last-line recover keeps the port alive.
type fakeOps struct {
	calls   []string
	err     error
	panicOn string
	list    []vault.Summary
}

var usedAt = time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)

func (f *fakeOps) record(method string, args ...string) error {
	f.calls = append(f.calls, strings.Join(append([]string{method}, args...), " "))
	if f.panicOn == method {
		panic("boom in " + method)
	}
	return f.err
}

func (f *fakeOps) List(context.Context) ([]vault.Summary, error) {
	return f.list, f.record("List")
}

func (f *fakeOps) Offer(_ context.Context, u string) (service.Offer, error) {
	return service.Offer{Site: "github", SiteName: "GitHub", Domain: "github.com",
		Accounts: []service.OfferAccount{{ID: "acc1", Account: "octocat", Remaining: 3, Total: 16}}}, f.record("Offer", u)
}

func (f *fakeOps) Reserve(_ context.Context, acc, u string) (service.Reservation, error) {
	return service.Reservation{CodeID: "c1", Code: "a1b2c-3d4e5", AccountID: acc, Account: "octocat", Site: "github"},
		f.record("Reserve", acc, u)
}

func (f *fakeOps) Consume(_ context.Context, id, u string) (service.Consumed, error) {
	return service.Consumed{CodeID: id, UsedAt: usedAt, EventID: "e1", Remaining: 2}, f.record("Consume", id, u)
}

func (f *fakeOps) Release(_ context.Context, id string) (vault.Code, error) {
	return vault.Code{ID: id, State: vault.Unused}, f.record("Release", id)
}

func (f *fakeOps) Import(_ context.Context, site, label string, text []byte, file string, replace bool) (vault.Summary, int, error) {
	return vault.Summary{ID: "acc1", Site: site, Account: label}, 2,
		f.record("Import", site, label, string(text), file, fmt.Sprint(replace))
}

func (f *fakeOps) Restore(_ context.Context, site, label, code string) (vault.Code, error) {
	return vault.Code{ID: "c9", State: vault.Unused}, f.record("Restore", site, label, code)
}

func (f *fakeOps) RestoreByID(_ context.Context, id string) (vault.Code, error) {
	return vault.Code{ID: id, State: vault.Unused}, f.record("RestoreByID", id)
}

func (f *fakeOps) Settle(_ context.Context, id string, used bool) (vault.Code, error) {
	state := vault.Unused
	if used {
		state = vault.Used
	}
	return vault.Code{ID: id, State: state}, f.record("Settle", id, fmt.Sprint(used))
}

func (f *fakeOps) Rename(_ context.Context, id, label string) (vault.Summary, error) {
	return vault.Summary{ID: id, Account: label}, f.record("Rename", id, label)
}

func (f *fakeOps) RemoveByID(_ context.Context, id string) error { return f.record("RemoveByID", id) }

func (f *fakeOps) History(_ context.Context, id string) ([]vault.Event, error) {
	return []vault.Event{{ID: "e1", Time: usedAt, Kind: "consume", AccountID: id, CodeID: "c1", URL: "https://github.com/x"}},
		f.record("History", id)
}

func (f *fakeOps) HandOut(_ context.Context, id string) (service.Spent, error) {
	return service.Spent{Code: vault.Code{ID: "c2", Value: "a1b2c-3d4e5", State: vault.Used, UsedAt: usedAt}, Remaining: 14},
		f.record("HandOut", id)
}

func (f *fakeOps) MarkUsed(_ context.Context, id, code string) (service.Spent, error) {
	return service.Spent{Code: vault.Code{ID: "c3", Value: "f0f0f-0f0f0", State: vault.Used, UsedAt: usedAt}, Remaining: 13},
		f.record("MarkUsed", id, code)
}

func (f *fakeOps) SetCurrent(_ context.Context, id, code string) (vault.Summary, error) {
	return vault.Summary{ID: id, Site: "x", Account: "jack", Total: 1, Remaining: 1}, f.record("SetCurrent", id, code)
}

// fakeHost is a file backend that wants the passphrase "right". newVault
// makes it a keyring with no vault yet.
type fakeHost struct {
	pass     string
	newVault bool
}

func (h *fakeHost) Status(context.Context) Status {
	return Status{Backend: "file", Locked: h.pass == "", NeedsPassphrase: h.pass == "", VaultExists: !h.newVault}
}

func (h *fakeHost) Unlock(_ context.Context, p string) error {
	if p != "right" {
		return fmt.Errorf("unlock: %w", store.ErrBadPassphrase)
	}
	h.pass = p
	return nil
}

var chrome = nativemsg.Caller{Family: nativemsg.FamilyChrome, ID: nativemsg.ChromeOrigin}

// serve runs Serve over in and returns its error and every reply frame.
func serve(t *testing.T, caller nativemsg.Caller, in []byte, ops Ops, host HostInfo) ([]testkit.Reply, error) {
	t.Helper()
	var out bytes.Buffer
	err := Serve(context.Background(), caller, bytes.NewReader(in), &out, ops, host)
	return testkit.ReadReplies(t, out.Bytes()), err
}

func TestServeRequests(t *testing.T) {
	tests := []struct {
		name   string
		req    string
		call   string // expected fake call, "" for none
		result string // expected result JSON (compact)
	}{
		{"hello", `{"id":"1","type":"hello"}`, "",
			`{"backend":"file","locked":true,"needs_passphrase":true,"protocol":1,"vault_exists":true,"version":"` + service.Version + `"}`},
		{"offer", `{"id":"2","type":"offer","url":"https://github.com/login"}`, "Offer https://github.com/login",
			`{"site":"github","site_name":"GitHub","domain":"github.com","accounts":[{"id":"acc1","account":"octocat","remaining":3,"uncertain":0,"total":16}]}`},
		{"reserve", `{"id":"3","type":"reserve","account":"acc1","url":"https://github.com/s"}`, "Reserve acc1 https://github.com/s",
			`{"code_id":"c1","code":"a1b2c-3d4e5","account_id":"acc1","account":"octocat","site":"github","uncertain":false}`},
		{"consume", `{"id":"4","type":"consume","code_id":"c1","url":"https://github.com/s"}`, "Consume c1 https://github.com/s",
			`{"code_id":"c1","event_id":"e1","remaining":2,"used_at":"2026-11-25T21:00:00Z"}`},
		{"release", `{"id":"5","type":"release","code_id":"c1"}`, "Release c1", `{"code_id":"c1","state":"unused"}`},
		{"list empty is []", `{"id":"6","type":"list"}`, "List", `{"accounts":[],"backend":"file","sync":{"enabled":false,"last_sync":"","error":""}}`},
		{"import", `{"id":"7","type":"import","site":"github","account":"octocat","text":"x y","replace":true}`,
			"Import github octocat x y  true", ""},
		{"import by file name", `{"id":"7f","type":"import","account":"octocat","text":"x","file_name":"github-recovery-codes (1).txt"}`,
			"Import  octocat x github-recovery-codes (1).txt false", ""},
		{"restore by id", `{"id":"8","type":"restore","code_id":"c7"}`, "RestoreByID c7", `{"code_id":"c7","state":"unused"}`},
		{"restore by value", `{"id":"9","type":"restore","site":"github","code":"a1b2c-3d4e5"}`,
			"Restore github  a1b2c-3d4e5", `{"code_id":"c9","state":"unused"}`},
		{"rename", `{"id":"10","type":"rename","account":"acc1","label":"work"}`, "Rename acc1 work", ""},
		{"remove", `{"id":"11","type":"remove","account":"acc1"}`, "RemoveByID acc1", `{"removed":"acc1"}`},
		{"history", `{"id":"12","type":"history","account":"acc1"}`, "History acc1",
			`{"events":[{"id":"e1","time":"2026-11-25T21:00:00Z","kind":"consume","code_id":"c1","url":"https://github.com/x"}]}`},
		{"unlock", `{"id":"13","type":"unlock","passphrase":"right"}`, "", `{"locked":false}`},
		{"hand_out", `{"id":"16","type":"hand_out","account":"acc1"}`, "HandOut acc1",
			`{"code":"a1b2c-3d4e5","code_id":"c2","remaining":14,"used_at":"2026-11-25T21:00:00Z"}`},
		// mark_used never echoes a code value: the popup already has it.
		{"mark_used", `{"id":"17","type":"mark_used","account":"acc1","code":"F0F0F 0F0F0"}`, "MarkUsed acc1 F0F0F 0F0F0",
			`{"code_id":"c3","remaining":13,"used_at":"2026-11-25T21:00:00Z"}`},
		{"set_current", `{"id":"18","type":"set_current","account":"acc2","code":"p4n7r2t8w3y6"}`, "SetCurrent acc2 p4n7r2t8w3y6", ""},
		{"settle used", `{"id":"13u","type":"settle","code_id":"c3","used":true}`, "Settle c3 true", `{"code_id":"c3","state":"used"}`},
		{"settle still good", `{"id":"13g","type":"settle","code_id":"c3","used":false}`, "Settle c3 false", `{"code_id":"c3","state":"unused"}`},
		{"unknown fields ignored", `{"id":"14","type":"release","code_id":"c1","extra":[1]}`, "Release c1", ""},
		{"a field of another type is ignored", `{"id":"15","type":"release","code_id":"c1","url":5}`, "Release c1", ""},
		{"empty id is an id", `{"id":"","type":"release","code_id":"c1"}`, "Release c1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops := &fakeOps{}
			replies, err := serve(t, chrome, testkit.Frame(tt.req), ops, &fakeHost{})
			if err != nil {
				t.Fatalf("Serve: %v", err)
			}
			if len(replies) != 1 {
				t.Fatalf("got %d replies, want 1", len(replies))
			}
			rep := replies[0]
			var req struct{ ID string }
			_ = json.Unmarshal([]byte(tt.req), &req)
			if !rep.OK || rep.ID != req.ID {
				t.Fatalf("reply %+v, want ok with id %q (error %+v)", rep, req.ID, rep.Error)
			}
			wantCalls := []string{}
			if tt.call != "" {
				wantCalls = []string{tt.call}
			}
			if fmt.Sprint(ops.calls) != fmt.Sprint(wantCalls) {
				t.Errorf("calls %q, want %q", ops.calls, wantCalls)
			}
			if tt.result != "" {
				assertJSON(t, rep.Result, tt.result)
			}
		})
	}
}

// TestServeReplyBytes pins the bytes of replies that were maps before they
// were types: keys in name order, so the extension sees the same frames.
func TestServeReplyBytes(t *testing.T) {
	in := testkit.Join(
		testkit.Frame(`{"id":"1","type":"consume","code_id":"c1","url":"https://github.com/s"}`),
		testkit.Frame(`{"id":"2","type":"release","code_id":"c1"}`),
		testkit.Frame(`{"id":"3","type":"remove","account":"acc1"}`),
		testkit.Frame(`{"id":"4","type":"offer"}`),
	)
	var out bytes.Buffer
	if err := Serve(context.Background(), chrome, bytes.NewReader(in), &out, &fakeOps{}, &fakeHost{}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`{"id":"1","ok":true,"result":{"code_id":"c1","event_id":"e1","remaining":2,"used_at":"2026-11-25T21:00:00Z"}}`,
		`{"id":"2","ok":true,"result":{"code_id":"c1","state":"unused"}}`,
		`{"id":"3","ok":true,"result":{"removed":"acc1"}}`,
		`{"id":"4","ok":false,"error":{"code":"bad_request","message":"The offer request needs \"url\"."}}`,
	}
	r := nativemsg.NewReader(&out)
	for _, w := range want {
		msg, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if string(msg) != w {
			t.Errorf("reply\n got %s\nwant %s", msg, w)
		}
	}
}

// assertJSON compares JSON by value, so key order does not matter.
func assertJSON(t *testing.T, got json.RawMessage, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("result %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %s: %v", want, err)
	}
	if fmt.Sprint(g) != fmt.Sprint(w) {
		t.Errorf("result\n got %s\nwant %s", got, want)
	}
}

func TestServeSitesIsTheCatalogue(t *testing.T) {
	replies, _ := serve(t, chrome, testkit.Frame(`{"id":"s","type":"sites"}`), &fakeOps{}, &fakeHost{})
	if len(replies) != 1 || !replies[0].OK {
		t.Fatalf("replies %+v", replies)
	}
	var res struct{ Sites json.RawMessage }
	if err := json.Unmarshal(replies[0].Result, &res); err != nil {
		t.Fatal(err)
	}
	assertJSON(t, res.Sites, string(sites.CatalogueJSON()))
}

func TestServeBadRequests(t *testing.T) {
	tests := []struct {
		name   string
		req    string
		wantID string
	}{
		{"unknown type", `{"id":"1","type":"format_disk"}`, "1"},
		{"no type", `{"id":"2"}`, "2"},
		{"no id", `{"type":"hello"}`, ""},
		{"id is a number", `{"id":7,"type":"hello"}`, ""},
		{"type is a number", `{"id":"3","type":1}`, "3"},
		{"url is an object", `{"id":"4","type":"offer","url":{}}`, "4"},
		{"replace is a string", `{"id":"5","type":"import","site":"github","account":"a","text":"x","replace":"yes"}`, "5"},
		{"array", `[{"id":"6","type":"hello"}]`, ""},
		{"string", `"hello"`, ""},
		{"null", `null`, ""},
		{"number", `42`, ""},
		{"offer without url", `{"id":"7","type":"offer"}`, "7"},
		{"offer blank url", `{"id":"8","type":"offer","url":"  "}`, "8"},
		{"reserve without account", `{"id":"9","type":"reserve","url":"https://github.com/"}`, "9"},
		{"reserve without url", `{"id":"10","type":"reserve","account":"a"}`, "10"},
		{"consume without code_id", `{"id":"11","type":"consume","url":"https://github.com/"}`, "11"},
		{"release without code_id", `{"id":"12","type":"release"}`, "12"},
		{"import without text", `{"id":"13","type":"import","site":"github","account":"a"}`, "13"},
		{"import without site", `{"id":"14","type":"import","account":"a","text":"x"}`, "14"},
		{"import with blank site and file name", `{"id":"14b","type":"import","site":" ","account":"a","text":"x","file_name":""}`, "14b"},
		{"file_name is a number", `{"id":"14c","type":"import","account":"a","text":"x","file_name":1}`, "14c"},
		{"restore with nothing", `{"id":"15","type":"restore"}`, "15"},
		{"restore site without code", `{"id":"16","type":"restore","site":"github"}`, "16"},
		{"rename without label", `{"id":"17","type":"rename","account":"a"}`, "17"},
		{"remove without account", `{"id":"18","type":"remove"}`, "18"},
		{"history without account", `{"id":"19","type":"history"}`, "19"},
		{"unlock without passphrase", `{"id":"20","type":"unlock"}`, "20"},
		{"hand_out without account", `{"id":"21","type":"hand_out"}`, "21"},
		{"mark_used without code", `{"id":"22","type":"mark_used","account":"a"}`, "22"},
		{"mark_used with a blank account", `{"id":"23","type":"mark_used","account":" ","code":"x"}`, "23"},
		{"set_current without code", `{"id":"24","type":"set_current","account":"a"}`, "24"},
		{"set_current code is a number", `{"id":"25","type":"set_current","account":"a","code":12345678}`, "25"},
		{"settle without used", `{"id":"31","type":"settle","code_id":"c1"}`, "31"},
		{"settle with used null", `{"id":"32","type":"settle","code_id":"c1","used":null}`, "32"},
		{"settle used is a string", `{"id":"33","type":"settle","code_id":"c1","used":"yes"}`, "33"},
		{"settle without code_id", `{"id":"34","type":"settle","used":true}`, "34"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops := &fakeOps{}
			// A hello after the bad request proves the port stays usable.
			replies, err := serve(t, chrome, testkit.Join(testkit.Frame(tt.req), testkit.Frame(`{"id":"after","type":"hello"}`)), ops, &fakeHost{})
			if err != nil {
				t.Fatalf("Serve: %v", err)
			}
			if len(replies) != 2 {
				t.Fatalf("got %d replies, want 2", len(replies))
			}
			if rep := replies[0]; rep.OK || rep.Error.Code != service.CodeBadRequest || rep.ID != tt.wantID || rep.Error.Message == "" {
				t.Errorf("reply %+v %+v, want bad_request with id %q", rep, rep.Error, tt.wantID)
			}
			if !replies[1].OK || replies[1].ID != "after" {
				t.Errorf("the request after a bad one got %+v", replies[1])
			}
			if len(ops.calls) != 0 {
				t.Errorf("a bad request reached the operations: %q", ops.calls)
			}
		})
	}
}

func TestServeErrorCodes(t *testing.T) {
	tests := []struct {
		err  error
		code string
	}{
		{fmt.Errorf("acc: %w", vault.ErrNotFound), service.CodeNotFound},
		{fmt.Errorf("page: %w", sites.ErrOriginMismatch), service.CodeOriginMismatch},
		{fmt.Errorf("page: %w", sites.ErrInsecure), service.CodeInsecureOrigin},
		{&vault.ExhaustedError{Uncertain: 1}, service.CodeExhausted},
		{fmt.Errorf("view: %w", store.ErrLocked), service.CodeLocked},
		{errors.New("disk on fire"), service.CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			ops := &fakeOps{err: tt.err}
			replies, _ := serve(t, chrome, testkit.Frame(`{"id":"r","type":"reserve","account":"a","url":"https://github.com/"}`), ops, &fakeHost{})
			if len(replies) != 1 {
				t.Fatalf("got %d replies", len(replies))
			}
			rep := replies[0]
			if rep.OK || rep.ID != "r" || rep.Error.Code != tt.code || rep.Error.Message != tt.err.Error() {
				t.Errorf("reply %+v %+v, want %s: %q", rep, rep.Error, tt.code, tt.err)
			}
			if len(rep.Result) != 0 {
				t.Errorf("a failed reserve carried a result: %s", rep.Result)
			}
		})
	}
}

func TestServeUnlock(t *testing.T) {
	host := &fakeHost{}
	in := testkit.Join(
		testkit.Frame(`{"id":"1","type":"unlock","passphrase":"wrong"}`),
		testkit.Frame(`{"id":"2","type":"hello"}`),
		testkit.Frame(`{"id":"3","type":"unlock","passphrase":"right"}`),
		testkit.Frame(`{"id":"4","type":"hello"}`),
	)
	replies, _ := serve(t, chrome, in, &fakeOps{}, host)
	if len(replies) != 4 {
		t.Fatalf("got %d replies", len(replies))
	}
	if replies[0].OK || replies[0].Error.Code != service.CodeBadPassphrase {
		t.Errorf("wrong passphrase: %+v", replies[0])
	}
	assertJSON(t, replies[1].Result, `{"backend":"file","locked":true,"needs_passphrase":true,"protocol":1,"vault_exists":true,"version":"`+service.Version+`"}`)
	if !replies[2].OK {
		t.Errorf("right passphrase: %+v", replies[2].Error)
	}
	assertJSON(t, replies[3].Result, `{"backend":"file","locked":false,"needs_passphrase":false,"protocol":1,"vault_exists":true,"version":"`+service.Version+`"}`)
}

// TestServeHelloVaultExists: hello passes on whether the keyring holds a
// vault, so the popup can ask twice for a new vault's passphrase.
func TestServeHelloVaultExists(t *testing.T) {
	tests := []struct {
		name string
		host *fakeHost
		want bool
	}{
		{"new vault", &fakeHost{newVault: true}, false},
		{"existing vault", &fakeHost{}, true},
		{"existing vault, unlocked", &fakeHost{pass: "right"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			replies, _ := serve(t, chrome, testkit.Frame(`{"id":"h","type":"hello"}`), &fakeOps{}, tt.host)
			if len(replies) != 1 || !replies[0].OK {
				t.Fatalf("replies = %+v", replies)
			}
			var hello struct {
				VaultExists *bool `json:"vault_exists"`
			}
			if err := json.Unmarshal(replies[0].Result, &hello); err != nil || hello.VaultExists == nil {
				t.Fatalf("hello %s: no vault_exists (%v)", replies[0].Result, err)
			}
			if *hello.VaultExists != tt.want {
				t.Errorf("vault_exists = %v, want %v", *hello.VaultExists, tt.want)
			}
		})
	}
}

// TestServeStream covers frames the Reader cannot turn into a request:
// which get a reply, and whether the host keeps serving afterwards.
func TestServeStream(t *testing.T) {
	hello := testkit.Frame(`{"id":"h","type":"hello"}`)
	tests := []struct {
		name    string
		in      []byte
		wantErr error    // nil: clean exit
		want    []string // per reply: "id:ok" or "id:code"
	}{
		{"empty input", nil, nil, nil},
		{"requests in order", testkit.Join(testkit.Frame(`{"id":"a","type":"list"}`), testkit.Frame(`{"id":"b","type":"hello"}`), testkit.Frame(`{"id":"c","type":"nope"}`)),
			nil, []string{"a:ok", "b:ok", "c:bad_request"}},
		{"zero-length frame", testkit.Join(testkit.Header(0), hello), nil, []string{":bad_request", "h:ok"}},
		{"invalid JSON", testkit.Join(testkit.Frame(`{"id":"x",`), hello), nil, []string{":bad_request", "h:ok"}},
		{"trailing bytes", testkit.Join(testkit.Frame(`{"id":"x","type":"hello"} junk`), hello), nil, []string{":bad_request", "h:ok"}},
		{"two JSON values", testkit.Join(testkit.Frame(`{"id":"x","type":"hello"}{}`), hello), nil, []string{":bad_request", "h:ok"}},
		{"invalid UTF-8", testkit.Join(testkit.Frame("{\"id\":\"\xff\",\"type\":\"hello\"}"), hello), nil, []string{":bad_request", "h:ok"}},
		{"truncated header", testkit.Join(hello, []byte{7, 0}), nil, []string{"h:ok"}},
		{"truncated body", testkit.Join(hello, testkit.Header(40), []byte(`{"id":"x"`)), nil, []string{"h:ok"}},
		{"oversize frame", testkit.Join(hello, testkit.Header(nativemsg.MaxFrame+1), hello), service.ErrTooLarge, []string{"h:ok", ":too_large"}},
		{"stray text as length", []byte("Hello, world\n"), service.ErrTooLarge, []string{":too_large"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			replies, err := serve(t, chrome, tt.in, &fakeOps{}, &fakeHost{})
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("Serve = %v, want %v", err, tt.wantErr)
			}
			if got := summarize(replies); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("replies %q, want %q", got, tt.want)
			}
		})
	}
}

func summarize(replies []testkit.Reply) []string {
	var out []string
	for _, r := range replies {
		if r.OK {
			out = append(out, r.ID+":ok")
		} else {
			out = append(out, r.ID+":"+r.Error.Code)
		}
	}
	return out
}

func TestServeRefusesUnknownCaller(t *testing.T) {
	callers := []nativemsg.Caller{
		{Family: nativemsg.FamilyChrome, ID: "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"},
		{Family: nativemsg.FamilyFirefox, ID: "evil@example.com", ManifestPath: "/x/dev.tearoff.host.json"},
		{Family: nativemsg.FamilyFirefox, ID: nativemsg.ChromeOrigin}, // right id, wrong family
		{}, // argv that could not be parsed
	}
	for _, c := range callers {
		t.Run(c.Family+" "+c.ID, func(t *testing.T) {
			ops := &fakeOps{}
			replies, err := serve(t, c, testkit.Frame(`{"id":"1","type":"list"}`), ops, &fakeHost{})
			if !errors.Is(err, service.ErrUnknownCaller) {
				t.Errorf("Serve = %v, want unknown caller", err)
			}
			if got := summarize(replies); fmt.Sprint(got) != fmt.Sprint([]string{":unknown_caller"}) {
				t.Errorf("replies %q", got)
			}
			if len(ops.calls) != 0 {
				t.Errorf("an unknown caller reached the operations: %q", ops.calls)
			}
		})
	}
	t.Run("firefox add-on is served", func(t *testing.T) {
		replies, err := serve(t, nativemsg.Caller{Family: nativemsg.FamilyFirefox, ID: nativemsg.FirefoxAddonID}, testkit.Frame(`{"id":"1","type":"hello"}`), &fakeOps{}, &fakeHost{})
		if err != nil || fmt.Sprint(summarize(replies)) != "[1:ok]" {
			t.Errorf("Serve = %v, replies %q", err, summarize(replies))
		}
	})
}

func TestServeRecoversFromABug(t *testing.T) {
	ops := &fakeOps{panicOn: "Offer"}
	in := testkit.Join(testkit.Frame(`{"id":"1","type":"offer","url":"https://github.com/"}`), testkit.Frame(`{"id":"2","type":"hello"}`))
	replies, err := serve(t, chrome, in, ops, &fakeHost{})
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got := summarize(replies); fmt.Sprint(got) != "[1:internal 2:ok]" {
		t.Errorf("replies %q", got)
	}
}

func TestServeReplyTooLarge(t *testing.T) {
	// One account whose label alone is over 1 MiB makes list's reply too
	// big for a frame; the caller still gets an answer for its id.
	ops := &fakeOps{list: []vault.Summary{{ID: "a", Account: strings.Repeat("x", nativemsg.MaxFrame)}}}
	replies, err := serve(t, chrome, testkit.Join(testkit.Frame(`{"id":"big","type":"list"}`), testkit.Frame(`{"id":"2","type":"hello"}`)), ops, &fakeHost{})
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if got := summarize(replies); fmt.Sprint(got) != "[big:too_large 2:ok]" {
		t.Errorf("replies %q", got)
	}
}

func TestServeWriteErrorStops(t *testing.T) {
	in := testkit.Join(testkit.Frame(`{"id":"1","type":"hello"}`), testkit.Frame(`{"id":"2","type":"hello"}`))
	err := Serve(context.Background(), chrome, bytes.NewReader(in), failWriter{0, io.ErrClosedPipe}, &fakeOps{}, &fakeHost{})
	if !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("Serve = %v, want the write error", err)
	}
}

func TestServeStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	err := Serve(ctx, chrome, bytes.NewReader(testkit.Frame(`{"id":"1","type":"hello"}`)), &out, &fakeOps{}, &fakeHost{})
	if !errors.Is(err, context.Canceled) || out.Len() != 0 {
		t.Errorf("Serve = %v with %d bytes out, want canceled and nothing written", err, out.Len())
	}
}

// TestServeHugeFields: fields that fit in a request frame but would make
// the reply too big still get an answer, and the port stays open.
func TestServeHugeFields(t *testing.T) {
	huge := strings.Repeat("\"", nativemsg.MaxFrame/2-50) // doubles when JSON-escaped
	longID := strings.Repeat("x", nativemsg.MaxFrame-len(`{"id":"","type":"list"}`))
	tests := []struct {
		name   string
		req    map[string]string
		ops    *fakeOps
		want   string
		echoID bool
	}{
		{"huge unknown type", map[string]string{"id": "1", "type": huge}, &fakeOps{}, "bad_request", true},
		{"error quoting a huge url", map[string]string{"id": "2", "type": "offer", "url": huge},
			&fakeOps{err: fmt.Errorf("page %q: %w", huge, sites.ErrInsecure)}, "insecure_origin", true},
		{"huge id echoed", map[string]string{"id": huge, "type": "list"},
			&fakeOps{list: []vault.Summary{{ID: "a", Account: strings.Repeat("x", nativemsg.MaxFrame/2)}}}, "too_large", true},
		// The request is exactly MaxFrame, so even an error reply echoing
		// the id is too big: it is answered with id "".
		{"id too long to echo", map[string]string{"id": longID, "type": "list"}, &fakeOps{}, "bad_request", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := json.Marshal(tt.req)
			if err != nil || len(body) > nativemsg.MaxFrame {
				t.Fatalf("request of %d bytes: %v", len(body), err)
			}
			replies, err := serve(t, chrome, testkit.Join(testkit.Frame(string(body)), testkit.Frame(`{"id":"after","type":"hello"}`)), tt.ops, &fakeHost{})
			if err != nil {
				t.Fatalf("Serve: %v", err)
			}
			if len(replies) != 2 || replies[0].OK || replies[0].Error.Code != tt.want || !replies[1].OK {
				t.Fatalf("got %d replies, want a %s error and a hello", len(replies), tt.want)
			}
			wantID := ""
			if tt.echoID {
				wantID = tt.req["id"]
			}
			if replies[0].ID != wantID { // lengths only: the ids are huge
				t.Errorf("reply id of %d bytes, want %d", len(replies[0].ID), len(wantID))
			}
		})
	}
}

// failWriter accepts n bytes per call and then fails with err.
type failWriter struct {
	n   int
	err error
}

func (f failWriter) Write(p []byte) (int, error) { return min(f.n, len(p)), f.err }
