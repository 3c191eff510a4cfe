package vault

import (
	"errors"
	"slices"
	"testing"
)

func TestFind(t *testing.T) {
	tc := newClock()
	v := New()
	mustImport(t, v, tc.Clock(), "github", "octocat", codesN("a", 2))
	mustImport(t, v, tc.Clock(), "github", "Hubot", codesN("b", 2))
	mustImport(t, v, tc.Clock(), "google", "me@example.com", codesN("c", 2))

	tests := []struct {
		site, label string
		want        string // label of the found account
		err         error
		labels      []string // for ambiguous
	}{
		{"google", "", "me@example.com", nil, nil},
		{"google", "  ME@example.COM ", "me@example.com", nil, nil},
		{"github", "octocat", "octocat", nil, nil},
		{"github", "hubot", "Hubot", nil, nil},
		{"github", "", "", ErrAmbiguous, []string{"octocat", "Hubot"}},
		{"github", "nobody", "", ErrNotFound, nil},
		{"gitlab", "", "", ErrNotFound, nil},
		{"GitHub", "octocat", "", ErrNotFound, nil}, // sites are canonical keys, compared exactly
	}
	for _, tt := range tests {
		t.Run(tt.site+"/"+tt.label, func(t *testing.T) {
			a, err := v.Find(tt.site, tt.label)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if tt.err != nil {
				var amb *AmbiguousError
				if errors.As(err, &amb) != (tt.labels != nil) {
					t.Fatalf("AmbiguousError = %v, want labels %v", err, tt.labels)
				}
				if amb != nil && !slices.Equal(amb.Labels, tt.labels) {
					t.Errorf("labels = %v, want %v", amb.Labels, tt.labels)
				}
				return
			}
			if a.Label != tt.want || a.Site != tt.site {
				t.Errorf("found %s/%s, want %s/%s", a.Site, a.Label, tt.site, tt.want)
			}
		})
	}
}

func TestAmbiguousErrorNamesLabels(t *testing.T) {
	err := &AmbiguousError{Site: "github", Labels: []string{"octocat", "hubot"}}
	if got, want := err.Error(), "github has several accounts (octocat, hubot): choose one"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestByID(t *testing.T) {
	tc := newClock()
	v := New()
	a := mustImport(t, v, tc.Clock(), "github", "octocat", codesN("a", 2))
	got, err := v.AccountByID(a.ID)
	if err != nil || got.Label != "octocat" {
		t.Fatalf("AccountByID = %v, %v", got, err)
	}
	acc, code, err := v.CodeByID(a.Codes[1].ID)
	if err != nil || acc.ID != a.ID || code.Value != a.Codes[1].Value {
		t.Fatalf("CodeByID = %v %v %v", acc, code, err)
	}
	for _, id := range []string{"", "nope"} {
		if _, err := v.AccountByID(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("AccountByID(%q) err = %v", id, err)
		}
		if _, _, err := v.CodeByID(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("CodeByID(%q) err = %v", id, err)
		}
	}
}
