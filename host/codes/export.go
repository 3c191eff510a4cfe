package codes

import (
	"strconv"
	"strings"

	"tearoff.dev/tearoff/host/sites"
)

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
