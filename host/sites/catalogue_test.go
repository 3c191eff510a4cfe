package sites

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/publicsuffix"
)

// catalogueRegexps lists every regex string in a site, with where it is from.
func catalogueRegexps(s Site) map[string]string {
	out := map[string]string{"code.pattern": s.Code.Pattern}
	for i, st := range s.Steps {
		out["steps["+string(rune('0'+i))+"].url"] = st.URL
		if st.Hash != "" {
			out["steps["+string(rune('0'+i))+"].hash"] = st.Hash
		}
	}
	if s.Capture != nil {
		out["capture.url"] = s.Capture.URL
	}
	if s.PhoneURL != "" {
		out["phone_url"] = s.PhoneURL
	}
	return out
}

// TestCatalogue validates the embedded data file itself: it is what the
// extension runs on, so a mistake here breaks pages silently.
func TestCatalogue(t *testing.T) {
	all := All()
	if len(all) < 8 {
		t.Fatalf("only %d sites", len(all))
	}
	ids := map[string]bool{}
	domains := map[string]string{}
	for _, s := range all {
		t.Run(s.ID, func(t *testing.T) {
			if s.ID == "" || s.ID != strings.ToLower(s.ID) || strings.Contains(s.ID, ".") || ids[s.ID] {
				t.Errorf("bad or duplicate id %q", s.ID)
			}
			ids[s.ID] = true
			if s.Name == "" || len(s.Domains) == 0 {
				t.Error("name and domains are required")
			}
			for _, d := range s.Domains {
				if etld1, err := publicsuffix.EffectiveTLDPlusOne(d); err != nil || etld1 != d {
					t.Errorf("domain %q is not a registrable domain (%q, %v)", d, etld1, err)
				}
				if other, dup := domains[d]; dup {
					t.Errorf("domain %q also belongs to %s", d, other)
				}
				domains[d] = s.ID
			}
			for where, re := range catalogueRegexps(s) {
				// (?...) flags and groups differ between Go and JS; keep to the shared subset.
				if _, err := regexp.Compile(re); err != nil || strings.Contains(re, "(?") || strings.Contains(re, `\z`) {
					t.Errorf("%s %q is not a portable regex: %v", where, re, err)
				}
			}
			checkCode(t, s)
			checkSteps(t, s)
			checkNewCode(t, s)
			checkCapture(t, s)
			for _, u := range []string{s.RegenerateURL, s.Switch.URL} {
				if u != "" {
					if err := CheckOrigin(s.ID, u); err != nil {
						t.Errorf("URL %q is not on the site: %v", u, err)
					}
				}
			}
			if len(s.Errors) == 0 {
				t.Error("no error fragments")
			}
		})
	}
}

func checkCode(t *testing.T, s Site) {
	c := s.Code
	if re, err := regexp.Compile(c.Pattern); err == nil && !re.MatchString(c.Example) {
		t.Errorf("example %q does not match %q", c.Example, c.Pattern)
	}
	if c.Count < 1 || (c.Case != "lower" && c.Case != "upper") {
		t.Errorf("count %d / case %q", c.Count, c.Case)
	}
	for _, n := range c.FileNames {
		if _, err := path.Match(n, ""); err != nil || n != path.Base(n) {
			t.Errorf("file name pattern %q: %v", n, err)
		}
	}
	if l := c.Display; l != nil {
		total := 0
		for _, g := range l.Groups {
			total += g
		}
		if total != len(c.Example) {
			t.Errorf("display groups add to %d, example has %d", total, len(c.Example))
		}
	}
}

func checkSteps(t *testing.T, s Site) {
	if s.BackupStep != "separate" && s.BackupStep != "otp_field" {
		t.Errorf("backup_step %q", s.BackupStep)
	}
	kinds := map[string]bool{}
	for _, st := range s.Steps {
		if st.Kind != "backup" && st.Kind != "otp" {
			t.Errorf("step kind %q", st.Kind)
		}
		if !strings.HasPrefix(st.URL, "^/") || len(st.Fields) == 0 {
			t.Errorf("step %s: url must be anchored at the path, fields required", st.Kind)
		}
		kinds[st.Kind] = true
	}
	if s.BackupStep == "separate" && !kinds["backup"] || s.BackupStep == "otp_field" && !kinds["otp"] {
		t.Errorf("backup_step %q without the matching step", s.BackupStep)
	}
	for k := range kinds {
		var en, ja bool
		for _, h := range s.Headings[k] {
			en = en || isLatin(h)
			ja = ja || isJapanese(h)
		}
		if !en || !ja {
			t.Errorf("headings[%s] need English and Japanese texts, got %q", k, s.Headings[k])
		}
	}
	if len(s.Switch.Texts) > 0 {
		var en, ja bool
		for _, h := range s.Switch.Texts {
			en = en || isLatin(h)
			ja = ja || isJapanese(h)
		}
		if !en || !ja {
			t.Errorf("switch texts need English and Japanese, got %q", s.Switch.Texts)
		}
	}
}

// checkNewCode: a one-code-at-a-time site says where its next code is
// found, in English and Japanese (the popup's languages); no other site does.
func checkNewCode(t *testing.T, s Site) {
	if !s.OneAtATime {
		if len(s.NewCode) > 0 {
			t.Errorf("new_code on a site that is not one_at_a_time")
		}
		return
	}
	if en := s.NewCode["en"]; !isLatin(en) {
		t.Errorf("new_code.en %q: an English path is required", en)
	}
	if ja := s.NewCode["ja"]; !isJapanese(ja) {
		t.Errorf("new_code.ja %q: a Japanese path is required", ja)
	}
}

func checkCapture(t *testing.T, s Site) {
	for where, re := range map[string]string{"capture.url": captureURL(s), "phone_url": s.PhoneURL} {
		if re != "" && !strings.HasPrefix(re, "^/") {
			t.Errorf("%s %q must be anchored at the path", where, re)
		}
	}
	if c := s.Capture; c != nil && len(c.Codes) == 0 {
		t.Error("capture needs selectors of the codes block")
	}
}

func captureURL(s Site) string {
	if s.Capture == nil {
		return ""
	}
	return s.Capture.URL
}

func isJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

func isLatin(s string) bool { return !isJapanese(s) && strings.ContainsFunc(s, unicode.IsLetter) }

// TestCatalogueJSON checks that what the extension gets is what the host uses.
func TestCatalogueJSON(t *testing.T) {
	var fromJSON []Site
	if err := json.Unmarshal(CatalogueJSON(), &fromJSON); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(fromJSON)
	b, _ := json.Marshal(All())
	if !bytes.Equal(a, b) {
		t.Fatal("CatalogueJSON and All disagree")
	}
	if _, err := load([]byte(`[{"id":"x","surprise":1}]`)); err == nil {
		t.Fatal("unknown field accepted")
	}
	CatalogueJSON()[0] = 'X' // callers get a copy
	if CatalogueJSON()[0] != '[' {
		t.Fatal("CatalogueJSON shares its buffer")
	}
}

// TestRegexpsInJS compiles every regex with the JavaScript engine the
// extension runs on, when node is installed.
func TestRegexpsInJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	var res []string
	for _, s := range All() {
		for _, re := range catalogueRegexps(s) {
			res = append(res, re)
		}
	}
	in, _ := json.Marshal(res)
	script := `const rs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
for (const r of rs) { try { new RegExp(r, 'u'); } catch (e) { console.log(r + ': ' + e.message); process.exitCode = 1; } }`
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin = bytes.NewReader(in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node rejects catalogue regexps: %v\n%s", err, out)
	}
}
