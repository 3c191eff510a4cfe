package store

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/godbus/dbus"
)

const (
	secretsDest = "org.freedesktop.secrets"
	secretsPath = "/org/freedesktop/secrets"
)

// openSecretService opens the Secret Service collection name with the
// store's own client (secretservice_linux.go), and returns a probe for the
// collection's Locked property. It insists on an existing collection: the
// keyring library would answer a missing one with a create prompt (which
// fails headless with `Object does not exist at path "/"`), and a doctor
// check must not prompt, so the probe never unlocks.
func openSecretService(timeout time.Duration, name string) (Keyring, func(context.Context) (bool, error), error) {
	// Connecting authenticates and says Hello over the socket, which blocks
	// for as long as a wedged bus daemon does: bound it like any keyring call.
	var conn *dbus.Conn
	err := callOnce(context.Background(), timeout, BackendSecretService, "connect to", "the session bus", func() (err error) {
		conn, err = dbus.SessionBus()
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("no D-Bus session bus: %w", err)
	}
	want := dbus.ObjectPath(secretsPath + "/collection/" + name)
	var paths []dbus.ObjectPath
	err = callOnce(context.Background(), timeout, BackendSecretService, "list collections", "", func() error {
		v, err := conn.Object(secretsDest, secretsPath).GetProperty("org.freedesktop.Secret.Service.Collections")
		if err != nil {
			return err
		}
		p, ok := v.Value().([]dbus.ObjectPath)
		if !ok {
			return fmt.Errorf("unexpected Collections property %s", v.Signature())
		}
		paths = p
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var names []string
	found := false
	for _, p := range paths {
		// gnome-keyring escapes non-alphanumerics in paths as _XX, as the
		// library's lookup also assumes.
		decoded := unescapePath(string(p))
		names = append(names, strings.TrimPrefix(decoded, secretsPath+"/collection/"))
		if decoded == string(want) {
			want, found = p, true
		}
	}
	if !found {
		return nil, nil, fmt.Errorf("collection %q does not exist (have %s); create it in the keyring app or set %s",
			name, strings.Join(names, ", "), EnvCollection)
	}
	locked := func(ctx context.Context) (bool, error) {
		var locked bool
		err := callOnce(ctx, timeout, BackendSecretService, "check lock of", name, func() error {
			v, err := conn.Object(secretsDest, want).GetProperty("org.freedesktop.Secret.Collection.Locked")
			if err != nil {
				return err
			}
			b, ok := v.Value().(bool)
			if !ok {
				return fmt.Errorf("unexpected Locked property %s", v.Signature())
			}
			locked = b
			return nil
		})
		return locked, err
	}
	return newSSKeyring(conn, want), locked, nil
}

// unescapePath undoes gnome-keyring's _XX escaping; malformed input is
// returned unchanged, like the keyring library does.
func unescapePath(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '_' {
			b.WriteByte(s[i])
			continue
		}
		if i+3 > len(s) {
			return s
		}
		d, err := hex.DecodeString(s[i+1 : i+3])
		if err != nil {
			return s
		}
		b.Write(d)
		i += 2
	}
	return b.String()
}
