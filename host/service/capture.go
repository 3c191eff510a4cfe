package service

import (
	"context"
	"fmt"

	"tearoff.dev/tearoff/host/codes"
	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/vault"
)

// CapturePreview is what a capture page's codes block holds, as the host's
// parser reads it: no code values, only how many (PROTOCOL.md "parse_codes").
type CapturePreview struct {
	Site     string `json:"site"`
	SiteName string `json:"site_name"`
	Count    int    `json:"count"`
}

// PreviewCapture parses text shown on a site's page for new codes and
// counts the codes, changing nothing. The site comes from the page URL
// alone (sites.CapturePage), never from the caller.
func (s *Service) PreviewCapture(_ context.Context, pageURL, text string) (CapturePreview, error) {
	site, err := sites.CapturePage(pageURL)
	if err != nil {
		return CapturePreview{}, fmt.Errorf("page %q: %w", pageURL, err)
	}
	res, err := codes.Parse([]byte(text), site.ID, "")
	if err != nil {
		return CapturePreview{}, fmt.Errorf("the codes on %s's page: %w", site.Name, err)
	}
	return CapturePreview{Site: site.ID, SiteName: site.Name, Count: len(res.Codes)}, nil
}

// Capture stores the codes a site's page for new codes shows, replacing
// the account's old set: the site has just invalidated it, so the old
// codes become revoked (as `import --replace` does). As PreviewCapture,
// the site comes from the page URL alone.
func (s *Service) Capture(ctx context.Context, pageURL, label, text string) (vault.Summary, int, error) {
	site, err := sites.CapturePage(pageURL)
	if err != nil {
		return vault.Summary{}, 0, fmt.Errorf("page %q: %w", pageURL, err)
	}
	return s.Import(ctx, site.ID, label, []byte(text), "", true)
}
