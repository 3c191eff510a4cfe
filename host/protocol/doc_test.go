package protocol

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/vault"
)

// docField is one field named in a PROTOCOL.md table cell.
type docField struct {
	name     string
	optional bool
}

var backticked = regexp.MustCompile("`([^`]*)`")

// parseCell reads "`a`, `b` (optional), `c` (account summary)": each item's
// first backticked word is the field, and "optional" in the item makes it
// optional.
func parseCell(t *testing.T, cell string) []docField {
	t.Helper()
	var out []docField
	for _, item := range strings.Split(cell, ", ") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		m := backticked.FindStringSubmatch(item)
		if m == nil {
			t.Fatalf("PROTOCOL.md: %q names no field", item)
		}
		out = append(out, docField{name: m[1], optional: strings.Contains(item, "optional")})
	}
	return out
}

// docTable returns the rows (cells trimmed, header and rule skipped) of the
// table whose header row starts with header.
func docTable(t *testing.T, doc, header string) [][]string {
	t.Helper()
	var rows [][]string
	in := false
	for _, line := range strings.Split(doc, "\n") {
		switch {
		case strings.HasPrefix(line, header):
			in = true
		case in && strings.HasPrefix(line, "|---"):
		case in && strings.HasPrefix(line, "|"):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			rows = append(rows, cells)
		case in:
			return rows
		}
	}
	if len(rows) == 0 {
		t.Fatalf("PROTOCOL.md has no table %q", header)
	}
	return rows
}

func names(fs []docField) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.name)
	}
	slices.Sort(out)
	return out
}

// wireFields are t's fields as the doc names them, sorted.
func wireFields(t reflect.Type) []docField {
	var out []docField
	for _, f := range fields(t) {
		if f.name != "" {
			out = append(out, docField{name: f.name, optional: !f.required})
		}
	}
	slices.SortFunc(out, func(a, b docField) int { return strings.Compare(a.name, b.name) })
	return out
}

func readProtocolDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../PROTOCOL.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestProtocolDocMatchesTypes: every request type the host serves is a row
// of PROTOCOL.md's table and no other row is; each row's request fields
// are the request struct's (required exactly when not "optional"), and its
// result fields are the result type's.
func TestProtocolDocMatchesTypes(t *testing.T) {
	doc := readProtocolDoc(t)
	seen := map[string]bool{}
	for _, row := range docTable(t, doc, "| type | request fields | result fields |") {
		if len(row) != 3 {
			t.Fatalf("PROTOCOL.md row %q: want 3 cells", row)
		}
		typ := strings.Trim(row[0], "`")
		seen[typ] = true
		k, ok := kinds[typ]
		if !ok {
			t.Errorf("PROTOCOL.md documents %q, which the host does not serve", typ)
			continue
		}
		req := parseCell(t, row[1])
		code := wireFields(k.request)
		if !slices.Equal(names(req), names(code)) {
			t.Errorf("%s request fields: PROTOCOL.md %v, %s %v", typ, names(req), k.request, names(code))
		}
		for _, d := range req {
			for _, c := range code {
				if d.name == c.name && d.optional != c.optional {
					t.Errorf("%s.%s: PROTOCOL.md says optional=%v, the struct tag says optional=%v", typ, d.name, d.optional, c.optional)
				}
			}
		}
		if got, want := names(parseCell(t, row[2])), names(wireFields(k.result)); !slices.Equal(got, want) {
			t.Errorf("%s result fields: PROTOCOL.md %v, %s %v", typ, got, k.result, want)
		}
	}
	for typ := range kinds {
		if !seen[typ] {
			t.Errorf("the host serves %q, which PROTOCOL.md does not document", typ)
		}
	}
}

// TestProtocolDocObjects: the objects inside results have the fields the
// doc lists.
func TestProtocolDocObjects(t *testing.T) {
	objects := map[string]reflect.Type{
		"account summary": reflect.TypeFor[vault.Summary](),
		"offer account":   reflect.TypeFor[service.OfferAccount](),
		"history event":   reflect.TypeFor[HistoryEvent](),
		"sync status":     reflect.TypeFor[SyncStatus](),
		"uncertain code":  reflect.TypeFor[vault.Pending](),
		"ready site":      reflect.TypeFor[service.ReadySite](),
	}
	rows := docTable(t, readProtocolDoc(t), "| object | fields |")
	if len(rows) != len(objects) {
		t.Errorf("PROTOCOL.md lists %d objects, want %d", len(rows), len(objects))
	}
	for _, row := range rows {
		typ, ok := objects[row[0]]
		if !ok {
			t.Errorf("PROTOCOL.md lists the object %q, which no test type stands for", row[0])
			continue
		}
		if got, want := names(parseCell(t, row[1])), names(wireFields(typ)); !slices.Equal(got, want) {
			t.Errorf("%s fields: PROTOCOL.md %v, %s %v", row[0], got, typ, want)
		}
	}
}

// TestRequiredTagsAreOnStrings: `wire:"required"` means "present and not
// blank", which only a string (not blank) or a pointer (not null) can say;
// a tag elsewhere would be ignored.
func TestRequiredTagsAreOnStrings(t *testing.T) {
	for typ, k := range kinds {
		for i := range k.request.NumField() {
			f := k.request.Field(i)
			if f.Tag.Get("wire") != "" && (f.Tag.Get("wire") != "required" || !requirable(f.Type.Kind())) {
				t.Errorf("%s.%s: tag wire:%q on a %s; only strings and pointers can be required", typ, f.Name, f.Tag.Get("wire"), f.Type)
			}
		}
	}
}
