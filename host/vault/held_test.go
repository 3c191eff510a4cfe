package vault

import (
	"errors"
	"strings"
	"testing"
)

// heldVault has three GitHub accounts: octocat (a0000 used, a0001-a0002
// unused), old (b* revoked by a replace with c*), and a GitLab account
// sharing octocat's values (another site may).
func heldVault(t *testing.T, tc *testClock) *Vault {
	t.Helper()
	v := New()
	a := mustImport(t, v, tc.Clock(), "github", "octocat", codesN("a", 3))
	if _, err := v.Take(a, UsedOnCLI, tc.Clock()); err != nil {
		t.Fatal(err)
	}
	mustImport(t, v, tc.Clock(), "github", "old", codesN("b", 2))
	if _, _, err := v.Import("github", "old", codesN("c", 2), true, tc.Clock()); err != nil {
		t.Fatal(err)
	}
	mustImport(t, v, tc.Clock(), "gitlab", "octocat", codesN("a", 3))
	return v
}

func TestImportRefusesCodeOfAnotherAccount(t *testing.T) {
	tests := []struct {
		name    string
		label   string
		codes   []string
		replace bool
		says    []string // the other account and the state of its code
	}{
		{"unused elsewhere", "hubot", []string{"z0000-00000", "a0001-00001"}, false, []string{`"octocat"`, "unused"}},
		{"used elsewhere", "hubot", []string{"a0000-00000"}, false, []string{`"octocat"`, "used"}},
		{"revoked elsewhere", "hubot", []string{"b0001-00001"}, false, []string{`"old"`, "revoked"}},
		{"current set elsewhere", "hubot", codesN("c", 2), false, []string{`"old"`, "unused"}},
		{"replace does not bypass it", "old", []string{"a0002-00002"}, true, []string{`"octocat"`, "unused"}},
		{"appending to an account", "OCTOCAT", []string{"c0000-00000"}, false, []string{`"old"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := newClock()
			v := heldVault(t, tc)
			before := snapshot(t, v)
			acc, n, err := v.Import("github", tt.label, tt.codes, tt.replace, tc.Clock())
			if !errors.Is(err, ErrDuplicate) || acc != nil || n != 0 {
				t.Fatalf("Import = %v, %d, %v; want ErrDuplicate", acc, n, err)
			}
			for _, s := range tt.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %s", err, s)
				}
			}
			assertUnchanged(t, v, before)
		})
	}
}

// A replace whose new set overlaps no other account still works, and after
// any mix of imports no value is ever handed out twice.
func TestReplaceAndTakeNeverRepeatAcrossAccounts(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := heldVault(t, tc)
	if _, n, err := v.Import("github", "octocat", codesN("d", 3), true, c); err != nil || n != 3 {
		t.Fatalf("replace with a fresh set: %d, %v", n, err)
	}
	if _, n, err := v.Import("github", "hubot", codesN("e", 2), false, c); err != nil || n != 2 {
		t.Fatalf("import of a fresh set: %d, %v", n, err)
	}
	// Refused attempts in between must not change what is handed out.
	if _, _, err := v.Import("github", "hubot", codesN("d", 1), false, c); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("import of octocat's new code into hubot = %v", err)
	}
	handed := map[string]string{}
	for _, label := range []string{"octocat", "old", "hubot"} {
		a, err := v.Find("github", label)
		if err != nil {
			t.Fatal(err)
		}
		for {
			code, err := v.Take(a, UsedOnCLI, c)
			if errors.Is(err, ErrExhausted) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if prev, ok := handed[code.Value]; ok {
				t.Fatalf("%s handed out by %s and %s", code.Value, prev, label)
			}
			handed[code.Value] = label
		}
	}
	if len(handed) != 3+2+2 {
		t.Fatalf("handed out %d codes, want 7 (d*, c*, e*): %v", len(handed), handed)
	}
}
