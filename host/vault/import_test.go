package vault

import (
	"errors"
	"slices"
	"testing"
)

func TestImportErrorsLeaveVaultUnchanged(t *testing.T) {
	tests := []struct {
		name        string
		site, label string
		codes       []string
		replace     bool
		err         error
	}{
		{"empty list", "github", "octocat", nil, false, ErrInvalid},
		{"empty list replace", "github", "octocat", []string{}, true, ErrInvalid},
		{"no site", " ", "octocat", codesN("z", 1), false, ErrInvalid},
		{"no label", "github", "  ", codesN("z", 1), false, ErrInvalid},
		{"empty code", "github", "new", []string{"a", ""}, false, ErrInvalid},
		{"dup in input", "github", "new", []string{"a", "b", "a"}, false, ErrDuplicate},
		{"dup in input replace", "github", "octocat", []string{"x", "x"}, true, ErrDuplicate},
		{"dup of stored unused", "github", "octocat", []string{"fresh", "a0001-00001"}, false, ErrDuplicate},
		{"dup of stored used", "github", "OCTOCAT", []string{"a0000-00000"}, false, ErrDuplicate},
		{"no clock", "github", "new", codesN("z", 1), false, errNoClock},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := newClock()
			v := New()
			a := mustImport(t, v, tc.Clock(), "github", "octocat", codesN("a", 3))
			if _, err := v.Take(a, UsedOnCLI, tc.Clock()); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, v)
			c := tc.Clock()
			if errors.Is(tt.err, errNoClock) {
				c = Clock{}
			}
			acc, n, err := v.Import(tt.site, tt.label, tt.codes, tt.replace, c)
			if !errors.Is(err, tt.err) || acc != nil || n != 0 {
				t.Fatalf("Import = %v, %d, %v; want error %v", acc, n, err, tt.err)
			}
			assertUnchanged(t, v, before)
		})
	}
}

func TestImportNewAndAppend(t *testing.T) {
	tc := newClock()
	v := New()
	a, n, err := v.Import("github", " octocat ", codesN("a", 16), false, tc.Clock())
	if err != nil || n != 16 {
		t.Fatalf("Import: %d %v", n, err)
	}
	if a.Label != "octocat" || a.Site != "github" || a.ID == "" || len(a.Codes) != 16 {
		t.Fatalf("account = %+v", a)
	}
	if a.Created.IsZero() || !a.Updated.Equal(a.Created) {
		t.Errorf("times: created %v updated %v", a.Created, a.Updated)
	}
	// Appending to the same account (label matched case-insensitively).
	a2, n, err := v.Import("github", "OctoCat", codesN("b", 2), false, tc.Clock())
	if err != nil || n != 2 || a2.ID != a.ID || len(a2.Codes) != 18 || len(v.Accounts) != 1 {
		t.Fatalf("append: %+v %d %v", a2, n, err)
	}
	// A different site with the same label is a different account.
	a3 := mustImport(t, v, tc.Clock(), "gitlab", "octocat", codesN("a", 1))
	if a3.ID == a.ID || len(v.Accounts) != 2 {
		t.Fatalf("gitlab account reused github's")
	}
	ids := map[string]bool{}
	for _, acc := range v.Accounts {
		for _, c := range acc.Codes {
			if ids[c.ID] || c.State != Unused {
				t.Fatalf("code %+v duplicated or not unused", c)
			}
			ids[c.ID] = true
		}
	}
	var kinds []string
	for _, e := range v.Events {
		kinds = append(kinds, e.Kind)
		if e.CodeID != "" || e.AccountID == "" {
			t.Errorf("import event %+v", e)
		}
	}
	if !slices.Equal(kinds, []string{KindImport, KindImport, KindImport}) {
		t.Errorf("kinds = %v", kinds)
	}
}

func TestImportReplace(t *testing.T) {
	tc := newClock()
	v := New()
	a := mustImport(t, v, tc.Clock(), "github", "octocat", codesN("a", 5))
	c := tc.Clock()
	used, _ := v.Take(a, UsedOnCLI, c)
	v.Reserve(a, "https://github.com/x", c)
	unc, _, _ := v.Reserve(a, "https://github.com/y", c)
	if n, _ := v.ExpireReservations(unc.ReservedAt.Add(11*60e9), 10*60e9, c); n != 2 {
		t.Fatalf("expired %d, want 2", n)
	}
	// New set may even repeat an old value: replace checks only the input.
	a, n, err := v.Import("github", "octocat", append(codesN("n", 3), used.Value), true, c)
	if err != nil || n != 4 {
		t.Fatalf("replace: %d %v", n, err)
	}
	want := []State{Used, Revoked, Revoked, Revoked, Revoked, Unused, Unused, Unused, Unused}
	if got := states(a); !slices.Equal(got, want) {
		t.Fatalf("states = %v, want %v", got, want)
	}
	// Revoked codes are never offered, and the old used one stays as history.
	for range 4 {
		code, unc, err := v.Reserve(a, "https://github.com/z", c)
		if err != nil || unc || code.Generation != 1 {
			t.Fatalf("Reserve after replace = %+v %v %v", code, unc, err)
		}
	}
	if _, _, err := v.Reserve(a, "https://github.com/z", c); !errors.Is(err, ErrExhausted) {
		t.Fatalf("Reserve on revoked-only = %v, want ErrExhausted", err)
	}
	if _, err := v.Consume(a.Codes[1].ID, "https://github.com/x", c); !errors.Is(err, ErrBadState) {
		t.Errorf("Consume of a revoked reservation = %v, want ErrBadState", err)
	}
	if v.Events[len(v.Events)-5].Kind != KindReplace {
		t.Errorf("no replace event in %+v", v.Events)
	}
	// Replace on a missing account just creates it.
	b, n, err := v.Import("gitlab", "me", codesN("g", 2), true, c)
	if err != nil || n != 2 || b.Generation != 0 || v.Events[len(v.Events)-1].Kind != KindImport {
		t.Fatalf("replace-create: %+v %d %v", b, n, err)
	}
}
