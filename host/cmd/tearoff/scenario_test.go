package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testbin"
)

type listEntry struct {
	ID        string `json:"id"`
	Site      string `json:"site"`
	Account   string `json:"account"`
	Total     int    `json:"total"`
	Remaining int    `json:"remaining"`
	Used      int    `json:"used"`
	Reserved  int    `json:"reserved"`
	Uncertain int    `json:"uncertain"`
	LastUsed  *struct {
		At string `json:"at"`
		On string `json:"on"`
	} `json:"last_used"`
	Codes []struct {
		ID     string  `json:"id"`
		Code   string  `json:"code"`
		State  string  `json:"state"`
		UsedAt *string `json:"used_at"`
		UsedOn string  `json:"used_on"`
	} `json:"codes"`
}

func (e *env) list(args ...string) []listEntry {
	e.t.Helper()
	out := e.must("", append([]string{"list", "--json"}, args...)...)
	var l []listEntry
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		e.t.Fatalf("list --json printed %q: %v", out, err)
	}
	return l
}

// TestMustShowFileBackend is issue 2's "Must show" scenario, process by
// process, on the encrypted file backend.
func TestMustShowFileBackend(t *testing.T) {
	e := fileEnv(t)
	codes := githubCodes(16)
	file := writeGitHubFile(t, codes)

	// The site comes from the file name.
	e.must("", "import", "--account", "octocat", file)
	l := e.list()
	if len(l) != 1 || l[0].Site != "github" || l[0].Account != "octocat" || l[0].Remaining != 16 || l[0].Total != 16 || l[0].LastUsed != nil {
		t.Fatalf("after import, list = %+v; want one github account with 16 remaining", l)
	}

	if got := strings.TrimSpace(e.must("", "take", "--site", "github")); got != codes[0] {
		t.Fatalf("take printed %q; want the first code %q", got, codes[0])
	}
	l = e.list()
	if l[0].Remaining != 15 || l[0].Used != 1 || l[0].LastUsed == nil || l[0].LastUsed.On != "cli" {
		t.Fatalf("after take, list = %+v; want 15 remaining, 1 used on cli", l[0])
	}

	r := e.run("", "use", "--site", "github", codes[0])
	if r.code != 5 || r.stdout != "" {
		t.Fatalf("use of a taken code: exit %d, stdout %q; want exit 5 and no output", r.code, r.stdout)
	}
	at, err := time.Parse(time.RFC3339, l[0].LastUsed.At)
	if err != nil {
		t.Fatalf("last_used.at %q: %v", l[0].LastUsed.At, err)
	}
	when := at.UTC().Format(time.RFC3339)
	if !strings.Contains(r.stderr, "already used") || !strings.Contains(r.stderr, when) || !strings.Contains(r.stderr, "command line") {
		t.Fatalf("use of a taken code said %q; want when (%s) and where", r.stderr, when)
	}

	before := testbin.HashDir(t, e.fileDir)
	if len(before) == 0 {
		t.Fatal("the file backend wrote no files")
	}
	garbage := []struct{ name, text string }{
		{"prose", "Hello! This is my shopping list: eggs, milk, bread.\n"},
		{"binary", "\x00\x01\x02\xff\xfe\x00PK\x03\x04"},
		{"empty", ""},
	}
	for _, g := range garbage {
		r := e.run(g.text, "import", "--site", "github", "--account", "octocat", "-")
		if r.code != 7 || !strings.HasPrefix(r.stderr, "tearoff: ") || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
			t.Errorf("import of %s: exit %d, stdout %q, stderr %q; want exit 7 and one line on stderr", g.name, r.code, r.stdout, r.stderr)
		}
		if after := testbin.HashDir(t, e.fileDir); after != before {
			t.Fatalf("import of %s changed the vault files", g.name)
		}
	}
	if l := e.list(); l[0].Remaining != 15 {
		t.Fatalf("after the garbage imports, remaining = %d; want 15", l[0].Remaining)
	}
}

// TestLockedFileKeyring: no passphrase in the environment and no terminal
// to ask on is a locked keyring (exit 6), and nothing is written.
func TestLockedFileKeyring(t *testing.T) {
	e := fileEnv(t)
	e.must("", "import", "--site", "github", "--account", "octocat", writeGitHubFile(t, githubCodes(16)))
	before := testbin.HashDir(t, e.fileDir)
	locked := e.without("TEAROFF_FILE_PASSPHRASE")
	for _, args := range [][]string{
		{"take", "--site", "github"},
		{"list"},
		{"import", "--site", "gitlab", "--account", "x", "-"},
	} {
		r := locked.run("0123456789abcdef\n", args...)
		if r.code != 6 || !strings.Contains(r.stderr, "locked") || !strings.Contains(r.stderr, "TEAROFF_FILE_PASSPHRASE") || r.stdout != "" {
			t.Errorf("%v without a passphrase: exit %d, stdout %q, stderr %q; want exit 6 naming TEAROFF_FILE_PASSPHRASE", args, r.code, r.stdout, r.stderr)
		}
	}
	if after := testbin.HashDir(t, e.fileDir); after != before {
		t.Fatal("a locked keyring was written to")
	}
	wrong := e.without("TEAROFF_FILE_PASSPHRASE")
	wrong.vars = append(wrong.vars, "TEAROFF_FILE_PASSPHRASE=wrong")
	if r := wrong.run("", "take", "--site", "github"); r.code != 6 {
		t.Errorf("take with a wrong passphrase: exit %d, stderr %q; want 6", r.code, r.stderr)
	}
	if after := testbin.HashDir(t, e.fileDir); after != before {
		t.Fatal("a wrong passphrase led to a write")
	}
	// doctor reports the locked keyring instead of prompting.
	r := locked.run("", "doctor")
	if r.code != 6 || !strings.Contains(r.stdout, "backend:   file") || !strings.Contains(r.stdout, "locked:    yes") {
		t.Errorf("doctor on a locked file keyring: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestDoctorFileBackend(t *testing.T) {
	e := fileEnv(t)
	e.must("", "import", "--site", "github", "--account", "octocat", writeGitHubFile(t, githubCodes(16)))
	out := e.must("", "doctor")
	for _, want := range []string{"backend:   file", "location:  " + e.fileDir, "locked:    no", "accounts:  1"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor printed %q; want a line %q", out, want)
		}
	}
}

func TestVersionAndUsage(t *testing.T) {
	e := fileEnv(t)
	if out := e.must("", "version"); !strings.HasPrefix(out, "tearoff ") {
		t.Errorf("version printed %q", out)
	}
	if r := e.run(""); r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "Usage") {
		t.Errorf("no arguments: exit %d, stdout %q; want usage on stderr, exit 2", r.code, r.stdout)
	}
	if r := e.run("", "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", r.code, r.stderr)
	}
}
