package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
)

// syncPair is two computers of one person, each with its own home and
// vault, and the bare git repository they sync through.
type syncPair struct {
	t      *testing.T
	a, b   *testbin.Env
	remote string
	// fresh makes one more computer of the same kind.
	fresh func(t *testing.T) *testbin.Env
}

func fileSyncPair(t *testing.T) *syncPair {
	fresh := func(t *testing.T) *testbin.Env { return testbin.FileEnv(t) }
	return &syncPair{t: t, a: fresh(t), b: fresh(t), remote: testbin.BareRemote(t), fresh: fresh}
}

// secretServiceSyncPair gives each computer a gnome-keyring of its own, on
// a D-Bus of its own: two machines do not share a keyring. It runs where
// the other Secret Service tests run (scripts/with-secret-service.sh).
func secretServiceSyncPair(t *testing.T) *syncPair {
	if os.Getenv("TEAROFF_TEST_SECRET_SERVICE") != "1" {
		t.Skip("needs a real Secret Service: run under scripts/with-secret-service.sh")
	}
	return &syncPair{t: t, a: privateSecretService(t), b: privateSecretService(t), remote: testbin.BareRemote(t), fresh: privateSecretService}
}

// privateSecretService starts dbus-daemon and gnome-keyring (its login
// collection created and unlocked) for one test home, stopped at cleanup.
func privateSecretService(t *testing.T) *testbin.Env {
	t.Helper()
	// A short root: a unix socket path must fit in 108 bytes.
	root, err := os.MkdirTemp("", "tss")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	run, home := filepath.Join(root, "run"), filepath.Join(root, "home")
	for _, d := range []string{run, home} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	bus := "unix:path=" + filepath.Join(root, "bus")
	vars := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR=" + run,
		"DBUS_SESSION_BUS_ADDRESS=" + bus,
		"TEAROFF_BACKEND=secret-service",
	}
	start := func(stdin string, name string, args ...string) {
		cmd := exec.Command(name, args...)
		cmd.Env = vars
		cmd.Stdin = strings.NewReader(stdin)
		testbin.Detach(cmd)
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting %s: %v", name, err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	}
	start("", "dbus-daemon", "--session", "--nofork", "--address="+bus)
	waitFor(t, "the private D-Bus", func() bool {
		_, err := os.Stat(filepath.Join(root, "bus"))
		return err == nil
	})
	start("test-password", "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	waitFor(t, "the private gnome-keyring", func() bool {
		cmd := exec.Command("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
			"/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets")
		cmd.Env = vars
		out, err := cmd.Output()
		return err == nil && strings.Contains(string(out), "boolean true")
	})
	return &testbin.Env{T: t, Bin: testbin.Tearoff(t), Vars: vars}
}

// waitFor polls cond until it holds, failing the test after a generous
// deadline (a condition, never a fixed sleep).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: gave up", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// setUp imports 16 GitHub codes on A, starts sync there, and joins B with
// the key A shows, read from B's stdin. It returns the codes.
func (p *syncPair) setUp() []string {
	p.t.Helper()
	codes := testkit.GitHubCodes(16, 0)
	p.a.Must("", "import", "--account", "octocat", testbin.WriteGitHubFile(p.t, codes))
	p.a.Must("", "sync", "init", p.remote)
	key := strings.TrimSpace(p.a.Must("", "sync", "key"))
	p.b.Must(key+"\n", "sync", "init", p.remote)
	// A learns that B exists, which gives each its own lane.
	p.a.Must("", "sync")
	return codes
}

// codeIn is one code as `list --json --reveal` shows it on e.
func codeIn(t *testing.T, e *testbin.Env, code string) testkit.ListedCode {
	t.Helper()
	for _, acc := range e.List("--reveal") {
		for _, c := range acc.Codes {
			if c.Code == code {
				return c
			}
		}
	}
	t.Fatalf("code %s is not in the vault", code)
	return testkit.ListedCode{}
}

// snapshot is what must not change when a sync is refused: the vault as
// the CLI lists it (and its files, for the file backend), the settings and
// the sync key.
func snapshot(t *testing.T, e *testbin.Env) string {
	t.Helper()
	s := e.Must("", "list", "--json", "--reveal") + e.Must("", "config")
	if e.FileDir != "" {
		s += testbin.HashDir(t, e.FileDir)
	}
	r := e.Run("", "sync", "key")
	return s + r.Stdout + r.Stderr
}
