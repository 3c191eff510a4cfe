// Package codes parses sites' backup-code files and pasted text into
// normalised codes, normalises hand-typed codes, and formats codes for export.
package codes

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"tearoff.dev/tearoff/host/sites"
)

// Errors returned by Parse and Normalize; match them with errors.Is.
var (
	ErrEmpty        = errors.New("no codes: the input is empty")
	ErrBinary       = errors.New("not a text file")
	ErrNotCodes     = errors.New("not a list of codes")
	ErrDuplicate    = errors.New("the same code appears twice")
	ErrWrongFormat  = errors.New("codes do not fit the site's format")
	ErrSiteRequired = errors.New("cannot tell which site these codes are for; name the site")
)

// Result is a parsed code list: the canonical site key and its codes,
// normalised and in file order. Used lists the codes (also in Codes, in
// file order) that the file itself marks as already used; see usedMarks.
type Result struct {
	Site  string
	Codes []string
	Used  []string
}

const (
	maxInput = 1 << 20 // a real code file is a few hundred bytes
	maxCodes = 1000
	maxLine  = 4096 // Google's two columns are ~40 bytes; no code line is this long
)

// Parse reads a site's downloaded file or pasted text. siteKey may be any
// spelling sites.Canonical accepts, or "" to detect the site from fileName
// or from an unambiguous format. On any error the Result is empty: a file is
// taken whole or not at all.
func Parse(text []byte, siteKey, fileName string) (Result, error) {
	body, err := cleanText(text)
	if err != nil {
		return Result{}, err
	}
	all, err := known()
	if err != nil {
		return Result{}, err
	}
	byName := siteOfFileName(all, fileName)
	if siteKey == "" && byName != nil {
		siteKey = byName.key
	}
	if siteKey == "" {
		return detect(all, body)
	}
	key, err := sites.Canonical(siteKey)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrSiteRequired, err)
	}
	f, err := formatFor(key)
	if err != nil {
		return Result{}, err
	}
	if byName != nil && byName != f {
		return Result{}, fmt.Errorf("%w: %s is a %s file, not %s", ErrWrongFormat, path.Base(fileName), byName.name, f.name)
	}
	if other := markedBy(all, body); other != nil && other != f && !hasMarker(f, body) {
		return Result{}, fmt.Errorf("%w: this looks like a %s file, not %s", ErrWrongFormat, other.name, f.name)
	}
	res, err := parseAs(f, body)
	if err != nil {
		return Result{}, err
	}
	res.Site = key
	return res, nil
}

// cleanText refuses binary input and returns the text without invisible
// format characters (Unicode Cf: a BOM, a right-to-left mark that a copy from
// a right-to-left page put before a code, zero-width spaces), which would
// otherwise hide a code inside a word that is not one.
func cleanText(text []byte) (string, error) {
	if len(text) > maxInput {
		return "", fmt.Errorf("%w: input is %d bytes, more than a code file", ErrNotCodes, len(text))
	}
	if bytes.IndexByte(text, 0) >= 0 || !utf8.Valid(text) {
		return "", ErrBinary
	}
	for _, r := range string(text) {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			return "", fmt.Errorf("%w: control character %U", ErrBinary, r)
		}
	}
	s := stripFormat(string(text))
	if strings.TrimSpace(s) == "" {
		return "", ErrEmpty
	}
	return s, nil
}

// detect tries every catalogue format and keeps the ones that fit; a site
// whose own file markers appear in the text wins a tie.
func detect(all []*format, body string) (Result, error) {
	var fits []*format
	var results []Result
	for _, f := range all {
		if res, err := parseAs(f.strict(), body); err == nil {
			res.Site = f.key
			fits = append(fits, f)
			results = append(results, res)
		}
	}
	if m := markedBy(all, body); m != nil {
		for i, f := range fits {
			if f == m {
				return results[i], nil
			}
		}
	}
	switch len(fits) {
	case 1:
		return results[0], nil
	case 0:
		if _, err := parseAs(generic, body); err != nil {
			return Result{}, err
		}
		return Result{}, fmt.Errorf("%w: the format is not one of the known sites'", ErrSiteRequired)
	}
	names := make([]string, len(fits))
	for i, f := range fits {
		names[i] = f.name
	}
	return Result{}, fmt.Errorf("%w: they fit %s", ErrSiteRequired, strings.Join(names, ", "))
}

// parseAs reads body as a code list of format f. Each line is codes (after
// list markers such as "1." or "*"), one code with a used mark, prose, or an
// error: a line that carries a code but cannot be read whole is refused with
// its number (see readLine), so a code is never silently dropped. The Result
// has no Site.
func parseAs(f *format, body string) (Result, error) {
	var res Result
	codeLines, prose := 0, 0
	seen := map[string]bool{}
	for n, line := range strings.Split(body, "\n") {
		if len(line) > maxLine {
			return Result{}, fmt.Errorf("%w: line %d is %d bytes long", ErrNotCodes, n+1, len(line))
		}
		words := dropMarkers(strings.Fields(line))
		if len(words) == 0 {
			continue
		}
		got, used, err := readLine(f, words, n+1)
		switch {
		case err != nil:
			return Result{}, err
		case got == nil:
			prose++
			continue
		}
		codeLines++
		for _, c := range got {
			if seen[c] {
				return Result{}, fmt.Errorf("%w: %s (line %d)", ErrDuplicate, mask(c), n+1)
			}
			seen[c] = true
			res.Codes = append(res.Codes, c)
			if used {
				res.Used = append(res.Used, c)
			}
		}
		if len(res.Codes) > maxCodes {
			return Result{}, fmt.Errorf("%w: more than %d codes", ErrNotCodes, maxCodes)
		}
	}
	if len(res.Codes) == 0 {
		return Result{}, fmt.Errorf("%w: no %s codes found", ErrNotCodes, f.name)
	}
	// A few lines of header and footer are normal; a document with a stray
	// code-like line is not a code file.
	if prose > 2*codeLines+6 {
		return Result{}, fmt.Errorf("%w: %d lines of text around %d lines of codes", ErrNotCodes, prose, codeLines)
	}
	return res, nil
}

// splitCodes reads a whole line of words as codes. When the site writes a
// code as several words (Google's "1234 5678"), adjacent words may join;
// the fewest words per code win, as long as the rest of the line still reads.
func splitCodes(f *format, words []string) ([]string, bool) {
	for _, w := range words {
		if !caseFits(f, w) {
			return nil, false
		}
	}
	// next[i] is where the code starting at word i ends, found right to
	// left so each position is tried once (linear, however long the line).
	next := make([]int, len(words)+1)
	code := make([]string, len(words))
	ok := make([]bool, len(words)+1)
	ok[len(words)] = true
	for i := len(words) - 1; i >= 0; i-- {
		for k := 1; k <= f.maxJoin() && i+k <= len(words); k++ {
			if !ok[i+k] {
				continue
			}
			if c, fits := f.normalize(strings.Join(words[i:i+k], "")); fits {
				next[i], code[i], ok[i] = i+k, c, true
				break
			}
		}
	}
	if !ok[0] {
		return nil, false
	}
	var out []string
	for i := 0; i < len(words); i = next[i] {
		out = append(out, code[i])
	}
	return out, true
}

// caseFits is false for a word whose case no code of f has: "Password" is
// prose (no known site mixes case), and when telling sites apart a word
// must already be in the site's own case.
func caseFits(f *format, w string) bool {
	if f != generic && hasMixedCase(w) {
		return false
	}
	return !f.exactCase || f.upper && strings.ToUpper(w) == w || !f.upper && strings.ToLower(w) == w
}

// maxJoin is how many words one code may be written as.
func (f *format) maxJoin() int {
	if f.joinWords {
		return 8
	}
	return 1
}

func hasMixedCase(w string) bool {
	return strings.ToLower(w) != w && strings.ToUpper(w) != w
}

// siteOfFileName matches the base name against the catalogue's file names,
// ignoring case and the " (1)" a browser adds to a repeated download.
func siteOfFileName(all []*format, name string) *format {
	if name == "" {
		return nil
	}
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	base = browserCopy.ReplaceAllString(base, "$1$2")
	for _, f := range all {
		for _, pat := range f.fileNames {
			if ok, err := path.Match(pat, base); err == nil && ok {
				return f
			}
		}
	}
	return nil
}

var browserCopy = regexp.MustCompile(`^(.*?) ?\([0-9]+\)(\.[a-z0-9]+)?$`)

// markedBy returns the one site whose file markers appear in body.
func markedBy(all []*format, body string) *format {
	var found *format
	for _, f := range all {
		if hasMarker(f, body) {
			if found != nil {
				return nil
			}
			found = f
		}
	}
	return found
}

func hasMarker(f *format, body string) bool {
	lower := strings.ToLower(body)
	for _, m := range f.markers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// mask keeps error messages from printing a whole secret.
func mask(code string) string {
	if len(code) <= 4 {
		return "…"
	}
	return code[:2] + "…" + code[len(code)-2:]
}
