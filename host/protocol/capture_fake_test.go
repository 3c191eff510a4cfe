package protocol

import (
	"context"

	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/vault"
)

// fakeOps' capture and readiness methods (the rest: serve_test.go).

func (f *fakeOps) PreviewCapture(_ context.Context, u, text string) (service.CapturePreview, error) {
	return service.CapturePreview{Site: "github", SiteName: "GitHub", Count: 16}, f.record("PreviewCapture", u, text)
}

func (f *fakeOps) Capture(_ context.Context, u, label, text string) (vault.Summary, int, error) {
	return vault.Summary{ID: "acc1", Site: "github", Account: label}, 16, f.record("Capture", u, label, text)
}

func (f *fakeOps) NoteTwoFactorSite(_ context.Context, u string) (string, bool, error) {
	return "example.com", true, f.record("NoteTwoFactorSite", u)
}

func (f *fakeOps) Readiness(context.Context) ([]service.ReadySite, error) {
	return []service.ReadySite{{Domain: "example.com", Site: "example.com", SiteName: "example.com", Date: "2026-11-29"}}, f.record("Readiness")
}

func (f *fakeOps) DismissReadiness(_ context.Context, domain string) error {
	return f.record("DismissReadiness", domain)
}
