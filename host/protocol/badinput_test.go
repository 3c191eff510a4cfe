package protocol

import (
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/service"
)

// TestProtocolBadInputChangesNothing sends the real host each kind of bad
// input a page or the popup could send: the reply carries the same error
// code the CLI's exit status derives from, and the vault stays as it was.
func TestProtocolBadInputChangesNothing(t *testing.T) {
	s := newSandbox(t)
	s.importGitHub()
	id := s.list()[0].ID
	cs := githubCodes()
	fresh := "3f9a1-0c7e2\nb84d5-19f06\n"
	p := s.Start(chromeArgs...)
	s.wantRefused(t, p, []refusal{
		{"octocat's codes for hubot", map[string]any{"type": "import", "site": "github", "account": "hubot", "text": cs[3] + "\n" + cs[4] + "\n"}, "invalid_codes"},
		{"a code with trailing text", map[string]any{"type": "import", "site": "github", "account": "hubot", "text": fresh + "e2c71-a5b38 done\n"}, "invalid_codes"},
		{"import label with an escape", map[string]any{"type": "import", "site": "github", "account": "\x1b[2Jhubot", "text": fresh}, "bad_request"},
		{"import label of 129 characters", map[string]any{"type": "import", "site": "github", "account": strings.Repeat("h", 129), "text": fresh}, "bad_request"},
		{"import for a look-alike site", map[string]any{"type": "import", "site": "g\u0130thub.com", "account": "hubot", "text": fresh}, "unknown_site"},
		{"rename to two lines", map[string]any{"type": "rename", "account": id, "label": "octo\ncat"}, "bad_request"},
		{"rename with a bidi override", map[string]any{"type": "rename", "account": id, "label": "\u202eoctocat"}, "bad_request"},
		{"rename to 129 characters", map[string]any{"type": "rename", "account": id, "label": strings.Repeat("é", 129)}, "bad_request"},
		{"offer on a dotted capital I", map[string]any{"type": "offer", "url": "https://g\u0130thub.com/sessions/two-factor/recovery"}, "unknown_site"},
		{"reserve on a Kelvin sign", map[string]any{"type": "reserve", "account": id, "url": "https://\u212Aagi.com/"}, "unknown_site"},
		{"mark_used of a code octocat does not hold", map[string]any{"type": "mark_used", "account": id, "code": "3f9a1-0c7e2"}, "not_found"},
		{"mark_used of a malformed code", map[string]any{"type": "mark_used", "account": id, "code": "hello world"}, "invalid_codes"},
		{"mark_used for no such account", map[string]any{"type": "mark_used", "account": "nope", "code": cs[0]}, "not_found"},
		{"hand_out for no such account", map[string]any{"type": "hand_out", "account": "nope"}, "not_found"},
		{"set_current on GitHub, which issues sets", map[string]any{"type": "set_current", "account": id, "code": "3f9a1-0c7e2"}, "bad_request"},
		{"reserve on port 8443", map[string]any{"type": "reserve", "account": id, "url": "https://github.com:8443/sessions/two-factor/recovery"}, "origin_mismatch"},
	})
	// The same requests done right still work: the refusals above are about
	// the input, not a broken host.
	testkit.Result[ImportResult](t, p.Call(map[string]any{"type": "import", "site": "github", "account": "hubot", "text": fresh}))
	testkit.Result[AccountResult](t, p.Call(map[string]any{"type": "rename", "account": id, "label": "山田 太郎"}))
	testkit.Result[service.Reservation](t, p.Call(map[string]any{"type": "reserve", "account": id, "url": "https://github.com:443/sessions/two-factor/recovery"}))
	stop(p)
}
