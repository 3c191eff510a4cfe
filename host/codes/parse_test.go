package codes

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseSamples reads every sample file, once with the site detected from
// the file name or format and once with the site named.
func TestParseSamples(t *testing.T) {
	tests := []struct {
		file      string
		site      string // named site ("" = detect)
		wantSite  string
		wantCount int
		first     string
		wantErr   error
	}{
		{"github-recovery-codes.txt", "", "github", 16, "3f9a1-0c7e2", nil},
		{"github-recovery-codes.txt", "github.com", "github", 16, "3f9a1-0c7e2", nil},
		{"Backup-codes-yamada.taro.txt", "", "google", 10, "61526374", nil},
		{"Backup-codes-yamada.taro.txt", "https://accounts.google.com/", "google", 10, "61526374", nil},
		{"google-plain.txt", "google", "google", 10, "61526374", nil},
		{"google-plain.txt", "", "", 0, "", ErrSiteRequired}, // 8 digits: Google, Instagram, Discord, X
		{"x-backup-code.txt", "", "x", 1, "k3x9p2m7q4w8", nil},
		{"x-backup-code.txt", "twitter.com", "x", 1, "k3x9p2m7q4w8", nil},
		{"gitlab-recovery-codes.txt", "", "gitlab", 10, "3f9c0a71b2d4e856", nil},
		{"pypi-recovery-codes.txt", "pypi", "pypi", 8, "0c4e7f21a9b3d658", nil},
		{"pypi-recovery-codes.txt", "", "", 0, "", ErrSiteRequired}, // GitLab and PyPI look alike
		{"discord_backup_codes.txt", "", "discord", 10, "x7k2m9q4", nil},
		{"microsoft-recovery-code.txt", "", "microsoft", 1, "7QK2M9X4P1R8T6W3Z5N0B2C7D", nil},
		{"bitwarden_recovery_code.txt", "", "bitwarden", 1, "k2m9x4p1r8t6w3z5n0b2c7d4f6h8j1q3", nil},
		{"instagram-backup-codes.txt", "instagram", "instagram", 5, "40174512", nil},
		{"generic-codes.txt", "https://www.example.co.jp/login", "example.co.jp", 4, "Q7ZK-28XP", nil},
		{"generic-codes.txt", "", "", 0, "", ErrSiteRequired},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.site, func(t *testing.T) {
			fileName := tt.file
			if strings.Contains(tt.file, "plain") || tt.file == "pypi-recovery-codes.txt" || tt.file == "generic-codes.txt" {
				fileName = "" // pasted text: nothing to go by but the format
			}
			res, err := Parse(readSample(t, tt.file), tt.site, fileName)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if res.Site != "" || res.Codes != nil {
					t.Fatalf("error returned a result: %+v", res)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Site != tt.wantSite || len(res.Codes) != tt.wantCount || res.Codes[0] != tt.first {
				t.Fatalf("got site %q, %d codes, first %q; want %q, %d, %q",
					res.Site, len(res.Codes), res.Codes[0], tt.wantSite, tt.wantCount, tt.first)
			}
		})
	}
}

func TestParseGoogleTwoColumnsKeepsOrderOfColumns(t *testing.T) {
	res, err := Parse(readSample(t, "Backup-codes-yamada.taro.txt"), "", "Backup-codes-yamada.taro.txt")
	if err != nil {
		t.Fatal(err)
	}
	// The file lists 1..5 left and 6..10 right; each line yields left then right.
	want := []string{"61526374", "40174512", "76184209", "18436675", "33905127",
		"92043381", "88461093", "25718460", "50297736", "64082915"}
	if !slices.Equal(res.Codes, want) {
		t.Fatalf("codes = %v, want %v", res.Codes, want)
	}
}

// TestParseRefuses covers input that must not import anything.
func TestParseRefuses(t *testing.T) {
	github := string(readSample(t, "github-recovery-codes.txt"))
	tests := []struct {
		name, text, site, file string
		want                   error
	}{
		{"empty", "", "github", "", ErrEmpty},
		{"whitespace", " \n\t\r\n", "", "", ErrEmpty},
		{"NUL byte", "3f9a1-0c7e2\x00\n", "github", "", ErrBinary},
		{"invalid UTF-8", "3f9a1-0c7e2\xff\xfe\n", "github", "", ErrBinary},
		{"control char", "3f9a1-0c7e2\x1b[0m\n", "github", "", ErrBinary},
		{"prose", string(readSample(t, "prose.txt")), "github", "", ErrNotCodes},
		{"prose unknown site", string(readSample(t, "prose.txt")), "", "", ErrNotCodes},
		{"prose for a domain", string(readSample(t, "prose.txt")), "example.com", "", ErrNotCodes},
		{"duplicate", github + "3f9a1-0c7e2\n", "github", "", ErrDuplicate},
		{"duplicate after normalising", "3f9a1-0c7e2\n3F9A10C7E2\n", "github", "", ErrDuplicate},
		{"google duplicate", "1. 6152 6374\n2. 61526374\n", "google", "", ErrDuplicate},
		{"truncated github code", "3f9a1-0c7e2\n3f9a1-0c7e\n", "github", "", ErrWrongFormat},
		{"google file named github", string(readSample(t, "Backup-codes-yamada.taro.txt")), "github", "", ErrWrongFormat},
		{"github file named google", github, "google", "", ErrWrongFormat},
		{"github codes for X", github, "x", "", ErrWrongFormat},
		{"google file for discord", string(readSample(t, "Backup-codes-yamada.taro.txt")), "discord", "", ErrWrongFormat},
		{"file name of another site", github, "gitlab", "github-recovery-codes.txt", ErrWrongFormat},
		{"microsoft too short", "7QK2M-9X4P1-R8T6W-3Z5N0-B2C7\n", "microsoft", "", ErrWrongFormat},
		{"bitwarden 31", "k2m9x4p1r8t6w3z5n0b2c7d4f6h8j1q\n", "bitwarden", "", ErrWrongFormat},
		{"unknown site garbage", "x", "", "", ErrNotCodes},
		{"site garbage", github, "not a site", "", ErrSiteRequired},
		{"site localhost", github, "https://localhost/", "", ErrSiteRequired},
		{"too large", strings.Repeat("3f9a1-0c7e2\n", 100000), "github", "", ErrNotCodes},
		{"long line", strings.Repeat("1234 5678 ", 1000), "google", "", ErrNotCodes},
		{"mostly prose", strings.Repeat("Some words of a letter that goes on.\n", 30) + "3f9a1-0c7e2\n", "github", "", ErrNotCodes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse([]byte(tt.text), tt.site, tt.file)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if res.Site != "" || res.Codes != nil {
				t.Fatalf("error returned a result: %+v", res)
			}
		})
	}
}

// TestParseTolerates covers real-world decoration that must still import.
func TestParseTolerates(t *testing.T) {
	tests := []struct {
		name, text, site, file string
		want                   []string
	}{
		{"CRLF and BOM", "\uFEFF3f9a1-0c7e2\r\nb84d5-19f06\r\n", "", "github-recovery-codes.txt", []string{"3f9a1-0c7e2", "b84d5-19f06"}},
		{"github upper, no dash", "3F9A10C7E2\n", "github", "", []string{"3f9a1-0c7e2"}},
		{"browser copy name", "3f9a1-0c7e2\n", "", "Downloads/github-recovery-codes (2).txt", []string{"3f9a1-0c7e2"}},
		{"windows path", "3f9a1-0c7e2\n", "", `C:\Users\t\Downloads\github-recovery-codes.txt`, []string{"3f9a1-0c7e2"}},
		{"google numbered paren", "1) 6152 6374\n2) 7618-4209\n", "google", "", []string{"61526374", "76184209"}},
		{"google one line", "6152 6374 7618 4209", "google", "", []string{"61526374", "76184209"}},
		{"google file name only", "61526374\n", "", "backup-codes-someone.txt", []string{"61526374"}},
		{"discord bare", "x7k2m9q4\np3w8z1n6\n", "discord", "", []string{"x7k2m9q4", "p3w8z1n6"}},
		{"microsoft spaces", "7QK2M 9X4P1 R8T6W 3Z5N0 B2C7D", "", "", []string{"7QK2M9X4P1R8T6W3Z5N0B2C7D"}},
		{"microsoft lower, named", "7qk2m-9x4p1-r8t6w-3z5n0-b2c7d", "microsoft", "", []string{"7QK2M9X4P1R8T6W3Z5N0B2C7D"}},
		{"x with header", "Backup code\nk3x9p2m7q4w8\n", "twitter", "", []string{"k3x9p2m7q4w8"}},
		{"x letters only", "kxqpmwzt\n", "x", "", []string{"kxqpmwzt"}},
		{"generic whitespace", "ab12cd34 ef56gh78\n", "example.org", "", []string{"ab12cd34", "ef56gh78"}},
		{"generic bullets", "- AB12CD34\n- ef56gh78\n", "example.org", "", []string{"AB12CD34", "ef56gh78"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse([]byte(tt.text), tt.site, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Codes, tt.want) {
				t.Fatalf("codes = %v, want %v", res.Codes, tt.want)
			}
		})
	}
}
