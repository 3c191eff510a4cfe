package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Why a backend was chosen, for `tearoff doctor` and `tearoff config`.
//
// With no backend set, the platform's keyrings are tried in order and the
// encrypted file vault is the fallback when none answers: a minimal desktop,
// an SSH session or a container has no Secret Service, and Tearoff must
// still work there. An existing file vault is used before any keyring is
// tried, so that a vault created while no keyring answered is not silently
// replaced by an empty keyring vault once one does (say, a desktop session
// after an SSH one); `tearoff migrate` moves it on purpose.

// defaultFileDir is the file vault's directory when none is set: the old
// default <config dir>/tearoff/keyring when a vault is already there (so
// no existing vault is stranded), else the platform's data dir
// (datadir_*.go).
func defaultFileDir() (string, error) {
	if cfg, err := os.UserConfigDir(); err == nil {
		old := filepath.Join(cfg, "tearoff", "keyring")
		if fileVaultIn(old) {
			return old, nil
		}
	}
	dir, err := userDataDir()
	if err != nil {
		return "", fmt.Errorf("finding the user data dir for the file vault: %w", err)
	}
	return filepath.Join(dir, "tearoff"), nil
}

// fileVaultIn reports whether dir holds a file vault, without a
// passphrase: the new layout's identity, or the first layout's header
// (legacy.go), which the keyring library kept under the key's own name.
func fileVaultIn(dir string) bool {
	for _, name := range []string{identityFile, legacyHeaderKey} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil || !errors.Is(err, fs.ErrNotExist) {
			return true
		}
	}
	return false
}

// openChosen opens the forced backend, or an existing file vault, or the
// first platform keyring that answers, or else the file vault, and records
// why in the backend.
func openChosen(cfg Config) (*backend, error) {
	if cfg.Backend != "" {
		b, err := openBackend(cfg, cfg.Backend)
		if err != nil {
			return nil, fmt.Errorf("%w: tried %s (%w)", ErrNoBackend, cfg.Backend, err)
		}
		from := map[string]string{SourceEnv: "by " + EnvBackend, SourceFile: "in the config file"}[cfg.backendFrom]
		b.why = strings.TrimSpace("set " + from)
		return b, nil
	}
	if fileVaultIn(cfg.FileDir) {
		b, err := fileBackend(cfg)
		if err != nil {
			return nil, err
		}
		b.why = fmt.Sprintf("no backend is set and a file vault already exists in %s; %s", cfg.FileDir, moveHint())
		return b, nil
	}
	var tried []string
	for _, name := range platformOrder {
		b, err := openBackend(cfg, name)
		if err == nil {
			b.why = "no backend is set; the first platform keyring that answered"
			return b, nil
		}
		tried = append(tried, fmt.Sprintf("%s (%v)", name, err))
	}
	b, err := fileBackend(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: tried %s, then the file vault (%w)", ErrNoBackend, strings.Join(tried, ", "), err)
	}
	b.why = fmt.Sprintf("no backend is set and no OS keyring answered (tried %s), so the encrypted file vault; %s", strings.Join(tried, ", "), moveHint())
	return b, nil
}

func moveHint() string {
	return fmt.Sprintf("once a keyring works, `tearoff migrate --to %s` moves the vault into it", platformOrder[0])
}

// Why says why this backend was chosen.
func (s *Store) Why() string { return s.backend.why }
