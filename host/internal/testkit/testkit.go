// Package testkit holds the small helpers the tests of several packages
// share: well-formed GitHub codes, native-messaging frames, and the shapes
// of a reply frame and of `tearoff list --json`. It imports only the wire
// shapes and host/vault, so the tests of any package but vault can use it
// (even host/nativemsg's own). Only _test.go files import it; the harness that
// builds and starts the binary is host/internal/testbin.
package testkit

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/protocol/wire"
	"tearoff.dev/tearoff/host/vault"
)

// GitHubCodes returns n distinct, well-formed GitHub recovery codes,
// starting at the from-th of an endless sequence, so two calls with
// disjoint ranges never share a code.
func GitHubCodes(n, from int) []string {
	out := make([]string, n)
	for i := range out {
		j := from + i
		out[i] = fmt.Sprintf("%05x-%05x", (0xa1b2c+j*7919)&0xfffff, (0x3d4e5+j*104729)&0xfffff)
	}
	return out
}

// Lines is codes one to a line, as a downloaded code file holds them.
func Lines(codes []string) string { return strings.Join(codes, "\n") + "\n" }

// Frame encodes body with a correct native-messaging header.
func Frame(body string) []byte {
	return append(Header(uint32(len(body))), body...)
}

// Header is a frame header announcing n bytes (little-endian, as on every
// platform Tearoff supports).
func Header(n uint32) []byte {
	return binary.LittleEndian.AppendUint32(nil, n)
}

// Join concatenates frames (or any byte slices) into one input stream.
func Join(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// Frames marshals each message and frames it.
func Frames(t testing.TB, msgs ...any) []byte {
	t.Helper()
	var out [][]byte
	for _, m := range msgs {
		body, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Frame(string(body)))
	}
	return Join(out...)
}

// Reply is a decoded reply frame; each test decodes Result itself.
type Reply = wire.Envelope[json.RawMessage]

// ReadReplies decodes every frame in out, failing the test unless out is
// whole frames of reply envelopes and nothing else (stdout carries frames
// only). An ok reply must not carry an error, nor a failed one lack it.
func ReadReplies(t testing.TB, out []byte) []Reply {
	t.Helper()
	r := bytes.NewReader(out)
	var replies []Reply
	for {
		var n uint32
		if err := binary.Read(r, binary.LittleEndian, &n); errors.Is(err, io.EOF) {
			return replies
		} else if err != nil {
			t.Fatalf("reading a frame length: %v (output %q)", err, out)
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatalf("frame shorter than its length %d: %v", n, err)
		}
		replies = append(replies, DecodeReply(t, body))
	}
}

// DecodeReply decodes one reply frame's body.
func DecodeReply(t testing.TB, body []byte) Reply {
	t.Helper()
	var rep Reply
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatalf("reply %q: %v", body, err)
	}
	if rep.OK != (rep.Error == nil) {
		t.Fatalf("reply %s: ok and error disagree", body)
	}
	return rep
}

// Result decodes a successful reply's result, failing on an error reply.
func Result[T any](t testing.TB, rep Reply) T {
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

// ListEntry is one account as `tearoff list --json` prints it: the account
// summary, with last_used kept as text so tests can check how it is written,
// and Codes, filled only with --reveal.
type ListEntry struct {
	vault.Summary
	LastUsed *struct {
		At string `json:"at"`
		On string `json:"on"`
	} `json:"last_used"`
	Codes []ListedCode `json:"codes"`
}

// ListedCode is one code of `tearoff list --json --reveal`.
type ListedCode struct {
	ID     string  `json:"id"`
	Code   string  `json:"code"`
	State  string  `json:"state"`
	UsedAt *string `json:"used_at"`
	UsedOn string  `json:"used_on"`
}

// ParseList decodes what `tearoff list --json` printed.
func ParseList(t testing.TB, out string) []ListEntry {
	t.Helper()
	var l []ListEntry
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatalf("list --json printed %q: %v", out, err)
	}
	return l
}
