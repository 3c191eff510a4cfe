package vault

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// otherClock makes ids that cannot collide with testClock's, for a second
// copy of a vault that diverges from the first.
func otherClock(start time.Time) Clock {
	now, n := start, 0
	return Clock{
		Now:   func() time.Time { now = now.Add(time.Second); return now },
		NewID: func() string { n++; return fmt.Sprintf("other-%d", n) },
	}
}

func TestMerge(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	base := New()
	a := mustImport(t, base, c, "github", "octocat", codesN("a", 4))
	rm := mustImport(t, base, c, "gitlab", "old", codesN("g", 1)).ID
	aID := a.ID

	left, _ := Unmarshal(snapshot(t, base))
	right, _ := Unmarshal(snapshot(t, base))
	lc := tc.Clock()
	rc := otherClock(tc.now.Add(time.Hour)) // right acts later

	la, _ := left.AccountByID(aID)
	ra, _ := right.AccountByID(aID)
	// Code 0: used on both sides; the earlier use (left) wins.
	left.Use(la, "a0000-00000", "https://left", lc)
	right.Use(ra, "a0000-00000", "https://right", rc)
	// Code 1: used on the right, reserved on the left: used wins.
	right.Use(ra, "a0001-00001", "https://right", rc)
	if r, _, _ := left.Reserve(la, "https://left", lc); r.Value != "a0001-00001" {
		t.Fatalf("left reserved %s", r.Value)
	}
	// Right renames the account (later Updated wins) and removes gitlab;
	// left imports a new account.
	right.Rename(aID, "renamed", rc)
	right.Remove(rm, rc)
	newAcc := mustImport(t, left, lc, "pypi", "me", codesN("p", 2)).ID
	leftBefore, rightBefore := snapshot(t, left), snapshot(t, right)

	m := left.Merge(right)
	assertUnchanged(t, left, leftBefore)
	assertUnchanged(t, right, rightBefore)

	if _, err := m.AccountByID(rm); err == nil {
		t.Errorf("removed account came back")
	}
	if _, err := m.AccountByID(newAcc); err != nil {
		t.Errorf("left's new account lost: %v", err)
	}
	ma, err := m.AccountByID(aID)
	if err != nil {
		t.Fatal(err)
	}
	if ma.Label != "renamed" {
		t.Errorf("label = %q, want the later rename", ma.Label)
	}
	want := []struct {
		state State
		on    string
	}{{Used, "https://left"}, {Used, "https://right"}, {Unused, ""}, {Unused, ""}}
	for i, w := range want {
		got := ma.Codes[i]
		if got.State != w.state || got.UsedOn != w.on {
			t.Errorf("code %d = %s on %q, want %s on %q", i, got.State, got.UsedOn, w.state, w.on)
		}
	}
	if len(m.Events) != len(left.Events)+len(right.Events)-len(base.Events) {
		t.Errorf("merged %d events, want the union", len(m.Events))
	}
	for i := 1; i < len(m.Events); i++ {
		if m.Events[i].Time.Before(m.Events[i-1].Time) {
			t.Errorf("events out of time order at %d", i)
		}
	}
	// Merging is symmetric in outcome and idempotent.
	m2 := right.Merge(left)
	j1, _ := json.Marshal(sortByID(m.Summaries(nil)))
	j2, _ := json.Marshal(sortByID(m2.Summaries(nil)))
	if s1, s2 := string(j1), string(j2); s1 != s2 {
		t.Errorf("merge not symmetric:\n%v\n%v", s1, s2)
	}
	if !bytes.Equal(snapshot(t, m.Merge(m)), snapshot(t, m)) {
		t.Errorf("merge not idempotent")
	}
	if _, err := Unmarshal(snapshot(t, m)); err != nil {
		t.Errorf("merged vault invalid: %v", err)
	}
}

func sortByID(s []Summary) map[string]Summary {
	out := map[string]Summary{}
	for _, x := range s {
		out[x.ID] = x
	}
	return out
}

func TestMergeCodeRank(t *testing.T) {
	early, late := t0, t0.Add(time.Minute)
	tests := []struct {
		a, b Code
		want Code
	}{
		{Code{State: Unused}, Code{State: Reserved}, Code{State: Reserved}},
		{Code{State: Uncertain}, Code{State: Reserved}, Code{State: Uncertain}},
		{Code{State: Revoked}, Code{State: Uncertain}, Code{State: Revoked}},
		{Code{State: Revoked}, Code{State: Used, UsedAt: late}, Code{State: Used, UsedAt: late}},
		{Code{State: Used, UsedAt: late, UsedOn: "l"}, Code{State: Used, UsedAt: early, UsedOn: "e"}, Code{State: Used, UsedAt: early, UsedOn: "e"}},
		{Code{State: Used, UsedAt: early, UsedOn: "e"}, Code{State: Used, UsedAt: late, UsedOn: "l"}, Code{State: Used, UsedAt: early, UsedOn: "e"}},
	}
	for i, tt := range tests {
		if got := mergeCode(tt.a, tt.b); got != tt.want {
			t.Errorf("%d: mergeCode = %+v, want %+v", i, got, tt.want)
		}
		if got := mergeCode(tt.b, tt.a); got != tt.want {
			t.Errorf("%d: mergeCode reversed = %+v, want %+v", i, got, tt.want)
		}
	}
}
