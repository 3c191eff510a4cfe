//go:build !windows

package store

import (
	"os"
	"path/filepath"
)

// userLockDir is $XDG_RUNTIME_DIR (the same for every process of the user
// on a Linux desktop, whatever its XDG_CONFIG_HOME), else the user cache dir.
func userLockDir() (string, error) {
	if dir := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(dir) {
		return dir, nil
	}
	return os.UserCacheDir()
}
