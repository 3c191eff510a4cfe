package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// A blob is one document (the directory, or one account) stored under one
// key. Small documents are stored inline in that item; a document larger
// than the backend's item limit (Windows Credential Manager holds 2,560
// bytes) goes into chunks under a fresh revision, and the item under the key
// becomes a pointer to them. Either way the item under the key is replaced
// by one Set, which every backend does atomically (the file backend through
// a rename), so a reader sees the old document or the new one.
const (
	blobVersion = 2
	// encodingGzip is how a document is stored: gzip, then base64 (the pass
	// and KWallet backends store text). The JSON is repetitive, so this
	// cuts item sizes about fourfold.
	encodingGzip = "gzip+base64"
	// maxChunks bounds what a damaged pointer can make us read.
	maxChunks = 10000
	// maxDocument bounds what a damaged or hostile item can inflate to.
	maxDocument = 64 << 20
)

// blobItem is what is stored under a blob's key.
type blobItem struct {
	Version int `json:"v"`
	// Inline: the encoded document itself.
	Data string `json:"data,omitempty"`
	// Chunked: the revision whose chunks hold the encoded document, their
	// count, total size and checksum.
	Rev    string `json:"rev,omitempty"`
	Chunks int    `json:"chunks,omitempty"`
	Size   int    `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
}

func (b blobItem) check() error {
	switch {
	case b.Version != blobVersion:
		return fmt.Errorf("item version %d, want %d (written by a newer tearoff?)", b.Version, blobVersion)
	case b.Rev == "":
		return nil // inline
	}
	return checkChunks(b.Rev, b.Chunks, b.Size, maxItemBytes, b.SHA256)
}

// checkChunks checks what a pointer says of its chunks (both layouts
// point at chunks the same way), so a damaged pointer cannot make us read
// without bound.
func checkChunks(rev string, chunks, size, chunkLimit int, sum string) error {
	switch {
	case !generationRE.MatchString(rev):
		return fmt.Errorf("bad revision %q", rev)
	case chunks < 1 || chunks > maxChunks:
		return fmt.Errorf("bad chunk count %d", chunks)
	case size < 0 || size > chunks*chunkLimit:
		return fmt.Errorf("bad size %d for %d chunks", size, chunks)
	case len(sum) != sha256.Size*2:
		return fmt.Errorf("bad checksum %q", sum)
	}
	return nil
}

func chunkKey(key, rev string, i int) string { return key + "." + rev + "." + strconv.Itoa(i) }

// blobChunkKeys lists the chunk keys a pointer item names (none inline).
func blobChunkKeys(key string, b blobItem) []string {
	var keys []string
	for i := range b.Chunks {
		keys = append(keys, chunkKey(key, b.Rev, i))
	}
	return keys
}

// getBlob reads and decodes the document under key into v. A missing key is
// ErrKeyNotFound; anything damaged is an ErrKeyring error naming the key.
func (s *Store) getBlob(ctx context.Context, kr Keyring, key string, v any) (blobItem, error) {
	raw, err := s.get(ctx, kr, key)
	if err != nil {
		return blobItem{}, err
	}
	var b blobItem
	if err := json.Unmarshal(raw, &b); err != nil {
		return blobItem{}, damagef("item %s is damaged: %w", key, err)
	}
	if err := b.check(); err != nil {
		return blobItem{}, damagef("item %s is damaged: %w", key, err)
	}
	data := []byte(b.Data)
	if b.Rev != "" {
		if data, err = s.getChunks(ctx, kr, key, b); err != nil {
			return blobItem{}, err
		}
	}
	doc, err := decodeDocument(encodingGzip, data)
	if err != nil {
		return blobItem{}, damagef("item %s cannot be decoded: %w", key, err)
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return blobItem{}, damagef("item %s holds a damaged document: %w", key, err)
	}
	return b, nil
}

func (s *Store) getChunks(ctx context.Context, kr Keyring, key string, b blobItem) ([]byte, error) {
	var data bytes.Buffer
	for _, ck := range blobChunkKeys(key, b) {
		chunk, err := s.get(ctx, kr, ck)
		if errors.Is(err, ErrKeyNotFound) {
			return nil, damagef("chunk %s of item %s is missing", ck, key)
		}
		if err != nil {
			return nil, err
		}
		data.Write(chunk)
	}
	sum := sha256.Sum256(data.Bytes())
	if data.Len() != b.Size || hex.EncodeToString(sum[:]) != b.SHA256 {
		return nil, damagef("the chunks of item %s (revision %s) do not match it", key, b.Rev)
	}
	return data.Bytes(), nil
}

// putBlob encodes v and stores it under key: inline when it fits the
// backend's item limit, else as fresh chunks first and the pointer last. It
// returns the item written, so the caller can remove the chunks of the one
// it replaced once the whole change is committed.
func (s *Store) putBlob(ctx context.Context, kr Keyring, key string, v any) (blobItem, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return blobItem{}, fmt.Errorf("encoding item %s: %w", key, err)
	}
	data, err := encodeDocument(doc)
	if err != nil {
		return blobItem{}, err
	}
	b := blobItem{Version: blobVersion, Data: string(data)}
	item, err := json.Marshal(b)
	if err != nil {
		return blobItem{}, fmt.Errorf("encoding item %s: %w", key, err)
	}
	if len(item) > s.itemLimit {
		if b, item, err = s.putChunks(ctx, kr, key, data); err != nil {
			return blobItem{}, err
		}
		// The pointer must not outlive its chunks in a crash.
		if err := s.flush(ctx, kr); err != nil {
			return blobItem{}, err
		}
	}
	return b, s.set(ctx, kr, key, item)
}

func (s *Store) putChunks(ctx context.Context, kr Keyring, key string, data []byte) (blobItem, []byte, error) {
	rev, err := newGeneration()
	if err != nil {
		return blobItem{}, nil, err
	}
	size := s.itemLimit
	n := (len(data) + size - 1) / size
	if n > maxChunks {
		return blobItem{}, nil, fmt.Errorf("%w: item %s is too large to store (%d bytes)", ErrKeyring, key, len(data))
	}
	sum := sha256.Sum256(data)
	b := blobItem{Version: blobVersion, Rev: rev, Chunks: n, Size: len(data), SHA256: hex.EncodeToString(sum[:])}
	for i, ck := range blobChunkKeys(key, b) {
		if err := s.set(ctx, kr, ck, data[i*size:min((i+1)*size, len(data))]); err != nil {
			return blobItem{}, nil, err
		}
	}
	item, err := json.Marshal(b)
	if err != nil {
		return blobItem{}, nil, fmt.Errorf("encoding item %s: %w", key, err)
	}
	return b, item, nil
}

// gzipWriters keeps compressors for reuse: each holds about a megabyte of
// state, which would otherwise be allocated for every item written.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// encodeDocument compresses a JSON document for storage (encodingGzip).
func encodeDocument(doc []byte) ([]byte, error) {
	var packed bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&packed)
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

// damageError is an ErrKeyring error for stored items that read but do not
// make sense, as opposed to a keyring that fails to answer: doctor reports
// damage and carries on, but stops at a failure.
type damageError struct{ err error }

func (e *damageError) Error() string { return e.err.Error() }
func (e *damageError) Unwrap() error { return e.err }

func damagef(format string, args ...any) error {
	return &damageError{fmt.Errorf("%w: "+format, append([]any{ErrKeyring}, args...)...)}
}

func isDamage(err error) bool {
	var d *damageError
	return errors.As(err, &d)
}
