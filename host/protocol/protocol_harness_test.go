package protocol

// The harness for protocol_test.go: the real tearoff binary started the
// way a browser starts it (host/internal/testbin), with the vault checked
// through the real CLI. The keyring is the file backend in a fresh temp
// dir per test, so no D-Bus is needed.

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/nativemsg"
)

func TestMain(m *testing.M) {
	flag.Parse()
	// Serve's logs are noise in unit tests unless asked for with -v; the
	// process tests read the binary's own stderr.
	if !testing.Verbose() {
		logger.SetOutput(io.Discard)
	}
	code := m.Run()
	testbin.Cleanup()
	os.Exit(code)
}

// sandbox is one throwaway vault and the CLI and hosts that use it.
type sandbox struct{ *testbin.Env }

func newSandbox(t *testing.T) *sandbox {
	if testing.Short() {
		t.Skip("builds and runs the tearoff binary")
	}
	return &sandbox{testbin.FileEnv(t)}
}

// cli runs a tearoff CLI command and fails the test unless it exits 0.
func (s *sandbox) cli(args ...string) string { return s.Must("", args...) }

// githubCodes are the 16 codes importGitHub stores.
func githubCodes() []string { return testkit.GitHubCodes(16, 0) }

// importGitHub stores githubCodes for octocat through the CLI.
func (s *sandbox) importGitHub() {
	s.T.Helper()
	s.cli("import", "--site", "github", "--account", "octocat", testbin.WriteGitHubFile(s.T, githubCodes()))
}

// list is the vault as `tearoff list --json --reveal` shows it.
func (s *sandbox) list() []testkit.ListEntry { return s.List("--reveal") }

// codeState finds a code by id in the CLI's view of the vault.
func (s *sandbox) codeState(codeID string) testkit.ListedCode {
	s.T.Helper()
	for _, a := range s.list() {
		for _, c := range a.Codes {
			if c.ID == codeID {
				return c
			}
		}
	}
	s.T.Fatalf("code %s is not in the vault", codeID)
	return testkit.ListedCode{}
}

var (
	chromeArgs  = []string{nativemsg.ChromeOrigin}
	firefoxArgs = func(t *testing.T) []string {
		return []string{filepath.Join(t.TempDir(), nativemsg.HostName+".json"), nativemsg.FirefoxAddonID}
	}
)

// withoutPassphrase is the same vault seen by hosts and CLIs whose
// environment has no TEAROFF_FILE_PASSPHRASE, as when the popup must unlock.
func (s *sandbox) withoutPassphrase() *sandbox {
	return &sandbox{s.Without("TEAROFF_FILE_PASSPHRASE")}
}

// refusal is one bad request and the error code it must get.
type refusal struct {
	name string
	req  map[string]any
	code string
}

// wantRefused sends each request to p: each gets its error code, and the
// vault (and every other item of the keyring) stays as it was.
func (s *sandbox) wantRefused(t *testing.T, p *testbin.Host, tests []refusal) {
	t.Helper()
	before := s.Snapshot()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, p.Call(tt.req), tt.code)
			if s.Snapshot() != before {
				t.Fatal("the vault changed")
			}
		})
	}
}

// stop closes the host's input, as a browser closing the port does, and
// checks that it exits cleanly.
func stop(p *testbin.Host) {
	p.CloseStdin()
	p.Drain()
	p.Wait(0)
}

func wantError(t *testing.T, rep testkit.Reply, code string) {
	t.Helper()
	if rep.OK || rep.Error == nil || rep.Error.Code != code || rep.Error.Message == "" {
		t.Errorf("reply %s: ok=%v error=%+v, want %s", rep.ID, rep.OK, rep.Error, code)
	}
}
