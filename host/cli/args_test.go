package cli

import (
	"path/filepath"
	"testing"

	"tearoff.dev/tearoff/host/internal/testkit"
)

// Argument mistakes are one sentence, exit 2, and leave the vault as it was.
func TestBadArgumentsChangeNothing(t *testing.T) {
	w := newWorld(t)
	w.must(testkit.Lines(testkit.GitHubCodes(16, 0)), "import", "--site", "github", "--account", "octocat")
	tests := []struct {
		name     string
		stdin    string
		args     []string
		contains []string
	}{
		{"import missing file", "", []string{"import", "--account", "x", filepath.Join(t.TempDir(), "none.txt")}, []string{"cannot read"}},
		{"import without account", testkit.Lines(testkit.GitHubCodes(16, 16)), []string{"import", "--site", "github"}, []string{"--account"}},
		{"use without code", "", []string{"use", "--site", "github"}, []string{"use needs the CODE"}},
		{"restore without code", "", []string{"restore", "--site", "github"}, []string{"restore needs the CODE"}},
		{"remove without account", "", []string{"remove", "--site", "github"}, []string{"remove needs --account"}},
		{"take with an extra argument", "", []string{"take", "--site", "github", "extra"}, []string{`unexpected argument "extra"`}},
		{"unknown flag", "", []string{"next", "--sight", "github"}, []string{"sight"}},
		{"sync with an unknown word", "", []string{"sync", "now"}, []string{"usage: tearoff sync"}},
		{"sync init without a remote", "", []string{"sync", "init"}, []string{"usage: tearoff sync"}},
		{"sync status with an extra argument", "", []string{"sync", "status", "x"}, []string{"usage: tearoff sync"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.hash()
			oneSentence(t, w.run(tt.stdin, tt.args...), 2, tt.contains...)
			if w.hash() != before {
				t.Error("the vault changed")
			}
		})
	}
}
