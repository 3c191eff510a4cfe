package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// Every selection in this package's tests is checked against a walk of
// the whole directory (the selection before the index), so a test that
// changes the directory in a way the index misses fails wherever it selects.
func init() {
	checkSelection = func(s *snapshot, sc Scope, ids []string) {
		if want := walkSelect(s, sc); !slices.Equal(ids, want) {
			panic(fmt.Sprintf("store: the directory index selected %v for %+v, the directory holds %v", ids, sc, want))
		}
	}
	checkKept = func(s *snapshot, entries []dirEntry, ids []string) {
		byID := map[string]dirEntry{}
		for _, e := range entries {
			byID[e.ID] = e
		}
		if want, removed := s.walkEntries(byID, entries, ids, false); !slices.Equal(want, s.dir.Accounts) || len(removed) > 0 {
			panic(fmt.Sprintf("store: the directory was kept for %v, a walk gives %v and removes %v", ids, want, removed))
		}
	}
}

// walkSelect is selectIDs without the index.
func walkSelect(s *snapshot, sc Scope) []string {
	sites, picked := map[string]bool{}, map[string]bool{}
	for _, site := range sc.Sites {
		sites[site] = true
	}
	for _, id := range sc.Accounts {
		picked[id] = true
	}
	for _, code := range sc.Codes {
		if id, ok := s.codeOwner[code]; ok {
			picked[id] = true
		}
	}
	for _, e := range s.dir.Accounts {
		if sc.Siblings && picked[e.ID] {
			sites[e.Site] = true
		}
	}
	var ids []string
	for _, e := range s.dir.Accounts {
		if sites[e.Site] || picked[e.ID] {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// A long-lived process selects a site's accounts through an index of the
// directory. Whatever changes the directory (this process's own writes,
// another process's, a full re-read), the next selection sees the change.
func TestSiteIndexFollowsTheDirectory(t *testing.T) {
	ctx := context.Background()
	c := testClock("index")
	importTo := func(site, label string) edit { return importEdit(site, label, c) }
	rename := func(from, to string) edit { return renameEdit(from, to, c) }
	remove := func(label string) edit { return removeEdit(label, c) }
	manyImports := func(n int) edit {
		return func(v *vault.Vault) error {
			for i := range n {
				if err := importTo(fmt.Sprintf("s%d.example.org", i), fmt.Sprintf("many%d", i))(v); err != nil {
					return err
				}
			}
			return nil
		}
	}
	var oneByOne []edit
	for i := range maxAdded + 2 {
		oneByOne = append(oneByOne, importTo(fmt.Sprintf("t%d.example.org", i), fmt.Sprintf("one%d", i)))
	}
	tests := []struct {
		name string
		// byOther: the change is made by another process (a store of its
		// own over the same keyring); each change is one Update.
		byOther bool
		changes []edit
		// dropHead removes the head after the changes: a full re-read.
		dropHead bool
		want     []string // labels on gitlab.com afterwards, in order
	}{
		{"nothing changes", false, nil, false, []string{"gl-a", "gl-b"}},
		{"an import here (the head commits it)", false, []edit{importTo("gitlab.com", "gl-c")}, false, []string{"gl-a", "gl-b", "gl-c"}},
		{"an import elsewhere (merged from the head's added)", true, []edit{importTo("gitlab.com", "gl-c")}, false, []string{"gl-a", "gl-b", "gl-c"}},
		{"imports elsewhere past the head's list (the directory is written)", true,
			[]edit{manyImports(maxAdded + 1), importTo("gitlab.com", "gl-c")}, false, []string{"gl-a", "gl-b", "gl-c"}},
		// More changes than the head remembers: the host reads everything again.
		{"one import elsewhere per change past the head's memory", true,
			append(oneByOne, importTo("gitlab.com", "gl-c")), false, []string{"gl-a", "gl-b", "gl-c"}},
		{"a rename here", false, []edit{rename("gl-a", "gl-z")}, false, []string{"gl-z", "gl-b"}},
		{"a rename elsewhere", true, []edit{rename("gl-b", "gl-y")}, false, []string{"gl-a", "gl-y"}},
		{"a removal here", false, []edit{remove("gl-a")}, false, []string{"gl-b"}},
		{"a removal elsewhere", true, []edit{remove("gl-b")}, false, []string{"gl-a"}},
		{"a removal then an import here", false, []edit{remove("gl-a"), importTo("gitlab.com", "gl-c")}, false, []string{"gl-b", "gl-c"}},
		{"a removal elsewhere, then a full re-read (no head)", true, []edit{remove("gl-a")}, true, []string{"gl-b"}},
		{"the last account of the site removed here", false, []edit{remove("gl-a"), remove("gl-b")}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := newFake()
			host := fakeStore(t, kr, 5*time.Second)
			seedIndexVault(t, host, c)
			// The host selects once, which builds its index.
			siteLabels(t, host, "gitlab.com")
			writer := host
			if tt.byOther {
				writer = fakeStore(t, kr, 5*time.Second)
			}
			for _, f := range tt.changes {
				if err := writer.Update(ctx, f); err != nil {
					t.Fatal(err)
				}
			}
			if tt.dropHead {
				if err := kr.Remove(headKey); err != nil {
					t.Fatal(err)
				}
			}
			if got := siteLabels(t, host, "gitlab.com"); !slices.Equal(got, tt.want) {
				t.Errorf("gitlab.com holds %q, want %q", got, tt.want)
			}
			// The same through an account and its siblings, and by code.
			gh := siteAccounts(t, host, Scope{Sites: []string{"github.com"}})
			if len(gh) != 1 {
				t.Fatalf("github.com holds %d accounts, want 1", len(gh))
			}
			if got := labels(siteAccounts(t, host, Scope{Codes: []string{gh[0].Codes[1].ID}, Siblings: true})); !slices.Equal(got, []string{"gh"}) {
				t.Errorf("the siblings of github.com's account are %q, want only it", got)
			}
			if len(tt.want) > 0 {
				first := siteAccounts(t, host, Scope{Sites: []string{"gitlab.com"}})[0]
				if got := labels(siteAccounts(t, host, Scope{Accounts: []string{first.ID}, Siblings: true})); !slices.Equal(got, tt.want) {
					t.Errorf("the siblings of %s are %q, want %q", first.Label, got, tt.want)
				}
			}
		})
	}
}

// edit is one change to a vault, as Store.Update takes it.
type edit = func(v *vault.Vault) error

func importEdit(site, label string, c vault.Clock) edit {
	return func(v *vault.Vault) error {
		_, _, err := v.Import(site, label, []string{label + "-0000000001", label + "-0000000002"}, false, c)
		return err
	}
}

// onLabel runs f on the account labelled label.
func onLabel(label string, f func(v *vault.Vault, a *vault.Account) error) edit {
	return func(v *vault.Vault) error {
		i := slices.IndexFunc(v.Accounts, func(a vault.Account) bool { return a.Label == label })
		if i < 0 {
			return fmt.Errorf("no account %q", label)
		}
		return f(v, &v.Accounts[i])
	}
}

func renameEdit(from, to string, c vault.Clock) edit {
	return onLabel(from, func(v *vault.Vault, a *vault.Account) error { _, err := v.Rename(a.ID, to, c); return err })
}

func removeEdit(label string, c vault.Clock) edit {
	return onLabel(label, func(v *vault.Vault, a *vault.Account) error { return v.Remove(a.ID, c) })
}

// seedIndexVault holds accounts on three sites, two of them on gitlab.com.
func seedIndexVault(t *testing.T, s *Store, c vault.Clock) {
	t.Helper()
	if err := s.Update(context.Background(), func(v *vault.Vault) error {
		for _, f := range []edit{importEdit("github.com", "gh", c), importEdit("gitlab.com", "gl-a", c), importEdit("example.com", "ex", c), importEdit("gitlab.com", "gl-b", c)} {
			if err := f(v); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// This process's own changes as the host makes them, to the accounts of
// one site only (UpdateScope): a change that leaves every directory entry
// alone keeps the directory's list, and its index, and the others replace
// it; either way the next selection sees what the directory holds.
func TestSiteIndexAfterScopedChanges(t *testing.T) {
	ctx := context.Background()
	c := testClock("scoped")
	take := onLabel("gl-a", func(v *vault.Vault, a *vault.Account) error { _, err := v.Take(a, vault.UsedOnCLI, c); return err })
	tests := []struct {
		name     string
		changes  []edit
		wantKept bool     // the directory's list is the very one from before
		want     []string // labels on gitlab.com afterwards, in order
	}{
		{"a code taken", []edit{take}, true, []string{"gl-a", "gl-b"}},
		{"codes taken twice", []edit{take, take}, true, []string{"gl-a", "gl-b"}},
		{"an import", []edit{importEdit("gitlab.com", "gl-c", c)}, false, []string{"gl-a", "gl-b", "gl-c"}},
		{"a rename", []edit{renameEdit("gl-b", "gl-y", c)}, false, []string{"gl-a", "gl-y"}},
		{"a removal", []edit{removeEdit("gl-a", c)}, false, []string{"gl-b"}},
		{"a code taken, then a removal", []edit{take, removeEdit("gl-b", c)}, false, []string{"gl-a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := fakeStore(t, newFake(), 5*time.Second)
			seedIndexVault(t, host, c)
			siteLabels(t, host, "gitlab.com")
			before := host.snap.dir.Accounts
			for _, f := range tt.changes {
				if err := host.UpdateScope(ctx, Scope{Sites: []string{"gitlab.com"}, Siblings: true}, f); err != nil {
					t.Fatal(err)
				}
			}
			if kept := sameList(before, host.snap.dir.Accounts); kept != tt.wantKept {
				t.Errorf("the directory's list kept = %v, want %v", kept, tt.wantKept)
			}
			if got := siteLabels(t, host, "gitlab.com"); !slices.Equal(got, tt.want) {
				t.Errorf("gitlab.com holds %q, want %q", got, tt.want)
			}
			if got := siteLabels(t, host, "example.com"); !slices.Equal(got, []string{"ex"}) {
				t.Errorf("example.com holds %q, want only ex", got)
			}
		})
	}
}

// sameList: a and b are the very same list (not only equal ones).
func sameList(a, b []dirEntry) bool { return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0] }

func siteAccounts(t *testing.T, s *Store, sc Scope) []vault.Account {
	t.Helper()
	v, err := s.ViewScope(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	return v.Accounts
}

func siteLabels(t *testing.T, s *Store, site string) []string {
	t.Helper()
	return labels(siteAccounts(t, s, Scope{Sites: []string{site}}))
}

func labels(accounts []vault.Account) []string {
	var out []string
	for _, a := range accounts {
		out = append(out, a.Label)
	}
	return out
}

// The index is rebuilt when the directory's entries are replaced by a list
// of the same length or grow, and kept while they do not change.
func TestDirIndexCheck(t *testing.T) {
	s := newSnapshot()
	s.dir.Accounts = []dirEntry{{ID: "a", Site: "x.com"}, {ID: "b", Site: "y.com"}}
	first := s.index()
	if s.index() != first {
		t.Fatal("the index was rebuilt for an unchanged directory")
	}
	tests := []struct {
		name   string
		change func()
		site   string
		want   []string
	}{
		{"replaced, same length", func() {
			s.dir.Accounts = []dirEntry{{ID: "c", Site: "x.com"}, {ID: "d", Site: "x.com"}}
		}, "x.com", []string{"c", "d"}},
		{"appended", func() {
			s.dir.Accounts = append(s.dir.Accounts, dirEntry{ID: "e", Site: "x.com"})
		}, "x.com", []string{"c", "d", "e"}},
		{"appended in place (spare capacity)", func() {
			s.dir.Accounts = append(slices.Grow(s.dir.Accounts, 4), dirEntry{ID: "f", Site: "y.com"})
			s.selectIDs(Scope{Sites: []string{"y.com"}})
			s.dir.Accounts = append(s.dir.Accounts, dirEntry{ID: "g", Site: "y.com"})
		}, "y.com", []string{"f", "g"}},
		{"emptied", func() { s.dir.Accounts = []dirEntry{} }, "x.com", nil},
		{"filled from empty", func() { s.dir.Accounts = append(s.dir.Accounts, dirEntry{ID: "h", Site: "x.com"}) }, "x.com", []string{"h"}},
	}
	for _, tt := range tests {
		tt.change()
		if got := s.selectIDs(Scope{Sites: []string{tt.site}}); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %s selects %q, want %q", tt.name, tt.site, got, tt.want)
		}
	}
}
