package sync

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// The steps of one sync round (sync.go): read the remote's files, merge
// them into the vault, and build the commit that carries this machine's
// file back.

// files is what the remote's commit holds: its root tree and the machines'
// files.
type files struct {
	head    string
	root    []entry
	devices []entry
}

func (s *Syncer) remoteFiles(ctx context.Context, r *repo, head string) (files, error) {
	f := files{head: head}
	if head == "" {
		return f, nil
	}
	if err := r.fetch(ctx, head); err != nil {
		return f, err
	}
	root, err := r.tree(ctx, head)
	if err != nil {
		return f, err
	}
	f.root = root
	for _, e := range root {
		if e.name != devicesDir {
			continue
		}
		if e.kind != "tree" {
			return f, fmt.Errorf("%w %s: it is not a directory", ErrRefused, devicesDir)
		}
		devs, err := r.tree(ctx, e.hash)
		if err != nil {
			return f, err
		}
		for _, d := range devs {
			if d.kind != "blob" || !deviceFileRE.MatchString(d.name) {
				return f, fmt.Errorf("%w %s/%s: not a file sync wrote", ErrRefused, devicesDir, d.name)
			}
			if d.size < 0 || d.size > maxBundle {
				// Refused before it is read: a huge file must not fill memory.
				return f, fmt.Errorf("%w %s/%s: %d bytes, more than a bundle can be", ErrRefused, devicesDir, d.name, d.size)
			}
		}
		f.devices = devs
	}
	return f, nil
}

// remote is every machine's vault as the remote holds it.
type remote struct {
	vaults []*vault.Vault
	own    []byte // this machine's file's vault, as shared (nil: none)
	others int
	names  []string // every machine's name, this one's too, sorted
}

// open decrypts every machine's file. One that does not open refuses the
// whole sync: nothing is merged from a remote that someone tampered with.
func (s *Syncer) open(ctx context.Context, r *repo, f files, key []byte, machine string) (remote, error) {
	out := remote{names: []string{machine}}
	for _, d := range f.devices {
		sealed, err := r.blob(ctx, d.hash)
		if err != nil {
			return out, err
		}
		id := strings.TrimSuffix(d.name, ".age")
		v, err := open(devicesDir+"/"+d.name, sealed, key, id)
		if err != nil {
			return out, err
		}
		out.vaults = append(out.vaults, v)
		out.names = append(out.names, id)
		if id == machine {
			if out.own, err = v.Marshal(); err != nil {
				return out, err
			}
		} else {
			out.others++
		}
	}
	slices.Sort(out.names)
	out.names = slices.Compact(out.names)
	return out, nil
}

// merge folds the remote's vaults into the local one under the vault
// lock and returns what this machine now shares.
func (s *Syncer) merge(ctx context.Context, rm remote) (Report, []byte, error) {
	rep := Report{Machines: rm.others, machines: rm.names}
	var shared []byte
	err := s.Store.UpdateScope(ctx, store.Scope{}, func(v *vault.Vault) error {
		m := v
		for _, o := range rm.vaults {
			m = m.Merge(o)
		}
		if twins := m.Twins(); len(twins) > 0 {
			return fmt.Errorf("sync: this computer and another one each imported %s separately; remove it on one of them (tearoff remove) and sync again; nothing was merged", strings.Join(twins, ", "))
		}
		if err := m.Validate(); err != nil {
			return fmt.Errorf("sync: the merged vault is not valid (%w); nothing was merged", err)
		}
		if s.KeepEvents > 0 {
			m.Compact(s.KeepEvents)
		}
		rep.count(v, m)
		var err error
		if shared, err = m.Shareable().Marshal(); err != nil {
			return err
		}
		*v = *m
		return nil
	})
	return rep, shared, err
}

// count compares the vault before and after a merge.
func (r *Report) count(before, after *vault.Vault) {
	old := map[string]vault.State{}
	had := map[string]bool{}
	for _, a := range before.Accounts {
		had[a.ID] = true
		for _, c := range a.Codes {
			old[c.ID] = c.State
		}
	}
	has := map[string]bool{}
	for _, a := range after.Accounts {
		has[a.ID] = true
		if !had[a.ID] {
			r.Added++
			continue
		}
		for _, c := range a.Codes {
			was, ok := old[c.ID]
			switch {
			case !ok || was == c.State:
			case c.State == vault.Used:
				r.Used++
			case c.State == vault.Revoked:
				r.Revoked++
			case was == vault.Used:
				r.Restored++
			}
		}
	}
	for id := range had {
		if !has[id] {
			r.Removed++
		}
	}
}

// commitFor builds the commit that puts this machine's new file on top of
// the remote's head.
func (s *Syncer) commitFor(ctx context.Context, r *repo, f files, machine string, key, shared []byte) (string, error) {
	v, err := vault.Unmarshal(shared)
	if err != nil {
		return "", err
	}
	sealed, err := seal(v, key, machine, s.now())
	if err != nil {
		return "", err
	}
	blob, err := r.git(ctx, sealed, nil, "hash-object", "-w", "--stdin")
	if err != nil {
		return "", err
	}
	name := machine + ".age"
	devs := []entry{{"100644", "blob", blob, name, int64(len(sealed))}}
	for _, d := range f.devices {
		if d.name != name {
			devs = append(devs, d)
		}
	}
	devTree, err := r.mktree(ctx, devs)
	if err != nil {
		return "", err
	}
	root := []entry{{"040000", "tree", devTree, devicesDir, -1}}
	for _, e := range f.root {
		if e.name != devicesDir {
			root = append(root, e)
		}
	}
	tree, err := r.mktree(ctx, root)
	if err != nil {
		return "", err
	}
	return r.commit(ctx, tree, f.head, s.now())
}
