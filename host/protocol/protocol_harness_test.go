package protocol

// The harness for protocol_test.go: it builds the real tearoff binary,
// starts it the way a browser does, and checks the vault through the real
// CLI. The keyring is the file backend in a fresh temp dir per test, so no
// D-Bus is needed.

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testbin"

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

// tearoffBinary builds host/cmd/tearoff once per test run.
func tearoffBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the tearoff binary")
	}
	return testbin.Tearoff(t)
}

// sandbox is one throwaway vault: the file backend in a temp dir, and a
// config dir (where the vault lock lives) of its own.
type sandbox struct {
	t       *testing.T
	bin     string
	fileDir string
	env     []string
}

func newSandbox(t *testing.T) *sandbox {
	root := t.TempDir()
	s := &sandbox{t: t, bin: tearoffBinary(t), fileDir: filepath.Join(root, "keyring")}
	s.env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"TEAROFF_BACKEND=file",
		"TEAROFF_FILE_DIR=" + s.fileDir,
		"TEAROFF_FILE_PASSPHRASE=correct horse battery staple",
		"TEAROFF_FILE_SCRYPT_WORK_FACTOR=10", // the lowest cost: tests open vaults afresh all the time
		"DBUS_SESSION_BUS_ADDRESS=disabled:",
	}
	return s
}

// cli runs a tearoff CLI command and fails the test unless it exits 0.
func (s *sandbox) cli(args ...string) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.bin, args...)
	cmd.Env = s.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		s.t.Fatalf("tearoff %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// githubCodes are 16 well-formed GitHub recovery codes.
func githubCodes() []string {
	var out []string
	for i := range 16 {
		out = append(out, fmt.Sprintf("%05x-%05x", 0xa0000+i, 0xb0000+i))
	}
	return out
}

// importGitHub stores githubCodes for octocat through the CLI.
func (s *sandbox) importGitHub() {
	s.t.Helper()
	file := filepath.Join(s.t.TempDir(), "github-recovery-codes.txt")
	if err := os.WriteFile(file, []byte(strings.Join(githubCodes(), "\n")+"\n"), 0o600); err != nil {
		s.t.Fatal(err)
	}
	s.cli("import", "--site", "github", "--account", "octocat", file)
}

// listedCode and listedAccount mirror `tearoff list --json --reveal`.
type listedCode struct {
	ID     string `json:"id"`
	Code   string `json:"code"`
	State  string `json:"state"`
	UsedOn string `json:"used_on"`
}

type listedAccount struct {
	ID        string       `json:"id"`
	Site      string       `json:"site"`
	Account   string       `json:"account"`
	Remaining int          `json:"remaining"`
	Used      int          `json:"used"`
	Reserved  int          `json:"reserved"`
	Codes     []listedCode `json:"codes"`
}

func (s *sandbox) list() []listedAccount {
	s.t.Helper()
	var accs []listedAccount
	if err := json.Unmarshal([]byte(s.cli("list", "--json", "--reveal")), &accs); err != nil {
		s.t.Fatalf("list --json: %v", err)
	}
	return accs
}

// codeState finds a code by id in the CLI's view of the vault.
func (s *sandbox) codeState(codeID string) listedCode {
	s.t.Helper()
	for _, a := range s.list() {
		for _, c := range a.Codes {
			if c.ID == codeID {
				return c
			}
		}
	}
	s.t.Fatalf("code %s is not in the vault", codeID)
	return listedCode{}
}

// snapshot is the vault as bytes on disk plus as the CLI lists it: both
// must stay identical across requests that are refused.
func (s *sandbox) snapshot() string {
	s.t.Helper()
	return testbin.HashDir(s.t, s.fileDir) + "\n" + s.cli("list", "--json", "--reveal")
}

var (
	chromeArgs  = []string{nativemsg.ChromeOrigin}
	firefoxArgs = func(t *testing.T) []string {
		return []string{filepath.Join(t.TempDir(), nativemsg.HostName+".json"), nativemsg.FirefoxAddonID}
	}
)

// hostProc is one running host, started as a browser starts it.
type hostProc struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *nativemsg.Reader
	stderr bytes.Buffer
	cancel context.CancelFunc
	nextID int
}

func (s *sandbox) start(args []string) *hostProc {
	s.t.Helper()
	// The deadline kills a host that stops answering, so a broken host
	// fails the test instead of hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	p := &hostProc{t: s.t, cancel: cancel}
	p.cmd = exec.CommandContext(ctx, s.bin, args...)
	p.cmd.Env = s.env
	p.cmd.Stderr = &p.stderr
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		s.t.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		s.t.Fatal(err)
	}
	p.out = nativemsg.NewReader(stdout)
	if err := p.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() {
		p.stdin.Close()
		cancel()
		_ = p.cmd.Wait() // reaps the process; the tests check the status via wait
	})
	return p
}

// write sends raw bytes from a goroutine: a host that stops reading (after
// an oversize header) must not block the test on a full pipe.
func (p *hostProc) write(data []byte, closeAfter bool) {
	go func() {
		_, _ = p.stdin.Write(data) // EPIPE once the host has exited is expected
		if closeAfter {
			p.stdin.Close()
		}
	}()
}

// call sends one request (id filled in) and returns its reply.
func (p *hostProc) call(req map[string]any) reply {
	p.t.Helper()
	p.nextID++
	id := fmt.Sprintf("r%d", p.nextID)
	req["id"] = id
	body, err := json.Marshal(req)
	if err != nil {
		p.t.Fatal(err)
	}
	if _, err := p.stdin.Write(frame(string(body))); err != nil {
		p.t.Fatalf("writing %s: %v", req["type"], err)
	}
	rep := p.recv()
	if rep.ID != id {
		p.t.Fatalf("reply id %q, want %q", rep.ID, id)
	}
	return rep
}

// recv reads one reply frame.
func (p *hostProc) recv() reply {
	p.t.Helper()
	msg, err := p.out.Next()
	if err != nil {
		p.t.Fatalf("reading a reply: %v\nhost stderr: %s", err, p.stderr.String())
	}
	var rep reply
	if err := json.Unmarshal(msg, &rep); err != nil {
		p.t.Fatalf("reply %s: %v", msg, err)
	}
	return rep
}

// drain reads replies until the host closes stdout.
func (p *hostProc) drain() []reply {
	p.t.Helper()
	var out []reply
	for {
		msg, err := p.out.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			p.t.Fatalf("reply stream is not clean frames: %v", err)
		}
		var rep reply
		if err := json.Unmarshal(msg, &rep); err != nil {
			p.t.Fatalf("reply %s: %v", msg, err)
		}
		out = append(out, rep)
	}
}

// wait waits for the host to exit on its own and checks it exited with
// want and without a panic.
func (p *hostProc) wait(want int) {
	p.t.Helper()
	err := p.cmd.Wait()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		p.t.Fatalf("waiting for the host: %v", err)
	}
	if code != want {
		p.t.Errorf("host exited %d, want %d\nstderr: %s", code, want, p.stderr.String())
	}
	if s := p.stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "goroutine") {
		p.t.Errorf("host stderr shows a panic:\n%s", s)
	}
}

// result decodes a successful reply's result, failing on an error reply.
func result[T any](t *testing.T, rep reply) T {
	t.Helper()
	var v T
	if !rep.OK {
		t.Fatalf("reply %s failed: %+v", rep.ID, rep.Error)
	}
	if err := json.Unmarshal(rep.Result, &v); err != nil {
		t.Fatalf("result %s: %v", rep.Result, err)
	}
	return v
}

func wantError(t *testing.T, rep reply, code string) {
	t.Helper()
	if rep.OK || rep.Error == nil || rep.Error.Code != code || rep.Error.Message == "" {
		t.Errorf("reply %s: ok=%v error=%+v, want %s", rep.ID, rep.OK, rep.Error, code)
	}
}

// frame encodes body with a correct native-messaging header.
func frame(body string) []byte {
	return append(header(uint32(len(body))), body...)
}

func header(n uint32) []byte {
	return binary.LittleEndian.AppendUint32(nil, n)
}

func join(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// withoutPassphrase is the same vault seen by hosts and CLIs whose
// environment has no TEAROFF_FILE_PASSPHRASE, as when the popup must unlock.
func (s *sandbox) withoutPassphrase() *sandbox {
	var env []string
	for _, e := range s.env {
		if !strings.HasPrefix(e, "TEAROFF_FILE_PASSPHRASE=") {
			env = append(env, e)
		}
	}
	return &sandbox{t: s.t, bin: s.bin, fileDir: s.fileDir, env: env}
}
