package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
)

// tearoffBin is the tearoff built once for every process-level test.
var tearoffBin string

func TestMain(m *testing.M) {
	var err error
	if tearoffBin, err = testbin.Path(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		testbin.Cleanup()
		os.Exit(1)
	}
	code := m.Run()
	testbin.Cleanup()
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
		"TEAROFF_FILE_SCRYPT_WORK_FACTOR=10", // the lowest cost: tests open vaults afresh all the time
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
