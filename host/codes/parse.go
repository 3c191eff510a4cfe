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
// normalised and in file order.
type Result struct {
	Site  string
	Codes []string
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
	codes, err := parseAs(f, body)
	if err != nil {
		return Result{}, err
	}
	return Result{Site: key, Codes: codes}, nil
}

// cleanText refuses binary input and returns the text without a BOM.
func cleanText(text []byte) (string, error) {
	if len(text) > maxInput {
		return "", fmt.Errorf("%w: input is %d bytes, more than a code file", ErrNotCodes, len(text))
	}
	if bytes.IndexByte(text, 0) >= 0 || !utf8.Valid(text) {
		return "", ErrBinary
	}
	s := strings.TrimPrefix(string(text), "\uFEFF")
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			return "", fmt.Errorf("%w: control character %U", ErrBinary, r)
		}
	}
	if strings.TrimSpace(s) == "" {
		return "", ErrEmpty
	}
	return s, nil
}

// detect tries every catalogue format and keeps the ones that fit; a site
// whose own file markers appear in the text wins a tie.
func detect(all []*format, body string) (Result, error) {
	var fits []*format
	var results [][]string
	for _, f := range all {
		if codes, err := parseAs(f.strict(), body); err == nil {
			fits = append(fits, f)
			results = append(results, codes)
		}
	}
	if m := markedBy(all, body); m != nil {
		for i, f := range fits {
			if f == m {
				return Result{Site: f.key, Codes: results[i]}, nil
			}
		}
	}
	switch len(fits) {
	case 1:
		return Result{Site: fits[0].key, Codes: results[0]}, nil
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

// parseAs reads body as a code list of format f. Lines are either all codes
// (after list markers such as "1." or "*") or prose; prose is skipped, but a
// line that looks like codes and does not fit the site is an error, so a
// mistyped code is never silently dropped.
func parseAs(f *format, body string) ([]string, error) {
	var codes []string
	codeLines, prose := 0, 0
	seen := map[string]bool{}
	for n, line := range strings.Split(body, "\n") {
		if len(line) > maxLine {
			return nil, fmt.Errorf("%w: line %d is %d bytes long", ErrNotCodes, n+1, len(line))
		}
		words := dropMarkers(strings.Fields(line))
		if len(words) == 0 {
			continue
		}
		got, ok := splitCodes(f, words)
		switch {
		case ok:
			codeLines++
			for _, c := range got {
				if seen[c] {
					return nil, fmt.Errorf("%w: %s (line %d)", ErrDuplicate, mask(c), n+1)
				}
				seen[c] = true
				codes = append(codes, c)
			}
			if len(codes) > maxCodes {
				return nil, fmt.Errorf("%w: more than %d codes", ErrNotCodes, maxCodes)
			}
		case looksLikeCodes(words):
			return nil, fmt.Errorf("%w: line %d is not a %s code", ErrWrongFormat, n+1, f.name)
		default:
			prose++
		}
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("%w: no %s codes found", ErrNotCodes, f.name)
	}
	// A few lines of header and footer are normal; a document with a stray
	// code-like line is not a code file.
	if prose > 2*codeLines+6 {
		return nil, fmt.Errorf("%w: %d lines of text around %d lines of codes", ErrNotCodes, prose, codeLines)
	}
	return codes, nil
}

// listMarker matches list decorations: bullets and numbers like "1." "(2)" "#3".
var listMarker = regexp.MustCompile(`^([*•·>-]|\(?[0-9]{1,3}[.):]|#[0-9]{1,3}[.:]?)$`)

func dropMarkers(words []string) []string {
	out := words[:0:0]
	for _, w := range words {
		if !listMarker.MatchString(w) {
			out = append(out, w)
		}
	}
	return out
}

// splitCodes reads a whole line of words as codes. When the site writes a
// code as several words (Google's "1234 5678"), adjacent words may join;
// the fewest words per code win, as long as the rest of the line still reads.
func splitCodes(f *format, words []string) ([]string, bool) {
	for _, w := range words {
		if f != generic && hasMixedCase(w) {
			return nil, false // "Password" is prose; no known site mixes case
		}
		if f.exactCase && (f.upper && strings.ToUpper(w) != w || !f.upper && strings.ToLower(w) != w) {
			return nil, false
		}
	}
	maxJoin := 1
	if f.joinWords {
		maxJoin = 8
	}
	// next[i] is where the code starting at word i ends, found right to
	// left so each position is tried once (linear, however long the line).
	next := make([]int, len(words)+1)
	code := make([]string, len(words))
	ok := make([]bool, len(words)+1)
	ok[len(words)] = true
	for i := len(words) - 1; i >= 0; i-- {
		for k := 1; k <= maxJoin && i+k <= len(words); k++ {
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

// codeWord is a word made only of what codes are made of.
var codeWord = regexp.MustCompile(`^[A-Za-z0-9-]+$`)

// looksLikeCodes is true for a line whose every word is code-shaped and
// carries a digit: "a1b2c-3d4e", "6152 6374". Prose ("Recovery codes 2FA")
// has plain words.
func looksLikeCodes(words []string) bool {
	for _, w := range words {
		if !codeWord.MatchString(w) || !strings.ContainsAny(w, "0123456789") {
			return false
		}
	}
	return true
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
