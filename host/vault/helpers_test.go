package vault

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)

// testClock ticks one second per call and hands out ids id-1, id-2, ...
type testClock struct {
	now time.Time
	n   int
}

func newClock() *testClock { return &testClock{now: t0} }

func (tc *testClock) Clock() Clock {
	return Clock{
		Now:   func() time.Time { tc.now = tc.now.Add(time.Second); return tc.now },
		NewID: func() string { tc.n++; return fmt.Sprintf("id-%d", tc.n) },
	}
}

// codesN returns n distinct GitHub-style codes.
func codesN(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%04d-%05d", prefix, i, i)
	}
	return out
}

func mustImport(t *testing.T, v *Vault, c Clock, site, label string, codes []string) *Account {
	t.Helper()
	a, n, err := v.Import(site, label, codes, false, c)
	if err != nil || n != len(codes) {
		t.Fatalf("Import(%s, %s): n=%d err=%v", site, label, n, err)
	}
	return a
}

func snapshot(t *testing.T, v *Vault) []byte {
	t.Helper()
	b, err := v.Marshal()
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return b
}

// assertUnchanged fails when v no longer marshals to before.
func assertUnchanged(t *testing.T, v *Vault, before []byte) {
	t.Helper()
	if after := snapshot(t, v); !bytes.Equal(before, after) {
		t.Errorf("failed operation changed the vault:\nbefore %s\nafter  %s", before, after)
	}
}

func states(a *Account) []State {
	out := make([]State, len(a.Codes))
	for i, c := range a.Codes {
		out[i] = c.State
	}
	return out
}
