// Command pack writes a directory into a zip that is the same, byte for
// byte, whenever the files are: entries sorted by path, one fixed
// modification time, fixed permissions, no directory entries and no
// extra fields. scripts/package.sh builds the browser packages with it,
// because `web-ext build` stamps each entry with the file's own mtime, so
// two checkouts of one commit gave different bytes.
//
//	pack -src extension/src -out dist/tearoff.zip -mtime 1700000000 [-drop-manifest-key key]
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func main() {
	src := flag.String("src", "", "directory to pack")
	out := flag.String("out", "", "zip file to write")
	mtime := flag.Int64("mtime", 0, "modification time of every entry, in Unix seconds (e.g. the commit time)")
	drop := flag.String("drop-manifest-key", "", "remove this top-level key from manifest.json (the store refuses \"key\")")
	flag.Parse()
	if *src == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "pack: -src and -out are required")
		os.Exit(2)
	}
	if err := pack(*src, *out, time.Unix(*mtime, 0).UTC(), *drop); err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
}

func pack(src, out string, mtime time.Time, dropKey string) error {
	var paths []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(src, p)
			if err != nil {
				return err
			}
			paths = append(paths, filepath.ToSlash(rel))
		} else if !d.IsDir() {
			return fmt.Errorf("%s is neither a file nor a directory", p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, rel := range paths {
		data, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		if rel == "manifest.json" && dropKey != "" {
			if data, err = dropManifestKey(data, dropKey); err != nil {
				return err
			}
		}
		h := &zip.FileHeader{Name: rel, Method: zip.Deflate, Modified: mtime}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// dropManifestKey removes one top-level key and writes the manifest back
// with its keys in their original order.
func dropManifestKey(data []byte, key string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("manifest.json is not a JSON object")
	}
	var parts []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("manifest.json: %w", err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("manifest.json: %w", err)
		}
		name := t.(string)
		if name == key {
			continue
		}
		k, _ := json.Marshal(name)
		parts = append(parts, string(k)+":"+string(v))
	}
	var out bytes.Buffer
	if err := json.Indent(&out, []byte("{"+strings.Join(parts, ",")+"}"), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
