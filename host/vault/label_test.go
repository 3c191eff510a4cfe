package vault

import (
	"errors"
	"strings"
	"testing"
)

func TestCleanLabel(t *testing.T) {
	tests := []struct {
		name, in, want string
		rule           string // part of the error naming the rule; "" = accepted
	}{
		{"plain", "octocat", "octocat", ""},
		{"trimmed", "  yamada.taro@gmail.com\t", "yamada.taro@gmail.com", ""},
		{"japanese", "山田 太郎", "山田 太郎", ""},
		{"emoji with joiners", "family \U0001F468\u200d\U0001F469\u200d\U0001F467", "family \U0001F468\u200d\U0001F469\u200d\U0001F467", ""},
		{"128 characters", strings.Repeat("é", 128), strings.Repeat("é", 128), ""},
		{"empty", " \t", "", "required"},
		{"129 characters", strings.Repeat("é", 129), "", "at most 128 characters, this one has 129"},
		{"100 KB", strings.Repeat("a", 100<<10), "", "at most 128"},
		{"escape sequence", "\x1b[31mred\x1b[0m", "", "U+001B"},
		{"newline inside", "octo\ncat", "", "U+000A"},
		{"DEL", "octo\x7fcat", "", "U+007F"},
		{"C1 control", "octo\u0085cat", "", "U+0085"},
		{"line separator", "octo\u2028cat", "", "U+2028"},
		{"paragraph separator", "octo\u2029cat", "", "U+2029"},
		{"bidi override", "\u202eoctocat", "", "U+202E"},
		{"bidi isolate", "octo\u2066cat", "", "U+2066"},
		{"right-to-left mark", "octocat\u200f", "", "U+200F"},
		{"zero-width space", "octo\u200bcat", "", "U+200B"},
		{"invalid UTF-8", "octo\xffcat", "", "valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CleanLabel(tt.in)
			if tt.rule == "" {
				if err != nil || got != tt.want {
					t.Fatalf("CleanLabel = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) || got != "" || !strings.Contains(err.Error(), tt.rule) {
				t.Fatalf("CleanLabel = %q, %v; want ErrInvalid naming %q", got, err, tt.rule)
			}
		})
	}
}

// Every way a label enters the vault applies the rules and, refused,
// changes nothing.
func TestBadLabelChangesNothing(t *testing.T) {
	bad := []string{"\x1b]0;pwned\x07", "a\nb", strings.Repeat("x", 129), "\u202egnp.exe"}
	for _, label := range bad {
		tc := newClock()
		v := New()
		a := mustImport(t, v, tc.Clock(), "github", "octocat", codesN("a", 2))
		before := snapshot(t, v)
		if _, _, err := v.Import("github", label, codesN("b", 1), false, tc.Clock()); !errors.Is(err, ErrInvalid) {
			t.Errorf("Import with label %q = %v; want ErrInvalid", label, err)
		}
		if _, err := v.Rename(a.ID, label, tc.Clock()); !errors.Is(err, ErrInvalid) {
			t.Errorf("Rename to %q = %v; want ErrInvalid", label, err)
		}
		assertUnchanged(t, v, before)
	}
}
