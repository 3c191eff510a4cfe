package service

import (
	"context"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/vault"
)

// A file that marks spent codes imports them all, the marked ones as used,
// and take never hands those out.
func TestImportMarkedCodes(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	cs := testkit.GitHubCodes(4, 0)
	text := cs[0] + "  used\n\u200f" + cs[1] + "\n" + cs[2] + " ✓\n" + cs[3] + "\n"
	sum, n, err := s.Import(ctx, "github", "octocat", []byte(text), "", false)
	if err != nil || n != 4 || sum.Total != 4 || sum.Used != 2 || sum.Remaining != 2 || sum.LastUsed != nil {
		t.Fatalf("Import = %+v, %d, %v; want 4 codes, 2 used, no last use", sum, n, err)
	}
	for _, want := range []string{cs[1], cs[3]} {
		if c, err := s.Take(ctx, "github", ""); err != nil || c.Value != want {
			t.Fatalf("Take = %q, %v; want %q", c.Value, err, want)
		}
	}
	err = s.Use(ctx, "github", "", cs[2])
	if ErrorCode(err) != CodeAlreadyUsed || !strings.Contains(err.Error(), "marked as used in the file") {
		t.Fatalf("Use of a code the file marked = %v", err)
	}
	accs, _ := s.Accounts(ctx)
	if c := accs[0].Codes[0]; c.State != vault.Used || c.UsedOn != vault.UsedOnImport {
		t.Fatalf("marked code = %+v", c)
	}
}

// The same code in two accounts of one site is refused, naming the other
// account, so take can never hand it out twice.
func TestImportRefusesAnotherAccountsCode(t *testing.T) {
	ctx := context.Background()
	s, _, _ := setup(t)
	cs := importGitHub(t, s, "octocat", 4)
	_, _, err := s.Import(ctx, "github.com", "hubot", []byte(testkit.Lines(cs[2:])), "", false)
	if ErrorCode(err) != CodeInvalidCodes || ExitCode(err) != 7 || !strings.Contains(err.Error(), `"octocat"`) {
		t.Fatalf("Import of octocat's codes for hubot = %v (%s)", err, ErrorCode(err))
	}
	if _, err := s.Take(ctx, "github", "hubot"); ErrorCode(err) != CodeNotFound {
		t.Fatalf("hubot exists after the refused import: %v", err)
	}
}
