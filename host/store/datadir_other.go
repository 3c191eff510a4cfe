//go:build !darwin && !windows

package store

import (
	"os"
	"path/filepath"
)

// userDataDir is $XDG_DATA_HOME, else ~/.local/share (the XDG base
// directory specification).
func userDataDir() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return dir, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share"), nil
}
