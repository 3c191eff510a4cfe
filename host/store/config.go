package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Defaults.
const (
	DefaultTimeout    = 15 * time.Second
	DefaultCollection = "login"
)

// Environment variables read by ConfigFromEnv (the aws-vault convention).
const (
	EnvBackend    = "TEAROFF_BACKEND"
	EnvFileDir    = "TEAROFF_FILE_DIR"
	EnvPassphrase = "TEAROFF_FILE_PASSPHRASE"
	EnvCollection = "TEAROFF_COLLECTION"
	EnvTimeout    = "TEAROFF_KEYRING_TIMEOUT"
	EnvLockFile   = "TEAROFF_LOCK_FILE"
	// EnvScryptWorkFactor sets log2 of scrypt's N for a NEW file vault's
	// passphrase (default DefaultScryptWorkFactor). Tests lower it; doctor
	// reports a vault sealed below the default.
	EnvScryptWorkFactor = "TEAROFF_FILE_SCRYPT_WORK_FACTOR"
)

// Config chooses and configures the keyring. The zero value means: the
// platform's backend order, defaults everywhere, no file passphrase.
type Config struct {
	// Backend forces one backend ("secret-service", "kwallet", "keychain",
	// "wincred", "pass", "file"); "" tries the platform's order.
	Backend string
	// FileDir is the file backend's directory (default: defaultFileDir).
	FileDir string
	// Passphrase supplies the file backend's passphrase. It is called once per
	// View/Update, so an interactive implementation should remember the answer.
	// nil, an error or "" make every file-backend operation fail with ErrLocked.
	Passphrase func() (string, error)
	// Collection is the Secret Service collection (default "login").
	Collection string
	// Timeout bounds every keyring call and the wait for the vault lock.
	Timeout time.Duration
	// LockPath overrides the cross-process lock file, which by default
	// follows the vault (lockpath.go).
	LockPath string
	// ScryptWorkFactor is log2 of scrypt's N for a new file vault (0: the default).
	ScryptWorkFactor int
	// ItemLimit overrides the largest item written (0: the backend's own
	// limit); tests use it to exercise chunked items on any backend.
	ItemLimit int

	// envErr records a malformed environment value or config file,
	// reported by Open.
	envErr error
	// backendFrom says who forced Backend (SourceEnv, SourceFile; "" for
	// a caller's own Config), for doctor's explanation (choice.go).
	backendFrom string
}

// ConfigFromEnv reads TEAROFF_BACKEND, TEAROFF_FILE_DIR,
// TEAROFF_FILE_PASSPHRASE, TEAROFF_COLLECTION, TEAROFF_KEYRING_TIMEOUT (a Go
// duration such as "15s", or whole seconds), TEAROFF_LOCK_FILE and
// TEAROFF_FILE_SCRYPT_WORK_FACTOR.
func ConfigFromEnv() Config {
	cfg := Config{
		Backend:    strings.TrimSpace(os.Getenv(EnvBackend)),
		FileDir:    os.Getenv(EnvFileDir),
		Collection: os.Getenv(EnvCollection),
		LockPath:   os.Getenv(EnvLockFile),
	}
	if cfg.Backend == BackendAuto {
		cfg.Backend = ""
	}
	if cfg.Backend != "" {
		cfg.backendFrom = SourceEnv
	}
	if p, ok := os.LookupEnv(EnvPassphrase); ok && p != "" {
		cfg.Passphrase = func() (string, error) { return p, nil }
	}
	if t := strings.TrimSpace(os.Getenv(EnvTimeout)); t != "" {
		d, err := parseTimeout(t)
		if err != nil {
			cfg.envErr = fmt.Errorf("%s=%q: %w", EnvTimeout, t, err)
		}
		cfg.Timeout = d
	}
	if w := strings.TrimSpace(os.Getenv(EnvScryptWorkFactor)); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil || n < MinScryptWorkFactor || n > maxScryptWorkFactor {
			cfg.envErr = errors.Join(cfg.envErr, fmt.Errorf("%s=%q: want a whole number from %d to %d", EnvScryptWorkFactor, w, MinScryptWorkFactor, maxScryptWorkFactor))
		}
		cfg.ScryptWorkFactor = n
	}
	return cfg
}

func parseTimeout(s string) (time.Duration, error) {
	if n, err := strconv.Atoi(s); err == nil {
		s = strconv.Itoa(n) + "s"
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("not a duration such as 15s")
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be positive")
	}
	return d, nil
}

// withDefaults fills the unset fields. The config dir is only looked up when
// a path needs it, so a fully specified Config works without a HOME.
func (c Config) withDefaults() (Config, error) {
	if c.envErr != nil {
		return c, c.envErr
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Collection == "" {
		c.Collection = DefaultCollection
	}
	if c.FileDir == "" {
		dir, err := defaultFileDir()
		if err != nil {
			return c, err
		}
		c.FileDir = dir
	}
	return c, nil
}
