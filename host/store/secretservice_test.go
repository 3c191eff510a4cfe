//go:build linux

package store

import (
	"context"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/keyring"
	"github.com/godbus/dbus"

	"tearoff.dev/tearoff/host/vault"
)

func collectionPath() dbus.ObjectPath {
	name := os.Getenv(EnvCollection)
	if name == "" {
		name = DefaultCollection
	}
	return dbus.ObjectPath(secretsPath + "/collection/" + name)
}

// lockCollection locks the collection through the standard API (locking
// needs no prompt) and registers an unlock for the test's end.
func lockCollection(t *testing.T) {
	t.Helper()
	password := os.Getenv("TEAROFF_TEST_KEYRING_PASSWORD")
	if password == "" {
		t.Skip("needs TEAROFF_TEST_KEYRING_PASSWORD to unlock the keyring again (set by scripts/with-secret-service.sh)")
	}
	conn, err := dbus.SessionBus()
	if err != nil {
		t.Fatal(err)
	}
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := conn.Object(secretsDest, secretsPath).Call("org.freedesktop.Secret.Service.Lock", 0,
		[]dbus.ObjectPath{collectionPath()}).Store(&locked, &prompt); err != nil {
		t.Fatalf("locking the collection: %v", err)
	}
	t.Cleanup(func() { unlockCollection(t, password) })
}

// unlockCollection uses gnome-keyring's own password unlock: the standard
// Unlock needs a prompt, which cannot be answered headless, and
// `gnome-keyring-daemon --unlock` does not unlock a running daemon's
// collection (it starts another daemon instead).
func unlockCollection(t *testing.T, password string) {
	t.Helper()
	conn, err := dbus.SessionBus()
	if err != nil {
		t.Fatal(err)
	}
	svc := conn.Object(secretsDest, secretsPath)
	var out dbus.Variant
	var session dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&out, &session); err != nil {
		t.Fatalf("opening a Secret Service session: %v", err)
	}
	secret := struct {
		Session     dbus.ObjectPath
		Parameters  []byte
		Value       []byte
		ContentType string
	}{session, []byte{}, []byte(password), "text/plain"}
	if err := svc.Call("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface.UnlockWithMasterPassword", 0,
		collectionPath(), secret).Store(); err != nil {
		t.Fatalf("unlocking the collection: %v", err)
	}
}

func TestSecretServiceRoundTrip(t *testing.T) {
	skipUnlessSecretService(t)
	clearSecretService(t)
	ctx := context.Background()
	s, err := Open(ssConfig(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if s.Backend() != BackendSecretService || !strings.Contains(s.Location(), "collection") {
		t.Errorf("backend %q at %q", s.Backend(), s.Location())
	}
	var want *vault.Vault
	for range 2 { // the second write must replace, not add, a generation
		if err := s.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 10, 16); want = v; return nil }); err != nil {
			t.Fatalf("Update: %v", err)
		}
	}
	got, err := s.View(ctx)
	if err != nil {
		t.Fatalf("View: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the vault read back differs from the one written")
	}
	kr, _ := s.backend.open()
	keys := tearoffKeys(t, s, kr)
	if len(keys) != 20+2 || len(chunks(keys)) != 0 {
		t.Errorf("items %v; want one per account, the directory and the head, no chunks", keys)
	}
	if info := s.Info(ctx); info.Err != nil || info.Locked || info.Accounts != 20 {
		t.Errorf("Info = %+v, want unlocked with 20 accounts", info)
	}
}

// A locked collection is a clear ErrLocked, and nothing is written: neither
// over an existing vault nor as a fresh one.
func TestSecretServiceLocked(t *testing.T) {
	skipUnlessSecretService(t)
	for _, existing := range []bool{true, false} {
		t.Run(map[bool]string{true: "existing vault", false: "no vault yet"}[existing], func(t *testing.T) {
			clearSecretService(t)
			ctx := context.Background()
			s, err := Open(ssConfig(t))
			if err != nil {
				t.Fatal(err)
			}
			if existing {
				if err := s.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 2, 16); return nil }); err != nil {
					t.Fatal(err)
				}
			}
			before, err := s.View(ctx)
			if err != nil {
				t.Fatal(err)
			}
			kr, _ := s.backend.open()
			keysBefore := tearoffKeys(t, s, kr)

			lockCollection(t)
			info := s.Info(ctx)
			if !info.Locked || !errors.Is(info.Err, ErrLocked) {
				t.Errorf("Info = %+v, want locked", info)
			}
			err = s.Update(ctx, addAccount)
			if !errors.Is(err, ErrLocked) || !hasPrefix(err, "keyring is locked: unlock it and retry") {
				t.Errorf("Update on a locked keyring: %v, want ErrLocked", err)
			}
			if existing {
				if _, err := s.View(ctx); !errors.Is(err, ErrLocked) {
					t.Errorf("View on a locked keyring: %v, want ErrLocked", err)
				}
			}

			unlockCollection(t, os.Getenv("TEAROFF_TEST_KEYRING_PASSWORD"))
			after, err := s.View(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(before, after) {
				t.Error("the vault changed while the keyring was locked")
			}
			if keysAfter := tearoffKeys(t, s, kr); !slices.Equal(keysBefore, keysAfter) {
				t.Errorf("items changed while locked: %v -> %v", keysBefore, keysAfter)
			}
		})
	}
}

func TestSecretServiceMissingCollection(t *testing.T) {
	skipUnlessSecretService(t)
	cfg := ssConfig(t)
	cfg.Collection = "tearoff-missing"
	_, err := Open(cfg)
	if !errors.Is(err, ErrNoBackend) || !strings.Contains(err.Error(), `"tearoff-missing"`) {
		t.Errorf("Open with a missing collection: %v, want ErrNoBackend naming it", err)
	}
}

// libraryStore opens the vault in the Secret Service through the keyring
// library, as tearoff did before it had a client of its own.
func libraryStore(t *testing.T) (*Store, Keyring) {
	t.Helper()
	cfg, err := ssConfig(t).withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	kr, err := keyring.Open(libConfig(cfg, BackendSecretService))
	if err != nil {
		t.Fatalf("opening the library's Secret Service: %v", err)
	}
	s, err := OpenKeyring(libKeyring{kr}, BackendSecretService, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s, libKeyring{kr}
}

// A vault written through the keyring library reads with the store's own
// client, and what the client writes reads through the library: the items
// look the same (label, attribute, secret).
func TestSecretServiceReadsLibraryVault(t *testing.T) {
	skipUnlessSecretService(t)
	clearSecretService(t)
	ctx := context.Background()
	old, _ := libraryStore(t)
	if err := old.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 5, 16); return nil }); err != nil {
		t.Fatalf("writing through the library: %v", err)
	}
	want, err := old.View(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ssConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	if kr, _ := s.backend.open(); reflect.TypeOf(kr) != reflect.TypeOf(&ssKeyring{}) {
		t.Fatalf("the Secret Service backend is %T, want the store's own client", kr)
	}
	got, err := s.View(ctx)
	if err != nil {
		t.Fatalf("reading with the client: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the client reads the library's vault differently")
	}
	c := testClock("ss")
	var taken vault.Code
	if err := s.Update(ctx, func(v *vault.Vault) error {
		var err error
		taken, err = v.Take(&v.Accounts[2], vault.UsedOnCLI, c)
		return err
	}); err != nil {
		t.Fatalf("writing with the client: %v", err)
	}
	fresh, err := Open(ssConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	want, err = fresh.View(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(want.Accounts[2].Codes, func(c vault.Code) bool { return c.ID == taken.ID }); i < 0 || want.Accounts[2].Codes[i].State != vault.Used {
		t.Fatalf("the code taken (%s) does not read back as used", taken.ID)
	}
	again, _ := libraryStore(t)
	got, err = again.View(ctx)
	if err != nil {
		t.Fatalf("reading the client's write through the library: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("the library reads the client's vault differently")
	}
}

// The client remembers where each item lives; when another process removes
// an item, or removes and creates it again elsewhere, a Get still returns
// what is stored now.
func TestSecretServiceRemembersPaths(t *testing.T) {
	skipUnlessSecretService(t)
	clearSecretService(t)
	s, err := Open(ssConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	kr, _ := s.backend.open()
	_, lib := libraryStore(t)
	const key = keyPrefix + "test-paths"
	t.Cleanup(func() { _ = lib.Remove(key) })
	steps := []struct {
		name  string
		other func() error // what another process does first
		want  string       // "" for not found
	}{
		{"set by the client", func() error { return kr.Set(key, []byte("one")) }, "one"},
		{"replaced elsewhere", func() error { return lib.Set(key, []byte("two")) }, "two"},
		{"removed and created again elsewhere", func() error {
			if err := lib.Remove(key); err != nil {
				return err
			}
			return lib.Set(key, []byte("three"))
		}, "three"},
		{"removed elsewhere", func() error { return lib.Remove(key) }, ""},
		{"set again by the client", func() error { return kr.Set(key, []byte("four")) }, "four"},
	}
	for _, st := range steps {
		if err := st.other(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		for range 2 { // the second Get goes to the remembered path
			got, err := kr.Get(key)
			switch {
			case st.want == "" && !errors.Is(err, ErrKeyNotFound):
				t.Errorf("%s: Get = %q, %v; want not found", st.name, got, err)
			case st.want != "" && (err != nil || string(got) != st.want):
				t.Errorf("%s: Get = %q, %v; want %q", st.name, got, err, st.want)
			}
		}
	}
}

// HasVault finds a vault by its head or directory, and one whose head and
// directory are gone (a crash before the first directory write) by its
// account items.
func TestSecretServiceHasVault(t *testing.T) {
	skipUnlessSecretService(t)
	clearSecretService(t)
	ctx := context.Background()
	s, err := Open(ssConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	kr, _ := s.backend.open()
	steps := []struct {
		name   string
		before func() error
		want   bool
	}{
		{"empty", func() error { return nil }, false},
		{"written", func() error {
			return s.Update(ctx, func(v *vault.Vault) error { fillVault(t, v, 2, 4); return nil })
		}, true},
		{"only account items", func() error {
			return errors.Join(kr.Remove(headKey), kr.Remove(dirKey))
		}, true},
	}
	for _, st := range steps {
		if err := st.before(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if has, err := s.HasVault(ctx); err != nil || has != st.want {
			t.Errorf("%s: HasVault = %v, %v; want %v", st.name, has, err, st.want)
		}
	}
}

// secretValue takes the value out of a GetSecret reply as the decoder
// leaves it, and refuses any other shape rather than guess.
func TestSecretValue(t *testing.T) {
	secret := []interface{}{dbus.ObjectPath("/s/1"), []byte{}, []byte(`{"Key":"k"}`), "application/json"}
	failed := errors.New("org.freedesktop.Secret.Error.IsLocked")
	tests := []struct {
		name    string
		call    *dbus.Call
		want    string
		wantErr error
	}{
		{"a secret", &dbus.Call{Body: []interface{}{secret}}, `{"Key":"k"}`, nil},
		{"a failed call", &dbus.Call{Err: failed, Body: []interface{}{secret}}, "", failed},
		{"no body", &dbus.Call{}, "", ErrKeyring},
		{"two values", &dbus.Call{Body: []interface{}{secret, secret}}, "", ErrKeyring},
		{"not a struct", &dbus.Call{Body: []interface{}{"oayays"}}, "", ErrKeyring},
		{"three fields", &dbus.Call{Body: []interface{}{secret[:3]}}, "", ErrKeyring},
		{"a string value", &dbus.Call{Body: []interface{}{[]interface{}{secret[0], secret[1], "v", secret[3]}}}, "", ErrKeyring},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := secretValue(tt.call)
			if !errors.Is(err, tt.wantErr) || string(got) != tt.want {
				t.Fatalf("secretValue = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
