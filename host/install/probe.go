package install

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"tearoff.dev/tearoff/host/nativemsg"
	"tearoff.dev/tearoff/host/protocol/wire"
)

// ProbeTimeout bounds Probe: a first keyring unlock prompt can take a while,
// but a host that says nothing for this long is broken as far as the
// browser is concerned.
const ProbeTimeout = 15 * time.Second

const probeID = "doctor-hello"

// Probe starts binary the way Chrome does (argv[1] = our extension origin),
// sends one hello frame and checks the reply, then closes stdin and expects
// a clean exit. It is Doctor's default hello check.
func Probe(binary string) error {
	ctx, cancel := context.WithTimeout(context.Background(), ProbeTimeout)
	defer cancel()
	return ProbeContext(ctx, binary)
}

// ProbeContext is Probe with the caller's deadline.
func ProbeContext(ctx context.Context, binary string) error {
	cmd := exec.CommandContext(ctx, binary, nativemsg.ChromeOrigin)
	stderr := &tailBuffer{max: 2048}
	cmd.Stderr = stderr
	// Wait must not hang on a grandchild holding stdout open.
	cmd.WaitDelay = 2 * time.Second
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("stdin pipe: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("stdout pipe: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	reply, rerr := exchange(stdin, stdout)
	stdin.Close() // end of the port: a host must exit now
	werr := cmd.Wait()

	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("no answer within the time limit: %w", ctx.Err())
	case errors.Is(rerr, nativemsg.ErrTooLarge):
		return fmt.Errorf("stdout carried something other than a frame (stray output on stdout?): %w", rerr)
	case rerr != nil:
		return fmt.Errorf("no reply (%w)%s%s", rerr, exitText(werr), stderr.text())
	}
	if err := checkHello(reply); err != nil {
		return err
	}
	if werr != nil {
		return fmt.Errorf("answered hello but then exited badly: %w%s", werr, stderr.text())
	}
	return nil
}

func exchange(stdin io.Writer, stdout io.Reader) (json.RawMessage, error) {
	id := probeID
	if err := nativemsg.NewWriter(stdin).Send(wire.Header{ID: &id, Type: "hello"}); err != nil {
		return nil, fmt.Errorf("send hello: %w", err)
	}
	return nativemsg.NewReader(stdout).Next()
}

func checkHello(reply json.RawMessage) error {
	var r wire.Envelope[json.RawMessage]
	if err := json.Unmarshal(reply, &r); err != nil {
		return fmt.Errorf("reply is not a protocol envelope: %w", err)
	}
	switch {
	case r.ID != probeID:
		return fmt.Errorf("reply id %q, want %q", r.ID, probeID)
	case !r.OK && r.Error != nil:
		return fmt.Errorf("hello failed: %s: %s", r.Error.Code, r.Error.Message)
	case !r.OK:
		return errors.New("hello failed without an error object")
	}
	return nil
}

func exitText(err error) string {
	if err == nil {
		return "; it exited cleanly"
	}
	return "; " + err.Error()
}

// tailBuffer keeps the last max bytes of the host's stderr for the report.
type tailBuffer struct {
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) text() string {
	s := strings.TrimSpace(string(t.b))
	if s == "" {
		return ""
	}
	return "; stderr: " + s
}
