package sites

import (
	"errors"
	"testing"
)

func TestCapturePage(t *testing.T) {
	tests := []struct {
		url  string
		site string
		err  error
	}{
		{"https://github.com/settings/auth/recovery-codes", "github", nil},
		{"https://github.com/settings/auth/recovery-codes/", "github", nil},
		{"https://myaccount.google.com/two-step-verification/backup-codes", "google", nil},
		{"https://x.com/settings/account/login_verification/backup_code", "x", nil},
		{"https://twitter.com/settings/account/login_verification/backup_code", "x", nil},
		{"https://gitlab.com/-/profile/two_factor_auth/codes", "gitlab", nil},
		{"https://pypi.org/manage/account/recovery-codes/", "pypi", nil},
		{"https://www.npmjs.com/settings/octocat/tfa", "npm", nil},
		{"http://github.com/settings/auth/recovery-codes", "", ErrInsecure},
		{"https://github.com:8443/settings/auth/recovery-codes", "", ErrOriginMismatch},
		{"https://github.com/settings/profile", "", ErrOriginMismatch},
		{"https://github.com/settings/auth/recovery-codes-and-more", "", ErrOriginMismatch},
		{"https://github.com.evil.example/settings/auth/recovery-codes", "", ErrOriginMismatch},
		{"https://discord.com/settings/auth/recovery-codes", "", ErrOriginMismatch},
		{"https://g\u0130thub.com/settings/auth/recovery-codes", "", ErrUnknownSite},
		{"not a url", "", ErrInsecure},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			site, err := CapturePage(tt.url)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("CapturePage = %v, %v; want %v", site.ID, err, tt.err)
				}
				return
			}
			if err != nil || site.ID != tt.site {
				t.Fatalf("CapturePage = %q, %v; want %q", site.ID, err, tt.site)
			}
		})
	}
}
