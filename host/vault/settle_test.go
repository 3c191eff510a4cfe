package vault

import (
	"errors"
	"testing"
	"time"
)

// uncertainCode reserves a's first code on page and lets the reservation
// expire, the way a code becomes uncertain for real.
func uncertainCode(t *testing.T, v *Vault, a *Account, c Clock) string {
	t.Helper()
	code, _, err := v.Reserve(a, "https://github.com/sessions/two-factor/recovery", c)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := v.ExpireReservations(code.ReservedAt.Add(time.Hour), 10*time.Minute, c); err != nil || n != 1 {
		t.Fatalf("expire: n=%d err=%v", n, err)
	}
	return code.ID
}

func TestSettle(t *testing.T) {
	const page = "https://github.com/sessions/two-factor/recovery"
	tests := []struct {
		name      string
		setup     func(t *testing.T, v *Vault, a *Account, c Clock) string // returns the code id
		used      bool
		wantState State  // after a successful settle
		wantErr   error  // else
		wantKind  string // the event recorded
		wantOn    string // UsedOn of a code settled used
	}{
		{"uncertain, I used it", uncertainCode, true, Used, nil, KindUse, page},
		{"uncertain, still good", uncertainCode, false, Unused, nil, KindRestore, ""},
		{"used stays used", func(t *testing.T, v *Vault, a *Account, c Clock) string {
			code, err := v.Take(a, UsedOnCLI, c)
			if err != nil {
				t.Fatal(err)
			}
			return code.ID
		}, false, "", ErrBadState, "", ""},
		{"used cannot be settled used again", func(t *testing.T, v *Vault, a *Account, c Clock) string {
			code, _ := v.Take(a, UsedOnCLI, c)
			return code.ID
		}, true, "", ErrBadState, "", ""},
		{"unused is not uncertain", func(_ *testing.T, _ *Vault, a *Account, _ Clock) string { return a.Codes[0].ID },
			false, "", ErrBadState, "", ""},
		{"reserved is not uncertain", func(t *testing.T, v *Vault, a *Account, c Clock) string {
			code, _, _ := v.Reserve(a, page, c)
			return code.ID
		}, true, "", ErrBadState, "", ""},
		{"no such code", func(*testing.T, *Vault, *Account, Clock) string { return "nope" }, true, "", ErrNotFound, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := newClock()
			c := tc.Clock()
			v := New()
			a := mustImport(t, v, c, "github", "octocat", codesN("a", 3))
			id := tt.setup(t, v, a, c)
			before := snapshot(t, v)
			got, err := v.Settle(id, tt.used, c)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Settle err = %v, want %v", err, tt.wantErr)
				}
				assertUnchanged(t, v, before) // a refused settle changes nothing
				return
			}
			if err != nil {
				t.Fatalf("Settle: %v", err)
			}
			if got.State != tt.wantState || got.UsedOn != tt.wantOn {
				t.Errorf("settled code %+v, want state %s on %q", got, tt.wantState, tt.wantOn)
			}
			last := v.Events[len(v.Events)-1]
			if last.Kind != tt.wantKind || last.CodeID != id {
				t.Errorf("last event %+v, want %s for %s", last, tt.wantKind, id)
			}
			s := v.Summary(&v.Accounts[0], nil)
			if s.Uncertain != 0 || len(s.UncertainCodes) != 0 {
				t.Errorf("after settle the summary still lists uncertain codes: %+v", s)
			}
			// A code settled as still good is the next one offered again.
			if !tt.used {
				next, uncertain, err := v.Next(&v.Accounts[0])
				if err != nil || uncertain || next.ID != id {
					t.Errorf("next = %+v uncertain=%v err=%v, want %s", next, uncertain, err, id)
				}
			}
		})
	}
}

func TestSettleValue(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	a := mustImport(t, v, c, "github", "octocat", codesN("a", 2))
	id := uncertainCode(t, v, a, c)
	got, err := v.SettleValue(a, "a0000-00000", true, c)
	if err != nil || got.ID != id || got.State != Used {
		t.Fatalf("SettleValue = %+v, %v; want %s used", got, err, id)
	}
	if _, err := v.SettleValue(a, "zzzzz-zzzzz", true, c); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown value: err = %v, want not found", err)
	}
}
