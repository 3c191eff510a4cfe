package service

import (
	"context"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/vault"
)

// accountID imports codes for site and label and returns the account's id.
func accountID(t *testing.T, s *Service, site, label string, codes ...string) string {
	t.Helper()
	sum, _, err := s.Import(context.Background(), site, label, []byte(strings.Join(codes, "\n")), "", false)
	if err != nil {
		t.Fatalf("Import %s: %v", site, err)
	}
	return sum.ID
}

// gitHubAccount stores n GitHub codes for octocat; it returns them and the account id.
func gitHubAccount(t *testing.T, s *Service, n int) ([]string, string) {
	t.Helper()
	cs := importGitHub(t, s, "octocat", n)
	list, err := s.List(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %v, %v", list, err)
	}
	return cs, list[0].ID
}

func TestHandOut(t *testing.T) {
	ctx := context.Background()
	s, st, _ := setup(t)
	cs, id := gitHubAccount(t, s, 2)

	for i, want := range cs {
		got, err := s.HandOut(ctx, id)
		if err != nil {
			t.Fatalf("HandOut %d: %v", i, err)
		}
		if got.Code.Value != want || got.Code.State != vault.Used || got.Code.UsedOn != vault.UsedOnAnotherDevice || got.Remaining != len(cs)-i-1 {
			t.Fatalf("HandOut %d = %+v; want %s used on another_device, %d left", i, got, want, len(cs)-i-1)
		}
	}
	before, writes := st.snapshot()
	tests := []struct {
		name, id, code string
	}{
		{"every code used", id, CodeExhausted},
		{"no such account", "no-such-id", CodeNotFound},
	}
	for _, tt := range tests {
		if _, err := s.HandOut(ctx, tt.id); ErrorCode(err) != tt.code {
			t.Errorf("%s: HandOut = %v (%s), want %s", tt.name, err, ErrorCode(err), tt.code)
		}
	}
	if after, w := st.snapshot(); after != before || w != writes {
		t.Error("a failed hand_out changed the vault")
	}

	// "I didn't use it": the restore makes the handed-out code the next one again.
	if _, err := s.RestoreByID(ctx, mustCodeID(t, s, cs[1])); err != nil {
		t.Fatal(err)
	}
	if got, err := s.HandOut(ctx, id); err != nil || got.Code.Value != cs[1] {
		t.Fatalf("HandOut after restore = %+v, %v; want %s", got, err, cs[1])
	}
}

func mustCodeID(t *testing.T, s *Service, value string) string {
	t.Helper()
	accs, err := s.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accs {
		for _, c := range a.Codes {
			if c.Value == value {
				return c.ID
			}
		}
	}
	t.Fatalf("no code %s", value)
	return ""
}

func TestMarkUsed(t *testing.T) {
	ctx := context.Background()
	s, st, tc := setup(t)
	cs, id := gitHubAccount(t, s, 3)
	other := accountID(t, s, "gitlab", "gl", "3f9c0a71b2d4e856")

	// Typed with capitals and without the dash, the code is still recognised.
	typed := strings.ToUpper(strings.ReplaceAll(cs[1], "-", ""))
	got, err := s.MarkUsed(ctx, id, typed)
	if err != nil || got.Code.Value != cs[1] || got.Code.UsedOn != vault.UsedOnElsewhere || got.Remaining != 2 {
		t.Fatalf("MarkUsed = %+v, %v; want %s used elsewhere, 2 left", got, err, cs[1])
	}
	tc.advance(3600e9)

	before, writes := st.snapshot()
	tests := []struct {
		name, id, code, want, says string
	}{
		{"already used", id, cs[1], CodeAlreadyUsed, "2026-11-25T21:00:00Z elsewhere"},
		{"a code the account does not hold", id, "aaaaa-bbbbb", CodeNotFound, "no such code"},
		{"another account's code", id, "3f9c0a71b2d4e856", CodeInvalidCodes, "not a GitHub code"},
		{"malformed", id, "hello", CodeInvalidCodes, "not a GitHub code"},
		{"blank", id, "  ", CodeBadRequest, "a code is required"},
		{"no such account", "nope", cs[0], CodeNotFound, "nope"},
		{"wrong account of the right format", other, cs[0], CodeInvalidCodes, "not a GitLab code"},
	}
	for _, tt := range tests {
		_, err := s.MarkUsed(ctx, tt.id, tt.code)
		if ErrorCode(err) != tt.want || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: MarkUsed = %v (%s), want %s saying %q", tt.name, err, ErrorCode(err), tt.want, tt.says)
		}
	}
	if after, w := st.snapshot(); after != before || w != writes {
		t.Error("a refused mark_used changed the vault")
	}
}

func TestSetCurrent(t *testing.T) {
	ctx := context.Background()
	s, st, _ := setup(t)
	x := accountID(t, s, "x", "jack", "k3v9q2m8x7wz")
	hub := accountID(t, s, "github", "octocat", "a1b2c-3d4e5")
	if _, err := s.HandOut(ctx, x); err != nil {
		t.Fatal(err)
	}

	before, writes := st.snapshot()
	tests := []struct {
		name, id, code, want string
	}{
		{"a site that issues sets", hub, "f0f0f-0f0f0", CodeBadRequest},
		{"malformed for X", x, "no!", CodeInvalidCodes},
		{"too short for X", x, "abc12", CodeInvalidCodes},
		{"blank", x, " ", CodeBadRequest},
		{"the spent code again", x, "K3V9Q2M8X7WZ", CodeAlreadyUsed},
		{"no such account", "nope", "p4n7r2t8w3y6", CodeNotFound},
	}
	for _, tt := range tests {
		if _, err := s.SetCurrent(ctx, tt.id, tt.code); ErrorCode(err) != tt.want {
			t.Errorf("%s: SetCurrent = %v (%s), want %s", tt.name, err, ErrorCode(err), tt.want)
		}
	}
	if after, w := st.snapshot(); after != before || w != writes {
		t.Error("a refused set_current changed the vault")
	}

	sum, err := s.SetCurrent(ctx, x, " P4N7R2T8W3Y6 ")
	if err != nil || sum.Total != 1 || sum.Remaining != 1 || sum.Used != 0 {
		t.Fatalf("SetCurrent = %+v, %v; want one unused code", sum, err)
	}
	accs, _ := s.Accounts(ctx)
	var codes []vault.Code
	for _, a := range accs {
		if a.ID == x {
			codes = a.Codes
		}
	}
	if len(codes) != 2 || codes[0].State != vault.Used || codes[1].Value != "p4n7r2t8w3y6" || codes[1].State != vault.Unused {
		t.Fatalf("codes after SetCurrent = %+v; want the old one used, the new one unused", codes)
	}
	if got, err := s.HandOut(ctx, x); err != nil || got.Code.Value != "p4n7r2t8w3y6" {
		t.Fatalf("HandOut after SetCurrent = %+v, %v", got, err)
	}
}
