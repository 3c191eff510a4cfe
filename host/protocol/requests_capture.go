package protocol

import (
	"context"

	"tearoff.dev/tearoff/host/service"
)

// The requests of the capture pages and the readiness list (PROTOCOL.md
// "Types"). The page URL of parse_codes, capture and note_2fa_site is the
// one the browser reports for the sending tab (extension/src/background/
// router.js), so the site is never the caller's word.

type parseCodesRequest struct {
	URL  string `json:"url" wire:"required"`
	Text string `json:"text" wire:"required"`
}

func (r *parseCodesRequest) run(ctx context.Context, s *server) (service.CapturePreview, error) {
	return s.ops.PreviewCapture(ctx, r.URL, r.Text)
}

type captureRequest struct {
	URL     string `json:"url" wire:"required"`
	Account string `json:"account" wire:"required"` // the label
	Text    string `json:"text" wire:"required"`
}

func (r *captureRequest) run(ctx context.Context, s *server) (ImportResult, error) {
	sum, n, err := s.ops.Capture(ctx, r.URL, r.Account, r.Text)
	if err != nil {
		return ImportResult{}, err
	}
	return ImportResult{Account: sum, Imported: n}, nil
}

type noteSiteRequest struct {
	URL string `json:"url" wire:"required"`
}

// NoteSiteResult is the reply to note_2fa_site.
type NoteSiteResult struct {
	Domain string `json:"domain"`
	Noted  bool   `json:"noted"`
}

func (r *noteSiteRequest) run(ctx context.Context, s *server) (NoteSiteResult, error) {
	domain, noted, err := s.ops.NoteTwoFactorSite(ctx, r.URL)
	if err != nil {
		return NoteSiteResult{}, err
	}
	return NoteSiteResult{Domain: domain, Noted: noted}, nil
}

type readinessRequest struct{}

// ReadinessResult is the reply to readiness.
type ReadinessResult struct {
	Sites []service.ReadySite `json:"sites"`
}

func (readinessRequest) run(ctx context.Context, s *server) (ReadinessResult, error) {
	list, err := s.ops.Readiness(ctx)
	if err != nil {
		return ReadinessResult{}, err
	}
	return ReadinessResult{Sites: list}, nil
}

type dismissReadinessRequest struct {
	Domain string `json:"domain" wire:"required"`
}

// DismissReadinessResult is the reply to dismiss_readiness.
type DismissReadinessResult struct {
	Dismissed string `json:"dismissed"`
}

func (r *dismissReadinessRequest) run(ctx context.Context, s *server) (DismissReadinessResult, error) {
	if err := s.ops.DismissReadiness(ctx, r.Domain); err != nil {
		return DismissReadinessResult{}, err
	}
	return DismissReadinessResult{Dismissed: r.Domain}, nil
}
