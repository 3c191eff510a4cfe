package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/store"
)

// world is one test's vault on the real encrypted file backend, opened in
// process.
type world struct {
	t       *testing.T
	fileDir string
	cfg     store.Config
}

func newWorld(t *testing.T) *world {
	t.Helper()
	root := t.TempDir()
	w := &world{t: t, fileDir: filepath.Join(root, "keyring")}
	w.cfg = store.Config{
		Backend:    store.BackendFile,
		FileDir:    w.fileDir,
		LockPath:   filepath.Join(root, "vault.lock"),
		Passphrase: func() (string, error) { return "test passphrase", nil },
		// scrypt at its lowest cost: each command opens the vault afresh.
		ScryptWorkFactor: store.MinScryptWorkFactor,
	}
	return w
}

type out struct {
	code           int
	stdout, stderr string
}

func (w *world) run(stdin string, args ...string) out {
	w.t.Helper()
	var o, e bytes.Buffer
	app := &App{
		Stdin:  strings.NewReader(stdin),
		Stdout: &o,
		Stderr: &e,
		Getenv: func(string) string { return "" },
		OpenStorage: func(context.Context) (Storage, error) {
			return store.Open(w.cfg)
		},
	}
	code := app.Run(context.Background(), args)
	return out{code, o.String(), e.String()}
}

func (w *world) must(stdin string, args ...string) string {
	w.t.Helper()
	r := w.run(stdin, args...)
	if r.code != 0 {
		w.t.Fatalf("tearoff %s: exit %d, stderr %q", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

func (w *world) hash() string {
	w.t.Helper()
	return testbin.HashDir(w.t, w.fileDir)
}

// oneSentence checks the error contract: non-zero exit, nothing on stdout,
// one "tearoff: ..." line on stderr.
func oneSentence(t *testing.T, r out, code int, contains ...string) {
	t.Helper()
	if r.code != code || r.stdout != "" || !strings.HasPrefix(r.stderr, "tearoff: ") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and one line on stderr", r.code, r.stdout, r.stderr, code)
	}
	for _, c := range contains {
		if !strings.Contains(r.stderr, c) {
			t.Errorf("stderr %q does not mention %q", r.stderr, c)
		}
	}
}

func TestAccountSelection(t *testing.T) {
	w := newWorld(t)
	w.must(testkit.Lines(testkit.GitHubCodes(16, 0)), "import", "--site", "github", "--account", "alice", "-")
	w.must(testkit.Lines(testkit.GitHubCodes(16, 16)), "import", "--site", "github.com", "--account", "bob")

	t.Run("ambiguous", func(t *testing.T) {
		oneSentence(t, w.run("", "take", "--site", "github"), 3, "alice", "bob")
	})
	t.Run("named", func(t *testing.T) {
		if got := strings.TrimSpace(w.must("", "take", "--site", "github", "--account", "bob")); got != testkit.GitHubCodes(1, 16)[0] {
			t.Fatalf("take for bob = %q", got)
		}
	})
	t.Run("unknown account", func(t *testing.T) {
		oneSentence(t, w.run("", "next", "--site", "github", "--account", "carol"), 3, "carol")
	})
	t.Run("unknown site", func(t *testing.T) {
		oneSentence(t, w.run("", "take", "--site", "not a site"), 3, "not a site")
	})
	t.Run("site without accounts", func(t *testing.T) {
		oneSentence(t, w.run("", "take", "--site", "gitlab"), 3)
	})
	t.Run("missing site", func(t *testing.T) {
		oneSentence(t, w.run("", "take"), 2, "--site")
	})
}

func TestNextChangesNothing(t *testing.T) {
	w := newWorld(t)
	codes := testkit.GitHubCodes(16, 0)
	w.must(testkit.Lines(codes), "import", "--site", "github", "--account", "octocat")
	before := w.hash()
	for range 2 {
		if got := strings.TrimSpace(w.must("", "next", "--site", "github")); got != codes[0] {
			t.Fatalf("next = %q; want %q", got, codes[0])
		}
	}
	if w.hash() != before {
		t.Fatal("next changed the vault files")
	}
}

func TestUseRestoreTake(t *testing.T) {
	w := newWorld(t)
	codes := testkit.GitHubCodes(16, 0)
	w.must(testkit.Lines(codes), "import", "--site", "github", "--account", "octocat")

	// Flags may come after the code, and the code may be typed loosely.
	w.must("", "use", strings.ToUpper(codes[0]), "--site", "github")
	oneSentence(t, w.run("", "use", "--site", "github", codes[0]), 5, "already used", "command line")
	if got := strings.TrimSpace(w.must("", "take", "--site", "github")); got != codes[1] {
		t.Fatalf("take after use = %q; want %q", got, codes[1])
	}
	w.must("", "restore", "--site", "github", "--account", "octocat", codes[0])
	if got := strings.TrimSpace(w.must("", "take", "--site", "github")); got != codes[0] {
		t.Fatalf("take after restore = %q; want the restored %q", got, codes[0])
	}
	oneSentence(t, w.run("", "restore", "--site", "github", "fffff-fffff"), 3)
	oneSentence(t, w.run("", "use", "--site", "github"), 2, "CODE")
	oneSentence(t, w.run("", "use", "--site", "github", "a", "b"), 2, `"b"`)
}

func TestExport(t *testing.T) {
	w := newWorld(t)
	codes := testkit.GitHubCodes(16, 0)
	w.must(testkit.Lines(codes), "import", "--site", "github", "--account", "octocat")
	w.must("", "take", "--site", "github")
	got := w.must("", "export", "--site", "github", "--account", "octocat")
	if strings.Contains(got, codes[0]) {
		t.Fatalf("export printed the used code %s:\n%s", codes[0], got)
	}
	// GitHub's own layout: the remaining codes, one per line, in order.
	var printed []string
	for _, l := range strings.Split(got, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			printed = append(printed, l)
		}
	}
	if strings.Join(printed, " ") != strings.Join(codes[1:], " ") {
		t.Fatalf("export printed\n%s\nwant the 15 unused codes one per line", got)
	}
	// What export prints imports again as the same codes.
	w2 := newWorld(t)
	w2.must(got, "import", "--site", "github", "--account", "octocat")
	if again := w2.must("", "export", "--site", "github"); again != got {
		t.Fatalf("export after re-import = %q; want %q", again, got)
	}
}

func TestListRevealsOnlyWithReveal(t *testing.T) {
	w := newWorld(t)
	codes := testkit.GitHubCodes(16, 0)
	w.must(testkit.Lines(codes), "import", "--site", "github", "--account", "octocat")
	w.must("", "take", "--site", "github")
	for _, args := range [][]string{{"list"}, {"list", "--json"}} {
		got := w.must("", args...)
		for _, c := range codes {
			if strings.Contains(got, c) || strings.Contains(got, strings.ReplaceAll(c, "-", "")) {
				t.Fatalf("%v printed code %s:\n%s", args, c, got)
			}
		}
		if !strings.Contains(got, "octocat") {
			t.Errorf("%v does not show the account:\n%s", args, got)
		}
	}

	var l []struct {
		Remaining int `json:"remaining"`
		Codes     []struct {
			ID     string  `json:"id"`
			Code   string  `json:"code"`
			State  string  `json:"state"`
			UsedAt *string `json:"used_at"`
			UsedOn string  `json:"used_on"`
		} `json:"codes"`
	}
	if err := json.Unmarshal([]byte(w.must("", "list", "--json", "--reveal")), &l); err != nil {
		t.Fatal(err)
	}
	if len(l) != 1 || len(l[0].Codes) != 16 || l[0].Remaining != 15 {
		t.Fatalf("list --json --reveal = %+v", l)
	}
	first := l[0].Codes[0]
	if first.Code != codes[0] || first.State != "used" || first.UsedOn != "cli" || first.UsedAt == nil || first.ID == "" {
		t.Errorf("revealed first code = %+v; want %s used on cli", first, codes[0])
	}
	if c := l[0].Codes[1]; c.State != "unused" || c.UsedAt != nil {
		t.Errorf("revealed second code = %+v; want unused without used_at", c)
	}
	if text := w.must("", "list", "--reveal"); !strings.Contains(text, codes[15]) {
		t.Errorf("list --reveal does not show the codes:\n%s", text)
	}
}

func TestEmptyListJSONIsArray(t *testing.T) {
	w := newWorld(t)
	if got := strings.TrimSpace(w.must("", "list", "--json")); got != "[]" {
		t.Fatalf("empty list --json = %q; want []", got)
	}
}

func TestImportAndRemove(t *testing.T) {
	w := newWorld(t)
	codes := testkit.GitHubCodes(16, 0)
	oneSentence(t, w.run(testkit.Lines(codes), "import", "--site", "github"), 2, "--account")
	oneSentence(t, w.run("", "import", "--site", "github", "--account", "x", "/no/such/file"), 2, "/no/such/file")
	if got := w.must(testkit.Lines(codes), "import", "--site", "github", "--account", "octocat"); !strings.Contains(got, "16") {
		t.Errorf("import printed %q", got)
	}
	oneSentence(t, w.run(testkit.Lines(codes[:3]), "import", "--site", "github", "--account", "octocat"), 7)

	fresh := testkit.GitHubCodes(16, 100)
	w.must(testkit.Lines(fresh), "import", "--site", "github", "--account", "octocat", "--replace")
	if got := strings.TrimSpace(w.must("", "take", "--site", "github")); got != fresh[0] {
		t.Fatalf("take after --replace = %q; want the new set's %q", got, fresh[0])
	}

	oneSentence(t, w.run("", "remove", "--site", "github"), 2, "--account")
	w.must("", "remove", "--site", "github", "--account", "octocat")
	oneSentence(t, w.run("", "take", "--site", "github"), 3)
}

func TestUsageAndHelp(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		args   []string
		code   int
		stdout string
	}{
		{[]string{"help"}, 0, "tearoff take --site SITE"},
		{[]string{"--help"}, 0, "tearoff list [--json] [--reveal]"},
		{[]string{"take", "--help"}, 0, "Usage: tearoff take"},
		{[]string{"version"}, 0, "tearoff "},
		{[]string{"take", "--bogus"}, 2, ""},
		{[]string{"list", "extra"}, 2, ""},
		{[]string{"install", "--browser", "netscape"}, 2, ""},
		{[]string{"install", "--manifest-dir", t.TempDir()}, 2, ""},
	}
	for _, tt := range tests {
		r := w.run("", tt.args...)
		if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d with %q", tt.args, r.code, r.stdout, r.stderr, tt.code, tt.stdout)
		}
		if tt.code != 0 && (r.stdout != "" || strings.Count(r.stderr, "\n") != 1) {
			t.Errorf("%v: stdout %q, stderr %q; want one line on stderr only", tt.args, r.stdout, r.stderr)
		}
	}
}
