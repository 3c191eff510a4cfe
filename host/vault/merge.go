package vault

import (
	"sort"
	"time"
)

// rank orders states for Merge within one cycle of a code's life (see
// mergeCode): the later in a code's life wins, and used beats everything.
var rank = map[State]int{Unused: 0, Reserved: 1, Uncertain: 2, Revoked: 3, Used: 4}

// Merge returns the union of v and other; neither is changed. Accounts,
// codes and events are matched by id. A code used in either copy is used,
// with the earliest use kept, unless the other copy restored exactly that
// use (mergeCode). An account removed in either copy (its remove event
// survives) stays removed. A code of a set that either copy replaced is
// revoked unless it was used. For other account fields the copy updated
// last wins.
func (v *Vault) Merge(other *Vault) *Vault {
	out := New()
	events := map[string]Event{}
	removed := map[string]bool{}
	for _, src := range []*Vault{v, other} {
		for _, e := range src.Events {
			events[e.ID] = e
			if e.Kind == KindRemove {
				removed[e.AccountID] = true
			}
		}
	}
	for _, src := range []*Vault{v, other} {
		for _, a := range src.Accounts {
			if removed[a.ID] {
				continue
			}
			i := out.accountIndex(a.ID)
			if i < 0 {
				out.Accounts = append(out.Accounts, copyAccount(a))
				continue
			}
			out.Accounts[i] = mergeAccount(out.Accounts[i], a)
		}
	}
	for _, e := range events {
		out.Events = append(out.Events, e)
	}
	sort.Slice(out.Events, func(i, j int) bool {
		a, b := out.Events[i], out.Events[j]
		if !a.Time.Equal(b.Time) {
			return a.Time.Before(b.Time)
		}
		return a.ID < b.ID
	})
	return out
}

func copyAccount(a Account) Account {
	a.Codes = append([]Code{}, a.Codes...)
	return a
}

func mergeAccount(a, b Account) Account {
	out := copyAccount(a)
	if b.Updated.After(a.Updated) {
		out.Site, out.Label, out.Updated = b.Site, b.Label, b.Updated
	}
	if b.Created.Before(a.Created) {
		out.Created = b.Created
	}
	out.Generation = max(a.Generation, b.Generation)
	defer revokeReplaced(&out)
	for _, bc := range b.Codes {
		j := -1
		for k := range out.Codes {
			if out.Codes[k].ID == bc.ID {
				j = k
				break
			}
		}
		if j < 0 {
			out.Codes = append(out.Codes, bc)
			continue
		}
		out.Codes[j] = mergeCode(out.Codes[j], bc)
	}
	return out
}

// revokeReplaced revokes the codes of sets older than the account's
// current one (a replace on either copy) that were not used: the site no
// longer takes them, whatever the other copy thought of them.
func revokeReplaced(a *Account) {
	for i := range a.Codes {
		c := &a.Codes[i]
		if c.Generation < a.Generation && c.State != Used && c.State != Revoked {
			c.State, c.WasUncertain = Revoked, false
			c.ReservedAt, c.ReservedOn = time.Time{}, ""
		}
	}
}

// mergeCode joins two copies of one code. Its life runs in cycles: a
// restore starts the next one (Code.Restores), so the copy in the later
// cycle wins, and a restore synced from one machine turns the other's use
// back. The one exception keeps the safe side: a use in the cycle the
// restore ended that is not the use it undid was never seen by the
// restorer, so it stays used. Within a cycle the later state wins (rank),
// and of two uses the earlier.
func mergeCode(a, b Code) Code {
	if a.Restores != b.Restores {
		hi, lo := a, b
		if b.Restores > a.Restores {
			hi, lo = b, a
		}
		if lo.State == Used && hi.State != Used && lo.Restores == hi.Restores-1 && lo.EventID != hi.Undid {
			lo.Restores, lo.Undid = hi.Restores, hi.Undid
			return lo
		}
		return hi
	}
	switch {
	case rank[b.State] > rank[a.State]:
		return b
	case rank[b.State] < rank[a.State]:
		return a
	case a.State == Used && b.UsedAt.Before(a.UsedAt):
		return b
	case a.State == Used && b.UsedAt.Equal(a.UsedAt) && b.EventID < a.EventID:
		return b // the same time on both machines: any fixed choice converges
	}
	return a
}
