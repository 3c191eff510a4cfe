// Command echohost is the floor for every native-messaging cost in
// scripts/bench.sh: a host that does nothing but send each frame back.
// Whatever tearoff spends beyond this on a round trip is its own work.
//
// It accepts any caller (argv is ignored), reads frames (uint32 length in
// little-endian byte order, then the body) from stdin and writes each one
// back unchanged to stdout. It exits at end of input.
package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxFrame matches the browsers' limit for host-to-browser messages.
const maxFrame = 1 << 20

func main() {
	if err := echo(bufio.NewReader(os.Stdin), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "echohost:", err)
		os.Exit(1)
	}
}

func echo(r io.Reader, w io.Writer) error {
	var head [4]byte
	buf := make([]byte, 0, 4096)
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil
			}
			return fmt.Errorf("reading a frame header: %w", err)
		}
		n := binary.LittleEndian.Uint32(head[:])
		if n > maxFrame {
			return fmt.Errorf("frame of %d bytes is over 1 MiB", n)
		}
		buf = buf[:n]
		if _, err := io.ReadFull(r, buf); err != nil {
			return fmt.Errorf("reading a %d-byte frame: %w", n, err)
		}
		// One write per frame: the reader never sees a header without its body.
		if _, err := w.Write(append(head[:], buf...)); err != nil {
			return fmt.Errorf("writing a frame: %w", err)
		}
	}
}
