package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tearoffBin is the tearoff built once for every process-level test.
var tearoffBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tearoff-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tearoffBin = filepath.Join(dir, "tearoff")
	if out, err := exec.Command("go", "build", "-o", tearoffBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building tearoff: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// env is one test's private world: its own keyring dir, config dir (where
// the vault lock lives) and home.
type env struct {
	t       *testing.T
	fileDir string
	vars    []string
}

// fileEnv is the encrypted file backend with a passphrase from the
// environment and no D-Bus.
func fileEnv(t *testing.T) *env {
	t.Helper()
	root := t.TempDir()
	e := &env{t: t, fileDir: filepath.Join(root, "keyring")}
	e.vars = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"DBUS_SESSION_BUS_ADDRESS=disabled:",
		"TEAROFF_BACKEND=file",
		"TEAROFF_FILE_DIR=" + e.fileDir,
		"TEAROFF_FILE_PASSPHRASE=correct horse battery staple",
	}
	return e
}

// without returns a copy of e without the variable name.
func (e *env) without(name string) *env {
	c := *e
	c.vars = nil
	for _, v := range e.vars {
		if !strings.HasPrefix(v, name+"=") {
			c.vars = append(c.vars, v)
		}
	}
	return &c
}

type result struct {
	code           int
	stdout, stderr string
}

func (e *env) command(stdin string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.Command(tearoffBin, args...)
	cmd.Env = e.vars
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	detach(cmd)
	return cmd, &out, &errb
}

func exitCode(t *testing.T, err error) int {
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

// run runs tearoff to completion.
func (e *env) run(stdin string, args ...string) result {
	e.t.Helper()
	cmd, out, errb := e.command(stdin, args...)
	code := exitCode(e.t, cmd.Run())
	return result{code, out.String(), errb.String()}
}

// must runs tearoff and fails the test unless it exits 0.
func (e *env) must(stdin string, args ...string) string {
	e.t.Helper()
	r := e.run(stdin, args...)
	if r.code != 0 {
		e.t.Fatalf("tearoff %s: exit %d, stderr %q", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// hashDir fingerprints every file under dir, so a test can prove a failed
// command left the vault byte-for-byte unchanged.
func hashDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		sums[p] = hex.EncodeToString(h[:])
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatalf("hashing %s: %v", dir, err)
	}
	return sums
}

func sameHashes(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// githubCodes returns n distinct GitHub-format recovery codes.
func githubCodes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%05x-%05x", (0xa1b2c+i*7919)&0xfffff, (0x3d4e5+i*104729)&0xfffff)
	}
	return out
}

// writeGitHubFile writes codes as GitHub's github-recovery-codes.txt.
func writeGitHubFile(t *testing.T, codes []string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "github-recovery-codes.txt")
	if err := os.WriteFile(p, []byte(strings.Join(codes, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
