package cli

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"tearoff.dev/tearoff/host/vault"
)

// printable escapes what a terminal would act on rather than show: control
// characters (escape sequences, newlines, tabs that break the table), line
// separators and bidi or zero-width format characters, written as \x1b or
// \u202e. Labels can no longer hold them (vault.CleanLabel), but a vault
// written before that rule, or by hand, still may; page URLs and error
// messages quote what others typed.
func printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return vault.HiddenRune(r) || r == utf8.RuneError }) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				fmt.Fprintf(&b, `\x%02x`, s[i])
				continue
			}
			b.WriteRune(r)
		case !vault.HiddenRune(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// printableJSON escapes, as \uXXXX inside JSON strings, the characters that
// encoding/json leaves raw but a terminal would act on: bidi and other format
// characters and C1 controls. JSON's own syntax is ASCII, so every such
// character is inside a string, and the result is the same JSON value.
func printableJSON(b []byte) []byte {
	s := string(b)
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf && vault.HiddenRune(r) }) {
		return b
	}
	var out strings.Builder
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf || !vault.HiddenRune(r):
			out.WriteRune(r)
		case r > 0xffff:
			// JSON spells a rune outside the BMP as a surrogate pair.
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(&out, `\u%04x\u%04x`, r1, r2)
		default:
			fmt.Fprintf(&out, `\u%04x`, r)
		}
	}
	return []byte(out.String())
}
