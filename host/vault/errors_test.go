package vault

import (
	"errors"
	"testing"
	"time"
)

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		err      error
		sentinel error
		want     string
	}{
		{&ExhaustedError{}, ErrExhausted, "no unused code is left and none is uncertain: generate a new set on the site"},
		{&ExhaustedError{Uncertain: 3}, ErrExhausted, "no unused code is left; 3 codes are uncertain (they were handed to a page but their use was never confirmed)"},
		{&StateError{CodeID: "c1", Op: "consume", State: Unused}, ErrBadState, "cannot consume code c1: it is unused"},
		{&AlreadyUsedError{At: t0, On: ""}, ErrAlreadyUsed, "this code was already used on 2026-11-25T21:00:00Z at an unknown place"},
		{&AlreadyUsedError{At: t0.In(time.FixedZone("JST", 9*3600)), On: "cli"}, ErrAlreadyUsed, "this code was already used on 2026-11-25T21:00:00Z from the command line"},
		{&AlreadyUsedError{At: t0, On: UsedOnAnotherDevice}, ErrAlreadyUsed, "this code was already used on 2026-11-25T21:00:00Z on another device (handed out by the popup)"},
		{&AlreadyUsedError{At: t0, On: UsedOnElsewhere}, ErrAlreadyUsed, "this code was already used on 2026-11-25T21:00:00Z elsewhere (recorded by hand)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if !errors.Is(tt.err, tt.sentinel) {
			t.Errorf("%T is not %v", tt.err, tt.sentinel)
		}
		if errors.Is(tt.err, ErrNotFound) {
			t.Errorf("%T matches ErrNotFound", tt.err)
		}
	}
}

func TestSystemClock(t *testing.T) {
	c := SystemClock()
	now := c.Now()
	if now.Location() != time.UTC || now.Nanosecond()%int(time.Millisecond) != 0 {
		t.Errorf("Now() = %v, want UTC to the millisecond", now)
	}
	if a, b := c.NewID(), c.NewID(); a == b || len(a) != 36 {
		t.Errorf("NewID() = %q, %q", a, b)
	}
}

func TestAccountCounts(t *testing.T) {
	tc := newClock()
	v := New()
	a := mustImport(t, v, tc.Clock(), "github", "x", codesN("a", 3))
	v.Take(a, "cli", tc.Clock())
	if a.Remaining() != 2 || a.Count(Used) != 1 || a.Count(Revoked) != 0 {
		t.Errorf("remaining %d used %d", a.Remaining(), a.Count(Used))
	}
}
