package sites

import (
	"errors"
	"testing"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"github", "github", nil},
		{"GitHub", "github", nil},
		{" GITHUB.COM ", "github", nil},
		{"https://github.com/sessions/two-factor", "github", nil},
		{"https://gist.github.com/x", "github", nil},
		{"github.com/login", "github", nil},
		{"twitter", "x", nil},
		{"twitter.com", "x", nil},
		{"https://mobile.twitter.com/i/flow/login", "x", nil},
		{"X", "x", nil},
		{"accounts.google.com", "google", nil},
		{"login.live.com", "microsoft", nil},
		{"vault.bitwarden.eu", "bitwarden", nil},
		{"www.example.co.jp", "example.co.jp", nil},
		{"https://login.Example.COM:443/a?b", "example.com", nil},
		{"http://login.example.com:80/", "example.com", nil},
		{"github.com:443", "github", nil},
		{"xn--bcher-kva.de", "xn--bcher-kva.de", nil},
		{"www.b\u00fccher.de", "xn--bcher-kva.de", nil},
		{"https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/", "xn--e1afmkfd.xn--p1ai", nil},
		// A non-default port is another origin, not the site.
		{"https://login.Example.COM:8443/a?b", "", ErrUnknownSite},
		{"https://github.com:8443/", "", ErrUnknownSite},
		{"github.com:80", "", ErrUnknownSite},
		// Look-alikes that Unicode case folding or IDNA mapping would turn
		// into a catalogue site: refused, never folded.
		{"https://g\u0130thub.com/", "", ErrUnknownSite},
		{"g\u0130thub", "", ErrUnknownSite},
		{"\u212Aagi.com", "", ErrUnknownSite},
		{"https://\u212Aagi.com/", "", ErrUnknownSite},
		{"\uff47ithub.com", "", ErrUnknownSite},
		{"github\u3002com", "", ErrUnknownSite},
		{"B\u00dcCHER.de", "", ErrUnknownSite},
		{"\u200fgithub.com", "", ErrUnknownSite},
		{"git\u200bhub.com", "", ErrUnknownSite},
		{"my_app.example.com", "", ErrUnknownSite},
		{"xn--zz.com", "", ErrUnknownSite},
		{"example.com.", "example.com", nil},
		{"github.com.evil.example", "evil.example", nil},
		{"", "", ErrUnknownSite},
		{"not a site", "", ErrUnknownSite},
		{"localhost", "", ErrUnknownSite},
		{"https://127.0.0.1/", "", ErrUnknownSite},
		{"[::1]", "", ErrUnknownSite},
		{"co.uk", "", ErrUnknownSite},
		{"com", "", ErrUnknownSite},
		{"-bad-.com", "", ErrUnknownSite},
		{"a..b.com", "", ErrUnknownSite},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Canonical(tt.in)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Fatalf("Canonical(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestPageDomain(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"https://github.com/login", "github.com", nil},
		{"https://accounts.google.com/v3/signin/challenge/bc", "google.com", nil},
		{"HTTPS://WWW.Example.co.jp/", "example.co.jp", nil},
		{"https://user@github.com.evil.example/", "evil.example", nil},
		{"https://github.com@evil.example/", "evil.example", nil},
		{"http://github.com/", "", ErrInsecure},
		{"github.com", "", ErrInsecure},
		{"javascript:alert(1)", "", ErrInsecure},
		{"file:///etc/passwd", "", ErrInsecure},
		{"https://127.0.0.1/", "", ErrUnknownSite},
		{"https://[::1]:8443/", "", ErrUnknownSite},
		{"https://github.com:443/login", "github.com", nil},
		{"https://github.com:8443/login", "", ErrOriginMismatch},
		{"https://github.com:80/", "", ErrOriginMismatch},
		{"https://b\u00fccher.de/", "xn--bcher-kva.de", nil},
		{"https://g\u0130thub.com/", "", ErrUnknownSite},
		{"https://\u212Aagi.com/", "", ErrUnknownSite},
		{"https://under_score.example.com/", "", ErrUnknownSite},
		{"https://localhost/", "", ErrUnknownSite},
		{"https://app.localhost/", "", ErrUnknownSite},
		{"https://co.uk/", "", ErrUnknownSite},
		{"https:///path", "", ErrUnknownSite},
		{"https://%zz/", "", ErrUnknownSite},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := PageDomain(tt.in)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Fatalf("PageDomain(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestCheckOrigin(t *testing.T) {
	tests := []struct {
		site, url string
		err       error
	}{
		{"github", "https://github.com/sessions/two-factor/recovery", nil},
		{"github", "https://gist.github.com/", nil},
		{"github.com", "https://GITHUB.COM./login", nil},
		{"github", "https://github.com.evil.example/", ErrOriginMismatch},
		{"github", "https://g1thub.com/", ErrOriginMismatch},
		{"github", "https://evilgithub.com", ErrOriginMismatch},
		{"github", "https://github.com@evil.example/", ErrOriginMismatch},
		{"github", "https://gitlab.com/", ErrOriginMismatch},
		{"github", "http://github.com", ErrInsecure},
		{"github", "https://127.0.0.1/", ErrUnknownSite},
		{"twitter", "https://x.com/i/flow/login", nil},
		{"twitter.com", "https://x.com/i/flow/login", nil},
		{"x", "https://twitter.com/i/flow/login", nil},
		{"x", "https://x.com.evil.example/i/flow/login", ErrOriginMismatch},
		{"google", "https://accounts.google.com/v3/signin/challenge/bc", nil},
		{"google", "https://accounts.google.com.evil.example/", ErrOriginMismatch},
		{"microsoft", "https://login.live.com/", nil},
		{"example.co.jp", "https://www.example.co.jp/login", nil},
		{"example.co.jp", "https://other.co.jp/login", ErrOriginMismatch},
		{"example.co.jp", "http://www.example.co.jp/login", ErrInsecure},
		{"not a site", "https://github.com/", ErrUnknownSite},
		// Spellings a browser or a hostile page might produce.
		{"github", "HTTPS://GitHub.com/login", nil},
		{"github", "https://github.com:443/login", nil},
		{"github", "https://github.com:8443/login", ErrOriginMismatch},
		{"github", "https://g\u0130thub.com/", ErrUnknownSite}, // U+0130 would lowercase to "github"
		{"kagi.com", "https://\u212Aagi.com/", ErrUnknownSite}, // Kelvin sign would map to "k"
		{"\u212Aagi.com", "https://kagi.com/", ErrUnknownSite},
		{"github", "https://github.com./", nil},
		{"github", "https://github.com../", ErrUnknownSite},
		{"github", "https://github.com#@evil.example/", nil},
		{"github", "https://g\u0456thub.com/", ErrOriginMismatch}, // Cyrillic i: a valid IDN, another domain
		{"github", "https://\uff47ithub.com/", ErrUnknownSite},    // fullwidth g
		{"github", "https://xn--gthub-n4a.com/", ErrOriginMismatch},
		{"github", "https://github.com\\@evil.example/", ErrUnknownSite},
		{"github", "https://github.com%2eevil.example/", ErrUnknownSite},
		{"github", "https://github.com\t.evil.example/", ErrUnknownSite},
		{"github", "javascript:alert(1)", ErrInsecure},
		{"github", "", ErrInsecure},
	}
	for _, tt := range tests {
		t.Run(tt.site+" "+tt.url, func(t *testing.T) {
			if err := CheckOrigin(tt.site, tt.url); !errors.Is(err, tt.err) {
				t.Fatalf("CheckOrigin(%q, %q) = %v, want %v", tt.site, tt.url, err, tt.err)
			}
		})
	}
}

func TestNameAndRegenerateURL(t *testing.T) {
	tests := []struct{ key, name, regen string }{
		{"github", "GitHub", "https://github.com/settings/auth/recovery-codes"},
		{"twitter.com", "X", "https://x.com/settings/account/login_verification"},
		{"example.co.jp", "example.co.jp", ""},
		{"garbage key", "garbage key", ""},
	}
	for _, tt := range tests {
		if n, r := Name(tt.key), RegenerateURL(tt.key); n != tt.name || r != tt.regen {
			t.Errorf("%s: Name %q RegenerateURL %q; want %q %q", tt.key, n, r, tt.name, tt.regen)
		}
	}
}
