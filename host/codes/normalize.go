package codes

import (
	"fmt"
	"strings"

	"tearoff.dev/tearoff/host/sites"
)

// Normalize turns one hand-typed code (CLI `use`, `restore`) into the form
// stored for siteKey, so it compares equal to the imported one. Spaces inside
// are ignored for catalogue sites ("1234 5678", "abcde-12345" both work).
func Normalize(siteKey, code string) (string, error) {
	key, err := sites.Canonical(siteKey)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrSiteRequired, err)
	}
	f, err := formatFor(key)
	if err != nil {
		return "", err
	}
	words := strings.Fields(stripFormat(code)) // as in Parse: a pasted RLM is not part of the code
	if len(words) == 0 {
		return "", ErrEmpty
	}
	if f == generic && len(words) > 1 {
		return "", fmt.Errorf("%w: one code without spaces expected", ErrWrongFormat)
	}
	if len(code) > 256 {
		return "", fmt.Errorf("%w: %d characters is too long for a code", ErrWrongFormat, len(code))
	}
	c, ok := f.normalize(strings.Join(words, ""))
	if !ok {
		return "", fmt.Errorf("%w: not a %s code", ErrWrongFormat, f.name)
	}
	return c, nil
}
