//go:build !windows

package install

import "fmt"

// SystemRegistry returns a registry whose every call fails: there is none
// off Windows. Tests of the Windows branch pass their own Registry.
func SystemRegistry() Registry { return noRegistry{} }

type noRegistry struct{}

func (noRegistry) SetDefault(k RegKey, _ string) error { return fmt.Errorf("%s: %w", k, ErrNoRegistry) }
func (noRegistry) Default(k RegKey) (string, error) {
	return "", fmt.Errorf("%s: %w", k, ErrNoRegistry)
}
func (noRegistry) DeleteKey(k RegKey) error { return fmt.Errorf("%s: %w", k, ErrNoRegistry) }
