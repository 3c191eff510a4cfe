// Package sites holds the catalogue of known sites: their domains, code
// formats and verification steps. The embedded catalogue.json is the single
// source of truth; the host uses it for origin binding and code parsing and
// serves it unchanged to the extension (the `sites` request).
package sites

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

//go:embed catalogue.json
var catalogueJSON []byte

// Site mirrors one entry of catalogue.json; README.md documents each field.
type Site struct {
	ID            string              `json:"id"`
	Name          string              `json:"name"`
	Aliases       []string            `json:"aliases,omitempty"`
	Domains       []string            `json:"domains"`
	Code          Code                `json:"code"`
	BackupStep    string              `json:"backup_step"`
	Steps         []Step              `json:"steps"`
	Headings      map[string][]string `json:"headings"`
	Switch        Switch              `json:"switch"`
	Errors        []string            `json:"errors"`
	RegenerateURL string              `json:"regenerate_url"`
	Capture       *Capture            `json:"capture,omitempty"`
	PhoneURL      string              `json:"phone_url,omitempty"`
	OneAtATime    bool                `json:"one_at_a_time"`
	NewCode       map[string]string   `json:"new_code,omitempty"`
	Notes         string              `json:"notes,omitempty"`
}

// Code describes a site's backup codes and how the site compares them.
type Code struct {
	Pattern   string   `json:"pattern"`
	Example   string   `json:"example"`
	Count     int      `json:"count"`
	Case      string   `json:"case"`
	Strip     string   `json:"strip"`
	Groups    []int    `json:"groups,omitempty"`
	Separator string   `json:"separator,omitempty"`
	Display   *Layout  `json:"display,omitempty"`
	FileNames []string `json:"file_names"`
	Markers   []string `json:"markers,omitempty"`
}

// Layout is a grouping of a code's characters, e.g. [4,4] with " ".
type Layout struct {
	Groups    []int  `json:"groups"`
	Separator string `json:"separator"`
}

// Step is one verification step of a site's login flow.
type Step struct {
	Kind   string   `json:"kind"`
	URL    string   `json:"url"`
	Hash   string   `json:"hash,omitempty"`
	Fields []string `json:"fields"`
}

// Switch is the link that leads from the OTP step to the backup-code step.
type Switch struct {
	Texts []string `json:"texts"`
	Href  string   `json:"href"`
	URL   string   `json:"url"`
}

// catalogue is decoded once at init; a broken embedded file is a build bug,
// caught by TestCatalogue, so init fails loudly rather than serving nothing.
var catalogue = mustLoad(catalogueJSON)

func mustLoad(data []byte) []Site {
	s, err := load(data)
	if err != nil {
		panic(fmt.Sprintf("sites: embedded catalogue.json: %v", err))
	}
	return s
}

func load(data []byte) ([]Site, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	var s []Site
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decode catalogue: %w", err)
	}
	return s, nil
}

// All returns a copy of every catalogue entry, in catalogue order.
func All() []Site {
	out := make([]Site, len(catalogue))
	copy(out, catalogue)
	return out
}

// ByID returns the site with the given catalogue id (exact, lowercase).
func ByID(id string) (Site, bool) {
	for _, s := range catalogue {
		if s.ID == id {
			return s, true
		}
	}
	return Site{}, false
}

// Name is the display name of a site key: the catalogue name for known sites,
// the key itself (a registrable domain) otherwise.
func Name(siteKey string) string {
	if s, ok := lookup(siteKey); ok {
		return s.Name
	}
	return siteKey
}

// RegenerateURL is the page where the site issues a new set of codes, or ""
// when the catalogue has none for it.
func RegenerateURL(siteKey string) string {
	if s, ok := lookup(siteKey); ok {
		return s.RegenerateURL
	}
	return ""
}

// CatalogueJSON returns the embedded catalogue as served to the extension.
func CatalogueJSON() []byte {
	out := make([]byte, len(catalogueJSON))
	copy(out, catalogueJSON)
	return out
}

// lookup resolves any spelling of a key (id, alias, domain, URL) to a
// catalogue entry.
func lookup(siteKey string) (Site, bool) {
	if s, ok := ByID(siteKey); ok {
		return s, true
	}
	key, err := Canonical(siteKey)
	if err != nil {
		return Site{}, false
	}
	return ByID(key)
}
