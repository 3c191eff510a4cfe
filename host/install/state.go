package install

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Item kinds recorded in the state file.
const (
	KindDir      = "dir"
	KindFile     = "file"
	KindRegistry = "registry"
)

// Item is one thing install wrote. Uninstall removes it only while it is
// still exactly what install wrote (same file hash, same registry value).
type Item struct {
	Browser string `json:"browser"`
	Kind    string `json:"kind"`
	Path    string `json:"path"`             // file or dir path, or registry key path
	Root    string `json:"root,omitempty"`   // registry root
	Value   string `json:"value,omitempty"`  // registry default value
	SHA256  string `json:"sha256,omitempty"` // file content
}

func (it Item) same(o Item) bool { return it.Kind == o.Kind && it.Root == o.Root && it.Path == o.Path }

func (it Item) key() RegKey { return RegKey{Root: it.Root, Path: it.Path} }

func (it Item) String() string {
	if it.Kind == KindRegistry {
		return it.key().String()
	}
	return it.Path
}

// state is the record in Options.StateFile.
type state struct {
	Version int    `json:"version"`
	Items   []Item `json:"items"`
}

// DefaultStateFile is <UserConfigDir>/tearoff/installed.json.
func DefaultStateFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("state file: %w", err)
	}
	return filepath.Join(dir, "tearoff", "installed.json"), nil
}

func loadState(fsys FS, name string) (*state, error) {
	data, err := fsys.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return &state{Version: 1}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read install record: %w", err)
	}
	var s state
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("install record %s is damaged (move it away to start afresh): %w", name, err)
	}
	return &s, nil
}

// save writes the record, or removes it once nothing is recorded. Its
// directory is created but not recorded: it is tearoff's config directory,
// shared with the vault lock.
func (s *state) save(fsys FS, goos, name string) error {
	if len(s.Items) == 0 {
		if err := fsys.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove install record: %w", err)
		}
		return nil
	}
	if _, err := mkdirs(fsys, goos, parentDir(goos, name)); err != nil {
		return fmt.Errorf("install record: %w", err)
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode install record: %w", err)
	}
	if err := fsys.WriteFile(name, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("save install record: %w", err)
	}
	return nil
}

// record adds it, replacing an earlier record of the same thing (a re-run).
func (s *state) record(it Item) {
	for i := range s.Items {
		if s.Items[i].same(it) {
			s.Items[i] = it
			return
		}
	}
	s.Items = append(s.Items, it)
}

func (s *state) has(it Item) bool {
	for _, x := range s.Items {
		if x.same(it) {
			return true
		}
	}
	return false
}

func hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
