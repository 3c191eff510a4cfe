package sync

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

func TestKeyRoundTrip(t *testing.T) {
	key, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	shown := FormatKey(key)
	if groups := strings.Split(shown, "-"); len(groups) != 8 || len(groups[0]) != 4 {
		t.Fatalf("FormatKey = %q, want eight groups of four", shown)
	}
	for _, typed := range []string{shown, strings.ToUpper(shown), strings.ReplaceAll(shown, "-", " ") + "\n", strings.ReplaceAll(shown, "-", "")} {
		got, err := ParseKey(typed)
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("ParseKey(%q) = %x, %v; want %x", typed, got, err, key)
		}
	}
}

func TestParseKeyRefuses(t *testing.T) {
	key, _ := NewKey()
	shown := FormatKey(key)
	typo := []byte(shown)
	if typo[0] == 'a' {
		typo[0] = 'b'
	} else {
		typo[0] = 'a'
	}
	for name, typed := range map[string]string{
		"empty":      "",
		"short":      shown[:20],
		"look-alike": strings.Replace(shown, string(shown[0]), "l", 1),
		"typo":       string(typo),
		"too long":   shown + "-abcd",
	} {
		if _, err := ParseKey(typed); !errors.Is(err, ErrBadKey) {
			t.Errorf("%s: ParseKey(%q) = %v, want ErrBadKey", name, typed, err)
		}
	}
}

func TestBundleSealOpen(t *testing.T) {
	key, _ := NewKey()
	other, _ := NewKey()
	v := vault.New()
	n := 0
	c := vault.Clock{
		Now:   func() time.Time { return time.Unix(1e9, 0).UTC() },
		NewID: func() string { n++; return "id-" + string(rune('a'+n)) },
	}
	if _, _, err := v.Import("github", "octocat", []string{"aaaaa-11111", "bbbbb-22222"}, false, c); err != nil {
		t.Fatal(err)
	}
	const machine = "0123456789abcdef0123456789abcdef"
	sealed, err := seal(v, key, machine, c.Now())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("aaaaa-11111")) || bytes.Contains(sealed, []byte("octocat")) {
		t.Fatal("the sealed bundle shows its content")
	}
	got, err := open("f", sealed, key, machine)
	if err != nil || len(got.Accounts) != 1 || got.Accounts[0].Codes[1].Value != "bbbbb-22222" {
		t.Fatalf("open = %+v, %v", got, err)
	}
	flipped := bytes.Clone(sealed)
	flipped[len(flipped)-5] ^= 1
	for name, tc := range map[string]struct {
		sealed  []byte
		key     []byte
		machine string
	}{
		"another key":    {sealed, other, machine},
		"a changed byte": {flipped, key, machine},
		"truncated":      {sealed[:len(sealed)-10], key, machine},
		"another name":   {sealed, key, strings.Repeat("f", 32)},
		"not age at all": {[]byte("hello"), key, machine},
		"an empty file":  {nil, key, machine},
	} {
		if _, err := open("f", tc.sealed, tc.key, tc.machine); !errors.Is(err, ErrRefused) {
			t.Errorf("%s: open = %v, want ErrRefused", name, err)
		}
	}
}
