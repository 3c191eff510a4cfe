package nativemsg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"tearoff.dev/tearoff/host/internal/testkit"
)

// step is one expected result of Next: a message or an error.
type step struct {
	msg string
	err error
}

func TestReaderFrames(t *testing.T) {
	big := `"` + strings.Repeat("a", MaxFrame-2) + `"` // exactly MaxFrame bytes
	tests := []struct {
		name  string
		in    []byte
		steps []step
	}{
		{"one frame then EOF", testkit.Frame(`{"id":"1","type":"hello"}`),
			[]step{{msg: `{"id":"1","type":"hello"}`}, {err: io.EOF}, {err: io.EOF}}},
		{"whitespace around value", testkit.Frame(" \n{\"a\":1}\t "),
			[]step{{msg: `{"a":1}`}, {err: io.EOF}}},
		{"empty stream", nil, []step{{err: io.EOF}}},
		{"zero length then valid", testkit.Join(testkit.Header(0), testkit.Frame(`{"a":1}`)),
			[]step{{err: ErrEmptyFrame}, {msg: `{"a":1}`}, {err: io.EOF}}},
		{"truncated header", []byte{5, 0},
			[]step{{err: ErrTruncated}, {err: ErrTruncated}}},
		{"truncated body", testkit.Join(testkit.Header(10), []byte(`{"a"`)),
			[]step{{err: ErrTruncated}, {err: ErrTruncated}}},
		{"header only", testkit.Header(2), []step{{err: ErrTruncated}}},
		{"over 1 MiB is sticky", testkit.Join(testkit.Header(MaxFrame+1), testkit.Frame(`{"a":1}`)),
			[]step{{err: ErrTooLarge}, {err: ErrTooLarge}}},
		{"stray text read as length", []byte("Hello world\n"),
			[]step{{err: ErrTooLarge}}},
		{"exactly 1 MiB", testkit.Frame(big), []step{{msg: big}, {err: io.EOF}}},
		{"invalid JSON then valid", testkit.Join(testkit.Frame(`{"id":`), testkit.Frame(`{"b":2}`)),
			[]step{{err: ErrBadJSON}, {msg: `{"b":2}`}, {err: io.EOF}}},
		{"trailing garbage", testkit.Join(testkit.Frame(`{"a":1} x`), testkit.Frame(`{"b":2}`)),
			[]step{{err: ErrBadJSON}, {msg: `{"b":2}`}}},
		{"two values in one frame", testkit.Frame(`{"a":1}{"b":2}`),
			[]step{{err: ErrBadJSON}, {err: io.EOF}}},
		{"whitespace only", testkit.Frame("   "), []step{{err: ErrBadJSON}}},
		{"invalid UTF-8", testkit.Frame("\"\xff\xfe\""), []step{{err: ErrBadJSON}}},
		{"bare scalar is JSON", testkit.Frame(`42`), []step{{msg: `42`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(bytes.NewReader(tt.in))
			for i, want := range tt.steps {
				msg, err := r.Next()
				if want.err != nil {
					if !errors.Is(err, want.err) {
						t.Fatalf("step %d: err = %v, want %v", i, err, want.err)
					}
					if msg != nil {
						t.Fatalf("step %d: msg = %q alongside error", i, msg)
					}
					continue
				}
				if err != nil {
					t.Fatalf("step %d: unexpected error %v", i, err)
				}
				if string(msg) != want.msg {
					t.Fatalf("step %d: msg = %.60q, want %.60q", i, msg, want.msg)
				}
			}
		})
	}
}

// countingReader records how many bytes were taken from the stream.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestReaderOversizeReadsNoBody(t *testing.T) {
	src := &countingReader{r: bytes.NewReader(testkit.Join(testkit.Header(0xFFFFFFFF), bytes.Repeat([]byte("x"), 1000)))}
	if _, err := NewReader(src).Next(); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if src.n != headerLen {
		t.Fatalf("read %d bytes, want only the %d-byte header", src.n, headerLen)
	}
}

func TestReaderPassesThroughReadErrors(t *testing.T) {
	boom := errors.New("boom")
	r := NewReader(io.MultiReader(bytes.NewReader(testkit.Frame(`{}`)), errReader{boom}))
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// The library really does end the calling goroutine at EOF; this is the trap
// the Reader exists to avoid. If a future version fixes it, this test says so.
func TestLibraryGoexitsAtEOF(t *testing.T) {
	returned := make(chan bool, 1)
	go func() {
		ok := false
		defer func() { returned <- ok }()
		var v json.RawMessage
		_ = lib().OnMessage(bytes.NewReader(nil), &v)
		ok = true
	}()
	if <-returned {
		t.Skip("library no longer calls runtime.Goexit at EOF")
	}
}

// Next at EOF runs in the test goroutine itself: a Goexit would end the test
// before the assertions below, and the testing package reports that as a
// failure.
func TestNextAtEOFDoesNotGoexit(t *testing.T) {
	r := NewReader(strings.NewReader(""))
	_, err := r.Next()
	if !errors.Is(err, io.EOF) {
		t.Fatalf("err = %v, want io.EOF", err)
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("second Next: err = %v, want io.EOF", err)
	}
}

func TestSendRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.Send(map[string]any{"id": "7", "ok": true}); err != nil {
		t.Fatal(err)
	}
	want := testkit.Frame(`{"id":"7","ok":true}`)
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("wrote %q, want %q", buf.Bytes(), want)
	}
}

func TestSendSizeLimit(t *testing.T) {
	tests := []struct {
		name    string
		n       int // string length; the JSON body is n+2 bytes
		wantErr error
	}{
		{"at limit", MaxFrame - 2, nil},
		{"one over", MaxFrame - 1, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf)
			err := w.Send(strings.Repeat("a", tt.n))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil {
				if buf.Len() != 0 {
					t.Fatalf("wrote %d bytes for a refused frame", buf.Len())
				}
				// Refusing a frame must not break the stream.
				if err := w.Send("small"); err != nil {
					t.Fatalf("send after refusal: %v", err)
				}
				return
			}
			if got := buf.Len(); got != headerLen+tt.n+2 {
				t.Fatalf("wrote %d bytes, want %d", got, headerLen+tt.n+2)
			}
		})
	}
}

type failWriter struct {
	n   int // bytes accepted per call
	err error
}

func (f failWriter) Write(p []byte) (int, error) { return min(f.n, len(p)), f.err }

func TestSendWriteErrorsBreakStream(t *testing.T) {
	tests := []struct {
		name string
		w    io.Writer
		want error
	}{
		{"error", failWriter{0, io.ErrClosedPipe}, io.ErrClosedPipe},
		{"short write", failWriter{3, nil}, io.ErrShortWrite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWriter(tt.w)
			if err := w.Send("x"); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err := w.Send("y"); !errors.Is(err, ErrBroken) {
				t.Fatalf("second send: err = %v, want ErrBroken", err)
			}
		})
	}
}

func TestSendUnencodable(t *testing.T) {
	var buf bytes.Buffer
	if err := NewWriter(&buf).Send(make(chan int)); err == nil {
		t.Fatal("no error for a channel")
	}
	if buf.Len() != 0 {
		t.Fatalf("wrote %d bytes", buf.Len())
	}
}

// Concurrent senders share an unsynchronised bytes.Buffer; every frame must
// come out whole. Run with -race to catch unserialised writes.
func TestSendConcurrent(t *testing.T) {
	const senders, each = 8, 200
	var buf bytes.Buffer
	w := NewWriter(&buf)
	var wg sync.WaitGroup
	for s := range senders {
		wg.Go(func() {
			for i := range each {
				// Varying sizes make interleaving visible as broken frames.
				msg := map[string]string{"id": fmt.Sprintf("%d-%d", s, i), "pad": strings.Repeat("p", i)}
				if err := w.Send(msg); err != nil {
					t.Errorf("send: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()

	seen := map[string]bool{}
	r := NewReader(&buf)
	for {
		msg, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("frame %d: %v", len(seen), err)
		}
		var m map[string]string
		if err := json.Unmarshal(msg, &m); err != nil {
			t.Fatal(err)
		}
		if seen[m["id"]] {
			t.Fatalf("id %s twice", m["id"])
		}
		seen[m["id"]] = true
	}
	if len(seen) != senders*each {
		t.Fatalf("read %d frames, want %d", len(seen), senders*each)
	}
}
