//go:build windows

package install

import (
	"errors"
	"fmt"
	"io/fs"

	"golang.org/x/sys/windows/registry"
)

// SystemRegistry returns the real Windows registry.
func SystemRegistry() Registry { return winRegistry{} }

type winRegistry struct{}

func rootKey(k RegKey) (registry.Key, error) {
	switch k.Root {
	case "HKCU":
		return registry.CURRENT_USER, nil
	case "HKLM":
		return registry.LOCAL_MACHINE, nil
	}
	return 0, fmt.Errorf("registry root %q: %w", k.Root, ErrNoRegistry)
}

func (winRegistry) SetDefault(k RegKey, value string) error {
	root, err := rootKey(k)
	if err != nil {
		return err
	}
	key, _, err := registry.CreateKey(root, k.Path, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("create %s: %w", k, err)
	}
	defer key.Close()
	if err := key.SetStringValue("", value); err != nil {
		return fmt.Errorf("set %s: %w", k, err)
	}
	return nil
}

func (winRegistry) Default(k RegKey) (string, error) {
	root, err := rootKey(k)
	if err != nil {
		return "", err
	}
	key, err := registry.OpenKey(root, k.Path, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return "", fmt.Errorf("%s: %w", k, fs.ErrNotExist)
	}
	if err != nil {
		return "", fmt.Errorf("open %s: %w", k, err)
	}
	defer key.Close()
	v, _, err := key.GetStringValue("")
	if errors.Is(err, registry.ErrNotExist) {
		return "", fmt.Errorf("%s: %w", k, fs.ErrNotExist)
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", k, err)
	}
	return v, nil
}

func (winRegistry) DeleteKey(k RegKey) error {
	root, err := rootKey(k)
	if err != nil {
		return err
	}
	if err := registry.DeleteKey(root, k.Path); err != nil {
		if errors.Is(err, registry.ErrNotExist) {
			return fmt.Errorf("%s: %w", k, fs.ErrNotExist)
		}
		return fmt.Errorf("delete %s: %w", k, err)
	}
	return nil
}
