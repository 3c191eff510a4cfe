package vault

import (
	"sort"
)

// rank orders states for Merge: the later in a code's life wins, and used,
// which only grows, beats everything.
var rank = map[State]int{Unused: 0, Reserved: 1, Uncertain: 2, Revoked: 3, Used: 4}

// Merge returns the union of v and other; neither is changed. Accounts,
// codes and events are matched by id. A code used in either copy is used,
// with the earliest use kept. An account removed in either copy (its remove
// event survives) stays removed. For other account fields the copy updated
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

func mergeCode(a, b Code) Code {
	switch {
	case rank[b.State] > rank[a.State]:
		return b
	case rank[b.State] < rank[a.State]:
		return a
	case a.State == Used && b.UsedAt.Before(a.UsedAt):
		return b
	}
	return a
}
