// Package nativemsg speaks the browsers' native-messaging framing: a uint32
// little-endian length, then that many bytes of UTF-8 JSON (PROTOCOL.md).
//
// Framing goes through github.com/rickypc/native-messaging-host.
// Its OnMessage and PostMessage are used, but never directly on the pipes,
// because of its traps (docs/design.md "Native messaging"):
//
//   - OnMessage calls runtime.Goexit at EOF. The Reader reads the 4-byte
//     header itself first, so the library only ever sees a complete frame held
//     in memory and can never hit EOF.
//   - OnMessage has no size cap. The Reader checks the length against
//     MaxFrame before reading a single body byte.
//   - OnMessage returns nil with v untouched for a zero length and does not
//     drain a frame it failed to decode, and it ignores bytes after the first
//     JSON value. The Reader reports ErrEmptyFrame, reads the whole body before
//     decoding (so a bad frame is always consumed), and rejects trailing bytes.
//   - PostMessage makes two unsynchronised writes, ignores short writes and has
//     no size cap. The Writer lets it write into a buffer, checks the size,
//     and puts header and body on the pipe in one Write under a mutex.
package nativemsg

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	host "github.com/rickypc/native-messaging-host"
)

// MaxFrame is the largest body accepted or sent, in bytes. Browsers refuse
// host-to-browser frames over 1 MiB; our requests are tiny, so the same cap
// applies to incoming frames.
const MaxFrame = 1 << 20

const headerLen = 4

// Framing errors. ErrEmptyFrame and ErrBadJSON leave the stream usable: the
// frame was consumed and the next Next reads the following frame.
// ErrTooLarge and ErrTruncated leave it unusable (see Recoverable).
var (
	ErrEmptyFrame = errors.New("nativemsg: zero-length frame")
	ErrTruncated  = errors.New("nativemsg: truncated frame")
	ErrTooLarge   = errors.New("nativemsg: frame larger than 1 MiB")
	ErrBadJSON    = errors.New("nativemsg: frame is not a single JSON value")
	ErrBroken     = errors.New("nativemsg: stream broken by an earlier write error")
)

// Recoverable reports whether reading may continue after err from Next.
// An oversize frame is not drained: a length over 1 MiB is far more often
// stray bytes on the pipe (or a hostile sender) than a real message, and
// draining up to 4 GiB to stay in sync would only hide that. The caller sends
// one too_large reply and exits, as PROTOCOL.md says.
func Recoverable(err error) bool {
	return errors.Is(err, ErrEmptyFrame) || errors.Is(err, ErrBadJSON)
}

// lib is the library's framing engine. It is built by hand rather than with
// Init, which reads os.Executable and would enable the auto-updater if
// UpdateUrl were set; UpdateUrl must stay empty (its updater disables TLS
// verification and replaces the binary).
func lib() *host.Host {
	return &host.Host{ByteOrder: binary.LittleEndian}
}

// Reader reads frames from a stream such as os.Stdin. It is not safe for
// concurrent use; a host reads requests from one goroutine.
type Reader struct {
	r   io.Reader
	h   *host.Host
	err error // sticky error once the stream is unusable
	hdr [headerLen]byte
}

// NewReader returns a Reader for r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: r, h: lib()}
}

// Next returns the next frame's JSON value. At a clean end of stream (EOF
// exactly between frames) it returns io.EOF. Errors: ErrEmptyFrame,
// ErrBadJSON (recoverable), ErrTruncated, ErrTooLarge (sticky: every later
// call returns the same error), or the underlying read error.
func (r *Reader) Next() (json.RawMessage, error) {
	if r.err != nil {
		return nil, r.err
	}
	msg, err := r.next()
	if err != nil && !Recoverable(err) {
		r.err = err
	}
	return msg, err
}

func (r *Reader) next() (json.RawMessage, error) {
	n, err := io.ReadFull(r.r, r.hdr[:])
	switch {
	case n == 0 && errors.Is(err, io.EOF):
		return nil, io.EOF
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%w: header has %d of 4 bytes", ErrTruncated, n)
	case err != nil:
		return nil, fmt.Errorf("nativemsg: read header: %w", err)
	}
	length := binary.LittleEndian.Uint32(r.hdr[:])
	if length == 0 {
		return nil, ErrEmptyFrame
	}
	if length > MaxFrame {
		return nil, fmt.Errorf("%w: length %d", ErrTooLarge, length)
	}

	// Header and body together, so the library sees one complete frame.
	frame := make([]byte, headerLen+int(length))
	copy(frame, r.hdr[:])
	n, err = io.ReadFull(r.r, frame[headerLen:])
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%w: body has %d of %d bytes", ErrTruncated, n, length)
	case err != nil:
		return nil, fmt.Errorf("nativemsg: read body: %w", err)
	}
	body := frame[headerLen:]

	// The library decodes only the first value, so check the whole body is
	// exactly one JSON value (whitespace around it allowed) in UTF-8.
	if !utf8.Valid(body) || !json.Valid(body) {
		return nil, ErrBadJSON
	}
	var msg json.RawMessage
	if err := r.h.OnMessage(bytes.NewReader(frame), &msg); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadJSON, err)
	}
	return msg, nil
}

// Writer writes frames to a stream such as os.Stdout. It is safe for
// concurrent use: each frame reaches the stream in a single Write.
type Writer struct {
	mu  sync.Mutex
	w   io.Writer
	h   *host.Host
	err error // sticky: a failed write may have left half a frame behind
}

// NewWriter returns a Writer for w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, h: lib()}
}

// Send marshals v and writes it as one frame. A body over MaxFrame is
// refused with ErrTooLarge and nothing is written, so the stream stays
// usable. A write error breaks the stream: later calls return ErrBroken.
func (w *Writer) Send(v any) error {
	var buf bytes.Buffer
	if err := w.h.PostMessage(&buf, v); err != nil {
		return fmt.Errorf("nativemsg: encode: %w", err)
	}
	if size := buf.Len() - headerLen; size > MaxFrame {
		return fmt.Errorf("%w: reply of %d bytes", ErrTooLarge, size)
	}

	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return fmt.Errorf("%w: %w", ErrBroken, w.err)
	}
	n, err := w.w.Write(buf.Bytes())
	if err == nil && n != buf.Len() {
		err = io.ErrShortWrite
	}
	if err != nil {
		w.err = err
		return fmt.Errorf("nativemsg: write frame: %w", err)
	}
	return nil
}
