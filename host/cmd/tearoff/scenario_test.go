package main

import (
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
)

// TestMustShowFileBackend is issue 2's "Must show" scenario, process by
// process, on the encrypted file backend.
func TestMustShowFileBackend(t *testing.T) {
	e := testbin.FileEnv(t)
	codes := testkit.GitHubCodes(16, 0)
	file := testbin.WriteGitHubFile(t, codes)

	// The site comes from the file name.
	e.Must("", "import", "--account", "octocat", file)
	l := e.List()
	if len(l) != 1 || l[0].Site != "github" || l[0].Account != "octocat" || l[0].Remaining != 16 || l[0].Total != 16 || l[0].LastUsed != nil {
		t.Fatalf("after import, list = %+v; want one github account with 16 remaining", l)
	}

	if got := strings.TrimSpace(e.Must("", "take", "--site", "github")); got != codes[0] {
		t.Fatalf("take printed %q; want the first code %q", got, codes[0])
	}
	l = e.List()
	if l[0].Remaining != 15 || l[0].Used != 1 || l[0].LastUsed == nil || l[0].LastUsed.On != "cli" {
		t.Fatalf("after take, list = %+v; want 15 remaining, 1 used on cli", l[0])
	}

	r := e.Run("", "use", "--site", "github", codes[0])
	if r.Code != 5 || r.Stdout != "" {
		t.Fatalf("use of a taken code: exit %d, stdout %q; want exit 5 and no output", r.Code, r.Stdout)
	}
	at, err := time.Parse(time.RFC3339, l[0].LastUsed.At)
	if err != nil {
		t.Fatalf("last_used.at %q: %v", l[0].LastUsed.At, err)
	}
	when := at.UTC().Format(time.RFC3339)
	if !strings.Contains(r.Stderr, "already used") || !strings.Contains(r.Stderr, when) || !strings.Contains(r.Stderr, "command line") {
		t.Fatalf("use of a taken code said %q; want when (%s) and where", r.Stderr, when)
	}

	before := testbin.HashDir(t, e.FileDir)
	if len(before) == 0 {
		t.Fatal("the file backend wrote no files")
	}
	garbage := []struct{ name, text string }{
		{"prose", "Hello! This is my shopping list: eggs, milk, bread.\n"},
		{"binary", "\x00\x01\x02\xff\xfe\x00PK\x03\x04"},
		{"empty", ""},
	}
	for _, g := range garbage {
		r := e.Run(g.text, "import", "--site", "github", "--account", "octocat", "-")
		if r.Code != 7 || !strings.HasPrefix(r.Stderr, "tearoff: ") || strings.Count(r.Stderr, "\n") != 1 || r.Stdout != "" {
			t.Errorf("import of %s: exit %d, stdout %q, stderr %q; want exit 7 and one line on stderr", g.name, r.Code, r.Stdout, r.Stderr)
		}
		if after := testbin.HashDir(t, e.FileDir); after != before {
			t.Fatalf("import of %s changed the vault files", g.name)
		}
	}
	if l := e.List(); l[0].Remaining != 15 {
		t.Fatalf("after the garbage imports, remaining = %d; want 15", l[0].Remaining)
	}
}

// TestLockedFileKeyring: no passphrase in the environment and no terminal
// to ask on is a locked keyring (exit 6), and nothing is written.
func TestLockedFileKeyring(t *testing.T) {
	e := testbin.FileEnv(t)
	e.Must("", "import", "--site", "github", "--account", "octocat", testbin.WriteGitHubFile(t, testkit.GitHubCodes(16, 0)))
	before := testbin.HashDir(t, e.FileDir)
	locked := e.Without("TEAROFF_FILE_PASSPHRASE")
	for _, args := range [][]string{
		{"take", "--site", "github"},
		{"list"},
		{"import", "--site", "gitlab", "--account", "x", "-"},
	} {
		r := locked.Run("0123456789abcdef\n", args...)
		if r.Code != 6 || !strings.Contains(r.Stderr, "locked") || !strings.Contains(r.Stderr, "TEAROFF_FILE_PASSPHRASE") || r.Stdout != "" {
			t.Errorf("%v without a passphrase: exit %d, stdout %q, stderr %q; want exit 6 naming TEAROFF_FILE_PASSPHRASE", args, r.Code, r.Stdout, r.Stderr)
		}
	}
	if after := testbin.HashDir(t, e.FileDir); after != before {
		t.Fatal("a locked keyring was written to")
	}
	wrong := e.Without("TEAROFF_FILE_PASSPHRASE")
	wrong.Vars = append(wrong.Vars, "TEAROFF_FILE_PASSPHRASE=wrong")
	if r := wrong.Run("", "take", "--site", "github"); r.Code != 6 {
		t.Errorf("take with a wrong passphrase: exit %d, stderr %q; want 6", r.Code, r.Stderr)
	}
	if after := testbin.HashDir(t, e.FileDir); after != before {
		t.Fatal("a wrong passphrase led to a write")
	}
	// doctor reports the locked keyring instead of prompting.
	r := locked.Run("", "doctor")
	if r.Code != 6 || !strings.Contains(r.Stdout, "backend:   file") || !strings.Contains(r.Stdout, "locked:    yes") {
		t.Errorf("doctor on a locked file keyring: exit %d, stdout %q, stderr %q", r.Code, r.Stdout, r.Stderr)
	}
}

func TestDoctorFileBackend(t *testing.T) {
	e := testbin.FileEnv(t)
	e.Must("", "import", "--site", "github", "--account", "octocat", testbin.WriteGitHubFile(t, testkit.GitHubCodes(16, 0)))
	out := e.Must("", "doctor")
	for _, want := range []string{"backend:   file", "location:  " + e.FileDir, "locked:    no", "accounts:  1"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor printed %q; want a line %q", out, want)
		}
	}
}

func TestVersionAndUsage(t *testing.T) {
	e := testbin.FileEnv(t)
	if out := e.Must("", "version"); !strings.HasPrefix(out, "tearoff ") {
		t.Errorf("version printed %q", out)
	}
	if r := e.Run(""); r.Code != 2 || r.Stdout != "" || !strings.Contains(r.Stderr, "Usage") {
		t.Errorf("no arguments: exit %d, stdout %q; want usage on stderr, exit 2", r.Code, r.Stdout)
	}
	if r := e.Run("", "frobnicate"); r.Code != 2 || !strings.Contains(r.Stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", r.Code, r.Stderr)
	}
}
