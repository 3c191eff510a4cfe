package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"octocat", "octocat"},
		{"山田 太郎 \U0001F468\u200d\U0001F469", "山田 太郎 \U0001F468\u200d\U0001F469"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"a\nb\tc\rd", `a\x0ab\x09c\x0dd`},
		{"\u009b2J", `\u009b2J`},
		{"oct\u202eocat\u2028", `oct\u202eocat\u2028`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"keeps \ufffd as is", "keeps \ufffd as is"},
	}
	for _, tt := range tests {
		if got := printable(tt.in); got != tt.want {
			t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// printableJSON leaves the JSON value as it was and no hidden character raw.
func TestPrintableJSON(t *testing.T) {
	for _, label := range []string{"octocat", "oct\u202eocat", "\u009b2J\x1b", "tag\U000E0001x", "a\u2029b\u200dc"} {
		b, err := json.Marshal(map[string]string{"account": label})
		if err != nil {
			t.Fatal(err)
		}
		out := printableJSON(b)
		var back map[string]string
		if err := json.Unmarshal(out, &back); err != nil || back["account"] != label {
			t.Fatalf("printableJSON(%s) = %s: decodes to %q, %v", b, out, back["account"], err)
		}
		if strings.ContainsAny(string(out), "\u202e\u009b\x1b\U000E0001\u2029") {
			t.Errorf("printableJSON left a hidden character raw: %q", out)
		}
	}
}
