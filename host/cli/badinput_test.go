package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// Bad input (text that is not a code list, a code another account holds, a
// label breaking the rules) is one sentence, exit 7 for the codes and 2 for
// the label, and leaves the vault as it was.
func TestBadInputChangesNothing(t *testing.T) {
	w := newWorld(t)
	w.must(testkit.Lines(testkit.GitHubCodes(16, 0)), "import", "--site", "github", "--account", "octocat")
	big := strings.Repeat("a1b2c-3d4e5\n", maxImport/12+1)
	bigFile := filepath.Join(t.TempDir(), "github-recovery-codes.txt")
	if err := os.WriteFile(bigFile, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		stdin    string
		args     []string
		exit     int
		contains []string
	}{
		{"import over 1 MiB on stdin", big, []string{"import", "--site", "github", "--account", "x"}, 7, []string{"the input is over 1 MiB"}},
		{"import over 1 MiB file", "", []string{"import", "--account", "x", bigFile}, 7, []string{bigFile + " is over 1 MiB"}},
		{"codes of another account", testkit.Lines(testkit.GitHubCodes(2, 3)), []string{"import", "--site", "github", "--account", "hubot"}, 7, []string{`"octocat"`}},
		{"code with trailing text", testkit.GitHubCodes(1, 20)[0] + "\n" + testkit.GitHubCodes(1, 21)[0] + " done\n", []string{"import", "--site", "github", "--account", "hubot"}, 7, []string{"line 2"}},
		{"label with an escape sequence", testkit.Lines(testkit.GitHubCodes(2, 20)), []string{"import", "--site", "github", "--account", "\x1b]0;pwned\x07hubot"}, 2, []string{"control", "U+001B"}},
		{"label with a newline", testkit.Lines(testkit.GitHubCodes(2, 20)), []string{"import", "--site", "github", "--account", "hu\nbot"}, 2, []string{"U+000A"}},
		{"label of 129 characters", testkit.Lines(testkit.GitHubCodes(2, 20)), []string{"import", "--site", "github", "--account", strings.Repeat("ß", 129)}, 2, []string{"at most 128 characters"}},
		{"look-alike site", testkit.Lines(testkit.GitHubCodes(2, 20)), []string{"import", "--site", "https://g\u0130thub.com/", "--account", "hubot"}, 3, []string{"unknown site"}},
		{"site on another port", testkit.Lines(testkit.GitHubCodes(2, 20)), []string{"import", "--site", "https://github.com:8443/", "--account", "hubot"}, 3, []string{"unknown site"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.hash()
			oneSentence(t, w.run(tt.stdin, tt.args...), tt.exit, tt.contains...)
			if w.hash() != before {
				t.Error("the vault changed")
			}
		})
	}
}

// A file that marks spent codes imports every code; the count says so and
// take skips the marked ones. --replace on the same account still works.
func TestImportMarkedAndReplace(t *testing.T) {
	w := newWorld(t)
	cs := testkit.GitHubCodes(4, 0)
	text := cs[0] + "  used\n\u200f" + cs[1] + "\n" + cs[2] + " ✓\n" + cs[3] + "\n"
	got := w.must(text, "import", "--site", "github", "--account", "octocat")
	if !strings.Contains(got, "Imported 4 codes") || !strings.Contains(got, "(2 remaining)") {
		t.Fatalf("import said %q; want 4 codes, 2 remaining", got)
	}
	if got := w.must("", "take", "--site", "github"); got != cs[1]+"\n" {
		t.Fatalf("take = %q, want %s (the first code not marked used)", got, cs[1])
	}
	fresh := testkit.GitHubCodes(3, 10)
	got = w.must(testkit.Lines(fresh), "import", "--site", "github", "--account", "octocat", "--replace")
	if !strings.Contains(got, "Imported 3 codes") || !strings.Contains(got, "(3 remaining)") {
		t.Fatalf("replace said %q", got)
	}
	// hubot may not take octocat's new set, but a set of its own is fine.
	oneSentence(t, w.run(testkit.Lines(fresh[:1]), "import", "--site", "github", "--account", "hubot"), 7, `"octocat"`)
	w.must(testkit.Lines(testkit.GitHubCodes(2, 20)), "import", "--site", "github", "--account", "hubot")
}

// A label stored before the label rules (or by hand) is escaped on output,
// never written to the terminal raw.
func TestListEscapesStoredLabel(t *testing.T) {
	w := newWorld(t)
	w.must(testkit.Lines(testkit.GitHubCodes(2, 0)), "import", "--site", "github", "--account", "octocat")
	w.must(testkit.Lines(testkit.GitHubCodes(2, 5)), "import", "--site", "github", "--account", "hubot")
	w.must("", "take", "--site", "github", "--account", "octocat")
	evil := "\x1b[2J\x1b]0;pwned\x07oct\u202eocat\nFAKE\tROW"
	st, err := store.Open(w.cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Update(context.Background(), func(v *vault.Vault) error {
		v.Accounts[0].Label = evil
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	raw := func(s string) bool { return strings.ContainsAny(s, "\x1b\x07\u202e\t") }
	for _, args := range [][]string{{"list"}, {"list", "--reveal"}} {
		out := w.must("", args...)
		if raw(out) || !strings.Contains(out, `\x1b[2J\x1b]0;pwned\x07oct\u202eocat\x0aFAKE\x09ROW`) {
			t.Errorf("tearoff %s printed %q; want the label escaped", strings.Join(args, " "), out)
		}
		// Its table row, its running-low line (1 code left) and with
		// --reveal its codes' heading: each escaped.
		if n := strings.Count(out, "FAKE"); n != len(args)+1 {
			t.Errorf("tearoff %s shows the label %d times, want %d", strings.Join(args, " "), n, len(args)+1)
		}
	}
	// The ambiguous-account error lists the labels: escaped too.
	r := w.run("", "take", "--site", "github")
	oneSentence(t, r, 3, `oct\u202eocat`)
	if raw(r.stderr) {
		t.Errorf("stderr %q carries raw control characters", r.stderr)
	}
	// JSON escapes the C0 controls itself and printable the rest.
	if out := w.must("", "list", "--json"); raw(out) || !strings.Contains(out, `\u001b[2J\u001b]0;pwned\u0007oct\u202eocat\nFAKE\tROW`) {
		t.Errorf("list --json = %q", out)
	}
}
