package codes

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"tearoff.dev/tearoff/host/sites"
)

// format is how one site writes and compares its codes, compiled from the
// catalogue (host/sites/catalogue.json) so there is one source of truth.
type format struct {
	key       string         // site key: catalogue id, or "" for the generic list
	name      string         // for error messages
	re        *regexp.Regexp // matches the normalised form
	upper     bool           // case: "upper" (else lower; generic keeps case)
	keepCase  bool           // generic codes are stored as written
	strip     string         // characters the site ignores when comparing
	groups    []int          // regrouping of the stored form, e.g. [5,5] "-"
	sep       string         //
	display   *sites.Layout  // how the site shows codes, for export
	fileNames []string       // lowercase glob patterns
	markers   []string       // lowercase fragments of the site's own file
	joinWords bool           // a code may be written as several words ("1234 5678")
	exactCase bool           // detection: words must already be in the site's case
}

// strict is f for telling sites apart: a site's own file writes codes in
// its own case, so "Q7ZK-28XP" is not taken for a Discord code unless the
// person says it is.
func (f *format) strict() *format {
	c := *f
	c.exactCase = true
	return &c
}

// genericPattern accepts what an unknown site's codes plausibly are: 6 to 64
// letters, digits and . _ -; a digit is required too (format.normalize) so that
// ordinary words in prose are never taken for codes.
var genericPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{5,63}$`)

var generic = &format{name: "generic list", re: genericPattern, keepCase: true}

var (
	formatsOnce sync.Once
	formats     []*format
	formatErr   error
)

// known returns the compiled formats of every catalogue site, in catalogue
// order. A pattern that does not compile is a catalogue bug reported as an
// error rather than a panic (sites' tests keep it from happening).
func known() ([]*format, error) {
	formatsOnce.Do(func() {
		for _, s := range sites.All() {
			re, err := regexp.Compile(s.Code.Pattern)
			if err != nil {
				formatErr = fmt.Errorf("catalogue pattern of %s: %w", s.ID, err)
				return
			}
			f := &format{
				key: s.ID, name: s.Name, re: re,
				upper: s.Code.Case == "upper", strip: s.Code.Strip,
				groups: s.Code.Groups, sep: s.Code.Separator, display: s.Code.Display,
				joinWords: strings.Contains(s.Code.Strip, " "),
			}
			for _, n := range s.Code.FileNames {
				f.fileNames = append(f.fileNames, strings.ToLower(n))
			}
			for _, m := range s.Code.Markers {
				f.markers = append(f.markers, strings.ToLower(m))
			}
			formats = append(formats, f)
		}
	})
	return formats, formatErr
}

// formatFor returns the format of a canonical site key; keys outside the
// catalogue (registrable domains) use the generic list.
func formatFor(key string) (*format, error) {
	all, err := known()
	if err != nil {
		return nil, err
	}
	for _, f := range all {
		if f.key == key {
			return f, nil
		}
	}
	return generic, nil
}

// normalize turns one written code (no whitespace inside) into the form the
// site compares, or reports that it does not fit.
func (f *format) normalize(word string) (string, bool) {
	s := word
	if f.strip != "" {
		s = strings.Map(func(r rune) rune {
			if strings.ContainsRune(f.strip, r) {
				return -1
			}
			return r
		}, s)
	}
	switch {
	case f.keepCase:
	case f.upper:
		s = strings.ToUpper(s)
	default:
		s = strings.ToLower(s)
	}
	if len(f.groups) > 0 {
		s = regroup(s, f.groups, f.sep)
	}
	if !f.re.MatchString(s) {
		return "", false
	}
	if f.keepCase && !strings.ContainsAny(s, "0123456789") {
		return "", false
	}
	return s, true
}

// show renders a normalised code the way the site displays it.
func (f *format) show(code string) string {
	if f.display == nil {
		return code
	}
	return regroup(code, f.display.Groups, f.display.Separator)
}

// regroup splits s into groups joined by sep when its length is exactly the
// groups' total; otherwise s is returned unchanged (and fails the pattern).
func regroup(s string, groups []int, sep string) string {
	total := 0
	for _, g := range groups {
		total += g
	}
	if len(s) != total || strings.ContainsAny(s, sep) {
		return s
	}
	var b strings.Builder
	at := 0
	for i, g := range groups {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(s[at : at+g])
		at += g
	}
	return b.String()
}
