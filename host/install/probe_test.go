package install

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/nativemsg"
)

// TestMain lets the test binary stand in for tearoff: with
// TEAROFF_FAKE_HOST set it runs a tiny host over real pipes for Probe.
func TestMain(m *testing.M) {
	if mode := os.Getenv("TEAROFF_FAKE_HOST"); mode != "" {
		os.Exit(fakeHost(mode))
	}
	os.Exit(m.Run())
}

func fakeHost(mode string) int {
	if len(os.Args) < 2 || os.Args[1] != nativemsg.ChromeOrigin {
		return 3
	}
	r, w := nativemsg.NewReader(os.Stdin), nativemsg.NewWriter(os.Stdout)
	switch mode {
	case "exit":
		os.Stderr.WriteString("cannot open keyring\n")
		return 1
	case "stray":
		os.Stdout.WriteString("debug: starting\n")
	case "hang":
		time.Sleep(time.Minute) // killed by the probe's deadline
		return 0
	}
	for {
		msg, err := r.Next()
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err != nil {
			return 2
		}
		switch mode {
		case "refuse":
			_ = w.Send(map[string]any{"id": "doctor-hello", "ok": false, "error": map[string]string{"code": "unknown_caller", "message": "no"}})
		case "wrongid":
			_ = w.Send(map[string]any{"id": "x", "ok": true})
		default:
			if !strings.Contains(string(msg), `"type":"hello"`) {
				return 4
			}
			_ = w.Send(map[string]any{"id": "doctor-hello", "ok": true, "result": map[string]any{"protocol": 1}})
		}
		if mode == "badexit" {
			return 5
		}
	}
}

func TestProbe(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		mode string
		want string // "" = success
	}{
		{"ok", ""},
		{"exit", "cannot open keyring"},
		{"stray", "stray output"},
		{"hang", "time limit"},
		{"refuse", "unknown_caller"},
		{"wrongid", "reply id"},
		{"badexit", "exited badly"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			t.Setenv("TEAROFF_FAKE_HOST", tt.mode)
			timeout := 20 * time.Second
			if tt.mode == "hang" {
				timeout = 300 * time.Millisecond
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			err := ProbeContext(ctx, self)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if err := Probe("/nonexistent/tearoff"); err == nil {
		t.Fatal("probe of a missing binary succeeded")
	}
}
