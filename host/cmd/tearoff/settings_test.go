package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
)

// freshEnv is a new user's machine without a keyring: a fresh home, no
// D-Bus session and no TEAROFF_* setting but the passphrase (and the test's
// cheap scrypt cost).
func freshEnv(t *testing.T) (*testbin.Env, string) {
	t.Helper()
	root := t.TempDir()
	home := filepath.Join(root, "home")
	e := &testbin.Env{T: t, Bin: tearoffBin, Vars: []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"DBUS_SESSION_BUS_ADDRESS=disabled:",
		"TEAROFF_FILE_PASSPHRASE=correct horse battery staple",
		"TEAROFF_FILE_SCRYPT_WORK_FACTOR=10",
	}}
	return e, home
}

// Without a keyring the encrypted file vault in the data dir is used, and
// config and doctor say so and why.
func TestNoKeyringFallsBackToFileVault(t *testing.T) {
	e, home := freshEnv(t)
	dataDir := filepath.Join(home, ".local", "share", "tearoff")
	cfg := e.Must("", "config")
	for _, want := range []string{"in use:    file (" + dataDir + ")", "no OS keyring answered", "secret-service", "tearoff migrate --to"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config output lacks %q:\n%s", want, cfg)
		}
	}
	codes := testkit.GitHubCodes(4, 0)
	e.Must("", "import", "--site", "github", "--account", "me", testbin.WriteGitHubFile(t, codes))
	out := e.Must("", "list", "--reveal")
	for _, c := range codes {
		if !strings.Contains(out, c) {
			t.Errorf("list --reveal does not show %s:\n%s", c, out)
		}
	}
	items, _ := filepath.Glob(filepath.Join(dataDir, "tearoff.acct.*.age"))
	if _, err := os.Stat(filepath.Join(dataDir, "tearoff.identity")); err != nil || len(items) != 1 {
		t.Errorf("the file vault is not in %s (identity: %v, account items %v)", dataDir, err, items)
	}
	// Now the vault exists, it is used before any keyring is tried.
	if doc := e.Must("", "doctor"); !strings.Contains(doc, "why:       no backend is set and a file vault already exists in "+dataDir) {
		t.Errorf("doctor does not say why the file vault was chosen:\n%s", doc)
	}
}

// The config file reaches every process, and the environment overrides it.
func TestConfigFileAndEnvironment(t *testing.T) {
	e, home := freshEnv(t)
	dir := filepath.Join(home, "vaults", "a")
	e.Must("", "config", "set", "backend", "file")
	e.Must("", "config", "set", "file_dir", dir)
	e.Must("", "import", "--site", "github", "--account", "me", testbin.WriteGitHubFile(t, testkit.GitHubCodes(2, 0)))
	if _, err := os.Stat(filepath.Join(dir, "tearoff.identity")); err != nil {
		t.Fatalf("the vault is not in the configured file_dir: %v", err)
	}
	cfg := e.Must("", "config")
	for _, want := range []string{`backend          "file"`, "config file", "set in the config file"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config output lacks %q:\n%s", want, cfg)
		}
	}

	other := filepath.Join(home, "vaults", "b")
	o := *e
	o.Vars = append(append([]string(nil), e.Vars...), "TEAROFF_FILE_DIR="+other)
	if out := o.Must("", "list"); strings.Contains(out, "GitHub") {
		t.Errorf("TEAROFF_FILE_DIR did not override file_dir: list shows %q", out)
	}
	if cfg := o.Must("", "config"); !strings.Contains(cfg, other) || !strings.Contains(cfg, "environment") {
		t.Errorf("config does not show the environment's file_dir:\n%s", cfg)
	}
}

// A bad key or value is refused with exit 2 and changes nothing; a broken
// config file stops every command with a sentence naming it.
func TestConfigRefusesBadInput(t *testing.T) {
	e, home := freshEnv(t)
	path := filepath.Join(home, ".config", "tearoff", "config.toml")
	e.Must("", "config", "set", "collection", "work")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"config", "set", "colour", "red"},
		{"config", "set", "backend", "vault9000"},
		{"config", "set", "keyring_timeout", "-3s"},
		{"config", "set", "sync.enabled", "maybe"},
		{"config", "set", "file_dir", "relative/dir"},
		{"config", "unset", "colour"},
		{"config", "set", "backend"},
	} {
		r := e.Run("", args...)
		if r.Code != 2 || !strings.Contains(r.Stderr, "tearoff: ") {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a reason", args, r.Code, r.Stderr)
		}
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Errorf("%v changed the config file to %q", args, after)
		}
	}
	if err := os.WriteFile(path, []byte("backend = \"file\"\ncolour = \"red\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := e.Run("", "list")
	if r.Code != 2 || !strings.Contains(r.Stderr, path) || !strings.Contains(r.Stderr, `unknown key "colour"`) {
		t.Errorf("list with an unknown key in the config file: exit %d, stderr %q", r.Code, r.Stderr)
	}
}

// migrate moves the fallback vault elsewhere and points the settings at
// it; the next process finds the codes there, and the old vault is gone.
func TestMigrateMovesTheVault(t *testing.T) {
	e, home := freshEnv(t)
	codes := testkit.GitHubCodes(3, 0)
	e.Must("", "import", "--site", "github", "--account", "me", testbin.WriteGitHubFile(t, codes))
	e.Must("", "take", "--site", "github")
	before := e.Must("", "list", "--json", "--reveal")
	dir := filepath.Join(home, "moved")
	out := e.Must("", "migrate", "--to", "file", "--file-dir", dir)
	if !strings.Contains(out, "moved the vault from file") {
		t.Errorf("migrate says %q", out)
	}
	if after := e.Must("", "list", "--json", "--reveal"); after != before {
		t.Errorf("after migrate list shows\n%s\nwant\n%s", after, before)
	}
	old := filepath.Join(home, ".local", "share", "tearoff")
	if left, _ := filepath.Glob(filepath.Join(old, "tearoff.*")); len(left) > 1 || (len(left) == 1 && filepath.Base(left[0]) != "tearoff.lock") {
		t.Errorf("the old vault is still in %s: %v", old, left)
	}
	if cfg := e.Must("", "config"); !strings.Contains(cfg, "in use:    file ("+dir+")") {
		t.Errorf("config after migrate:\n%s", cfg)
	}
	if r := e.Run("", "migrate", "--to", "file", "--file-dir", dir); r.Code != 2 || !strings.Contains(r.Stderr, "already in file") {
		t.Errorf("migrate onto itself: exit %d, stderr %q", r.Code, r.Stderr)
	}
}

// TestMigrateSecretService moves a file vault into a real gnome-keyring and
// back (scripts/with-secret-service.sh): each way the codes and their
// states arrive, the settings follow, and the old side is left empty.
func TestMigrateSecretService(t *testing.T) {
	if os.Getenv("TEAROFF_TEST_SECRET_SERVICE") != "1" {
		t.Skip("needs a real Secret Service: run under scripts/with-secret-service.sh")
	}
	root := t.TempDir()
	home := filepath.Join(root, "home")
	e := &testbin.Env{T: t, Bin: tearoffBin, Vars: []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_RUNTIME_DIR=" + os.Getenv("XDG_RUNTIME_DIR"),
		"DBUS_SESSION_BUS_ADDRESS=" + os.Getenv("DBUS_SESSION_BUS_ADDRESS"),
		"TEAROFF_FILE_PASSPHRASE=correct horse battery staple",
		"TEAROFF_FILE_SCRYPT_WORK_FACTOR=10",
	}}
	// The session's login collection must start empty: migrate refuses to
	// overwrite another vault, and this test must not touch one.
	keyring := *e
	keyring.Vars = append(append([]string(nil), e.Vars...), "TEAROFF_BACKEND=secret-service")
	if out := keyring.Must("", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("the test keyring already holds accounts: %s", out)
	}
	e.Must("", "config", "set", "backend", "file")
	e.Must("", "import", "--site", "github", "--account", "me", testbin.WriteGitHubFile(t, testkit.GitHubCodes(5, 0)))
	e.Must("", "take", "--site", "github")
	before := e.Must("", "list", "--json", "--reveal")

	e.Must("", "migrate", "--to", "secret-service")
	if cfg := e.Must("", "config"); !strings.Contains(cfg, "in use:    secret-service") {
		t.Errorf("after migrate --to secret-service, config says:\n%s", cfg)
	}
	if after := e.Must("", "list", "--json", "--reveal"); after != before {
		t.Errorf("in the keyring the vault reads\n%s\nwant\n%s", after, before)
	}
	if _, err := os.Stat(filepath.Join(home, ".local", "share", "tearoff", "tearoff.identity")); err == nil {
		t.Errorf("the file vault is still there after the move")
	}

	e.Must("", "migrate", "--to", "file")
	if after := e.Must("", "list", "--json", "--reveal"); after != before {
		t.Errorf("back in the file vault it reads\n%s\nwant\n%s", after, before)
	}
	if out := keyring.Must("", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("the keyring still holds the vault after moving it out: %s", out)
	}
}
