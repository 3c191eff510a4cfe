package testbin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/nativemsg"
)

// Host is one running native host, started as a browser starts it.
type Host struct {
	t      testing.TB
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *nativemsg.Reader
	stderr bytes.Buffer
	nextID int
}

// Start runs tearoff with a browser's args (the caller) and pipes to talk
// to it. The process is killed at the end of the test.
func (e *Env) Start(args ...string) *Host {
	e.T.Helper()
	// The deadline kills a host that stops answering, so a broken host
	// fails the test instead of hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	p := &Host{t: e.T}
	p.cmd = exec.CommandContext(ctx, e.Bin, args...)
	p.cmd.Env = e.Vars
	p.cmd.Stderr = &p.stderr
	Detach(p.cmd)
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		e.T.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		e.T.Fatal(err)
	}
	p.out = nativemsg.NewReader(stdout)
	if err := p.cmd.Start(); err != nil {
		e.T.Fatal(err)
	}
	e.T.Cleanup(func() {
		p.stdin.Close()
		cancel()
		_ = p.cmd.Wait() // reaps the process; tests check the status with Wait
	})
	return p
}

// Stderr is what the host logged so far.
func (p *Host) Stderr() string { return p.stderr.String() }

// Write sends raw bytes from a goroutine: a host that stops reading (after
// an oversize header) must not block the test on a full pipe.
func (p *Host) Write(data []byte, closeAfter bool) {
	go func() {
		_, _ = p.stdin.Write(data) // EPIPE once the host has exited is expected
		if closeAfter {
			p.stdin.Close()
		}
	}()
}

// Call sends one request (its id filled in) and returns its reply.
func (p *Host) Call(req map[string]any) testkit.Reply {
	p.t.Helper()
	p.nextID++
	id := fmt.Sprintf("r%d", p.nextID)
	req["id"] = id
	body, err := json.Marshal(req)
	if err != nil {
		p.t.Fatal(err)
	}
	if _, err := p.stdin.Write(testkit.Frame(string(body))); err != nil {
		p.t.Fatalf("writing %s: %v", req["type"], err)
	}
	rep := p.Recv()
	if rep.ID != id {
		p.t.Fatalf("reply id %q, want %q", rep.ID, id)
	}
	return rep
}

// Recv reads one reply frame.
func (p *Host) Recv() testkit.Reply {
	p.t.Helper()
	msg, err := p.out.Next()
	if err != nil {
		p.t.Fatalf("reading a reply: %v\nhost stderr: %s", err, p.stderr.String())
	}
	return testkit.DecodeReply(p.t, msg)
}

// Drain reads replies until the host closes stdout.
func (p *Host) Drain() []testkit.Reply {
	p.t.Helper()
	var out []testkit.Reply
	for {
		msg, err := p.out.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			p.t.Fatalf("reply stream is not clean frames: %v", err)
		}
		out = append(out, testkit.DecodeReply(p.t, msg))
	}
}

// Wait waits for the host to exit on its own and checks it exited with
// want and without a panic.
func (p *Host) Wait(want int) {
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

// CloseStdin closes the host's input, as a browser closing the port does.
func (p *Host) CloseStdin() { p.stdin.Close() }
