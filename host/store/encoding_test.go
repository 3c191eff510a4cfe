package store

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"testing"
)

func TestDocumentEncodingRoundTrip(t *testing.T) {
	doc := []byte(`{"version":1,"accounts":[],"events":[]}`)
	stored, err := encodeDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(stored, []byte("accounts")) {
		t.Error("stored bytes hold the plain JSON")
	}
	got, err := decodeDocument(encodingGzip, stored)
	if err != nil || !bytes.Equal(got, doc) {
		t.Errorf("decode = %q, %v; want the document back", got, err)
	}
	plain, err := decodeDocument("", doc)
	if err != nil || !bytes.Equal(plain, doc) {
		t.Errorf(`decode of encoding "" = %q, %v; want it unchanged`, plain, err)
	}
}

// A damaged or hostile item must give an error, never a document.
func TestDecodeDocumentRefusesDamage(t *testing.T) {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zeros := make([]byte, 1<<20)
	for range maxDocument>>20 + 1 {
		zw.Write(zeros)
	}
	zw.Close()
	tests := []struct {
		name string
		data []byte
	}{
		{"not base64", []byte("%%%")},
		{"base64 but not gzip", base64.StdEncoding.AppendEncode(nil, []byte("plain text"))},
		{"truncated gzip", func() []byte {
			full, _ := encodeDocument(bytes.Repeat([]byte("x"), 5000))
			raw, _ := base64.StdEncoding.AppendDecode(nil, full)
			return base64.StdEncoding.AppendEncode(nil, raw[:len(raw)/2])
		}()},
		{"inflates past the limit", base64.StdEncoding.AppendEncode(nil, bomb.Bytes())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if doc, err := decodeDocument(encodingGzip, tt.data); err == nil {
				t.Errorf("decode = %d bytes, nil error; want an error", len(doc))
			}
		})
	}
}

func TestHeaderRefusesUnknownEncoding(t *testing.T) {
	h := header{Version: layoutVersion, Generation: "0123456789abcdef", Chunks: 1, Size: 10,
		SHA256: "00000000000000000000000000000000000000000000000000000000000000ff", Encoding: "zstd"}
	if err := h.check(); err == nil {
		t.Error("a header with an unknown encoding passed the check")
	}
	h.Encoding = encodingGzip
	if err := h.check(); err != nil {
		t.Errorf("a good header failed the check: %v", err)
	}
}
