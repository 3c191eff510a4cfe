package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The same files give the same bytes whatever their mtimes and the order
// the directory lists them in; the dropped manifest key is gone and the
// rest of the manifest is kept.
func TestPackIsReproducible(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{
		"manifest.json":    "{\"name\": \"x\", \"key\": \"SECRETLESS\", \"nested\": {\"key\": 1}}\n",
		"b/z.js":           "z",
		"a.js":             "a",
		"_locales/ja/m.js": "日本",
	}
	for p, c := range files {
		full := filepath.Join(src, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mtime := time.Unix(1700000000, 0).UTC()
	out := filepath.Join(t.TempDir(), "a.zip")
	if err := pack(src, out, mtime, "key"); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(out)
	if err := os.Chtimes(filepath.Join(src, "a.js"), time.Now(), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := pack(src, out, mtime, "key"); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(out)
	if !bytes.Equal(first, second) {
		t.Fatal("two packs of the same files differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(mtime) {
			t.Errorf("%s: mtime %v", f.Name, f.Modified)
		}
		if f.Name == "manifest.json" {
			r, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(r)
			if m := b.String(); strings.Contains(m, "SECRETLESS") || !strings.Contains(m, `"nested"`) || !strings.Contains(m, `"key": 1`) {
				t.Errorf("manifest after dropping key:\n%s", m)
			}
		}
	}
	if got := strings.Join(names, " "); got != "_locales/ja/m.js a.js b/z.js manifest.json" {
		t.Errorf("entries %s", got)
	}
}
