package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// TestListFlagsRunningLow: the accounts with 2 or fewer unused codes are
// flagged in both outputs, and only those.
func TestListFlagsRunningLow(t *testing.T) {
	tests := []struct {
		name  string
		codes int
		take  int
		low   bool
	}{
		{"plenty", 5, 0, false},
		{"three left", 5, 2, false},
		{"two left", 5, 3, true},
		{"one left", 5, 4, true},
		{"none left", 5, 5, true},
		// A set of one (X issues one code at a time) is its whole set, not low.
		{"a set of one, unused", 1, 0, false},
		{"a set of one, spent", 1, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.must(testkit.Lines(testkit.GitHubCodes(tt.codes, 0)), "import", "--site", "github", "--account", "octocat")
			w.must(testkit.Lines(testkit.GitHubCodes(8, 100)), "import", "--site", "github", "--account", "spare")
			for range tt.take {
				w.must("", "take", "--site", "github", "--account", "octocat")
			}
			byName := map[string]testkit.ListEntry{}
			for _, e := range testkit.ParseList(t, w.must("", "list", "--json")) {
				byName[e.Account] = e
			}
			if got := byName["octocat"].RunningLow; got != tt.low {
				t.Errorf("octocat running_low = %v, want %v", got, tt.low)
			}
			if byName["spare"].RunningLow {
				t.Errorf("spare (8 left) is flagged running low")
			}
			text := w.must("", "list")
			flagged := strings.Contains(text, "! running low: GitHub octocat has")
			if flagged != tt.low {
				t.Errorf("text flags octocat = %v, want %v:\n%s", flagged, tt.low, text)
			}
			if tt.low && !strings.Contains(text, "new codes at https://github.com/settings/auth/recovery-codes") {
				t.Errorf("the flag does not say where to get new codes:\n%s", text)
			}
			if strings.Contains(text, "running low: GitHub spare") {
				t.Errorf("text flags spare:\n%s", text)
			}
		})
	}
}

// reserveAndExpire hands octocat's next code to a GitHub page through the
// service (as the browser does) and returns its value; with
// TEAROFF_RESERVE_TTL tiny, the next command finds it uncertain.
func (w *world) reserveAndExpire() string {
	w.t.Helper()
	st, err := store.Open(w.cfg)
	if err != nil {
		w.t.Fatal(err)
	}
	defer st.Close()
	svc := service.New(st, vault.SystemClock())
	sums, err := svc.List(context.Background())
	if err != nil || len(sums) != 1 {
		w.t.Fatalf("list: %v %v", sums, err)
	}
	r, err := svc.Reserve(context.Background(), sums[0].ID, "https://github.com/sessions/two-factor/recovery")
	if err != nil {
		w.t.Fatal(err)
	}
	return r.Code
}

// runEnv is run with an environment.
func (w *world) runEnv(env map[string]string, args ...string) out {
	w.t.Helper()
	var o, e bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &o, Stderr: &e,
		Getenv:      func(k string) string { return env[k] },
		OpenStorage: func(context.Context) (Storage, error) { return store.Open(w.cfg) },
	}
	code := app.Run(context.Background(), args)
	return out{code, o.String(), e.String()}
}

func TestSettleCommand(t *testing.T) {
	expired := map[string]string{service.EnvReserveTTL: "1ns"}
	tests := []struct {
		name      string
		flag      string
		wantState string
		wantLeft  int
	}{
		{"I used it", "--used", "used", 2},
		{"it's still good", "--unused", "unused", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.must(testkit.Lines(testkit.GitHubCodes(3, 0)), "import", "--site", "github", "--account", "octocat")
			code := w.reserveAndExpire()
			l := testkit.ParseList(t, w.runEnv(expired, "list", "--json").stdout)
			if len(l) != 1 || l[0].Uncertain != 1 || len(l[0].UncertainCodes) != 1 || l[0].UncertainCodes[0].HandedOn != "https://github.com/sessions/two-factor/recovery" {
				t.Fatalf("after expiry list = %+v, want one uncertain code handed on the recovery page", l)
			}
			if text := w.runEnv(expired, "list").stdout; !strings.Contains(text, "? 1 uncertain code(s)") {
				t.Errorf("text list does not point at settle:\n%s", text)
			}
			r := w.runEnv(expired, "settle", "--site", "github", tt.flag, code)
			if r.code != 0 || !strings.Contains(r.stdout, "it is "+tt.wantState+" now") {
				t.Fatalf("settle %s: %+v", tt.flag, r)
			}
			l = testkit.ParseList(t, w.must("", "list", "--json"))
			if l[0].Uncertain != 0 || l[0].Remaining != tt.wantLeft {
				t.Errorf("after settle %+v, want 0 uncertain and %d left", l[0].Summary, tt.wantLeft)
			}
			// Settling again is refused and changes nothing: a used code
			// never comes back as unused this way.
			again := w.run("", "settle", "--site", "github", "--unused", code)
			if again.code != 7 || !strings.Contains(again.stderr, "it is "+tt.wantState) {
				t.Errorf("second settle: %+v, want exit 7 naming the state", again)
			}
			if l2 := testkit.ParseList(t, w.must("", "list", "--json")); l2[0].Remaining != tt.wantLeft {
				t.Errorf("a refused settle changed the count: %d", l2[0].Remaining)
			}
		})
	}
}

func TestSettleCommandBadInput(t *testing.T) {
	w := newWorld(t)
	w.must(testkit.Lines(testkit.GitHubCodes(3, 0)), "import", "--site", "github", "--account", "octocat")
	code := testkit.GitHubCodes(1, 0)[0]
	for _, args := range [][]string{
		{"settle", "--site", "github", code},                       // neither flag
		{"settle", "--site", "github", "--used", "--unused", code}, // both
		{"settle", "--site", "github", "--used"},                   // no code
	} {
		if r := w.run("", args...); r.code != 2 || r.stdout != "" {
			t.Errorf("%v: %+v, want exit 2 and nothing on stdout", args, r)
		}
	}
	if r := w.runEnv(map[string]string{service.EnvReserveTTL: "soon"}, "list"); r.code != 2 || !strings.Contains(r.stderr, service.EnvReserveTTL) {
		t.Errorf("a bad TTL: %+v, want exit 2 naming the variable", r)
	}
}
