package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bad input (text that is not a code list, a code another account holds, a
// label breaking the rules) is one sentence, exit 7 for the codes and 2 for
// the label, and leaves the vault as it was.
func TestBadInputChangesNothing(t *testing.T) {
	w := newWorld(t)
	w.must(lines(githubCodes(16, 0)), "import", "--site", "github", "--account", "octocat")
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
