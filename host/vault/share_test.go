package vault

import (
	"testing"
	"time"
)

// twoCopies is one vault with a 4-code GitHub account, copied for two
// machines whose clocks make ids that never collide.
func twoCopies(t *testing.T) (left, right *Vault, aID string, lc, rc Clock) {
	t.Helper()
	tc := newClock()
	base := New()
	aID = mustImport(t, base, tc.Clock(), "github", "octocat", codesN("a", 4)).ID
	left, _ = Unmarshal(snapshot(t, base))
	right, _ = Unmarshal(snapshot(t, base))
	return left, right, aID, tc.Clock(), otherClock(tc.now.Add(time.Hour))
}

func codeStates(t *testing.T, v *Vault, aID string) []State {
	t.Helper()
	a, err := v.AccountByID(aID)
	if err != nil {
		t.Fatal(err)
	}
	return states(a)
}

func TestMergeRestoreSyncs(t *testing.T) {
	left, right, aID, lc, rc := twoCopies(t)
	la, _ := left.AccountByID(aID)
	if _, err := left.Use(la, "a0000-00000", "cli", lc); err != nil {
		t.Fatal(err)
	}
	// The right machine learns of the use, then the left one restores it.
	right = right.Merge(left)
	if got := codeStates(t, right, aID)[0]; got != Used {
		t.Fatalf("after the first sync the right copy has %s, want used", got)
	}
	if _, err := left.Restore(la, "a0000-00000", lc); err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*Vault{"right+left": right.Merge(left), "left+right": left.Merge(right)} {
		if got := codeStates(t, m, aID)[0]; got != Unused {
			t.Errorf("%s: restored code is %s, want unused", name, got)
		}
	}
	// Used again on the right after that: the later cycle's use wins on both.
	right = right.Merge(left)
	ra, _ := right.AccountByID(aID)
	if _, err := right.Use(ra, "a0000-00000", "https://github.com/", rc); err != nil {
		t.Fatal(err)
	}
	if got := codeStates(t, left.Merge(right), aID)[0]; got != Used {
		t.Errorf("a use after the restore came back %s, want used", got)
	}
}

func TestMergeRestoreKeepsAnUnseenUse(t *testing.T) {
	left, right, aID, lc, rc := twoCopies(t)
	la, _ := left.AccountByID(aID)
	ra, _ := right.AccountByID(aID)
	// Both machines use the same code before syncing; the left restores its
	// own use, which says nothing of the right's.
	if _, err := left.Use(la, "a0001-00001", "cli", lc); err != nil {
		t.Fatal(err)
	}
	if _, err := right.Use(ra, "a0001-00001", "https://github.com/", rc); err != nil {
		t.Fatal(err)
	}
	if _, err := left.Restore(la, "a0001-00001", lc); err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*Vault{"left+right": left.Merge(right), "right+left": right.Merge(left)} {
		got := codeStates(t, m, aID)[1]
		if got != Used {
			t.Errorf("%s: code is %s, want used (the restore never saw this use)", name, got)
		}
		// And it stays used when merged with the restorer again.
		if got := codeStates(t, m.Merge(left), aID)[1]; got != Used {
			t.Errorf("%s, merged again: %s", name, got)
		}
	}
}

func TestMergeReplaceRevokesEverywhere(t *testing.T) {
	left, right, aID, lc, rc := twoCopies(t)
	ra, _ := right.AccountByID(aID)
	// The right machine used code 0, used and restored code 1; the left one
	// replaced the set.
	if _, err := right.Use(ra, "a0000-00000", "cli", rc); err != nil {
		t.Fatal(err)
	}
	if _, err := right.Use(ra, "a0001-00001", "cli", rc); err != nil {
		t.Fatal(err)
	}
	if _, err := right.Restore(ra, "a0001-00001", rc); err != nil {
		t.Fatal(err)
	}
	if _, _, err := left.Import("github", "octocat", codesN("b", 2), true, lc); err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*Vault{"left+right": left.Merge(right), "right+left": right.Merge(left)} {
		got := codeStates(t, m, aID)
		want := []State{Used, Revoked, Revoked, Revoked, Unused, Unused}
		if len(got) != len(want) {
			t.Fatalf("%s: states %v, want %v", name, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: states %v, want %v", name, got, want)
				break
			}
		}
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRestoreOfAReplacedSetRevokes(t *testing.T) {
	v, _, aID, c, _ := twoCopies(t)
	a, _ := v.AccountByID(aID)
	if _, err := v.Use(a, "a0000-00000", "cli", c); err != nil {
		t.Fatal(err)
	}
	if _, _, err := v.Import("github", "octocat", codesN("b", 2), true, c); err != nil {
		t.Fatal(err)
	}
	got, err := v.Restore(a, "a0000-00000", c)
	if err != nil || got.State != Revoked {
		t.Errorf("restore of a replaced set's code = %s, %v; want revoked", got.State, err)
	}
}

func TestShareableDropsReservations(t *testing.T) {
	v, _, aID, c, _ := twoCopies(t)
	a, _ := v.AccountByID(aID)
	if _, _, err := v.Reserve(a, "https://github.com/", c); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Use(a, "a0001-00001", "cli", c); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, v)
	s := v.Shareable()
	assertUnchanged(t, v, before)
	sa, _ := s.AccountByID(aID)
	if got := states(sa); got[0] != Unused || got[1] != Used {
		t.Errorf("shared states %v, want the reservation gone and the use kept", got)
	}
	if !sa.Codes[0].ReservedAt.IsZero() || sa.Codes[0].ReservedOn != "" {
		t.Errorf("shared code keeps its reservation: %+v", sa.Codes[0])
	}
	for _, e := range s.Events {
		if e.Kind == KindReserve || e.Kind == KindRelease {
			t.Errorf("shared a %s event", e.Kind)
		}
	}
	if len(s.Events) != len(v.Events)-1 {
		t.Errorf("shared %d events of %d, want all but the reserve", len(s.Events), len(v.Events))
	}
}

func TestTwins(t *testing.T) {
	c := newClock().Clock()
	a, b := New(), New()
	mustImport(t, a, c, "github", "Octocat", codesN("a", 2))
	mustImport(t, b, c, "github", "octocat", codesN("a", 2))
	mustImport(t, b, c, "gitlab", "octocat", codesN("g", 2))
	if got := a.Merge(b).Twins(); len(got) != 1 || got[0] != `github account "Octocat"` {
		t.Errorf("Twins = %q", got)
	}
	if got := b.Merge(b).Twins(); len(got) != 0 {
		t.Errorf("a vault merged with itself has twins: %q", got)
	}
}

func TestLaneSpreadsTakes(t *testing.T) {
	tests := []struct {
		lane Lane
		want string
	}{
		{Lane{}, "a0000-00000"},
		{Lane{Index: 0, Count: 2}, "a0000-00000"},
		{Lane{Index: 1, Count: 2}, "a0002-00002"},
		{Lane{Index: 3, Count: 4}, "a0003-00003"},
		{Lane{Index: 2, Count: 2}, "a0000-00000"}, // out of range: the first
	}
	for _, tt := range tests {
		v, _, aID, c, _ := twoCopies(t)
		v.Lane = tt.lane
		a, _ := v.AccountByID(aID)
		if next, _, err := v.Next(a); err != nil || next.Value != tt.want {
			t.Errorf("%+v: Next = %s, %v; want %s", tt.lane, next.Value, err, tt.want)
		}
		got, err := v.Take(a, "cli", c)
		if err != nil || got.Value != tt.want {
			t.Errorf("%+v: Take = %s, %v; want %s", tt.lane, got.Value, err, tt.want)
		}
	}
	// A lane wraps round: the last machine still gets the first codes once
	// its own part is spent.
	v, _, aID, c, _ := twoCopies(t)
	v.Lane = Lane{Index: 1, Count: 2}
	a, _ := v.AccountByID(aID)
	var got []string
	for range 4 {
		code, err := v.Take(a, "cli", c)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, code.Value)
	}
	want := []string{"a0002-00002", "a0003-00003", "a0000-00000", "a0001-00001"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("takes in lane 1 of 2: %v, want %v", got, want)
		}
	}
}
