package vault

import (
	"slices"
	"testing"
)

func kinds(es []Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Kind
	}
	return out
}

func TestHistoryNewestFirst(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	a := mustImport(t, v, c, "github", "octocat", codesN("a", 3))
	b := mustImport(t, v, c, "gitlab", "other", codesN("b", 3))
	r, _, _ := v.Reserve(a, "u", c)
	v.Take(b, "cli", c)
	v.Consume(r.ID, "u", c)
	v.Restore(a, r.Value, c)
	got := v.History(a.ID)
	want := []string{KindRestore, KindConsume, KindReserve, KindImport}
	if !slices.Equal(kinds(got), want) {
		t.Fatalf("history = %v, want %v", kinds(got), want)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Time.After(got[i-1].Time) {
			t.Errorf("event %d newer than %d", i, i-1)
		}
	}
	if h := v.History("nope"); h == nil || len(h) != 0 {
		t.Errorf("History(unknown) = %#v, want empty non-nil", h)
	}
}

func TestCompact(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	a := mustImport(t, v, c, "github", "octocat", codesN("a", 6))
	b := mustImport(t, v, c, "gitlab", "other", codesN("b", 2))
	gone := mustImport(t, v, c, "pypi", "gone", codesN("p", 1)).ID
	if err := v.Remove(gone, c); err != nil {
		t.Fatal(err)
	}
	last, _ := v.Take(a, "https://github.com/last-use", c) // the event last_used needs
	for range 4 {
		r, _, _ := v.Reserve(a, "u", c)
		v.Release(r.ID, c)
	}
	v.Take(b, "cli", c)
	before := v.Summaries(nil)

	tests := []struct {
		keep  int
		wantA []string
		wantB []string
	}{
		{0, []string{KindUse}, []string{KindUse}},
		{2, []string{KindRelease, KindReserve, KindUse}, []string{KindUse, KindImport}},
		{100, nil, nil}, // nil: unchanged
	}
	for _, tt := range tests {
		cp, _ := Unmarshal(snapshot(t, v))
		cp.Compact(tt.keep)
		if tt.wantA == nil {
			if len(cp.Events) != len(v.Events) {
				t.Errorf("keep %d dropped events", tt.keep)
			}
			continue
		}
		if got := kinds(cp.History(a.ID)); !slices.Equal(got, tt.wantA) {
			t.Errorf("keep %d: a = %v, want %v", tt.keep, got, tt.wantA)
		}
		if got := kinds(cp.History(b.ID)); !slices.Equal(got, tt.wantB) {
			t.Errorf("keep %d: b = %v, want %v", tt.keep, got, tt.wantB)
		}
		if got := kinds(cp.History(gone)); !slices.Contains(got, KindRemove) {
			t.Errorf("keep %d: tombstone dropped: %v", tt.keep, got)
		}
		if h := cp.History(a.ID); tt.keep == 0 && h[0].ID != last.EventID {
			t.Errorf("keep 0 kept %+v, want the last use event", h[0])
		}
		if got := cp.Summaries(nil); !slices.EqualFunc(got, before, func(x, y Summary) bool {
			return x.LastUsed.At.Equal(y.LastUsed.At) && x.LastUsed.On == y.LastUsed.On
		}) {
			t.Errorf("keep %d changed summaries", tt.keep)
		}
	}
	// Negative keep acts as 0.
	v.Compact(-1)
	if len(v.History(a.ID)) != 1 {
		t.Errorf("Compact(-1) kept %v", kinds(v.History(a.ID)))
	}
}
