package vault

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// Codes the file marks as used are stored used on "import", each with its
// own use event, are never handed out, and can be restored.
func TestImportMarkedStoresUsedCodes(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	cs := codesN("a", 4)
	a, n, err := v.ImportMarked("github", "octocat", cs, []string{cs[1], cs[3]}, false, c)
	if err != nil || n != 4 {
		t.Fatalf("ImportMarked = %d, %v", n, err)
	}
	if got, want := states(a), []State{Unused, Used, Unused, Used}; !slices.Equal(got, want) {
		t.Fatalf("states = %v, want %v", got, want)
	}
	var kinds []string
	for _, e := range v.Events {
		kinds = append(kinds, e.Kind+":"+e.CodeID+":"+e.URL)
	}
	want := []string{"import::", "use:" + a.Codes[1].ID + ":import", "use:" + a.Codes[3].ID + ":import"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("events = %v, want %v", kinds, want)
	}
	if a.Codes[1].UsedOn != UsedOnImport || a.Codes[1].EventID != v.Events[1].ID {
		t.Errorf("used code = %+v", a.Codes[1])
	}
	sum := v.Summary(a, nil)
	if sum.Total != 4 || sum.Remaining != 2 || sum.Used != 2 || sum.LastUsed != nil {
		t.Errorf("summary = %+v; want 2 of 4 left and no last use", sum)
	}
	_, err = v.Use(a, cs[1], UsedOnCLI, c)
	var used *AlreadyUsedError
	if !errors.As(err, &used) || !strings.Contains(err.Error(), "marked as used in the file imported on") {
		t.Errorf("Use of a marked code = %v", err)
	}
	for _, want := range []string{cs[0], cs[2]} {
		if got, err := v.Take(a, UsedOnCLI, c); err != nil || got.Value != want {
			t.Fatalf("Take = %q, %v; want %q", got.Value, err, want)
		}
	}
	if _, err := v.Take(a, UsedOnCLI, c); !errors.Is(err, ErrExhausted) {
		t.Fatalf("Take after the unmarked ones = %v; want ErrExhausted", err)
	}
	if got, err := v.Restore(a, cs[3], c); err != nil || got.State != Unused {
		t.Fatalf("Restore of a marked code = %+v, %v", got, err)
	}
}

func TestImportMarkedRefusesStrayMark(t *testing.T) {
	tc := newClock()
	v := New()
	mustImport(t, v, tc.Clock(), "github", "octocat", codesN("a", 2))
	before := snapshot(t, v)
	_, _, err := v.ImportMarked("github", "hubot", codesN("b", 2), []string{"c0000-00000"}, false, tc.Clock())
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("ImportMarked with a mark outside the codes = %v; want ErrInvalid", err)
	}
	assertUnchanged(t, v, before)
}
