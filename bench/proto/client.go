package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// chromeOrigin is argv[1] as Chromium passes it to the host (host/PROTOCOL.md).
const chromeOrigin = "chrome-extension://ilnhmhihgldhhcngjcehlcaknikjkmaj/"

var errTimeout = errors.New("no reply in time")

// port is one host process spoken to over stdin/stdout frames, as a
// browser's connectNative port does.
type port struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	replies chan []byte
	readErr chan error
	stderr  strings.Builder
	seq     int
}

func startPort(bin string, env []string) (*port, error) {
	p := &port{replies: make(chan []byte, 1), readErr: make(chan error, 1)}
	p.cmd = exec.Command(bin, chromeOrigin)
	p.cmd.Env = env
	p.cmd.Stderr = &p.stderr
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		return nil, fmt.Errorf("stdin pipe: %w", err)
	}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("stdout pipe: %w", err)
	}
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	go p.read(bufio.NewReader(out))
	return p, nil
}

func (p *port) read(r io.Reader) {
	var head [4]byte
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			p.readErr <- fmt.Errorf("reading a reply: %w", err)
			return
		}
		body := make([]byte, binary.LittleEndian.Uint32(head[:]))
		if _, err := io.ReadFull(r, body); err != nil {
			p.readErr <- fmt.Errorf("reading a reply body: %w", err)
			return
		}
		p.replies <- body
	}
}

// roundTrip sends raw as one frame and returns the next reply frame.
func (p *port) roundTrip(raw []byte, timeout time.Duration) ([]byte, error) {
	frame := binary.LittleEndian.AppendUint32(nil, uint32(len(raw)))
	if _, err := p.stdin.Write(append(frame, raw...)); err != nil {
		return nil, fmt.Errorf("writing a frame: %w (stderr: %s)", err, p.stderr.String())
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case body := <-p.replies:
		return body, nil
	case err := <-p.readErr:
		return nil, fmt.Errorf("%w (stderr: %s)", err, p.stderr.String())
	case <-t.C:
		return nil, fmt.Errorf("%w after %v", errTimeout, timeout)
	}
}

// reply is the protocol's reply envelope.
type reply struct {
	ID     string          `json:"id"`
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// request sends one protocol request (fields plus a fresh id and the type)
// and decodes an ok reply's result into out (when out is not nil).
func (p *port) request(typ string, fields map[string]any, out any, timeout time.Duration) error {
	p.seq++
	msg := map[string]any{"id": strconv.Itoa(p.seq), "type": typ}
	for k, v := range fields {
		msg[k] = v
	}
	raw, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", typ, err)
	}
	body, err := p.roundTrip(raw, timeout)
	if err != nil {
		return fmt.Errorf("%s: %w", typ, err)
	}
	var r reply
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("%s: decoding the reply: %w", typ, err)
	}
	if !r.OK {
		if r.Error == nil {
			return fmt.Errorf("%s: not ok, no error", typ)
		}
		return fmt.Errorf("%s: %s: %s", typ, r.Error.Code, r.Error.Message)
	}
	if out != nil {
		if err := json.Unmarshal(r.Result, out); err != nil {
			return fmt.Errorf("%s: decoding the result: %w", typ, err)
		}
	}
	return nil
}

// peakRSS is the process's high-water resident set (VmHWM), in bytes.
func (p *port) peakRSS() (int64, error) { return peakRSS(p.cmd.Process.Pid) }

func peakRSS(pid int) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("reading the peak RSS: %w", err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("parsing VmHWM %q: %w", rest, err)
			}
			return kb * 1024, nil
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// close ends the port as a browser does (end of input) and reaps the
// process; one that does not exit within a few seconds is killed.
func (p *port) close() {
	_ = p.stdin.Close()
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}
