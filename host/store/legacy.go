package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"tearoff.dev/tearoff/host/vault"
)

// The first layout (tearoff 0.1): the whole vault as one document, split
// into chunks of legacyChunkSize under a generation, committed by the
// header item legacyHeaderKey. It is only read now: the first write to such
// a vault migrates it to the per-account layout (layout.go) and then removes
// these items.
const (
	legacyHeaderKey   = keyPrefix + "vault"
	legacyChunkPrefix = legacyHeaderKey + "."
	legacyChunkSize   = 2000
	legacyVersion     = 1
)

// legacyHeader committed one generation of the first layout.
type legacyHeader struct {
	Version    int    `json:"version"`
	Generation string `json:"generation"`
	Chunks     int    `json:"chunks"`
	Size       int    `json:"size"`
	SHA256     string `json:"sha256"`
	Encoding   string `json:"encoding,omitempty"`
}

func legacyChunkKey(gen string, i int) string { return legacyChunkPrefix + gen + "." + strconv.Itoa(i) }

// isLegacyKey tells the first layout's items apart from everything else.
func isLegacyKey(key string) bool {
	return key == legacyHeaderKey || strings.HasPrefix(key, legacyChunkPrefix)
}

func (h legacyHeader) check() error {
	switch {
	case h.Version != legacyVersion:
		return fmt.Errorf("layout version %d, want %d", h.Version, legacyVersion)
	case h.Encoding != "" && h.Encoding != encodingGzip:
		return fmt.Errorf("unknown encoding %q", h.Encoding)
	}
	return checkChunks(h.Generation, h.Chunks, h.Size, legacyChunkSize, h.SHA256)
}

// readLegacy returns the vault in the first layout, or nil when there is
// none. Anything damaged is an error, never an empty vault.
func (s *Store) readLegacy(ctx context.Context, kr Keyring) (*vault.Vault, error) {
	raw, err := s.get(ctx, kr, legacyHeaderKey)
	if errors.Is(err, ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var h legacyHeader
	err = json.Unmarshal(raw, &h)
	if err == nil {
		err = h.check()
	}
	if err != nil {
		return nil, fmt.Errorf("%w: the vault header item %s is damaged: %w", ErrKeyring, legacyHeaderKey, err)
	}
	var data bytes.Buffer
	for i := range h.Chunks {
		chunk, err := s.get(ctx, kr, legacyChunkKey(h.Generation, i))
		if errors.Is(err, ErrKeyNotFound) {
			return nil, fmt.Errorf("%w: vault chunk %s is missing", ErrKeyring, legacyChunkKey(h.Generation, i))
		}
		if err != nil {
			return nil, err
		}
		data.Write(chunk)
	}
	sum := sha256.Sum256(data.Bytes())
	if data.Len() != h.Size || hex.EncodeToString(sum[:]) != h.SHA256 {
		return nil, fmt.Errorf("%w: the vault chunks of generation %s do not match their header", ErrKeyring, h.Generation)
	}
	doc, err := decodeDocument(h.Encoding, data.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%w: the vault of generation %s cannot be decoded: %w", ErrKeyring, h.Generation, err)
	}
	v, err := vault.Unmarshal(doc)
	if err != nil {
		return nil, fmt.Errorf("%w: decoding the vault: %w", ErrKeyring, err)
	}
	return v, nil
}
