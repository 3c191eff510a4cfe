package install

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"time"
)

// memFS is an in-memory FS that follows goos's path rules, so Windows and
// macOS layouts can be installed and removed in tests on Linux. Like a real
// file system it refuses to create a file or directory in a missing parent
// and to remove a non-empty directory.
type memFS struct {
	goos  string
	nodes map[string]*memNode
}

type memNode struct {
	dir  bool
	data []byte
	mode fs.FileMode
}

func newMemFS(goos string, dirs ...string) *memFS {
	m := &memFS{goos: goos, nodes: map[string]*memNode{}}
	for _, d := range dirs {
		for p := d; ; p = parentDir(goos, p) {
			m.nodes[p] = &memNode{dir: true, mode: fs.ModeDir | 0o755}
			if parentDir(goos, p) == p {
				break
			}
		}
	}
	return m
}

func (m *memFS) notExist(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
}

func (m *memFS) parentOK(op, name string) error {
	if p, ok := m.nodes[parentDir(m.goos, name)]; !ok || !p.dir {
		return m.notExist(op, name)
	}
	return nil
}

func (m *memFS) Stat(name string) (fs.FileInfo, error) {
	n, ok := m.nodes[name]
	if !ok {
		return nil, m.notExist("stat", name)
	}
	return memInfo{name: name, n: n}, nil
}

func (m *memFS) ReadFile(name string) ([]byte, error) {
	n, ok := m.nodes[name]
	if !ok {
		return nil, m.notExist("open", name)
	}
	if n.dir {
		return nil, fmt.Errorf("read %s: is a directory", name)
	}
	return slices.Clone(n.data), nil
}

func (m *memFS) WriteFile(name string, data []byte, perm fs.FileMode) error {
	if err := m.parentOK("open", name); err != nil {
		return err
	}
	if n, ok := m.nodes[name]; ok && n.dir {
		return fmt.Errorf("write %s: is a directory", name)
	}
	m.nodes[name] = &memNode{data: slices.Clone(data), mode: perm}
	return nil
}

func (m *memFS) Mkdir(name string, perm fs.FileMode) error {
	if _, ok := m.nodes[name]; ok {
		return &fs.PathError{Op: "mkdir", Path: name, Err: fs.ErrExist}
	}
	if err := m.parentOK("mkdir", name); err != nil {
		return err
	}
	m.nodes[name] = &memNode{dir: true, mode: fs.ModeDir | perm}
	return nil
}

func (m *memFS) Remove(name string) error {
	n, ok := m.nodes[name]
	if !ok {
		return m.notExist("remove", name)
	}
	if n.dir {
		for p := range m.nodes {
			if p != name && parentDir(m.goos, p) == name {
				return fmt.Errorf("remove %s: directory not empty", name)
			}
		}
	}
	delete(m.nodes, name)
	return nil
}

// snapshot is the set of paths with their contents, to compare states.
func (m *memFS) snapshot() map[string]string {
	out := map[string]string{}
	for p, n := range m.nodes {
		out[p] = string(n.data)
		if n.dir {
			out[p] = "<dir>"
		}
	}
	return out
}

type memInfo struct {
	name string
	n    *memNode
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return int64(len(i.n.data)) }
func (i memInfo) Mode() fs.FileMode  { return i.n.mode }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.n.dir }
func (i memInfo) Sys() any           { return nil }

// memRegistry is a Registry in a map, keyed by RegKey.String().
type memRegistry struct{ values map[string]string }

func newMemRegistry() *memRegistry { return &memRegistry{values: map[string]string{}} }

func (r *memRegistry) SetDefault(k RegKey, v string) error {
	r.values[k.String()] = v
	return nil
}

func (r *memRegistry) Default(k RegKey) (string, error) {
	v, ok := r.values[k.String()]
	if !ok {
		return "", fmt.Errorf("%s: %w", k, fs.ErrNotExist)
	}
	return v, nil
}

func (r *memRegistry) DeleteKey(k RegKey) error {
	if _, ok := r.values[k.String()]; !ok {
		return fmt.Errorf("%s: %w", k, fs.ErrNotExist)
	}
	delete(r.values, k.String())
	return nil
}

func (r *memRegistry) snapshot() map[string]string { return maps.Clone(r.values) }

// noLookPath finds no program on PATH.
func noLookPath(string) (string, error) { return "", fmt.Errorf("not found: %w", fs.ErrNotExist) }
