package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/99designs/keyring"
)

// Backend names (the 99designs/keyring identifiers).
const (
	BackendSecretService = string(keyring.SecretServiceBackend)
	BackendKWallet       = string(keyring.KWalletBackend)
	BackendKeychain      = string(keyring.KeychainBackend)
	BackendWinCred       = string(keyring.WinCredBackend)
	BackendPass          = string(keyring.PassBackend)
	BackendFile          = string(keyring.FileBackend)
)

// serviceName scopes our items in the backends that have the notion
// (keychain service, pass folder, KWallet folder, WinCred target prefix).
const serviceName = "tearoff"

// backend is an opened keyring backend.
type backend struct {
	name     string
	location string
	// open returns the Keyring that holds the vault.
	open func() (Keyring, error)
	// legacy returns the Keyring that held the first layout (legacy.go):
	// the same as open, except for the file backend, whose first layout
	// was the keyring library's own JWE files.
	legacy func() (Keyring, error)
	// names returns a Keyring good for Keys() without a passphrase, listing
	// the first layout's items too.
	names func() (Keyring, error)
	// locked reports whether the backend is locked without prompting; nil
	// when the backend cannot tell.
	locked func(ctx context.Context) (bool, error)
	// kdfWorkFactor reports the file backend's scrypt work factor.
	kdfWorkFactor func() (int, error)
	// prepare, when set, runs before the vault lock is taken: the file
	// backend derives its key there, so that the half second of scrypt is
	// not spent holding the lock other processes wait for. It returns an
	// error when no passphrase is available at all.
	prepare func() error
	// why says why this backend was chosen (choice.go).
	why string
}

func openBackend(cfg Config, name string) (*backend, error) {
	switch name {
	case BackendFile:
		return fileBackend(cfg)
	case string(keyring.KeyCtlBackend):
		return nil, errors.New("not supported: the kernel keyring is emptied at reboot")
	case BackendSecretService, BackendKWallet, BackendKeychain, BackendWinCred, BackendPass:
	default:
		return nil, fmt.Errorf("unknown backend; use one of %s", strings.Join(allBackends(), ", "))
	}
	if !slices.Contains(keyring.AvailableBackends(), keyring.BackendType(name)) {
		return nil, errors.New(unavailableReason(name))
	}
	b := &backend{name: name, location: location(cfg, name)}
	if name == BackendSecretService {
		kr, locked, err := openSecretService(cfg.Timeout, cfg.Collection)
		if err != nil {
			return nil, err
		}
		b.locked = locked
		b.open = func() (Keyring, error) { return kr, nil }
		b.legacy, b.names = b.open, b.open
		return b, nil
	}
	var kr keyring.Keyring
	err := callOnce(context.Background(), cfg.Timeout, name, "open", "", func() error {
		var err error
		kr, err = keyring.Open(libConfig(cfg, name))
		return err
	})
	if errors.Is(err, keyring.ErrNoAvailImpl) {
		// The library hides the opener's reason behind ErrNoAvailImpl.
		return nil, errors.New("could not be opened")
	}
	if err != nil {
		return nil, err
	}
	b.open = func() (Keyring, error) { return libKeyring{kr}, nil }
	b.legacy, b.names = b.open, b.open
	return b, nil
}

func allBackends() []string {
	return []string{BackendSecretService, BackendKWallet, BackendKeychain, BackendWinCred, BackendPass, BackendFile}
}

func libConfig(cfg Config, name string) keyring.Config {
	kc := keyring.Config{
		AllowedBackends:         []keyring.BackendType{keyring.BackendType(name)},
		ServiceName:             serviceName,
		LibSecretCollectionName: cfg.Collection,
		KWalletAppID:            serviceName,
		KWalletFolder:           serviceName,
		PassPrefix:              serviceName,
		WinCredPrefix:           serviceName,
		// Trust this binary so the keychain does not ask on every access,
		// and keep items readable only while the keychain is unlocked.
		KeychainTrustApplication:       true,
		KeychainAccessibleWhenUnlocked: true,
	}
	if name == BackendKWallet {
		kc.ServiceName = "kdewallet" // for KWallet the service name is the wallet
	}
	if name == BackendWinCred {
		kc.ServiceName = "vault" // targets read tearoff:vault:<key>
	}
	return kc
}

func location(cfg Config, name string) string {
	switch name {
	case BackendSecretService:
		return fmt.Sprintf("Secret Service collection %q", cfg.Collection)
	case BackendKWallet:
		return fmt.Sprintf("KWallet wallet %q, folder %q", "kdewallet", serviceName)
	case BackendKeychain:
		return fmt.Sprintf("default macOS keychain, service %q", serviceName)
	case BackendWinCred:
		return fmt.Sprintf("Windows Credential Manager, targets %s:vault:*", serviceName)
	case BackendPass:
		return fmt.Sprintf("pass store, folder %q", serviceName)
	}
	return name
}

func unavailableReason(name string) string {
	switch name {
	case BackendSecretService, BackendKWallet:
		return "not available: no D-Bus session bus, or not on Linux"
	case BackendKeychain:
		return "not available: macOS only, and needs a cgo build"
	case BackendWinCred:
		return "not available: Windows only"
	case BackendPass:
		return "not available: pass is not supported on this system"
	}
	return "not available on this system"
}

// fileBackend is the age-encrypted directory (filekeyring.go). Its first
// layout lived in the keyring library's JWE files in the same directory;
// those are opened only to read and then remove them. The passphrase is
// asked of Config.Passphrase when first needed; keyring.TerminalPrompt is
// never used because it writes to stdout, which belongs to the
// native-messaging channel.
func fileBackend(cfg Config) (*backend, error) {
	dir, err := filepath.Abs(cfg.FileDir)
	if err != nil {
		return nil, fmt.Errorf("file keyring dir %q: %w", cfg.FileDir, err)
	}
	fk := newFileKeyring(dir, cfg.Passphrase, cfg.ScryptWorkFactor)
	b := &backend{name: BackendFile, location: dir, kdfWorkFactor: fk.scryptWorkFactor, prepare: fk.prepare}
	b.open = func() (Keyring, error) { return fk, nil }
	b.legacy = func() (Keyring, error) {
		return openLegacyFile(dir, func(string) (string, error) { return filePassphrase(cfg.Passphrase, dir) })
	}
	b.names = func() (Keyring, error) {
		lib, err := openLegacyFile(dir, func(string) (string, error) {
			return "", fmt.Errorf("%w: listing item names needs no passphrase", ErrKeyring)
		})
		if err != nil {
			return nil, err
		}
		return fileNames{fk, lib}, nil
	}
	return b, nil
}

func openLegacyFile(dir string, pass keyring.PromptFunc) (Keyring, error) {
	kr, err := keyring.Open(keyring.Config{
		AllowedBackends:  []keyring.BackendType{keyring.FileBackend},
		FileDir:          dir,
		FilePasswordFunc: pass,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: opening the file keyring in %s: %w", ErrKeyring, dir, err)
	}
	return legacyFileKeyring{libKeyring{kr}}, nil
}

// legacyFileKeyring lists only the first layout's items: the library lists
// every file in the directory, the new items and the identity included.
type legacyFileKeyring struct{ libKeyring }

func (k legacyFileKeyring) Keys() ([]string, error) {
	keys, err := k.libKeyring.Keys()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, key := range keys {
		if isLegacyKey(key) {
			out = append(out, key)
		}
	}
	return out, nil
}

// fileNames lists the names of both layouts' items in a file keyring dir,
// without a passphrase, and also tells whether the vault's identity is
// there (a vault whose items were all removed still has its passphrase).
type fileNames struct {
	*fileKeyring
	legacy Keyring
}

func (f fileNames) Keys() ([]string, error) {
	keys, err := f.fileKeyring.Keys()
	if err != nil {
		return nil, err
	}
	old, err := f.legacy.Keys()
	if err != nil {
		return nil, err
	}
	if has, err := f.hasIdentity(); err != nil || has {
		keys = append(keys, identityFile)
	}
	return append(keys, old...), nil
}

// has looks for an item's file, or for the identity or the first
// layout's header, which are files under their own names.
func (f fileNames) has(key string) (bool, error) {
	p := filepath.Join(f.dir, key)
	if key != identityFile && key != legacyHeaderKey {
		var err error
		if p, err = f.path(key); err != nil {
			return false, err
		}
	}
	_, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("%w: %w", ErrKeyring, err)
	}
	return true, nil
}

func filePassphrase(get func() (string, error), dir string) (string, error) {
	how := fmt.Sprintf("the file keyring in %s needs its passphrase: set %s or enter it when asked", dir, EnvPassphrase)
	if get == nil {
		return "", fmt.Errorf("%w (%s)", ErrLocked, how)
	}
	pass, err := get()
	if errors.Is(err, ErrLocked) {
		return "", err
	}
	if err != nil {
		return "", fmt.Errorf("%w (%s: %w)", ErrLocked, how, err)
	}
	if pass == "" {
		return "", fmt.Errorf("%w (%s)", ErrLocked, how)
	}
	return pass, nil
}
