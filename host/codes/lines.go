package codes

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// readLine reads one non-blank line (list markers already dropped) of a
// file of format f. It returns the line's codes, or nil for prose, and
// whether the line marks its code as used. A line that carries something
// code-like but does not read whole is an ErrWrongFormat naming line n:
// "Imported 15 codes" from a file of 16 must never happen.
func readLine(f *format, words []string, n int) ([]string, bool, error) {
	if got, ok := splitCodes(f, words); ok {
		return got, false, nil
	}
	// Retried when a mark or an unticked box came off the line.
	if rest, marked := usedMarks(words); len(rest) > 0 && (marked || len(rest) < len(words)) {
		if got, ok := splitCodes(f, rest); ok {
			if marked && len(got) > 1 {
				return nil, false, fmt.Errorf("%w: line %d marks %d codes as used at once; put each code on its own line", ErrWrongFormat, n, len(got))
			}
			return got, marked, nil
		}
	}
	switch {
	case looksLikeCodes(words):
		return nil, false, fmt.Errorf("%w: line %d is not a %s code", ErrWrongFormat, n, f.name)
	case hasCodeLike(f, words):
		return nil, false, fmt.Errorf("%w: line %d has a %s code among other text; mark a used code with \"used\" or ✓ after it, or remove the text", ErrWrongFormat, n, f.name)
	}
	return nil, false, nil
}

// usedWords are the marks, as a word before or after the one code of a line,
// that mean the code was already used: what people write beside a spent code
// in a printed or saved list. A Markdown task box "[x]" counts too, and "[ ]"
// is dropped as an unticked box. Anything else beside a code (a cross that
// might mean "did not work", a date, a note) is refused with the line number
// rather than guessed.
var usedWords = map[string]bool{
	"used": true, "(used)": true, "[used]": true, "used.": true,
	"✓": true, "✔": true, "☑": true, "✅": true,
	"[x]": true, "[✓]": true, "[✔]": true,
}

// usedMarks strips the used marks from the ends of a line: words from
// usedWords (any case), an unticked "[ ]", and a Markdown strike-through
// "~~" around the whole rest. marked says whether any mark meant used.
func usedMarks(words []string) (rest []string, marked bool) {
	rest = words
	for len(rest) > 0 {
		first, last := strings.ToLower(rest[0]), strings.ToLower(rest[len(rest)-1])
		switch {
		case usedWords[first]:
			rest, marked = rest[1:], true
		case usedWords[last]:
			rest, marked = rest[:len(rest)-1], true
		case first == "[]":
			rest = rest[1:]
		case len(rest) >= 2 && first == "[" && rest[1] == "]":
			rest = rest[2:]
		case strings.HasPrefix(first, "~~") && strings.HasSuffix(last, "~~") && len(strings.Join(rest, " ")) > 4:
			rest = append([]string(nil), rest...)
			rest[0] = strings.TrimPrefix(rest[0], "~~")
			rest[len(rest)-1] = strings.TrimSuffix(rest[len(rest)-1], "~~")
			rest, marked = dropEmpty(rest), true
		default:
			return rest, marked
		}
	}
	return rest, marked
}

func dropEmpty(words []string) []string {
	out := words[:0]
	for _, w := range words {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// hasCodeLike is true when some word of the line, or a run of words the
// site may write one code as, is a code of f once punctuation around it and
// combining marks in it are dropped, and carries a digit like looksLikeCodes
// demands (letters-only words are prose: "verification" fits X's pattern).
// "3f9a1-0c7e2 done", "6152 6374 (laptop)", "code: 3f9a1-0c7e2," and a
// code struck through with U+0336 are caught here.
func hasCodeLike(f *format, words []string) bool {
	trimmed := make([]string, len(words))
	for i, w := range words {
		w = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, w)
		trimmed[i] = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	for i := range trimmed {
		joined := ""
		for k := i; k < len(trimmed) && k < i+f.maxJoin(); k++ {
			if trimmed[k] == "" || !caseFits(f, trimmed[k]) {
				break
			}
			joined += trimmed[k]
			if c, ok := f.normalize(joined); ok && strings.ContainsAny(c, "0123456789") {
				return true
			}
		}
	}
	return false
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

// stripFormat removes invisible format characters (Unicode Cf).
func stripFormat(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}
