package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
)

// uninstall --all removes the manifests; the config file only with
// --purge-config; the vault only with --purge, and never without a
// confirmation: no terminal and no --yes is a refusal that removes nothing.
func TestUninstallPurges(t *testing.T) {
	e, home := freshEnv(t)
	e.Must("", "import", "--site", "github", "--account", "me", testbin.WriteGitHubFile(t, testkit.GitHubCodes(2, 0)))
	e.Must("", "config", "set", "keyring_timeout", "20s")
	e.Must("", "install", "--browser", "chromium")
	manifest := filepath.Join(home, ".config", "chromium", "NativeMessagingHosts", "dev.tearoff.host.json")
	config := filepath.Join(home, ".config", "tearoff", "config.toml")
	identity := filepath.Join(home, ".local", "share", "tearoff", "tearoff.identity")
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	if !exists(manifest) || !exists(config) || !exists(identity) {
		t.Fatalf("set-up incomplete: manifest %v, config %v, vault %v", exists(manifest), exists(config), exists(identity))
	}

	r := e.Run("", "uninstall", "--all", "--purge")
	if r.Code != 2 || !strings.Contains(r.Stderr, "nothing was removed") {
		t.Errorf("--purge without a terminal: exit %d, stderr %q", r.Code, r.Stderr)
	}
	if !exists(manifest) || !exists(identity) {
		t.Fatalf("a refused purge removed something: manifest %v, vault %v", exists(manifest), exists(identity))
	}

	e.Must("", "uninstall", "--all", "--purge-config")
	if exists(manifest) || exists(config) {
		t.Errorf("after uninstall --all --purge-config: manifest %v, config %v", exists(manifest), exists(config))
	}
	if out := e.Must("", "list"); !strings.Contains(out, "GitHub") {
		t.Errorf("the vault did not survive uninstall without --purge: %q", out)
	}

	out := e.Must("", "uninstall", "--all", "--purge", "--yes")
	if exists(identity) || !strings.Contains(out, "removed the vault") {
		t.Errorf("uninstall --purge --yes: vault still there %v; said %q", exists(identity), out)
	}
	if left, _ := filepath.Glob(filepath.Join(home, ".local", "share", "tearoff", "*.age")); len(left) > 0 {
		t.Errorf("items left after --purge: %v", left)
	}
}
