package store

import "slices"

// selectIDs returns the ids of the accounts in scope, in directory order.
// It looks the scope up in the directory's index, so an offer's selection
// costs one site, not the directory (an offer beside 1,000 accounts spent
// most of its CPU walking and hashing every entry here).
func (s *snapshot) selectIDs(sc Scope) []string {
	idx := s.index()
	var at []int
	pick := func(id string) {
		if p, ok := idx.pos[id]; ok {
			at = append(at, p)
		}
	}
	for _, site := range sc.Sites {
		at = append(at, idx.bySite[site]...)
	}
	for _, id := range sc.Accounts {
		pick(id)
	}
	for _, code := range sc.Codes {
		if id, ok := s.codeOwner[code]; ok {
			pick(id)
		}
	}
	if sc.Siblings {
		// range reads at once: the siblings appended are not walked again.
		for _, p := range at {
			at = append(at, idx.bySite[s.dir.Accounts[p].Site]...)
		}
	}
	slices.Sort(at)
	var ids []string
	for _, p := range slices.Compact(at) {
		ids = append(ids, s.dir.Accounts[p].ID)
	}
	if checkSelection != nil {
		checkSelection(s, sc, ids)
	}
	return ids
}

// checkSelection, set by the package's tests, compares every selection with
// a walk of the whole directory, so that any test that changes the
// directory in a way the index misses fails.
var checkSelection func(s *snapshot, sc Scope, ids []string)

// checkKept, set with checkSelection, compares the directory that
// entriesAfter kept with a walk of the whole directory.
var checkKept func(s *snapshot, entries []dirEntry, ids []string)

// dirIndex locates the directory's entries (positions in dir.Accounts) by
// site and by account id.
type dirIndex struct {
	// first and n are the address of the first entry and the length of
	// the list it was built from. Any replacement of s.dir.Accounts or
	// append to it changes one of them (first keeps the old array alive,
	// so a new one cannot take its address), and so rebuilds the index.
	// Nothing changes an entry in place (diff builds a new list), and the
	// one sort in place (loadWithoutDir) drops the index itself.
	first  *dirEntry
	n      int
	bySite map[string][]int
	pos    map[string]int
}

// index returns the directory's index, built anew when the directory
// changed since it was built.
func (s *snapshot) index() *dirIndex {
	accounts := s.dir.Accounts
	var first *dirEntry
	if len(accounts) > 0 {
		first = &accounts[0]
	}
	if idx := s.idx; idx != nil && idx.first == first && idx.n == len(accounts) {
		return idx
	}
	idx := &dirIndex{first: first, n: len(accounts), bySite: make(map[string][]int, len(accounts)), pos: make(map[string]int, len(accounts))}
	for p, e := range accounts {
		idx.bySite[e.Site] = append(idx.bySite[e.Site], p)
		idx.pos[e.ID] = p
	}
	s.idx = idx
	return idx
}
