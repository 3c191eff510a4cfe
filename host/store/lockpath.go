package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
)

// lockFileName is the lock beside a file keyring's items; the file
// backend lists only *.age files, so it never mistakes the lock for an item.
const lockFileName = "tearoff.lock"

// lockPath is the lock every process that opens this vault must take,
// whatever its own settings: it follows the vault, not the user's config
// dir. The file backend's lock sits beside its files. A keyring backend's
// lock is named after the backend and where it keeps the items (for the
// Secret Service, the collection), in the per-user runtime dir
// (lockdir_*.go). Config.LockPath overrides it, for tests.
func lockPath(cfg Config, b *backend) (string, error) {
	if cfg.LockPath != "" {
		return cfg.LockPath, nil
	}
	if b.name == BackendFile {
		return filepath.Join(b.location, lockFileName), nil
	}
	dir, err := userLockDir()
	if err != nil {
		return "", fmt.Errorf("finding a directory for the vault lock: %w", err)
	}
	sum := sha256.Sum256([]byte(b.name + "\x00" + b.location))
	return filepath.Join(dir, "tearoff", fmt.Sprintf("%s-%s.lock", b.name, hex.EncodeToString(sum[:8]))), nil
}

// itemLimit is the largest item the store writes to a backend: Windows
// Credential Manager holds 2,560 bytes per credential (the rest of the
// budget is the JSON around the data); the others take far larger items,
// so there an account with any realistic history is one item.
func itemLimit(backend string) int {
	if backend == BackendWinCred {
		return 2000
	}
	return maxItemBytes
}

// maxItemBytes is the item limit everywhere but Windows.
const maxItemBytes = 256 << 10
