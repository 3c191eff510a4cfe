package vault

import (
	"errors"
	"slices"
	"testing"
)

func TestSetCurrent(t *testing.T) {
	const (
		first = "k3v9q2m8x7wz"
		fresh = "p4n7r2t8w3y6"
	)
	tests := []struct {
		name   string
		spend  bool   // the first code is used before the paste
		paste  string // the value set as current
		want   []State
		errIs  error // nil: success
		unsafe bool  // the vault must not change
	}{
		{name: "new code after a use", spend: true, paste: fresh, want: []State{Used, Unused}},
		{name: "new code while the old one is unused (the site regenerated it)", paste: fresh, want: []State{Revoked, Unused}},
		{name: "the spent code pasted again", spend: true, paste: first, errIs: ErrAlreadyUsed, unsafe: true},
		{name: "the current code pasted again", paste: first, want: []State{Unused}, unsafe: true},
		{name: "empty", spend: true, paste: "", errIs: ErrInvalid, unsafe: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := newClock()
			v := New()
			a := mustImport(t, v, tc.Clock(), "x", "jack", []string{first})
			if tt.spend {
				if _, err := v.Take(a, UsedOnAnotherDevice, tc.Clock()); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, v)
			got, err := v.SetCurrent(a, tt.paste, tc.Clock())
			if tt.errIs != nil {
				if !errors.Is(err, tt.errIs) {
					t.Fatalf("SetCurrent = %v, want %v", err, tt.errIs)
				}
			} else if err != nil {
				t.Fatalf("SetCurrent: %v", err)
			}
			if tt.unsafe {
				assertUnchanged(t, v, before)
			}
			if tt.want == nil {
				return
			}
			if s := states(got); !slices.Equal(s, tt.want) {
				t.Errorf("states = %v, want %v", s, tt.want)
			}
			sum := v.Summary(got, nil)
			if sum.Total != 1 || sum.Remaining != 1 {
				t.Errorf("summary total %d remaining %d, want 1 and 1", sum.Total, sum.Remaining)
			}
		})
	}
}

func TestSetCurrentRevokedValue(t *testing.T) {
	tc := newClock()
	v := New()
	a := mustImport(t, v, tc.Clock(), "x", "jack", []string{"k3v9q2m8x7wz"})
	if _, err := v.SetCurrent(a, "p4n7r2t8w3y6", tc.Clock()); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, v)
	// The first code was revoked by the paste; it cannot come back as current.
	if _, err := v.SetCurrent(a, "k3v9q2m8x7wz", tc.Clock()); !errors.Is(err, ErrBadState) {
		t.Fatalf("SetCurrent of a revoked code = %v, want bad state", err)
	}
	assertUnchanged(t, v, before)
}
