package sites

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Sentinel errors; callers map them to protocol error codes with errors.Is.
var (
	ErrInsecure       = errors.New("page is not https")
	ErrOriginMismatch = errors.New("page does not belong to the account's site")
	ErrUnknownSite    = errors.New("unknown site")
)

// Canonical turns any spelling of a site into its site key: a catalogue id
// ("github", "GitHub", "twitter", "github.com", "https://gist.github.com/x")
// for known sites, else the registrable domain ("www.example.co.jp" ->
// "example.co.jp", "bücher.de" -> "xn--bcher-kva.de"). Anything without a
// registrable domain, a host name that is not valid IDNA in its normal form
// and a URL with a port other than the scheme's default are ErrUnknownSite.
func Canonical(s string) (string, error) {
	// ASCII-only lowercasing: strings.ToLower would fold "gİthub" (U+0130)
	// and the Kelvin sign K (U+212A) into catalogue names before anything
	// checked them.
	in := asciiLower(strings.TrimSpace(s))
	if in == "" {
		return "", fmt.Errorf("%w: empty name", ErrUnknownSite)
	}
	for _, site := range catalogue {
		if in == site.ID || in == strings.ToLower(site.Name) {
			return site.ID, nil
		}
		for _, a := range site.Aliases {
			if in == a {
				return site.ID, nil
			}
		}
	}
	host, err := hostOf(in)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %w", ErrUnknownSite, s, err)
	}
	dom, err := registrable(host)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %w", ErrUnknownSite, s, err)
	}
	if site, ok := siteOfDomain(dom); ok {
		return site.ID, nil
	}
	return dom, nil
}

// PageDomain returns the registrable domain (eTLD+1) of an https page URL.
// Other schemes are ErrInsecure; a port other than 443 is ErrOriginMismatch
// (github.com:8443 is another origin than github.com, and no catalogue
// site logs in there); IP addresses, localhost, bare public suffixes and
// host names that are not valid IDNA are ErrUnknownSite.
func PageDomain(rawURL string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return "", fmt.Errorf("%w: bad URL: %w", ErrUnknownSite, err)
	}
	if u.Scheme != "https" {
		return "", fmt.Errorf("%w: %q", ErrInsecure, rawURL)
	}
	dom, err := registrable(u.Hostname())
	if err != nil {
		return "", fmt.Errorf("%w: %q: %w", ErrUnknownSite, rawURL, err)
	}
	if p := u.Port(); p != "" && p != "443" {
		return "", fmt.Errorf("%w: %q is on port %s, not the https port", ErrOriginMismatch, rawURL, p)
	}
	return dom, nil
}

// CheckOrigin reports whether a page URL may receive codes of an account
// stored under siteKey: the page must be https and its registrable domain
// must be one of the site's domains (which include equivalents such as
// twitter.com for x.com), or equal the key itself for sites outside the
// catalogue. Subdomains of an allowed registrable domain are accepted.
func CheckOrigin(siteKey, rawURL string) error {
	key, err := Canonical(siteKey)
	if err != nil {
		return err
	}
	dom, err := PageDomain(rawURL)
	if err != nil {
		return err
	}
	allowed := []string{key}
	if site, ok := ByID(key); ok {
		allowed = site.Domains
	}
	for _, d := range allowed {
		if dom == d {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is not %s", ErrOriginMismatch, dom, Name(key))
}

// hostOf extracts the host from a URL, "host/path" or bare host. A port is
// allowed only when it is the default one (443, or 80 for http://): a site
// key names a site, and another port is another origin.
func hostOf(s string) (string, error) {
	if !strings.Contains(s, "://") {
		s = "//" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("bad URL: %w", err)
	}
	if p := u.Port(); p != "" && p != "443" && !(p == "80" && u.Scheme == "http") {
		return "", fmt.Errorf("port %s is not the default port", p)
	}
	return u.Hostname(), nil
}

// registrable validates a host name and returns its eTLD+1, in ASCII
// (punycode for internationalised names, as browsers send them).
func registrable(host string) (string, error) {
	h := strings.TrimSuffix(asciiLower(host), ".")
	switch {
	case h == "":
		return "", errors.New("no host")
	case net.ParseIP(h) != nil:
		return "", errors.New("an IP address has no registrable domain")
	case h == "localhost" || strings.HasSuffix(h, ".localhost"):
		return "", errors.New("localhost has no registrable domain")
	}
	h, err := lookupASCII(h)
	if err != nil {
		return "", err
	}
	if !validHost(h) {
		return "", errors.New("not a host name")
	}
	dom, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return "", fmt.Errorf("no registrable domain: %w", err)
	}
	return dom, nil
}

// validHost accepts ASCII DNS names, as lookupASCII returns them.
func validHost(h string) bool {
	if len(h) > 253 || !strings.Contains(h, ".") {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func siteOfDomain(dom string) (Site, bool) {
	for _, site := range catalogue {
		for _, d := range site.Domains {
			if d == dom {
				return site, true
			}
		}
	}
	return Site{}, false
}
