package install

import "errors"

// Registry is the part of the Windows registry install touches: the default
// value of one key per browser. SystemRegistry is the real one (Windows
// only); tests use a map.
type Registry interface {
	// SetDefault creates key if needed and sets its default value.
	SetDefault(key RegKey, value string) error
	// Default reads key's default value; a missing key or value is an error
	// satisfying errors.Is(err, fs.ErrNotExist).
	Default(key RegKey) (string, error)
	// DeleteKey removes key (it has no subkeys).
	DeleteKey(key RegKey) error
}

// ErrNoRegistry is returned by the registry on systems that have none.
var ErrNoRegistry = errors.New("no Windows registry on this system")
