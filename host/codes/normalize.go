package codes

import (
	"fmt"
	"strconv"
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

// exportLayout is what a site's own file looks like around the codes, so an
// export can be read back by the site's owner and by Parse.
var exportLayout = map[string]struct {
	header []string
	prefix func(i int) string
}{
	"google": {
		header: []string{"SAVE YOUR BACKUP CODES", "Keep these backup codes somewhere safe but accessible.", ""},
		prefix: func(i int) string { return strconv.Itoa(i+1) + ". " },
	},
	"discord": {
		header: []string{"These are your Discord backup codes. Keep them safe!", ""},
		prefix: func(int) string { return " * " },
	},
}

// Format renders normalised codes in the site's own layout for `export`, one
// code per line; Parse(Format(site, codes), site, "") gives the codes back.
func Format(siteKey string, codes []string) string {
	f := generic
	if key, err := sites.Canonical(siteKey); err == nil {
		if kf, err := formatFor(key); err == nil {
			f = kf
		}
	}
	layout := exportLayout[f.key]
	var b strings.Builder
	for _, h := range layout.header {
		b.WriteString(h + "\n")
	}
	for i, c := range codes {
		if layout.prefix != nil {
			b.WriteString(layout.prefix(i))
		}
		b.WriteString(f.show(c) + "\n")
	}
	return b.String()
}
