package protocol

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
)

// TestProtocolOtherDevices: the real host hands a code out for another
// device, refuses it when typed again saying when and where, takes it back
// on "I didn't use it", and stores X's next code; the CLI confirms each step.
func TestProtocolOtherDevices(t *testing.T) { otherDevices(t, newSandbox(t)) }

// TestProtocolOtherDevicesSecretService is the same on the real Secret
// Service, whose collection the session shares: the accounts go at the end.
func TestProtocolOtherDevicesSecretService(t *testing.T) {
	s := &sandbox{testbin.SecretServiceEnv(t)}
	t.Cleanup(func() {
		s.Run("", "remove", "--site", "github", "--account", "octocat")
		s.Run("", "remove", "--site", "x", "--account", "jack")
	})
	otherDevices(t, s)
}

func otherDevices(t *testing.T, s *sandbox) {
	s.importGitHub()
	xFile := filepath.Join(t.TempDir(), "x.txt")
	if err := os.WriteFile(xFile, []byte("k3v9q2m8x7wz\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.cli("import", "--site", "x", "--account", "jack", xFile)
	ids := map[string]string{}
	for _, a := range s.list() {
		if a.Account == "octocat" || a.Account == "jack" {
			ids[a.Site] = a.ID
		}
	}
	p := s.Start(chromeArgs...)

	out := s.cli("next", "--site", "github", "--account", "octocat")
	handed := testkit.Result[HandOutResult](t, p.Call(map[string]any{"type": "hand_out", "account": ids["github"]}))
	if handed.Code == "" || handed.Code+"\n" != out || handed.Remaining != 15 {
		t.Fatalf("hand_out = %+v; want `tearoff next`'s %q with 15 left", handed, out)
	}
	if c := s.codeState(handed.CodeID); c.State != "used" || c.UsedOn != "another_device" || c.Code != handed.Code {
		t.Fatalf("after hand_out the CLI shows %+v", c)
	}
	at, err := time.Parse(time.RFC3339, handed.UsedAt)
	if err != nil {
		t.Fatalf("used_at %q: %v", handed.UsedAt, err)
	}

	// Typed again from an old list: already used, with when and where as data.
	rep := p.Call(map[string]any{"type": "mark_used", "account": ids["github"], "code": handed.Code})
	wantError(t, rep, "already_used")
	if u := rep.Error.Used; u == nil || u.On != "another_device" || u.At != at.UTC().Format(time.RFC3339) {
		t.Errorf("already_used carries used = %+v, want another_device at %s", rep.Error.Used, handed.UsedAt)
	}

	// "I didn't use it" is the existing restore by id.
	testkit.Result[CodeStateResult](t, p.Call(map[string]any{"type": "restore", "code_id": handed.CodeID}))
	if c := s.codeState(handed.CodeID); c.State != "unused" {
		t.Fatalf("after restore the CLI shows %+v", c)
	}

	// A code typed elsewhere, pasted with spaces and capitals.
	typed := githubCodes()[5]
	marked := testkit.Result[MarkUsedResult](t, p.Call(map[string]any{"type": "mark_used", "account": ids["github"], "code": " " + strings.ToUpper(typed) + " "}))
	if marked.Remaining != 15 {
		t.Errorf("mark_used = %+v; want 15 left", marked)
	}
	if c := s.codeState(marked.CodeID); c.State != "used" || c.UsedOn != "elsewhere" || c.Code != typed {
		t.Fatalf("after mark_used the CLI shows %+v", c)
	}

	// X: its only code handed out, then the new one it issued pasted in.
	testkit.Result[HandOutResult](t, p.Call(map[string]any{"type": "hand_out", "account": ids["x"]}))
	wantError(t, p.Call(map[string]any{"type": "set_current", "account": ids["x"], "code": "bad code!"}), "invalid_codes")
	cur := testkit.Result[AccountResult](t, p.Call(map[string]any{"type": "set_current", "account": ids["x"], "code": "P4N7R2T8W3Y6"}))
	if cur.Account.Remaining != 1 || cur.Account.Total != 1 {
		t.Errorf("set_current = %+v", cur.Account)
	}
	if next := s.cli("next", "--site", "x", "--account", "jack"); next != "p4n7r2t8w3y6\n" {
		t.Errorf("tearoff next after set_current = %q", next)
	}
	p.CloseStdin()
	p.Drain()
	p.Wait(0)
}
