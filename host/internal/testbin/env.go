package testbin

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testkit"
)

// Passphrase is the file backend's passphrase in a FileEnv.
const Passphrase = "correct horse battery staple"

// Env is one test's private world for the real binary: its own keyring dir,
// config dir (where the vault lock lives) and home, and no D-Bus. Every
// process runs detached from the terminal, so a passphrase prompt can never
// reach the developer's and the "no terminal" path is what tests see.
type Env struct {
	T       testing.TB
	Bin     string
	FileDir string   // the file backend's keyring dir
	Vars    []string // the whole environment of every process
}

// FileEnv is the encrypted file backend in a fresh temp dir, with its
// passphrase in the environment.
func FileEnv(t testing.TB) *Env {
	t.Helper()
	root := t.TempDir()
	e := &Env{T: t, Bin: Tearoff(t), FileDir: filepath.Join(root, "keyring")}
	e.Vars = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"DBUS_SESSION_BUS_ADDRESS=disabled:",
		"TEAROFF_BACKEND=file",
		"TEAROFF_FILE_DIR=" + e.FileDir,
		"TEAROFF_FILE_PASSPHRASE=" + Passphrase,
		"TEAROFF_FILE_SCRYPT_WORK_FACTOR=10", // the lowest cost: tests open vaults afresh all the time
	}
	return e
}

// SecretServiceEnv is the real Secret Service (gnome-keyring) that
// scripts/with-secret-service.sh starts; outside it the test is skipped.
// Home and config dir are the test's own; the keyring is the session's, so
// tests use labels of their own and clean them up.
func SecretServiceEnv(t testing.TB) *Env {
	t.Helper()
	if os.Getenv("TEAROFF_TEST_SECRET_SERVICE") != "1" {
		t.Skip("needs a real Secret Service: run under scripts/with-secret-service.sh")
	}
	root := t.TempDir()
	return &Env{T: t, Bin: Tearoff(t), Vars: []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"XDG_RUNTIME_DIR=" + os.Getenv("XDG_RUNTIME_DIR"),
		"DBUS_SESSION_BUS_ADDRESS=" + os.Getenv("DBUS_SESSION_BUS_ADDRESS"),
		"TEAROFF_BACKEND=secret-service",
	}}
}

// Without returns a copy of e without the variable name: the same vault
// seen by processes that lack it (as when the popup must unlock).
func (e *Env) Without(name string) *Env {
	c := *e
	c.Vars = nil
	for _, v := range e.Vars {
		if !strings.HasPrefix(v, name+"=") {
			c.Vars = append(c.Vars, v)
		}
	}
	return &c
}

// Result is how a finished tearoff process ended.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Command prepares tearoff with stdin and args, its output captured.
func (e *Env) Command(stdin string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.Command(e.Bin, args...)
	cmd.Env = e.Vars
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	Detach(cmd)
	return cmd, &out, &errb
}

// ExitCode is the exit status in err from Wait or Run; anything but an
// exit status fails the test.
func ExitCode(t testing.TB, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("running tearoff: %v", err)
	}
	return ee.ExitCode()
}

// Run runs tearoff to completion.
func (e *Env) Run(stdin string, args ...string) Result {
	e.T.Helper()
	cmd, out, errb := e.Command(stdin, args...)
	code := ExitCode(e.T, cmd.Run())
	return Result{code, out.String(), errb.String()}
}

// Must runs tearoff and fails the test unless it exits 0.
func (e *Env) Must(stdin string, args ...string) string {
	e.T.Helper()
	r := e.Run(stdin, args...)
	if r.Code != 0 {
		e.T.Fatalf("tearoff %s: exit %d, stderr %q", strings.Join(args, " "), r.Code, r.Stderr)
	}
	return r.Stdout
}

// List is `tearoff list --json` with args, decoded.
func (e *Env) List(args ...string) []testkit.ListEntry {
	e.T.Helper()
	return testkit.ParseList(e.T, e.Must("", append([]string{"list", "--json"}, args...)...))
}

// Snapshot is the vault as bytes on disk plus as the CLI lists it: both
// must stay identical across operations that are refused.
func (e *Env) Snapshot() string {
	e.T.Helper()
	return HashDir(e.T, e.FileDir) + "\n" + e.Must("", "list", "--json", "--reveal")
}

// WriteGitHubFile writes codes as GitHub's github-recovery-codes.txt.
func WriteGitHubFile(t testing.TB, codes []string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "github-recovery-codes.txt")
	if err := os.WriteFile(p, []byte(testkit.Lines(codes)), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
