package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"filippo.io/age"
)

// The encrypted file backend. Each item is one file, <key>.age, encrypted
// with age to an X25519 identity of the vault's own. That identity lives in
// identityFile, encrypted with the passphrase through scrypt, so the costly
// key derivation happens once per process (and once per passphrase), not
// once per item: every item after that costs one X25519 operation.
//
// Every write is atomic: a temp file in the same directory, fsync, rename
// over the target, fsync of the directory. A crash leaves the old file or
// the new one, never a truncated one.
const (
	itemSuffix   = ".age"
	identityFile = "tearoff.identity"
	tempPrefix   = ".tmp-"
	// DefaultScryptWorkFactor is log2 of scrypt's N for a new vault's
	// identity: 2^17 with r=8, p=1 is the OWASP recommendation and costs
	// about half a second here, once per process.
	DefaultScryptWorkFactor = 17
	// MinScryptWorkFactor bounds what EnvScryptWorkFactor may lower it to;
	// anything below the default is for tests and is reported by doctor.
	MinScryptWorkFactor = 10
	maxScryptWorkFactor = 22
	// maxItemFile bounds what a damaged or hostile file makes us read.
	maxItemFile = 16 << 20
)

// fileKeyNameRE is what a key must look like to become a file name: no
// separators, no leading dot (temp files and the lock start with one).
var fileKeyNameRE = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]*$`)

// fileKeyring implements Keyring on a directory of age files.
type fileKeyring struct {
	dir        string
	passphrase func() (string, error)
	workFactor int // for a new identity

	mu       sync.Mutex
	pass     string // the passphrase identity was decrypted with
	identity *age.X25519Identity
}

func newFileKeyring(dir string, passphrase func() (string, error), workFactor int) *fileKeyring {
	if workFactor == 0 {
		workFactor = DefaultScryptWorkFactor
	}
	return &fileKeyring{dir: dir, passphrase: passphrase, workFactor: workFactor}
}

func (k *fileKeyring) path(key string) (string, error) {
	if !fileKeyNameRE.MatchString(key) {
		return "", fmt.Errorf("%w: %q is not a valid item name", ErrKeyring, key)
	}
	return filepath.Join(k.dir, key+itemSuffix), nil
}

// Get decrypts one item; a missing file is ErrKeyNotFound.
func (k *fileKeyring) Get(key string) ([]byte, error) {
	p, err := k.path(key)
	if err != nil {
		return nil, err
	}
	sealed, err := readLimited(p, maxItemFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrKeyNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("%w: reading %s: %w", ErrKeyring, p, err)
	}
	id, err := k.unlock(false)
	if err != nil {
		return nil, err
	}
	r, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		return nil, damagef("%s cannot be decrypted (damaged, or from another vault): %w", p, err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, damagef("%s is damaged: %w", p, err)
	}
	return data, nil
}

// Set encrypts data and replaces the item atomically and durably.
func (k *fileKeyring) Set(key string, data []byte) error { return k.set(key, data, true) }

// setUnsynced is Set without the fsync of the directory: the new item is
// in place for every reader at once, and durable after the next flush
// (keyring.go's batchKeyring).
func (k *fileKeyring) setUnsynced(key string, data []byte) error { return k.set(key, data, false) }

// flush makes the renames since the last one durable.
func (k *fileKeyring) flush() error { return syncDir(k.dir) }

func (k *fileKeyring) set(key string, data []byte, durable bool) error {
	p, err := k.path(key)
	if err != nil {
		return err
	}
	id, err := k.unlock(true)
	if err != nil {
		return err
	}
	var sealed bytes.Buffer
	w, err := age.Encrypt(&sealed, id.Recipient())
	if err != nil {
		return fmt.Errorf("%w: encrypting %s: %w", ErrKeyring, key, err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("%w: encrypting %s: %w", ErrKeyring, key, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("%w: encrypting %s: %w", ErrKeyring, key, err)
	}
	return writeAtomic(p, sealed.Bytes(), durable)
}

// Remove deletes an item; a missing one is not an error.
func (k *fileKeyring) Remove(key string) error {
	p, err := k.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: removing %s: %w", ErrKeyring, p, err)
	}
	return syncDir(k.dir)
}

// Keys lists the items by file name; it needs no passphrase.
func (k *fileKeyring) Keys() ([]string, error) {
	entries, err := os.ReadDir(k.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: listing %s: %w", ErrKeyring, k.dir, err)
	}
	var keys []string
	for _, e := range entries {
		if key, ok := strings.CutSuffix(e.Name(), itemSuffix); ok && fileKeyNameRE.MatchString(key) && e.Type().IsRegular() {
			keys = append(keys, key)
		}
	}
	return keys, nil
}

// hasIdentity reports whether the vault's identity exists, without the
// passphrase.
func (k *fileKeyring) hasIdentity() (bool, error) {
	_, err := os.Stat(filepath.Join(k.dir, identityFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%w: %w", ErrKeyring, err)
	}
	return true, nil
}

// unlock returns the vault's identity, decrypting it with the passphrase
// the first time (and again whenever the passphrase changes). With create,
// a missing identity is made and sealed with the passphrase; without it, a
// missing identity is an error, since no item can have been written yet.
func (k *fileKeyring) unlock(create bool) (*age.X25519Identity, error) {
	pass, err := filePassphrase(k.passphrase, k.dir)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.identity != nil && k.pass == pass {
		return k.identity, nil
	}
	p := filepath.Join(k.dir, identityFile)
	sealed, err := readLimited(p, maxItemFile)
	switch {
	case errors.Is(err, fs.ErrNotExist) && create:
		return k.createIdentity(p, pass)
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w: %s is missing, so the items beside it cannot be decrypted", ErrKeyring, p)
	case err != nil:
		return nil, fmt.Errorf("%w: reading %s: %w", ErrKeyring, p, err)
	}
	sid, err := age.NewScryptIdentity(pass)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyring, err)
	}
	sid.SetMaxWorkFactor(maxScryptWorkFactor)
	r, err := age.Decrypt(bytes.NewReader(sealed), sid)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) || strings.Contains(err.Error(), "incorrect passphrase") {
			return nil, fmt.Errorf("%w (%s)", ErrBadPassphrase, k.dir)
		}
		return nil, fmt.Errorf("%w: %s is damaged: %w", ErrKeyring, p, err)
	}
	text, err := io.ReadAll(io.LimitReader(r, 4096))
	if err != nil {
		return nil, fmt.Errorf("%w: %s is damaged: %w", ErrKeyring, p, err)
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(string(text)))
	if err != nil {
		return nil, fmt.Errorf("%w: %s holds no identity: %w", ErrKeyring, p, err)
	}
	k.identity, k.pass = id, pass
	return id, nil
}

func (k *fileKeyring) createIdentity(p, pass string) (*age.X25519Identity, error) {
	if err := os.MkdirAll(k.dir, 0o700); err != nil {
		return nil, fmt.Errorf("%w: creating %s: %w", ErrKeyring, k.dir, err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, fmt.Errorf("%w: making the vault key: %w", ErrKeyring, err)
	}
	rcpt, err := age.NewScryptRecipient(pass)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyring, err)
	}
	rcpt.SetWorkFactor(k.workFactor)
	var sealed bytes.Buffer
	w, err := age.Encrypt(&sealed, rcpt)
	if err == nil {
		_, err = io.WriteString(w, id.String()+"\n")
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("%w: sealing the vault key: %w", ErrKeyring, err)
	}
	if err := writeAtomic(p, sealed.Bytes(), true); err != nil {
		return nil, err
	}
	k.identity, k.pass = id, pass
	return id, nil
}

// prepare derives the vault's key ahead of use when the vault has one, and
// reports a missing passphrase. A wrong passphrase or a damaged identity
// is left for the operation itself to report.
func (k *fileKeyring) prepare() error {
	if _, err := filePassphrase(k.passphrase, k.dir); err != nil {
		return err
	}
	if has, err := k.hasIdentity(); err == nil && has {
		_, _ = k.unlock(false)
	}
	return nil
}

// scryptWorkFactor reads the work factor a vault's identity was sealed
// with, from the age header, without the passphrase (doctor reports it).
func (k *fileKeyring) scryptWorkFactor() (int, error) {
	sealed, err := readLimited(filepath.Join(k.dir, identityFile), maxItemFile)
	if err != nil {
		return 0, err
	}
	// The stanza line is "-> scrypt SALT LOGN".
	for _, line := range strings.Split(string(sealed), "\n") {
		var salt string
		var logN int
		if n, _ := fmt.Sscanf(line, "-> scrypt %s %d", &salt, &logN); n == 2 {
			return logN, nil
		}
	}
	return 0, fmt.Errorf("%w: no scrypt stanza in %s", ErrKeyring, identityFile)
}

func readLimited(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("over %d bytes", limit)
	}
	return data, nil
}

// writeAtomic replaces p with data: temp file in the same directory, fsync,
// rename, and with durable an fsync of the directory (a rename is durable
// only once its directory is).
func writeAtomic(p string, data []byte, durable bool) error {
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("%w: creating %s: %w", ErrKeyring, dir, err)
	}
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("%w: writing %s: %w", ErrKeyring, p, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o600)
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("%w: writing %s: %w", ErrKeyring, p, err)
	}
	if !durable {
		return nil
	}
	return syncDir(dir)
}
