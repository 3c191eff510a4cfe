package vault

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// oneCode returns a vault whose only account holds one code in state s,
// reached through the real operations.
func oneCode(t *testing.T, s State) (*Vault, *Account, *testClock) {
	t.Helper()
	tc := newClock()
	v := New()
	a := mustImport(t, v, tc.Clock(), "github", "octocat", []string{"c0de1-c0de1"})
	c := tc.Clock()
	switch s {
	case Reserved, Uncertain:
		code, _, err := v.Reserve(a, "https://github.com/sessions/two-factor/recovery", c)
		if err != nil {
			t.Fatal(err)
		}
		if s == Uncertain {
			if n, err := v.ExpireReservations(code.ReservedAt.Add(time.Hour), 10*time.Minute, c); n != 1 || err != nil {
				t.Fatalf("expire: %d %v", n, err)
			}
		}
	case Used:
		if _, err := v.Take(a, UsedOnCLI, c); err != nil {
			t.Fatal(err)
		}
	case Revoked:
		if _, _, err := v.Import("github", "octocat", []string{"other-other"}, true, c); err != nil {
			t.Fatal(err)
		}
	}
	if got := v.Accounts[0].Codes[0].State; got != s {
		t.Fatalf("setup state %s, want %s", got, s)
	}
	return v, &v.Accounts[0], tc
}

func TestTransitions(t *testing.T) {
	const url = "https://github.com/sessions/two-factor/recovery"
	type op func(v *Vault, a *Account, c Clock) (Code, error)
	ops := map[string]op{
		"consume": func(v *Vault, a *Account, c Clock) (Code, error) { return v.Consume(a.Codes[0].ID, url, c) },
		"release": func(v *Vault, a *Account, c Clock) (Code, error) { return v.Release(a.Codes[0].ID, c) },
		"use":     func(v *Vault, a *Account, c Clock) (Code, error) { return v.Use(a, "c0de1-c0de1", url, c) },
		"restore": func(v *Vault, a *Account, c Clock) (Code, error) { return v.Restore(a, "c0de1-c0de1", c) },
		"restoreByID": func(v *Vault, a *Account, c Clock) (Code, error) {
			return v.RestoreByID(a.Codes[0].ID, c)
		},
	}
	tests := []struct {
		op   string
		from State
		want State // "" when the op must fail
		err  error
		kind string
	}{
		{"consume", Unused, "", ErrBadState, ""},
		{"consume", Reserved, Used, nil, KindConsume},
		{"consume", Uncertain, Used, nil, KindConsume}, // a late submit after expiry
		{"consume", Used, "", ErrBadState, ""},
		{"consume", Revoked, "", ErrBadState, ""},
		{"release", Unused, "", ErrBadState, ""},
		{"release", Reserved, Unused, nil, KindRelease},
		{"release", Uncertain, "", ErrBadState, ""},
		{"release", Used, "", ErrBadState, ""},
		{"release", Revoked, "", ErrBadState, ""},
		{"use", Unused, Used, nil, KindUse},
		{"use", Reserved, Used, nil, KindUse},
		{"use", Uncertain, Used, nil, KindUse},
		{"use", Used, "", ErrAlreadyUsed, ""},
		{"use", Revoked, "", ErrBadState, ""},
		{"restore", Unused, "", ErrBadState, ""},
		{"restore", Reserved, "", ErrBadState, ""},
		{"restore", Uncertain, Unused, nil, KindRestore},
		{"restore", Used, Unused, nil, KindRestore},
		{"restore", Revoked, "", ErrBadState, ""},
		{"restoreByID", Unused, "", ErrBadState, ""},
		{"restoreByID", Reserved, "", ErrBadState, ""},
		{"restoreByID", Uncertain, Unused, nil, KindRestore},
		{"restoreByID", Used, Unused, nil, KindRestore},
		{"restoreByID", Revoked, "", ErrBadState, ""},
	}
	for _, tt := range tests {
		t.Run(tt.op+"/"+string(tt.from), func(t *testing.T) {
			v, a, tc := oneCode(t, tt.from)
			before := snapshot(t, v)
			events := len(v.Events)
			got, err := ops[tt.op](v, a, tc.Clock())
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				assertUnchanged(t, v, before)
				return
			}
			stored := v.Accounts[0].Codes[0]
			if got != stored || stored.State != tt.want {
				t.Fatalf("returned %+v, stored %+v, want state %s", got, stored, tt.want)
			}
			if len(v.Events) != events+1 {
				t.Fatalf("%d new events, want 1", len(v.Events)-events)
			}
			e := v.Events[len(v.Events)-1]
			if e.Kind != tt.kind || e.CodeID != stored.ID || e.AccountID != a.ID || e.ID == "" || e.Time.IsZero() {
				t.Errorf("event = %+v", e)
			}
			switch tt.want {
			case Used:
				if stored.UsedAt != e.Time || stored.UsedOn != url || stored.EventID != e.ID || e.URL != url {
					t.Errorf("used code lacks when/where: %+v (event %+v)", stored, e)
				}
			case Unused:
				// A restore keeps only its cycle and which use it undid (merge.go).
				if (stored != Code{ID: stored.ID, Value: stored.Value, State: Unused, Restores: stored.Restores, Undid: stored.Undid}) {
					t.Errorf("unused code keeps old details: %+v", stored)
				}
				if tt.kind == KindRestore && stored.Restores != 1 {
					t.Errorf("restore left Restores = %d, want 1", stored.Restores)
				}
			}
			if !a.Updated.Equal(e.Time) {
				t.Errorf("account updated %v, want %v", a.Updated, e.Time)
			}
		})
	}
}

func TestOffering(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	a := mustImport(t, v, c, "github", "octocat", codesN("a", 3))
	r0, unc, err := v.Reserve(a, "https://github.com/p", c)
	if err != nil || unc || r0.ID != a.Codes[0].ID || r0.State != Reserved || r0.ReservedOn != "https://github.com/p" {
		t.Fatalf("Reserve = %+v %v %v", r0, unc, err)
	}
	// A reserved code is pending, so the next offer skips it.
	if n, unc, err := v.Next(a); err != nil || unc || n.ID != a.Codes[1].ID {
		t.Fatalf("Next = %+v %v %v", n, unc, err)
	}
	if _, err := v.Take(a, UsedOnCLI, c); err != nil {
		t.Fatal(err)
	}
	// Expire: not yet at ttl, then after.
	if n, _ := v.ExpireReservations(r0.ReservedAt.Add(10*time.Minute), 10*time.Minute, c); n != 0 {
		t.Fatalf("expired %d at exactly ttl", n)
	}
	if n, _ := v.ExpireReservations(r0.ReservedAt.Add(10*time.Minute+time.Second), 10*time.Minute, c); n != 1 {
		t.Fatalf("expired %d after ttl", n)
	}
	if e := v.Events[len(v.Events)-1]; e.Kind != KindExpire || e.URL != "https://github.com/p" || e.CodeID != r0.ID {
		t.Errorf("expire event %+v", e)
	}
	// One unused left: offered before the uncertain one.
	if n, unc, _ := v.Next(a); unc || n.ID != a.Codes[2].ID {
		t.Fatalf("Next = %+v %v, want the unused code", n, unc)
	}
	if _, err := v.Take(a, UsedOnCLI, c); err != nil {
		t.Fatal(err)
	}
	// Only the uncertain one is left: Next and Reserve offer it with a warning,
	// Take refuses and counts it.
	if n, unc, err := v.Next(a); !unc || err != nil || n.ID != r0.ID {
		t.Fatalf("Next = %+v %v %v, want uncertain %s", n, unc, err, r0.ID)
	}
	before := snapshot(t, v)
	_, err = v.Take(a, UsedOnCLI, c)
	var ex *ExhaustedError
	if !errors.As(err, &ex) || !errors.Is(err, ErrExhausted) || ex.Uncertain != 1 || !strings.Contains(err.Error(), "1 code is uncertain") {
		t.Fatalf("Take = %v, want exhausted with 1 uncertain", err)
	}
	assertUnchanged(t, v, before)
	r1, unc, err := v.Reserve(a, "https://github.com/q", c)
	if err != nil || !unc || r1.ID != r0.ID || !r1.WasUncertain {
		t.Fatalf("Reserve uncertain = %+v %v %v", r1, unc, err)
	}
	// Nothing is offered while it is reserved.
	if _, _, err := v.Next(a); !errors.Is(err, ErrExhausted) {
		t.Fatalf("Next = %v, want ErrExhausted", err)
	}
	// Releasing it puts it back to uncertain, not unused: it may be spent.
	if got, err := v.Release(r1.ID, c); err != nil || got.State != Uncertain || got.WasUncertain {
		t.Fatalf("Release = %+v %v", got, err)
	}
	// Consume it: everything is used and nothing is offered.
	if _, _, err := v.Reserve(a, "https://github.com/q", c); err != nil {
		t.Fatal(err)
	}
	if got, err := v.Consume(r0.ID, "https://github.com/q", c); err != nil || got.State != Used || got.WasUncertain {
		t.Fatalf("Consume = %+v %v", got, err)
	}
	for _, f := range []func() error{
		func() error { _, _, err := v.Next(a); return err },
		func() error { _, _, err := v.Reserve(a, "u", c); return err },
		func() error { _, err := v.Take(a, "u", c); return err },
	} {
		before := snapshot(t, v)
		if err := f(); !errors.Is(err, ErrExhausted) || !strings.Contains(err.Error(), "none is uncertain") {
			t.Errorf("err = %v, want exhausted with none uncertain", err)
		}
		assertUnchanged(t, v, before)
	}
}

func TestExpireReservedFromUncertainStaysUncertain(t *testing.T) {
	v, a, tc := oneCode(t, Uncertain)
	c := tc.Clock()
	r, _, _ := v.Reserve(a, "https://github.com/q", c)
	if n, _ := v.ExpireReservations(r.ReservedAt.Add(time.Hour), time.Minute, c); n != 1 {
		t.Fatalf("expired %d", n)
	}
	if got := v.Accounts[0].Codes[0]; got.State != Uncertain || got.WasUncertain {
		t.Errorf("code = %+v", got)
	}
}

func TestUseAlreadyUsedSaysWhenAndWhere(t *testing.T) {
	tests := []struct {
		on   string
		want string
	}{
		{UsedOnCLI, "this code was already used on 2026-11-25T21:00:03Z from the command line"},
		{"https://github.com/sessions/two-factor/recovery",
			"this code was already used on 2026-11-25T21:00:03Z on https://github.com/sessions/two-factor/recovery"},
	}
	for _, tt := range tests {
		t.Run(tt.on, func(t *testing.T) {
			tc := newClock()
			c := tc.Clock()
			v := New()
			a := mustImport(t, v, c, "github", "octocat", codesN("a", 2))
			if _, err := v.Use(a, "a0001-00001", tt.on, c); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, v)
			_, err := v.Use(a, "a0001-00001", "cli", c)
			var au *AlreadyUsedError
			if !errors.As(err, &au) || !errors.Is(err, ErrAlreadyUsed) {
				t.Fatalf("err = %v, want *AlreadyUsedError", err)
			}
			if au.On != tt.on || !au.At.Equal(t0.Add(3*time.Second)) || au.CodeID != a.Codes[1].ID {
				t.Errorf("detail = %+v", au)
			}
			if err.Error() != tt.want {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.want)
			}
			assertUnchanged(t, v, before)
		})
	}
}

func TestUsePrefersCurrentSet(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	a := mustImport(t, v, c, "github", "octocat", []string{"same-value"})
	if _, err := v.Take(a, UsedOnCLI, c); err != nil {
		t.Fatal(err)
	}
	if _, _, err := v.Import("github", "octocat", []string{"same-value"}, true, c); err != nil {
		t.Fatal(err)
	}
	got, err := v.Use(a, "same-value", UsedOnCLI, c)
	if err != nil || got.ID != v.Accounts[0].Codes[1].ID {
		t.Fatalf("Use = %+v %v, want the new set's code", got, err)
	}
}

func TestNotFoundAndNoClock(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	a := mustImport(t, v, c, "github", "octocat", codesN("a", 2))
	ghost := &Account{ID: "ghost"}
	before := snapshot(t, v)
	tests := []struct {
		name string
		f    func() error
		err  error
	}{
		{"next ghost", func() error { _, _, err := v.Next(ghost); return err }, ErrNotFound},
		{"next nil", func() error { _, _, err := v.Next(nil); return err }, ErrNotFound},
		{"take ghost", func() error { _, err := v.Take(ghost, "cli", c); return err }, ErrNotFound},
		{"reserve ghost", func() error { _, _, err := v.Reserve(ghost, "u", c); return err }, ErrNotFound},
		{"consume ghost", func() error { _, err := v.Consume("nope", "u", c); return err }, ErrNotFound},
		{"release ghost", func() error { _, err := v.Release("nope", c); return err }, ErrNotFound},
		{"use unknown value", func() error { _, err := v.Use(a, "zzzzz-zzzzz", "cli", c); return err }, ErrNotFound},
		{"restore unknown value", func() error { _, err := v.Restore(a, "zzzzz-zzzzz", c); return err }, ErrNotFound},
		{"restoreByID ghost", func() error { _, err := v.RestoreByID("nope", c); return err }, ErrNotFound},
		{"remove ghost", func() error { return v.Remove("nope", c) }, ErrNotFound},
		{"rename ghost", func() error { _, err := v.Rename("nope", "x", c); return err }, ErrNotFound},
		{"take no clock", func() error { _, err := v.Take(a, "cli", Clock{}); return err }, errNoClock},
		{"reserve no clock", func() error { _, _, err := v.Reserve(a, "u", Clock{}); return err }, errNoClock},
		{"consume no clock", func() error { _, err := v.Consume(a.Codes[0].ID, "u", Clock{}); return err }, errNoClock},
		{"release no clock", func() error { _, err := v.Release(a.Codes[0].ID, Clock{}); return err }, errNoClock},
		{"expire no clock", func() error { _, err := v.ExpireReservations(t0, 0, Clock{}); return err }, errNoClock},
		{"use no clock", func() error { _, err := v.Use(a, "a0000-00000", "cli", Clock{}); return err }, errNoClock},
		{"restore no clock", func() error { _, err := v.Restore(a, "a0000-00000", Clock{}); return err }, errNoClock},
		{"restoreByID no clock", func() error { _, err := v.RestoreByID("x", Clock{}); return err }, errNoClock},
		{"remove no clock", func() error { return v.Remove(a.ID, Clock{}) }, errNoClock},
		{"rename no clock", func() error { _, err := v.Rename(a.ID, "x", Clock{}); return err }, errNoClock},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.f(); !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			assertUnchanged(t, v, before)
		})
	}
}

func TestRenameAndRemove(t *testing.T) {
	tc := newClock()
	c := tc.Clock()
	v := New()
	a := mustImport(t, v, c, "github", "octocat", codesN("a", 1))
	bID := mustImport(t, v, c, "github", "hubot", codesN("b", 1)).ID
	mustImport(t, v, c, "gitlab", "other", codesN("c", 1))
	v.Accounts = slices.Grow(v.Accounts, 1) // room, so no realloc would hide an in-place shift
	b, _ := v.AccountByID(bID)
	before := snapshot(t, v)
	for _, label := range []string{"HUBOT", " hubot ", "", "  "} {
		if _, err := v.Rename(a.ID, label, c); err == nil {
			t.Errorf("Rename to %q succeeded", label)
		}
		assertUnchanged(t, v, before)
	}
	got, err := v.Rename(a.ID, " other ", c) // same label on another site is fine
	if err != nil || got.Label != "other" || v.Events[len(v.Events)-1].Kind != KindRename {
		t.Fatalf("Rename = %+v %v", got, err)
	}
	if err := v.Remove(bID, c); err != nil {
		t.Fatal(err)
	}
	if len(v.Accounts) != 2 {
		t.Fatalf("%d accounts after remove", len(v.Accounts))
	}
	if _, err := v.AccountByID(bID); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed account still found: %v", err)
	}
	// The stale *Account of a removed account no longer works; others do.
	if b.ID != bID {
		t.Fatalf("held *Account now points at %q", b.ID)
	}
	if _, _, err := v.Next(b); !errors.Is(err, ErrNotFound) {
		t.Errorf("Next(removed) = %v", err)
	}
	if e := v.Events[len(v.Events)-1]; e.Kind != KindRemove || e.AccountID != bID {
		t.Errorf("remove event %+v", e)
	}
	if acc, err := v.Find("github", ""); err != nil || acc.Label != "other" {
		t.Errorf("Find after remove = %+v %v", acc, err)
	}
}
