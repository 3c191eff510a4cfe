package store

import (
	"errors"
	"os"
)

// userDataDir is %LocalAppData%: the vault belongs to this machine, not to
// a roaming profile.
func userDataDir() (string, error) {
	if dir := os.Getenv("LocalAppData"); dir != "" {
		return dir, nil
	}
	return "", errors.New("%LocalAppData% is not set")
}
