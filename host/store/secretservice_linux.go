//go:build linux

package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/99designs/keyring"
	"github.com/godbus/dbus"
)

// ssKeyring is the store's own Secret Service client. The keyring library
// it replaces opened a new session (OpenSession), listed the collections
// and searched for the item by its attribute on every call: about a third
// of the D-Bus messages of each request, and a SearchItems that scans the
// collection (docs/benchmarks.md). This one keeps one connection and one
// plain session for the process and remembers each item's object path, so
// a Get is one GetSecret and a Set one CreateItem.
//
// Items look exactly as the library made them (label and "profile"
// attribute = the key, the secret = the library's Item as JSON), so a vault
// written by an earlier tearoff reads here and the other way round.
//
// Every method may be abandoned by a timeout (call.go) and run on while the
// next one starts, so the shared state is guarded and no lock is held
// across a D-Bus call.
type ssKeyring struct {
	conn       *dbus.Conn
	collection dbus.ObjectPath

	mu      sync.Mutex
	session dbus.ObjectPath            // "" until opened, and after it failed
	paths   map[string]dbus.ObjectPath // item paths by key, as last found
}

const (
	ssService    = "org.freedesktop.Secret.Service"
	ssCollection = "org.freedesktop.Secret.Collection"
	ssItem       = "org.freedesktop.Secret.Item"
	// ssAttribute is the attribute the keyring library keys items by.
	ssAttribute   = "profile"
	ssContentType = "application/json"
)

// ssSecret is the Secret Service's Secret struct (D-Bus signature oayays).
type ssSecret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

func newSSKeyring(conn *dbus.Conn, collection dbus.ObjectPath) *ssKeyring {
	return &ssKeyring{conn: conn, collection: collection, paths: map[string]dbus.ObjectPath{}}
}

// Get reads the item under key: one GetSecret when its path is known.
func (k *ssKeyring) Get(key string) ([]byte, error) {
	if path, ok := k.cached(key); ok {
		data, err := k.read(path, key)
		if err == nil || errors.Is(err, ErrLocked) {
			return data, err // a dismissed unlock prompt is not asked again
		}
		// Removed, replaced or renumbered by another process, or a
		// restarted daemon: look it up again.
		k.forget(key)
	}
	paths, err := k.search(key)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, ErrKeyNotFound
	}
	// The first of several, as the keyring library did.
	data, err := k.read(paths[0], key)
	if err != nil {
		return nil, err
	}
	k.remember(key, paths[0])
	return data, nil
}

// read gets and unwraps the secret at path, unlocking it (through the
// service's prompt, as the library did) when it is locked. The secret must
// name key: a path remembered from before a daemon restart may now belong
// to another item.
func (k *ssKeyring) read(path dbus.ObjectPath, key string) ([]byte, error) {
	var value []byte
	get := func(session dbus.ObjectPath) (err error) {
		value, err = secretValue(k.conn.Object(secretsDest, path).Call(ssItem+".GetSecret", 0, session))
		return err
	}
	err := k.withSession(get)
	if isDBusError(err, "org.freedesktop.Secret.Error.IsLocked") {
		if err := k.unlock(path); err != nil {
			return nil, err
		}
		err = k.withSession(get)
	}
	if err != nil {
		return nil, err
	}
	var item keyring.Item
	if err := json.Unmarshal(value, &item); err != nil {
		return nil, damagef("the Secret Service item %s is not a keyring item: %w", key, err)
	}
	if item.Key != key {
		return nil, fmt.Errorf("%w: the Secret Service item at %s holds %q, not %q", ErrKeyring, path, item.Key, key)
	}
	return item.Data, nil
}

// secretValue returns the value of the Secret a GetSecret call returned.
// The decoder hands the struct over as a []interface{} whose byte arrays
// are already []byte; dbus.Store would copy the value again one byte at a
// time through reflection, which was a fifth of the host's D-Bus CPU time
// (docs/benchmarks.md).
func secretValue(call *dbus.Call) ([]byte, error) {
	if call.Err != nil {
		return nil, call.Err
	}
	if len(call.Body) == 1 {
		if fields, ok := call.Body[0].([]interface{}); ok && len(fields) == 4 {
			if value, ok := fields[2].([]byte); ok {
				return value, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: GetSecret returned %d values, not a secret (oayays)", ErrKeyring, len(call.Body))
}

// Set replaces the item under key with one CreateItem (replace=true finds
// the old one by its attributes).
func (k *ssKeyring) Set(key string, data []byte) error {
	value, err := json.Marshal(keyring.Item{Key: key, Data: data, Label: key, KeychainNotSynchronizable: true})
	if err != nil {
		return fmt.Errorf("encoding item %s: %w", key, err)
	}
	props := map[string]dbus.Variant{
		ssItem + ".Label":      dbus.MakeVariant(key),
		ssItem + ".Attributes": dbus.MakeVariant(map[string]string{ssAttribute: key}),
	}
	create := func() (dbus.ObjectPath, dbus.ObjectPath, error) {
		var item, prompt dbus.ObjectPath
		err := k.withSession(func(session dbus.ObjectPath) error {
			secret := ssSecret{Session: session, Parameters: []byte{}, Value: value, ContentType: ssContentType}
			return k.conn.Object(secretsDest, k.collection).Call(ssCollection+".CreateItem", 0, props, secret, true).Store(&item, &prompt)
		})
		return item, prompt, err
	}
	item, prompt, err := create()
	if isDBusError(err, "org.freedesktop.Secret.Error.IsLocked") {
		if err := k.unlock(k.collection); err != nil {
			return err
		}
		item, prompt, err = create()
	}
	if err != nil {
		return err
	}
	if isPrompt(prompt) {
		v, err := k.prompt(prompt)
		if err != nil {
			return err
		}
		p, ok := v.Value().(dbus.ObjectPath)
		if !ok {
			return fmt.Errorf("%w: CreateItem's prompt returned %s, not an item", ErrKeyring, v.Signature())
		}
		item = p
	}
	k.remember(key, item)
	return nil
}

// Remove deletes every item under key; a missing key is not an error. It
// always searches: removals are rare, and a remembered path may be stale.
func (k *ssKeyring) Remove(key string) error {
	k.forget(key)
	paths, err := k.search(key)
	if err != nil {
		return err
	}
	for _, p := range paths {
		var prompt dbus.ObjectPath
		if err := k.conn.Object(secretsDest, p).Call(ssItem+".Delete", 0).Store(&prompt); err != nil {
			return err
		}
		if isPrompt(prompt) {
			if _, err := k.prompt(prompt); err != nil {
				return err
			}
		}
	}
	return nil
}

// Keys lists the labels of the collection's items (the library's keys),
// unlocking it first as the library did. The labels are asked for all at
// once rather than one round trip after another.
func (k *ssKeyring) Keys() ([]string, error) {
	coll := k.conn.Object(secretsDest, k.collection)
	locked, err := coll.GetProperty(ssCollection + ".Locked")
	if err != nil {
		return nil, err
	}
	if b, ok := locked.Value().(bool); !ok || b {
		if err := k.unlock(k.collection); err != nil {
			return nil, err
		}
	}
	v, err := coll.GetProperty(ssCollection + ".Items")
	if err != nil {
		return nil, err
	}
	items, ok := v.Value().([]dbus.ObjectPath)
	if !ok {
		return nil, fmt.Errorf("%w: unexpected Items property %s", ErrKeyring, v.Signature())
	}
	calls := make([]*dbus.Call, len(items))
	done := make(chan *dbus.Call, len(items))
	for i, p := range items {
		calls[i] = k.conn.Object(secretsDest, p).Go("org.freedesktop.DBus.Properties.Get", 0, done, ssItem, "Label")
	}
	keys := []string{}
	for _, c := range calls {
		<-c.Done
		var label dbus.Variant
		if c.Store(&label) != nil {
			continue // an item removed meanwhile; the library skipped these too
		}
		if s, ok := label.Value().(string); ok {
			keys = append(keys, s)
		}
	}
	return keys, nil
}

// has is one SearchItems (info.go's prober).
func (k *ssKeyring) has(key string) (bool, error) {
	paths, err := k.search(key)
	return len(paths) > 0, err
}

func (k *ssKeyring) search(key string) ([]dbus.ObjectPath, error) {
	var paths []dbus.ObjectPath
	err := k.conn.Object(secretsDest, k.collection).Call(ssCollection+".SearchItems", 0, map[string]string{ssAttribute: key}).Store(&paths)
	return paths, err
}

// withSession runs f with the process's session, opening one first if
// needed. A session the service no longer knows (a restarted daemon) is
// forgotten, so the next call opens a new one.
func (k *ssKeyring) withSession(f func(dbus.ObjectPath) error) error {
	k.mu.Lock()
	session := k.session
	k.mu.Unlock()
	if session == "" {
		var out dbus.Variant
		err := k.conn.Object(secretsDest, secretsPath).Call(ssService+".OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&out, &session)
		if err != nil {
			return err
		}
		k.mu.Lock()
		k.session = session
		k.mu.Unlock()
	}
	err := f(session)
	if isDBusError(err, "org.freedesktop.Secret.Error.NoSession") {
		k.mu.Lock()
		if k.session == session {
			k.session = ""
		}
		k.mu.Unlock()
	}
	return err
}

// unlock asks the service to unlock an item or the collection; when it
// needs a prompt, that waits for the person to answer it (the store's
// timeout bounds the wait).
func (k *ssKeyring) unlock(path dbus.ObjectPath) error {
	var unlocked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := k.conn.Object(secretsDest, secretsPath).Call(ssService+".Unlock", 0, []dbus.ObjectPath{path}).Store(&unlocked, &prompt); err != nil {
		return err
	}
	if isPrompt(prompt) {
		_, err := k.prompt(prompt)
		return err
	}
	return nil
}

// prompt shows a Secret Service prompt and waits for its Completed signal.
func (k *ssKeyring) prompt(path dbus.ObjectPath) (dbus.Variant, error) {
	signals := make(chan *dbus.Signal, 10)
	k.conn.Signal(signals) // before Prompt, so the answer cannot be missed
	defer k.conn.RemoveSignal(signals)
	if err := k.conn.Object(secretsDest, path).Call("org.freedesktop.Secret.Prompt.Prompt", 0, "").Store(); err != nil {
		return dbus.Variant{}, err
	}
	for sig := range signals {
		if sig.Path != path || sig.Name != "org.freedesktop.Secret.Prompt.Completed" || len(sig.Body) < 2 {
			continue
		}
		if dismissed, _ := sig.Body[0].(bool); dismissed {
			return dbus.Variant{}, fmt.Errorf("%w (the Secret Service prompt was dismissed)", ErrLocked)
		}
		v, ok := sig.Body[1].(dbus.Variant)
		if !ok {
			return dbus.Variant{}, fmt.Errorf("%w: unexpected prompt result", ErrKeyring)
		}
		return v, nil
	}
	return dbus.Variant{}, fmt.Errorf("%w: the D-Bus connection closed during a prompt", ErrKeyring)
}

func (k *ssKeyring) cached(key string) (dbus.ObjectPath, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	p, ok := k.paths[key]
	return p, ok
}

func (k *ssKeyring) remember(key string, p dbus.ObjectPath) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.paths[key] = p
}

func (k *ssKeyring) forget(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.paths, key)
}

// isPrompt: "/" means no prompt is needed.
func isPrompt(p dbus.ObjectPath) bool {
	return strings.HasPrefix(string(p), secretsPath+"/prompt/")
}

func isDBusError(err error, name string) bool {
	var e dbus.Error
	if errors.As(err, &e) {
		return e.Name == name
	}
	var pe *dbus.Error
	return errors.As(err, &pe) && pe.Name == name
}
