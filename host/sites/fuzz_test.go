package sites

import (
	"testing"
	"unicode/utf8"
)

// FuzzCanonical checks that no spelling panics, that every accepted site key
// or page domain is plain ASCII (IDNs in punycode, so look-alikes cannot hide
// in a key) and that a key is its own canonical form.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"github", "https://gist.github.com/x", "www.example.co.jp", "bücher.de",
		"https://g\u0130thub.com/", "\u212Aagi.com", "https://github.com:8443/", "https://github.com:443/",
		"\uff47ithub.com", "xn--gthub-n4a.com", "https://[::1]:8443/", "a..b.com", "\u200fgithub.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if key, err := Canonical(s); err == nil {
			if !isASCII(key) || key == "" {
				t.Fatalf("Canonical(%q) = %q: not a plain ASCII key", s, key)
			}
			if again, err := Canonical(key); err != nil || again != key {
				t.Fatalf("Canonical(%q) = %q, but Canonical(%q) = %q, %v", s, key, key, again, err)
			}
		}
		if dom, err := PageDomain(s); err == nil {
			if !isASCII(dom) {
				t.Fatalf("PageDomain(%q) = %q: not ASCII", s, dom)
			}
			if _, err := Canonical(dom); err != nil {
				t.Fatalf("PageDomain(%q) = %q, which Canonical refuses: %v", s, dom, err)
			}
		}
		_ = CheckOrigin("github", s) // must not panic
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
