package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Item layout. The vault JSON is split into chunks that each fit Windows
// Credential Manager's 2,560-byte blob with room to spare, written under a
// fresh generation; then the small header item is rewritten to point at
// them. The header write is the commit point: a reader sees either the old
// generation or the new one, never a mix. All keys carry the tearoff. prefix
// so other applications' items cannot collide with ours.
const (
	keyPrefix   = "tearoff."
	headerKey   = keyPrefix + "vault"
	chunkPrefix = headerKey + "."
	// ChunkSize is the largest chunk written, in bytes.
	ChunkSize     = 2000
	layoutVersion = 1
	// maxChunks bounds what a damaged header can make us read (20 MB).
	maxChunks = 10000
	// encodingGzip is how the document is stored: gzip, then base64. The
	// JSON is repetitive, so this cuts the chunk count (and the keyring
	// writes per change) about fourfold; base64 because the pass and
	// KWallet backends store text.
	encodingGzip = "gzip+base64"
	// maxDocument bounds what a damaged or hostile item can inflate to.
	maxDocument = 64 << 20
)

// header commits one generation.
type header struct {
	Version    int    `json:"version"`
	Generation string `json:"generation"`
	Chunks     int    `json:"chunks"`
	Size       int    `json:"size"`
	SHA256     string `json:"sha256"`
	// Encoding of the chunk bytes: "" is the JSON itself, or encodingGzip.
	// Size and SHA256 cover the stored (encoded) bytes.
	Encoding string `json:"encoding,omitempty"`
}

var generationRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

func chunkKey(gen string, i int) string { return chunkPrefix + gen + "." + strconv.Itoa(i) }

// chunkGeneration returns the generation a chunk key belongs to, or "" for
// keys that are not chunks.
func chunkGeneration(key string) string {
	rest, ok := strings.CutPrefix(key, chunkPrefix)
	if !ok {
		return ""
	}
	gen, _, ok := strings.Cut(rest, ".")
	if !ok {
		return ""
	}
	return gen
}

func newGeneration() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making a generation id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

func (h header) check() error {
	switch {
	case h.Version != layoutVersion:
		return fmt.Errorf("layout version %d, want %d (written by a newer tearoff?)", h.Version, layoutVersion)
	case !generationRE.MatchString(h.Generation):
		return fmt.Errorf("bad generation %q", h.Generation)
	case h.Chunks < 1 || h.Chunks > maxChunks:
		return fmt.Errorf("bad chunk count %d", h.Chunks)
	case h.Size < 0 || h.Size > h.Chunks*ChunkSize:
		return fmt.Errorf("bad size %d for %d chunks", h.Size, h.Chunks)
	case len(h.SHA256) != sha256.Size*2:
		return fmt.Errorf("bad checksum %q", h.SHA256)
	case h.Encoding != "" && h.Encoding != encodingGzip:
		return fmt.Errorf("unknown encoding %q (written by a newer tearoff?)", h.Encoding)
	}
	return nil
}

// readRaw returns the committed vault bytes and the header that committed
// them; a missing header means no vault yet (nil data, nil header). Any
// other failure is an error, never "empty".
func (s *Store) readRaw(ctx context.Context, kr Keyring) ([]byte, *header, error) {
	var raw []byte
	err := s.call(ctx, "get", headerKey, func() (err error) { raw, err = kr.Get(headerKey); return err })
	if errors.Is(err, ErrKeyNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var h header
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, nil, fmt.Errorf("%w: the vault header item %s is damaged: %w", ErrKeyring, headerKey, err)
	}
	if err := h.check(); err != nil {
		return nil, nil, fmt.Errorf("%w: the vault header item %s is damaged: %w", ErrKeyring, headerKey, err)
	}
	var data bytes.Buffer
	for i := range h.Chunks {
		key := chunkKey(h.Generation, i)
		var chunk []byte
		err := s.call(ctx, "get", key, func() (err error) { chunk, err = kr.Get(key); return err })
		if errors.Is(err, ErrKeyNotFound) {
			return nil, nil, fmt.Errorf("%w: vault chunk %s is missing", ErrKeyring, key)
		}
		if err != nil {
			return nil, nil, err
		}
		data.Write(chunk)
	}
	sum := sha256.Sum256(data.Bytes())
	if data.Len() != h.Size || hex.EncodeToString(sum[:]) != h.SHA256 {
		return nil, nil, fmt.Errorf("%w: the vault chunks of generation %s do not match their header (size %d, want %d, or checksum differs)",
			ErrKeyring, h.Generation, data.Len(), h.Size)
	}
	doc, err := decodeDocument(h.Encoding, data.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the vault of generation %s cannot be decoded: %w", ErrKeyring, h.Generation, err)
	}
	return doc, &h, nil
}

// writeRaw writes data as a new generation and commits it. Until the header
// is written nothing visible changes; a failure after that (removing the old
// generation) is only logged, since the new vault is already committed.
func (s *Store) writeRaw(ctx context.Context, kr Keyring, doc []byte, old *header) error {
	gen, err := newGeneration()
	if err != nil {
		return err
	}
	data, err := encodeDocument(doc)
	if err != nil {
		return err
	}
	n := (len(data) + ChunkSize - 1) / ChunkSize
	if n == 0 {
		n = 1 // an empty document still gets its one (empty) chunk
	}
	if n > maxChunks {
		return fmt.Errorf("%w: the vault is too large to store (%d bytes)", ErrKeyring, len(data))
	}
	for i := range n {
		key := chunkKey(gen, i)
		chunk := data[min(i*ChunkSize, len(data)):min((i+1)*ChunkSize, len(data))]
		if err := s.call(ctx, "set", key, func() error { return kr.Set(key, chunk) }); err != nil {
			// The chunks written so far are unreferenced; the next
			// successful write collects them (collectOrphans).
			return fmt.Errorf("%w; the vault was not changed", err)
		}
	}
	sum := sha256.Sum256(data)
	h, err := json.Marshal(header{Version: layoutVersion, Generation: gen, Chunks: n, Size: len(data), SHA256: hex.EncodeToString(sum[:]), Encoding: encodingGzip})
	if err != nil {
		return fmt.Errorf("encoding the vault header: %w", err)
	}
	if err := s.call(ctx, "set", headerKey, func() error { return kr.Set(headerKey, h) }); err != nil {
		// The commit may or may not have landed (a timeout), so the new
		// chunks stay; the next write collects whichever generation lost.
		return fmt.Errorf("%w; committing the change failed, the vault may still hold the previous version", err)
	}
	if old != nil {
		s.removeGeneration(ctx, kr, old.Generation, old.Chunks)
	}
	s.collectOrphans(ctx, kr, gen)
	return nil
}

// removeGeneration deletes chunks 0..n-1 of gen, best effort.
func (s *Store) removeGeneration(ctx context.Context, kr Keyring, gen string, n int) {
	for i := range n {
		key := chunkKey(gen, i)
		if err := s.call(ctx, "remove", key, func() error { return kr.Remove(key) }); err != nil {
			s.logf("removing old vault chunk %s: %v", key, err)
		}
	}
}

// collectOrphans removes chunks of any generation but the current one: left
// by a crash between writing chunks and committing, or by a failed cleanup.
// It runs under the exclusive lock, so no other writer's generation is in
// flight. Best effort: failures are logged.
func (s *Store) collectOrphans(ctx context.Context, kr Keyring, current string) {
	var keys []string
	if err := s.call(ctx, "list", "keys", func() (err error) { keys, err = kr.Keys(); return err }); err != nil {
		s.logf("listing keyring items to clean up: %v", err)
		return
	}
	for _, key := range keys {
		if gen := chunkGeneration(key); gen != "" && gen != current {
			if err := s.call(ctx, "remove", key, func() error { return kr.Remove(key) }); err != nil {
				s.logf("removing orphaned vault chunk %s: %v", key, err)
			}
		}
	}
}

// encodeDocument compresses the vault JSON for storage (encodingGzip).
func encodeDocument(doc []byte) ([]byte, error) {
	var packed bytes.Buffer
	zw := gzip.NewWriter(&packed)
	if _, err := zw.Write(doc); err != nil {
		return nil, fmt.Errorf("compressing the vault: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compressing the vault: %w", err)
	}
	return base64.StdEncoding.AppendEncode(nil, packed.Bytes()), nil
}

// decodeDocument undoes encodeDocument; "" is a document stored as is.
func decodeDocument(encoding string, data []byte) ([]byte, error) {
	if encoding == "" {
		return data, nil
	}
	packed, err := base64.StdEncoding.AppendDecode(nil, data)
	if err != nil {
		return nil, fmt.Errorf("base64: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	doc, err := io.ReadAll(io.LimitReader(zr, maxDocument+1))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if len(doc) > maxDocument {
		return nil, fmt.Errorf("it inflates to over %d bytes", maxDocument)
	}
	return doc, nil
}
