package codes

import (
	"errors"
	"slices"
	"testing"

	"tearoff.dev/tearoff/host/sites"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		site, in, want string
		err            error
	}{
		{"github", "3f9a1-0c7e2", "3f9a1-0c7e2", nil},
		{"GitHub", " 3F9A1-0C7E2 ", "3f9a1-0c7e2", nil},
		{"github.com", "3f9a10c7e2", "3f9a1-0c7e2", nil},
		{"github", "3f9a1 0c7e2", "3f9a1-0c7e2", nil},
		{"github", "3f9a1-0c7e", "", ErrWrongFormat},
		{"github", "3f9a1-0c7eg", "", ErrWrongFormat},
		{"google", "6152 6374", "61526374", nil},
		{"google", "6152-6374", "61526374", nil},
		{"google", "6152637", "", ErrWrongFormat},
		{"twitter", "K3X9P2M7Q4W8", "k3x9p2m7q4w8", nil},
		{"https://x.com/i/flow/login", "k3x9p2m7q4w8", "k3x9p2m7q4w8", nil},
		{"x", "k3x9p2m", "", ErrWrongFormat},
		{"gitlab", "3F9C0A71B2D4E856", "3f9c0a71b2d4e856", nil},
		{"pypi", "0c4e7f21a9b3d658", "0c4e7f21a9b3d658", nil},
		{"discord", "X7K2-M9Q4", "x7k2m9q4", nil},
		{"microsoft", "7qk2m-9x4p1-r8t6w-3z5n0-b2c7d", "7QK2M9X4P1R8T6W3Z5N0B2C7D", nil},
		{"microsoft", "7QK2M 9X4P1 R8T6W 3Z5N0 B2C7D", "7QK2M9X4P1R8T6W3Z5N0B2C7D", nil},
		{"bitwarden", "K2M9 X4P1 R8T6 W3Z5 N0B2 C7D4 F6H8 J1Q3", "k2m9x4p1r8t6w3z5n0b2c7d4f6h8j1q3", nil},
		{"instagram", "4017 4512", "40174512", nil},
		{"example.co.jp", "Q7ZK-28XP", "Q7ZK-28XP", nil},
		{"example.co.jp", "Q7ZK 28XP", "", ErrWrongFormat},
		{"example.co.jp", "password", "", ErrWrongFormat},
		{"github", "   ", "", ErrEmpty},
		{"", "3f9a1-0c7e2", "", ErrSiteRequired},
		{"127.0.0.1", "3f9a1-0c7e2", "", ErrSiteRequired},
	}
	for _, tt := range tests {
		t.Run(tt.site+"/"+tt.in, func(t *testing.T) {
			got, err := Normalize(tt.site, tt.in)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Fatalf("Normalize(%q, %q) = %q, %v; want %q, %v", tt.site, tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

// TestCatalogueExamples checks that every site's example is already in the
// form Normalize stores, so the catalogue and this package agree.
func TestCatalogueExamples(t *testing.T) {
	for _, s := range sites.All() {
		got, err := Normalize(s.ID, s.Code.Example)
		if err != nil || got != s.Code.Example {
			t.Errorf("%s: Normalize(example %q) = %q, %v", s.ID, s.Code.Example, got, err)
		}
	}
}

// TestFormatRoundTrip exports every sample and parses the export back.
func TestFormatRoundTrip(t *testing.T) {
	samples := map[string]string{
		"github": "github-recovery-codes.txt", "google": "Backup-codes-yamada.taro.txt",
		"x": "x-backup-code.txt", "gitlab": "gitlab-recovery-codes.txt", "pypi": "pypi-recovery-codes.txt",
		"discord": "discord_backup_codes.txt", "microsoft": "microsoft-recovery-code.txt",
		"bitwarden": "bitwarden_recovery_code.txt", "instagram": "instagram-backup-codes.txt",
		"example.co.jp": "generic-codes.txt",
	}
	for site, file := range samples {
		t.Run(site, func(t *testing.T) {
			res, err := Parse(readSample(t, file), site, "")
			if err != nil {
				t.Fatal(err)
			}
			out := Format(site, res.Codes)
			back, err := Parse([]byte(out), site, "")
			if err != nil {
				t.Fatalf("parse of export %q: %v", out, err)
			}
			if !slices.Equal(back.Codes, res.Codes) {
				t.Fatalf("round trip %v != %v", back.Codes, res.Codes)
			}
		})
	}
}

func TestFormatLayout(t *testing.T) {
	tests := []struct {
		site  string
		codes []string
		want  string
	}{
		{"github", []string{"3f9a1-0c7e2", "b84d5-19f06"}, "3f9a1-0c7e2\nb84d5-19f06\n"},
		{"google", []string{"61526374", "76184209"}, "SAVE YOUR BACKUP CODES\nKeep these backup codes somewhere safe but accessible.\n\n1. 6152 6374\n2. 7618 4209\n"},
		{"discord", []string{"x7k2m9q4"}, "These are your Discord backup codes. Keep them safe!\n\n * x7k2-m9q4\n"},
		{"microsoft", []string{"7QK2M9X4P1R8T6W3Z5N0B2C7D"}, "7QK2M-9X4P1-R8T6W-3Z5N0-B2C7D\n"},
		{"example.org", []string{"ab12cd34"}, "ab12cd34\n"},
		{"github", nil, ""},
	}
	for _, tt := range tests {
		if got := Format(tt.site, tt.codes); got != tt.want {
			t.Errorf("Format(%s) = %q, want %q", tt.site, got, tt.want)
		}
	}
}
