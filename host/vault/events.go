package vault

import "sort"

// History returns the account's events, newest first.
func (v *Vault) History(accID string) []Event {
	out := []Event{}
	for i := len(v.Events) - 1; i >= 0; i-- {
		if v.Events[i].AccountID == accID {
			out = append(out, v.Events[i])
		}
	}
	// Events are appended in time order, but a merged vault may interleave
	// them; the stable sort keeps append order for equal times.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out
}

// Compact drops old events so the stored vault stays small. Per account it
// keeps the newest keep events, plus the event that made its latest use
// (what list and the popup show as last used), plus every remove event
// (the tombstones Merge relies on). Order is preserved.
func (v *Vault) Compact(keep int) {
	if keep < 0 {
		keep = 0
	}
	must := map[string]bool{}
	for i := range v.Accounts {
		var last *Code
		for j := range v.Accounts[i].Codes {
			c := &v.Accounts[i].Codes[j]
			if c.State == Used && c.EventID != "" && (last == nil || c.UsedAt.After(last.UsedAt)) {
				last = c
			}
		}
		if last != nil {
			must[last.EventID] = true
		}
	}
	// Walk newest first so the per-account budget goes to recent events.
	kept := make([]bool, len(v.Events))
	per := map[string]int{}
	idx := make([]int, len(v.Events))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v.Events[idx[a]].Time.After(v.Events[idx[b]].Time) })
	for _, i := range idx {
		e := v.Events[i]
		switch {
		case must[e.ID] || e.Kind == KindRemove:
			kept[i] = true
		case per[e.AccountID] < keep:
			kept[i] = true
			per[e.AccountID]++
		}
	}
	out := make([]Event, 0, len(v.Events))
	for i, e := range v.Events {
		if kept[i] {
			out = append(out, e)
		}
	}
	v.Events = out
}
