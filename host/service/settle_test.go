package service

import (
	"context"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// TestSettle: an uncertain code (reserved, then past the TTL) settles
// either way through the service; a second settle is bad_state and writes
// nothing.
func TestSettle(t *testing.T) {
	tests := []struct {
		name      string
		used      bool
		wantState vault.State
		wantLeft  int
	}{
		{"I used it", true, vault.Used, 1},
		{"still good", false, vault.Unused, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, st, tc := setup(t)
			importGitHub(t, s, "octocat", 2)
			list, _ := s.List(ctx)
			r, err := s.Reserve(ctx, list[0].ID, recoveryURL)
			if err != nil {
				t.Fatal(err)
			}
			tc.advance(DefaultReserveTTL + time.Second)
			list, _ = s.List(ctx)
			if len(list[0].UncertainCodes) != 1 || list[0].UncertainCodes[0].ID != r.CodeID {
				t.Fatalf("list before settle = %+v; want %s uncertain", list[0], r.CodeID)
			}

			code, err := s.Settle(ctx, r.CodeID, tt.used)
			if err != nil || code.State != tt.wantState {
				t.Fatalf("Settle = %+v, %v; want %s", code, err, tt.wantState)
			}
			list, _ = s.List(ctx)
			if list[0].Remaining != tt.wantLeft || list[0].Uncertain != 0 {
				t.Errorf("after settle %+v; want %d left, none uncertain", list[0], tt.wantLeft)
			}

			data, writes := st.snapshot()
			_, err = s.Settle(ctx, r.CodeID, false)
			if ErrorCode(err) != CodeBadState {
				t.Errorf("second settle: %v; want bad_state", err)
			}
			if d, w := st.snapshot(); d != data || w != writes {
				t.Errorf("a refused settle wrote the vault")
			}
		})
	}
}
