package vault

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLabel is the longest account label, in characters. Usernames and
// e-mail addresses are far shorter; the cap keeps a pasted document from
// becoming a label that every list and popup must carry.
const MaxLabel = 128

// CleanLabel trims an account label and checks it: not empty, valid UTF-8,
// at most MaxLabel characters, and nothing that is invisible or moves the
// cursor. Control characters (Unicode Cc: newlines, escape sequences),
// line and paragraph separators and format characters (Cf: bidi overrides
// that reverse what is shown, zero-width spaces that make two labels look
// alike) are refused; only the zero-width joiner and non-joiner, which some
// scripts and emoji need, are allowed. The error names the rule and
// matches ErrInvalid.
func CleanLabel(label string) (string, error) {
	label = strings.TrimSpace(label)
	switch {
	case label == "":
		return "", fmt.Errorf("an account name is required: %w", ErrInvalid)
	case !utf8.ValidString(label):
		return "", fmt.Errorf("an account name must be valid UTF-8 text: %w", ErrInvalid)
	}
	if n := utf8.RuneCountInString(label); n > MaxLabel {
		return "", fmt.Errorf("an account name is at most %d characters, this one has %d: %w", MaxLabel, n, ErrInvalid)
	}
	for _, r := range label {
		if HiddenRune(r) {
			return "", fmt.Errorf("an account name may not contain control, format or line-break characters (it has %U): %w", r, ErrInvalid)
		}
	}
	return label, nil
}

// HiddenRune is true for the characters a label may not hold: control
// characters, line and paragraph separators, and format characters other
// than the zero-width joiner and non-joiner. Output that shows text from the
// vault escapes them, for labels stored before the rule.
func HiddenRune(r rune) bool {
	switch {
	case r == '\u200c' || r == '\u200d': // zero-width non-joiner, joiner
		return false
	case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r),
		unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
		return true
	}
	return false
}
