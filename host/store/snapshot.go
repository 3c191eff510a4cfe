package store

import (
	"fmt"
	"slices"
	"sort"

	"tearoff.dev/tearoff/host/vault"
)

// snapshot is the decoded vault as last read or written by this process,
// item by item, so that a change can be written as the items it touched.
type snapshot struct {
	// haveHead: the snapshot was taken under a head (epoch, seq), so one Get
	// of the head tells whether it is still current.
	haveHead bool
	epoch    string
	seq      uint64
	// needsDir: the directory item is missing or damaged, or the vault is
	// still in the first layout; the next write writes every item.
	needsDir bool
	legacy   bool // read from the first layout (legacy.go)

	// dir is the directory with the accounts the head lists in Added
	// merged in (mergeAdded); added is that list, as the head held it.
	dir      directory
	added    []added
	idx      *dirIndex              // of dir, built when a selection needs it (index)
	accounts map[string]*accountDoc // the accounts read so far, by id
	// codeOwner maps each code id of the accounts read so far to its
	// account: consume and release name a code, not an account.
	codeOwner map[string]string
	// eventOwner does the same for event ids, so that an account read
	// later is checked against those read before (loadAccount).
	eventOwner map[string]string
	// blobs holds the stored item of each key read or written, so the
	// chunks a chunked item replaces can be removed after the change.
	blobs map[string]blobItem
}

func newSnapshot() *snapshot {
	return &snapshot{accounts: map[string]*accountDoc{}, codeOwner: map[string]string{}, eventOwner: map[string]string{}, blobs: map[string]blobItem{}}
}

// setDoc records an account read or written, and indexes its codes.
func (s *snapshot) setDoc(id string, doc *accountDoc) {
	s.dropDoc(id)
	s.accounts[id] = doc
	for _, c := range doc.Account.Codes {
		s.codeOwner[c.ID] = id
	}
	for _, e := range doc.Events {
		s.eventOwner[e.ID] = id
	}
}

// clash returns another account read so far that holds one of doc's code
// or event ids, or "".
func (s *snapshot) clash(id string, doc *accountDoc) string {
	for _, c := range doc.Account.Codes {
		if other, ok := s.codeOwner[c.ID]; ok && other != id {
			return other
		}
	}
	for _, e := range doc.Events {
		if other, ok := s.eventOwner[e.ID]; ok && other != id {
			return other
		}
	}
	return ""
}

// dropDoc forgets an account and its codes.
func (s *snapshot) dropDoc(id string) {
	if old := s.accounts[id]; old != nil {
		for _, c := range old.Account.Codes {
			delete(s.codeOwner, c.ID)
		}
		for _, e := range old.Events {
			delete(s.eventOwner, e.ID)
		}
	}
	delete(s.accounts, id)
}

// Scope selects the accounts an operation needs, so that reading and
// changing one account costs one account, not the vault. The zero Scope is
// the whole vault; a wider scope than needed is always correct.
type Scope struct {
	Sites    []string // every account of these sites
	Accounts []string // these accounts, by id
	Codes    []string // the accounts holding these codes, by code id
	// Siblings adds every account that shares a site with one selected:
	// what label and code uniqueness checks within a site need.
	Siblings bool
	// NoHistory leaves the events out of a ViewScope's vault, for a
	// caller that reads only accounts and codes (list): a whole vault's
	// events are most of what a view copies and sorts. UpdateScope ignores
	// it: a change is always made to, and compared with, the whole history.
	NoHistory bool
}

func (sc Scope) whole() bool { return len(sc.Sites)+len(sc.Accounts)+len(sc.Codes) == 0 }

func (s *snapshot) allIDs() []string {
	ids := make([]string, 0, len(s.dir.Accounts))
	for _, e := range s.dir.Accounts {
		ids = append(ids, e.ID)
	}
	return ids
}

// holdsCodes reports whether the accounts read so far hold every code id.
func (s *snapshot) holdsCodes(codeIDs []string) bool {
	for _, code := range codeIDs {
		if _, ok := s.codeOwner[code]; !ok {
			return false
		}
	}
	return true
}

// vaultOf builds a vault of the accounts ids (or all of them, with the
// tombstones) that the caller may change freely: accounts in directory
// order, events in time order (stable, so append order breaks ties).
//
// Every account of ids must have been read (Store.ensure): one left out
// would look removed to diff, so a missing one is an error.
func (s *snapshot) vaultOf(ids []string, whole bool) (*vault.Vault, error) {
	return s.buildVault(ids, whole, true)
}

// buildVault is vaultOf, without any event unless history is set: for a
// view that no one writes back (ViewScope with Scope.NoHistory).
func (s *snapshot) buildVault(ids []string, whole, history bool) (*vault.Vault, error) {
	if whole {
		ids = s.allIDs()
	}
	v := vault.New()
	v.Accounts = make([]vault.Account, 0, len(ids))
	for _, id := range ids {
		doc := s.accounts[id]
		if doc == nil {
			return nil, fmt.Errorf("store: account %s was not read before use", id)
		}
		a := doc.Account
		a.Codes = slices.Clone(a.Codes)
		v.Accounts = append(v.Accounts, a)
		if history {
			v.Events = append(v.Events, doc.Events...)
		}
	}
	if whole && history {
		v.Events = append(v.Events, s.dir.Tombstones...)
	}
	sort.SliceStable(v.Events, func(i, j int) bool { return v.Events[i].Time.Before(v.Events[j].Time) })
	return v, nil
}

// fromVault fills a snapshot's directory and accounts from a whole vault
// (the first layout, or a vault rebuilt by repair).
func (s *snapshot) fromVault(v *vault.Vault) {
	dir, docs := splitVault(v, nil)
	s.dir = dir
	for id, doc := range docs {
		s.setDoc(id, doc)
	}
}

// plan is what one Update must write.
type plan struct {
	dir      directory
	dirDirty bool
	changed  map[string]*accountDoc // accounts to write, by id
	removed  []string               // accounts to delete, by id
	order    []string               // ids of changed, in directory order
}

func (p plan) empty() bool { return !p.dirDirty && len(p.changed) == 0 && len(p.removed) == 0 }

// diff compares the vault fn left with the accounts ids it was built from
// (all of them when whole): what changed, what is new, what went.
func (s *snapshot) diff(v *vault.Vault, ids []string, whole bool) plan {
	part, docs := splitVault(v, s.accounts)
	p := plan{changed: map[string]*accountDoc{}}
	p.dir = directory{Through: s.dir.Through, Tombstones: s.dir.Tombstones}
	p.dir.Accounts, p.removed = s.entriesAfter(part.Accounts, ids, whole)
	p.dir.Tombstones = unionEvents(s.dir.Tombstones, part.Tombstones)
	p.dirDirty = s.needsDir || !sameEntries(p.dir.Accounts, s.dir.Accounts) || !eventsEqual(p.dir.Tombstones, s.dir.Tombstones)
	for _, e := range part.Accounts {
		doc := docs[e.ID]
		if old := s.accounts[e.ID]; s.needsDir || old == nil || !docEqual(old, doc) {
			p.changed[e.ID] = doc
			p.order = append(p.order, e.ID)
		}
	}
	if s.needsDir {
		// Everything is written anew, out of scope too.
		for _, e := range p.dir.Accounts {
			if p.changed[e.ID] == nil {
				p.changed[e.ID] = s.accounts[e.ID]
				p.order = append(p.order, e.ID)
			}
		}
	}
	slices.Sort(p.removed)
	return p
}

// entriesAfter returns the directory's entries after a change that left
// the accounts ids (all of them when whole) as entries, and the ids of those
// it removed: entries out of scope stay as they are; in scope, they follow
// entries; accounts new in entries come last, in their order.
func (s *snapshot) entriesAfter(entries []dirEntry, ids []string, whole bool) ([]dirEntry, []string) {
	byID := make(map[string]dirEntry, len(entries))
	for _, e := range entries {
		byID[e.ID] = e
	}
	if !whole && len(entries) == len(ids) {
		// Only codes or events changed (reserve, consume) when every
		// account in scope keeps its entry: then the directory stays the
		// very same list, which keeps its index (index) and costs the
		// accounts in scope, not the directory.
		idx := s.index()
		kept := true
		for _, id := range ids {
			p, listed := idx.pos[id]
			if e, ok := byID[id]; !ok || !listed || e != s.dir.Accounts[p] {
				kept = false
				break
			}
		}
		if kept {
			if checkSelection != nil {
				checkKept(s, entries, ids)
			}
			return s.dir.Accounts, nil
		}
	}
	return s.walkEntries(byID, entries, ids, whole)
}

// walkEntries is entriesAfter by a walk of the whole directory.
func (s *snapshot) walkEntries(byID map[string]dirEntry, entries []dirEntry, ids []string, whole bool) ([]dirEntry, []string) {
	inScope := make(map[string]bool, len(ids))
	for _, id := range ids {
		inScope[id] = true
	}
	out := make([]dirEntry, 0, len(s.dir.Accounts)+1)
	var removed []string
	listed := map[string]bool{}
	for _, e := range s.dir.Accounts {
		listed[e.ID] = true
		switch ne, ok := byID[e.ID]; {
		case !whole && !inScope[e.ID]:
			out = append(out, e)
		case ok:
			out = append(out, ne)
		default:
			removed = append(removed, e.ID)
		}
	}
	for _, e := range entries {
		if !listed[e.ID] {
			out = append(out, e)
		}
	}
	return out, removed
}

// sameEntries is slices.Equal, at once for the very same list.
func sameEntries(a, b []dirEntry) bool {
	if len(a) > 0 && len(a) == len(b) && &a[0] == &b[0] {
		return true
	}
	return slices.Equal(a, b)
}

// unionEvents returns a followed by the events of b it lacks.
func unionEvents(a, b []vault.Event) []vault.Event {
	seen := map[string]bool{}
	for _, e := range a {
		seen[e.ID] = true
	}
	out := slices.Clone(a)
	for _, e := range b {
		if !seen[e.ID] {
			out = append(out, e)
		}
	}
	if out == nil {
		out = []vault.Event{}
	}
	return out
}

// mergeAdded lists in the directory the accounts the head h adds to it,
// after those it lists (in the order they were added, as a directory write
// would have put them).
func (s *snapshot) mergeAdded(h head) {
	s.added = h.Added
	s.dir.addFrom(h)
}

// additions returns the directory entries a plan only appends, when adding
// them is all it does to the directory and the only accounts it writes
// are those: then the head alone can commit them (commit.go).
func (s *snapshot) additions(p plan) ([]dirEntry, bool) {
	t := s.dir.Through
	if s.needsDir || !s.haveHead || t == nil || t.Epoch != s.epoch || len(p.removed) > 0 ||
		!eventsEqual(p.dir.Tombstones, s.dir.Tombstones) {
		return nil, false
	}
	n := len(s.dir.Accounts)
	if len(p.dir.Accounts) <= n || !slices.Equal(p.dir.Accounts[:n], s.dir.Accounts) {
		return nil, false
	}
	add := p.dir.Accounts[n:]
	for _, id := range p.order {
		if !slices.ContainsFunc(add, func(e dirEntry) bool { return e.ID == id }) {
			return nil, false
		}
	}
	return add, true
}

// apply makes the snapshot what a committed plan wrote.
func (s *snapshot) apply(p plan, h head) {
	s.haveHead, s.epoch, s.seq, s.added = true, h.Epoch, h.Seq, h.Added
	s.needsDir, s.legacy = false, false
	s.dir = p.dir
	for id, doc := range p.changed {
		s.setDoc(id, doc)
	}
	for _, id := range p.removed {
		s.dropDoc(id)
	}
}

// splitVault cuts a vault into its directory and one document per
// account. Events go with their account; remove events of accounts no
// longer there are the tombstones; other events of removed accounts go.
// Codes are copied, so the documents do not share memory with v. prev, when
// given, lets unchanged accounts keep their previous documents' memory.
func splitVault(v *vault.Vault, prev map[string]*accountDoc) (directory, map[string]*accountDoc) {
	dir := directory{Accounts: make([]dirEntry, 0, len(v.Accounts)), Tombstones: []vault.Event{}}
	docs := make(map[string]*accountDoc, len(v.Accounts))
	for _, a := range v.Accounts {
		dir.Accounts = append(dir.Accounts, dirEntry{ID: a.ID, Site: a.Site, Label: a.Label})
		docs[a.ID] = &accountDoc{Account: a, Events: []vault.Event{}}
	}
	for _, e := range v.Events {
		switch doc := docs[e.AccountID]; {
		case doc != nil:
			doc.Events = append(doc.Events, e)
		case e.Kind == vault.KindRemove:
			dir.Tombstones = append(dir.Tombstones, e)
		}
	}
	for id, doc := range docs {
		if old := prev[id]; old != nil && docEqual(old, doc) {
			docs[id] = old
			continue
		}
		doc.Account.Codes = slices.Clone(doc.Account.Codes)
	}
	return dir, docs
}

func docEqual(a, b *accountDoc) bool {
	return accountEqual(&a.Account, &b.Account) && eventsEqual(a.Events, b.Events)
}

// accountEqual compares every field of an account; TestAccountEqualCoversFields
// fails when vault.Account gains a field this does not know. Codes and
// events are compared with ==, which covers any field they gain: a copy
// compares equal to its original, and a change always shows.
func accountEqual(a, b *vault.Account) bool {
	return a.ID == b.ID && a.Site == b.Site && a.Label == b.Label && a.Generation == b.Generation &&
		a.Created == b.Created && a.Updated == b.Updated && slices.Equal(a.Codes, b.Codes)
}

func eventsEqual(a, b []vault.Event) bool { return slices.Equal(a, b) }
