package sites

import (
	"fmt"
	"strings"

	"golang.org/x/net/idna"
)

// lookupASCII checks a host name (already ASCII-lowercased) with IDNA's
// lookup profile and returns its ASCII form. Anything that is not valid
// IDNA is refused: underscores, bad punycode, disallowed characters such as
// invisible format marks.
//
// The lookup profile also maps look-alikes onto other characters (the
// Kelvin sign K to "k", fullwidth "ｇ" to "g", "İ" to "i̇"), which is how
// "\u212Aagi.com" would become kagi.com. A label is therefore accepted only
// when it is already what the mapping produces: its ASCII form or its
// Unicode form, nothing else.
func lookupASCII(host string) (string, error) {
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return "", fmt.Errorf("%q is not a valid host name: %w", host, err)
	}
	uni, err := idna.Lookup.ToUnicode(ascii)
	if err != nil {
		return "", fmt.Errorf("%q is not a valid host name: %w", host, err)
	}
	in, as, un := strings.Split(host, "."), strings.Split(ascii, "."), strings.Split(uni, ".")
	if len(in) != len(as) || len(as) != len(un) {
		return "", fmt.Errorf("%q is not a host name in normal form (it reads as %q)", host, uni)
	}
	for i := range in {
		if in[i] != as[i] && in[i] != un[i] {
			return "", fmt.Errorf("%q is not a host name in normal form (it reads as %q)", host, uni)
		}
	}
	return ascii, nil
}

// asciiLower lowercases A-Z only. Unicode case folding is IDNA's business
// (lookupASCII), and folding before it would hide look-alikes.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}
