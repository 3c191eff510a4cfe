package sites

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Capture describes the settings page where a site shows a fresh set of
// codes, so that the extension can offer to save them there (README.md,
// "capture").
type Capture struct {
	// URL is a regex tested against the page's path; a capturing group, if
	// any, is the account name (npm puts it in the path).
	URL string `json:"url"`
	// Codes are CSS selectors of the element holding the codes, best first.
	Codes []string `json:"codes"`
	// Account are CSS selectors of where the page shows the signed-in
	// account (a meta tag's content, else the element's text), best first.
	Account []string `json:"account"`
}

// CapturePage returns the catalogue site whose capture page pageURL is:
// an https page on one of the site's domains whose path matches its
// capture URL. Anything else is an error: ErrInsecure for plain http,
// ErrOriginMismatch for a page that is not a capture page.
func CapturePage(pageURL string) (Site, error) {
	dom, err := PageDomain(pageURL)
	if err != nil {
		return Site{}, err
	}
	site, ok := siteOfDomain(dom)
	if !ok || site.Capture == nil {
		return Site{}, fmt.Errorf("%w: %s shows no backup codes Tearoff can save", ErrOriginMismatch, dom)
	}
	u, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil {
		return Site{}, fmt.Errorf("%w: bad URL: %w", ErrUnknownSite, err)
	}
	re, err := regexp.Compile(site.Capture.URL)
	if err != nil {
		return Site{}, fmt.Errorf("catalogue capture URL of %s: %w", site.ID, err)
	}
	if !re.MatchString(u.EscapedPath()) {
		return Site{}, fmt.Errorf("%w: %s is not %s's page for new codes", ErrOriginMismatch, u.EscapedPath(), site.Name)
	}
	return site, nil
}
