package install

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FS is the file access install needs. OSFS is the real one; tests use an
// in-memory one so Windows and macOS paths can be written on Linux.
type FS interface {
	Stat(name string) (fs.FileInfo, error)
	ReadFile(name string) ([]byte, error)
	// WriteFile replaces name atomically, so a browser never reads half a
	// manifest.
	WriteFile(name string, data []byte, perm fs.FileMode) error
	Mkdir(name string, perm fs.FileMode) error
	Remove(name string) error
}

// OSFS is the real file system.
type OSFS struct{}

func (OSFS) Stat(name string) (fs.FileInfo, error)     { return os.Stat(name) }
func (OSFS) ReadFile(name string) ([]byte, error)      { return os.ReadFile(name) }
func (OSFS) Mkdir(name string, perm fs.FileMode) error { return os.Mkdir(name, perm) }
func (OSFS) Remove(name string) error                  { return os.Remove(name) }

func (OSFS) WriteFile(name string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(perm) // CreateTemp makes 0600; browsers run as the user, but root installs need 0644
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// mkdirs creates dir and any missing parents, and returns the directories it
// created, outermost first, so uninstall can remove exactly those.
func mkdirs(fsys FS, goos, dir string) ([]string, error) {
	var missing []string
	for d := dir; ; {
		if _, err := fsys.Stat(d); err == nil {
			break
		} else if !os.IsNotExist(err) {
			return nil, fmt.Errorf("stat %s: %w", d, err)
		}
		missing = append(missing, d)
		parent := parentDir(goos, d)
		if parent == d {
			break
		}
		d = parent
	}
	var created []string
	for i := len(missing) - 1; i >= 0; i-- {
		if err := fsys.Mkdir(missing[i], 0o755); err != nil && !os.IsExist(err) {
			return created, fmt.Errorf("create %s: %w", missing[i], err)
		}
		created = append(created, missing[i])
	}
	return created, nil
}
