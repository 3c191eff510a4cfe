package store

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/vault"
)

func openFile(t *testing.T, cfg Config) *Store {
	t.Helper()
	s, err := Open(cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// dirSnapshot reads every file of dir, to prove a failed call changed nothing.
func dirSnapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func TestFileRoundTrip(t *testing.T) {
	ctx := context.Background()
	cfg := fileConfig(t, "correct horse")
	s := openFile(t, cfg)
	if s.Backend() != BackendFile || s.Location() != cfg.FileDir {
		t.Errorf("backend %q at %q, want file at %q", s.Backend(), s.Location(), cfg.FileDir)
	}
	v, err := s.View(ctx)
	if err != nil || len(v.Accounts) != 0 {
		t.Fatalf("View of a fresh dir = %v, %v; want an empty vault", v, err)
	}
	// 20 accounts x 16 codes with history is far over one chunk.
	var want *vault.Vault
	if err := s.Update(ctx, func(v *vault.Vault) error {
		fillVault(t, v, 20, 16)
		want = v
		return nil
	}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	// A second Store (another process, in effect) reads the same vault.
	got, err := openFile(t, cfg).View(ctx)
	if err != nil {
		t.Fatalf("View: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the vault read back differs from the one written")
	}
	// One file per account, plus the directory, the head, the sealed
	// identity and the lock; no file holds a code in the clear.
	files := dirSnapshot(t, cfg.FileDir)
	if len(files) != 20+4 {
		t.Errorf("file keyring holds %d files, want 20 accounts + dir, head, identity and lock: %v", len(files), slices.Collect(maps.Keys(files)))
	}
	for _, name := range []string{dirKey + itemSuffix, headKey + itemSuffix, identityFile, lockFileName} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s in the file keyring", name)
		}
	}
	for name, content := range files {
		if !strings.HasPrefix(name, keyPrefix) {
			t.Errorf("file %q lacks the %q prefix", name, keyPrefix)
		}
		if strings.Contains(content, want.Accounts[0].Codes[5].Value) {
			t.Errorf("file %s holds a code in the clear", name)
		}
	}
	info := s.Info(ctx)
	if info.Err != nil || info.Locked || info.Accounts != 20 || info.Backend != BackendFile {
		t.Errorf("Info = %+v, want file, unlocked, 20 accounts", info)
	}
}

func TestFileWrongPassphrase(t *testing.T) {
	ctx := context.Background()
	cfg := fileConfig(t, "right")
	if err := openFile(t, cfg).Update(ctx, addAccount); err != nil {
		t.Fatal(err)
	}
	before := dirSnapshot(t, cfg.FileDir)
	cfg.Passphrase = func() (string, error) { return "wrong", nil }
	s := openFile(t, cfg)
	if _, err := s.View(ctx); !errors.Is(err, ErrBadPassphrase) {
		t.Errorf("View error = %v, want ErrBadPassphrase", err)
	}
	if err := s.Update(ctx, addAccount); !errors.Is(err, ErrBadPassphrase) {
		t.Errorf("Update error = %v, want ErrBadPassphrase", err)
	}
	if info := s.Info(ctx); !info.Locked || !info.NeedsPassphrase || !errors.Is(info.Err, ErrBadPassphrase) {
		t.Errorf("Info = %+v, want locked, needing the passphrase, ErrBadPassphrase", info)
	}
	if !maps.Equal(before, dirSnapshot(t, cfg.FileDir)) {
		t.Error("a wrong passphrase changed the keyring files")
	}
}

func TestFileWithoutPassphraseIsLocked(t *testing.T) {
	ctx := context.Background()
	cfg := fileConfig(t, "right")
	if err := openFile(t, cfg).Update(ctx, addAccount); err != nil {
		t.Fatal(err)
	}
	before := dirSnapshot(t, cfg.FileDir)
	tests := []struct {
		name string
		pass func() (string, error)
	}{
		{"nil func", nil},
		{"empty answer", func() (string, error) { return "", nil }},
		{"prompt failed", func() (string, error) { return "", errors.New("no terminal") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg.Passphrase = tt.pass
			s := openFile(t, cfg)
			_, err := s.View(ctx)
			if !errors.Is(err, ErrLocked) || !hasPrefix(err, "keyring is locked: unlock it and retry") {
				t.Errorf("View error = %v, want ErrLocked first", err)
			}
			if err != nil && !strings.Contains(err.Error(), EnvPassphrase) {
				t.Errorf("error %q does not say how to unlock", err)
			}
			if err := s.Update(ctx, addAccount); !errors.Is(err, ErrLocked) {
				t.Errorf("Update error = %v, want ErrLocked", err)
			}
			info := s.Info(ctx)
			if !info.Locked || !info.NeedsPassphrase {
				t.Errorf("Info = %+v, want locked and needing a passphrase", info)
			}
			if !maps.Equal(before, dirSnapshot(t, cfg.FileDir)) {
				t.Error("a locked file keyring was written")
			}
		})
	}
}

// The native host learns the passphrase after Open (an `unlock` request);
// the same Store must pick it up, and recover after a wrong one.
func TestFilePassphraseSuppliedLater(t *testing.T) {
	ctx := context.Background()
	cfg := fileConfig(t, "right")
	if err := openFile(t, cfg).Update(ctx, addAccount); err != nil {
		t.Fatal(err)
	}
	pass := ""
	cfg.Passphrase = func() (string, error) { return pass, nil }
	s := openFile(t, cfg)
	for _, step := range []struct {
		pass string
		want error
	}{{"", ErrLocked}, {"wrong", ErrBadPassphrase}, {"right", nil}} {
		pass = step.pass
		if _, err := s.View(ctx); !errors.Is(err, step.want) {
			t.Errorf("with passphrase %q: View error = %v, want %v", step.pass, err, step.want)
		}
	}
}

func TestOpenFailures(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"unknown backend", Config{Backend: "vault9000"}, []string{"vault9000", "unknown backend"}},
		{"keyctl refused", Config{Backend: "keyctl"}, []string{"keyctl", "reboot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.LockPath = filepath.Join(dir, "vault.lock")
			tt.cfg.FileDir = filepath.Join(dir, "keyring")
			_, err := Open(tt.cfg)
			if !errors.Is(err, ErrNoBackend) {
				t.Fatalf("Open error = %v, want ErrNoBackend", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// HasVault answers from item names alone: it must not ask for the
// passphrase (the CLI calls it from inside the passphrase prompt).
func TestFileHasVault(t *testing.T) {
	ctx := context.Background()
	cfg := fileConfig(t, "")
	asked := 0
	cfg.Passphrase = func() (string, error) { asked++; return "pw", nil }
	s := openFile(t, cfg)
	has, err := s.HasVault(ctx)
	if err != nil || has {
		t.Fatalf("HasVault on a fresh dir = %v, %v; want false, nil", has, err)
	}
	if err := s.Update(ctx, func(v *vault.Vault) error {
		fillVault(t, v, 1, 4)
		return nil
	}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	asked = 0
	has, err = s.HasVault(ctx)
	if err != nil || !has {
		t.Fatalf("HasVault after a write = %v, %v; want true, nil", has, err)
	}
	if asked != 0 {
		t.Errorf("HasVault asked for the passphrase %d times, want 0", asked)
	}
}
