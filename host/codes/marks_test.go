package codes

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// A code file where a person marked spent codes: each mark means used, and
// nothing is dropped.
func TestParseUsedMarks(t *testing.T) {
	github := strings.Split(strings.TrimSpace(string(readSample(t, "github-recovery-codes.txt"))), "\n")
	annotated := slices.Clone(github)
	annotated[2] += "  used"
	annotated[5] = "✓ " + annotated[5]
	tests := []struct {
		name, text, site, file string
		codes, used            []string
	}{
		{"two spaces and used", "3f9a1-0c7e2  used\nb84d5-19f06\n", "github", "", []string{"3f9a1-0c7e2", "b84d5-19f06"}, []string{"3f9a1-0c7e2"}},
		{"check mark after", "3f9a1-0c7e2 ✓\nb84d5-19f06\n", "github", "", []string{"3f9a1-0c7e2", "b84d5-19f06"}, []string{"3f9a1-0c7e2"}},
		{"heavy check mark before", "3f9a1-0c7e2\n✔ b84d5-19f06\n", "github", "", []string{"3f9a1-0c7e2", "b84d5-19f06"}, []string{"b84d5-19f06"}},
		{"USED in parentheses", "3f9a1-0c7e2 (USED)\n", "github", "", []string{"3f9a1-0c7e2"}, []string{"3f9a1-0c7e2"}},
		{"task list", "- [x] 3f9a1-0c7e2\n- [ ] b84d5-19f06\n- [X] e2c71-a5b38\n", "github", "", []string{"3f9a1-0c7e2", "b84d5-19f06", "e2c71-a5b38"}, []string{"3f9a1-0c7e2", "e2c71-a5b38"}},
		{"markdown strike-through", "~~3f9a1-0c7e2~~\nb84d5-19f06\n", "github", "", []string{"3f9a1-0c7e2", "b84d5-19f06"}, []string{"3f9a1-0c7e2"}},
		{"google struck and used", "1. ~~6152 6374~~\n2. 7618 4209 used\n3. 3390 5127\n", "google", "", []string{"61526374", "76184209", "33905127"}, []string{"61526374", "76184209"}},
		{"whole github file, two marked", strings.Join(annotated, "\n"), "", "github-recovery-codes.txt", github, []string{github[2], github[5]}},
		{"right-to-left mark before a code", "\u200f3f9a1-0c7e2\n\u200fb84d5-19f06 \u200f✓\n", "github", "", []string{"3f9a1-0c7e2", "b84d5-19f06"}, []string{"b84d5-19f06"}},
		{"zero-width space inside", "3f9a1\u200b-0c7e2\n", "github", "", []string{"3f9a1-0c7e2"}, nil},
		{"bidi isolate around", "\u20683f9a1-0c7e2\u2069\n", "", "github-recovery-codes.txt", []string{"3f9a1-0c7e2"}, nil},
		{"prose ending in used", "Each code can be used\n3f9a1-0c7e2\n", "github", "", []string{"3f9a1-0c7e2"}, nil},
		{"generic used", "ab12cd34 used\nef56gh78\n", "example.org", "", []string{"ab12cd34", "ef56gh78"}, []string{"ab12cd34"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse([]byte(tt.text), tt.site, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Codes, tt.codes) || !slices.Equal(res.Used, tt.used) {
				t.Fatalf("codes %v used %v; want %v used %v", res.Codes, res.Used, tt.codes, tt.used)
			}
		})
	}
}

// A line that carries a code but does not read whole refuses the file and
// names the line: a 16-line file never imports as 15 codes.
func TestParseRefusesCodeWithOtherText(t *testing.T) {
	github := strings.Split(strings.TrimSpace(string(readSample(t, "github-recovery-codes.txt"))), "\n")
	withNote := slices.Clone(github)
	withNote[4] += " done 2026-01-03"
	tests := []struct {
		name, text, site, file string
		line                   string
	}{
		{"unknown trailing text in a whole file", strings.Join(withNote, "\n"), "", "github-recovery-codes.txt", "line 5 "},
		{"ballot x", "3f9a1-0c7e2\nb84d5-19f06 ✗\n", "github", "", "line 2 "},
		{"bare x", "3f9a1-0c7e2 x\n", "github", "", "line 1 "},
		{"attached check mark", "3f9a1-0c7e2✓\n", "github", "", "line 1 "},
		{"comma list", "3f9a1-0c7e2, b84d5-19f06\n", "github", "", "line 1 "},
		{"label before", "3f9a1-0c7e2\ncode: b84d5-19f06\n", "github", "", "line 2 "},
		{"google note", "6152 6374 (laptop)\n", "google", "", "line 1 "},
		{"google mark between columns", "1. 6152 6374 ✓\t\t6. 4017 4512\n", "google", "", "line 1 "},
		{"strike on one of two", "~~3f9a1-0c7e2~~ b84d5-19f06\n", "github", "", "line 1 "},
		{"mark on two codes", "used 3f9a1-0c7e2 b84d5-19f06\n", "github", "", "line 1 marks 2 codes"},
		{"combining strike-through", "3f9a1-0c7e2\n" + strike("b84d5-19f06") + "\n", "github", "", "line 2 "},
		{"generic with a note", "ab12cd34\nef56gh78 spent on laptop\n", "example.org", "", "line 2 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse([]byte(tt.text), tt.site, tt.file)
			if !errors.Is(err, ErrWrongFormat) || !strings.Contains(err.Error(), tt.line) {
				t.Fatalf("err = %v; want ErrWrongFormat naming %q", err, tt.line)
			}
			if res.Site != "" || res.Codes != nil || res.Used != nil {
				t.Fatalf("error returned a result: %+v", res)
			}
		})
	}
}

// strike writes s with a combining long stroke overlay after each character.
func strike(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
		b.WriteRune('\u0336')
	}
	return b.String()
}

func TestNormalizeStripsFormatCharacters(t *testing.T) {
	for _, in := range []string{"\u200f3f9a1-0c7e2", "3f9a1-0c7e2\u200e", "3f9a1\u200b0c7e2", "\ufeff3F9A1 0C7E2"} {
		if got, err := Normalize("github", in); err != nil || got != "3f9a1-0c7e2" {
			t.Errorf("Normalize(%q) = %q, %v", in, got, err)
		}
	}
}
