package vault

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Shareable returns the copy of v that sync sends to the person's other
// computers: every code's state and the events that matter there, but no
// reservation. A reserved code goes out as what it was before this page
// took it (unused, or uncertain), and reserve and release events stay
// home: a reservation is one browser tab's business, and another machine
// must not hold back a code for it.
func (v *Vault) Shareable() *Vault {
	out := New()
	for _, a := range v.Accounts {
		a = copyAccount(a)
		for i := range a.Codes {
			c := &a.Codes[i]
			if c.State == Reserved {
				c.State = Unused
				if c.WasUncertain {
					c.State = Uncertain
				}
			}
			c.WasUncertain, c.ReservedAt, c.ReservedOn = false, time.Time{}, ""
		}
		out.Accounts = append(out.Accounts, a)
	}
	for _, e := range v.Events {
		if e.Kind != KindReserve && e.Kind != KindRelease {
			out.Events = append(out.Events, e)
		}
	}
	return out
}

// Twins names the accounts held twice, under two ids, for the same site
// and label: what a merge gives when two machines imported one account
// separately. Merge matches accounts by id, so such a vault would offer the
// same codes from two accounts; sync refuses it instead.
func (v *Vault) Twins() []string {
	var out []string
	for i, a := range v.Accounts {
		for _, b := range v.Accounts[i+1:] {
			if a.Site == b.Site && strings.EqualFold(a.Label, b.Label) {
				out = append(out, fmt.Sprintf("%s account %q", a.Site, a.Label))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
