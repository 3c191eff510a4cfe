package codes

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzParse checks that no input panics and that any accepted list holds
// distinct codes that Normalize keeps unchanged (what the vault relies on),
// with the used ones among them.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "", filepath.Base(p))
		f.Add(b, "github", "")
	}
	f.Fuzz(func(t *testing.T, text []byte, site, file string) {
		res, err := Parse(text, site, file)
		if err != nil {
			if res.Site != "" || res.Codes != nil || res.Used != nil {
				t.Fatalf("error with a result: %+v", res)
			}
			return
		}
		if res.Site == "" || len(res.Codes) == 0 {
			t.Fatalf("success without codes: %+v", res)
		}
		seen := map[string]bool{}
		for _, c := range res.Codes {
			if seen[c] {
				t.Fatalf("duplicate %q accepted", c)
			}
			seen[c] = true
			if n, err := Normalize(res.Site, c); err != nil || n != c {
				t.Fatalf("Normalize(%q, %q) = %q, %v", res.Site, c, n, err)
			}
		}
		for i, u := range res.Used {
			if !seen[u] || i > 0 && slices.Index(res.Codes, u) <= slices.Index(res.Codes, res.Used[i-1]) {
				t.Fatalf("used %q is not among the codes in file order: %v / %v", u, res.Used, res.Codes)
			}
		}
		back, err := Parse([]byte(Format(res.Site, res.Codes)), res.Site, "")
		if err != nil || !slices.Equal(back.Codes, res.Codes) {
			t.Fatalf("export does not read back: %v, %v", back.Codes, err)
		}
	})
}

// FuzzNormalize checks that no input panics and normalising is idempotent.
func FuzzNormalize(f *testing.F) {
	for _, s := range [][2]string{{"github", "3F9A1 0C7E2"}, {"google", "6152 6374"}, {"x", "k3x9p2m7q4w8"},
		{"microsoft", "7qk2m-9x4p1-r8t6w-3z5n0-b2c7d"}, {"discord", "x7k2-m9q4"}, {"example.com", "ab12cd34"},
		{"https://twitter.com/", "K3X9P2M7"}, {"bitwarden", "k2m9x4p1r8t6w3z5n0b2c7d4f6h8j1q3"},
		{"github", "\u200f3f9a1-0c7e2"}, {"g\u0130thub.com", "3f9a1-0c7e2"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, site, code string) {
		n, err := Normalize(site, code)
		if err != nil {
			if n != "" {
				t.Fatalf("error with a value %q", n)
			}
			if !errors.Is(err, ErrWrongFormat) && !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrSiteRequired) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if again, err := Normalize(site, n); err != nil || again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", code, n, again, err)
		}
	})
}
