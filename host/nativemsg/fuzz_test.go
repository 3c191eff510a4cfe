package nativemsg

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"tearoff.dev/tearoff/host/internal/testkit"
)

// FuzzReader feeds arbitrary bytes to the Reader. It must never panic or
// Goexit (either ends the fuzz target and fails it), every message it
// returns must be valid JSON within the size cap, every error must be one of
// the documented ones, and it must stop: each Next consumes at least one
// byte or ends the stream. Seeds live in testdata/fuzz/FuzzReader.
func FuzzReader(f *testing.F) {
	f.Add(testkit.Frame(`{"id":"1","type":"hello"}`))
	f.Add(testkit.Join(testkit.Header(0), testkit.Frame(`{}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		for range len(data) + 2 {
			msg, err := r.Next()
			switch {
			case err == nil:
				if len(msg) > MaxFrame || !json.Valid(msg) {
					t.Fatalf("returned invalid message %q", msg)
				}
			case Recoverable(err):
			case errors.Is(err, io.EOF), errors.Is(err, ErrTruncated), errors.Is(err, ErrTooLarge):
				return
			default:
				t.Fatalf("undocumented error %v", err)
			}
		}
		t.Fatalf("Next did not reach the end of %d bytes", len(data))
	})
}
