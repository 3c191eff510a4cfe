package main

// The one file that knows how tearoff's backends store an item, for the
// bare Get and Set floors and the size of what tearoff keeps in the Secret
// Service. The Secret Service floor is what host/store/secretservice_linux.go
// does at the least: one CreateItem (Set) or one GetSecret (Get) over one
// connection and session kept for the run, with the item's path known. The
// sizes are read through the 99designs/keyring library, which stores items
// the same way. The file
// backend is host/store/filekeyring.go's recipe done by hand: each item an
// age file encrypted to an X25519 identity, replaced by temp file, fsync,
// rename and directory fsync. Its one scrypt per process is left out: a floor
// per item does not pay it.

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"
	"github.com/99designs/keyring"
	"github.com/godbus/dbus"
)

// floorItemBytes is the payload of the floor's item: about one account of
// 16 codes with its recent events, so Set and Get move what a write moves.
const floorItemBytes = 2048

// rawKeyring is the floor's view of a backend: one item set and got.
type rawKeyring interface {
	set(data []byte) error
	get() error
	remove()
}

// keyringFloor times bare Set and Get calls of one item on backend, with
// no lock, no layout and no vault around them.
func keyringFloor(backend, dir string, reps int, b budget) (set, get samples, err error) {
	var kr rawKeyring
	if backend == "file" {
		kr, err = newAgeFile(dir)
	} else {
		kr, err = newSecretService("tearoff-bench-floor")
	}
	if err != nil {
		return nil, nil, err
	}
	defer kr.remove()
	data := make([]byte, floorItemBytes)
	for i := 0; i < reps && !b.spent(); i++ {
		_, _ = rand.Read(data)
		t := time.Now()
		if err := kr.set(data); err != nil {
			return set, get, fmt.Errorf("keyring Set: %w", err)
		}
		set.add(time.Since(t))
		t = time.Now()
		if err := kr.get(); err != nil {
			return set, get, fmt.Errorf("keyring Get: %w", err)
		}
		get.add(time.Since(t))
	}
	return set, get, nil
}

type ageFile struct {
	dir, path string
	id        *age.X25519Identity
}

func newAgeFile(dir string) (*ageFile, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, fmt.Errorf("age identity: %w", err)
	}
	return &ageFile{dir: dir, path: filepath.Join(dir, "floor.age"), id: id}, nil
}

func (f *ageFile) set(data []byte) error {
	var sealed bytes.Buffer
	w, err := age.Encrypt(&sealed, f.id.Recipient())
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(f.dir, ".floor-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(sealed.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		return err
	}
	d, err := os.Open(f.dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func (f *ageFile) get() error {
	sealed, err := os.ReadFile(f.path)
	if err != nil {
		return err
	}
	r, err := age.Decrypt(bytes.NewReader(sealed), f.id)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, r)
	return err
}

func (f *ageFile) remove() { _ = os.Remove(f.path) }

type secretService struct {
	conn    *dbus.Conn
	session dbus.ObjectPath
	item    dbus.ObjectPath // known after the first set
	key     string
}

// ssSecret is the Secret Service's Secret struct (D-Bus signature oayays).
type ssSecret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

const (
	ssDest       = "org.freedesktop.secrets"
	ssCollection = "/org/freedesktop/secrets/collection/login"
)

func openSecretService(service string) (keyring.Keyring, error) {
	kr, err := keyring.Open(keyring.Config{
		AllowedBackends:         []keyring.BackendType{keyring.SecretServiceBackend},
		ServiceName:             service,
		LibSecretCollectionName: "login",
	})
	if err != nil {
		return nil, fmt.Errorf("opening the Secret Service: %w", err)
	}
	return kr, nil
}

func newSecretService(key string) (*secretService, error) {
	conn, err := dbus.SessionBus()
	if err != nil {
		return nil, fmt.Errorf("opening the Secret Service: %w", err)
	}
	var out dbus.Variant
	var session dbus.ObjectPath
	err = conn.Object(ssDest, "/org/freedesktop/secrets").Call("org.freedesktop.Secret.Service.OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&out, &session)
	if err != nil {
		return nil, fmt.Errorf("opening a Secret Service session: %w", err)
	}
	return &secretService{conn: conn, session: session, key: key}, nil
}

// set stores data the way the store does: the item as the keyring library's
// JSON, under the library's label and attribute.
func (s *secretService) set(data []byte) error {
	value, err := json.Marshal(keyring.Item{Key: s.key, Label: s.key, Data: data})
	if err != nil {
		return err
	}
	props := map[string]dbus.Variant{
		"org.freedesktop.Secret.Item.Label":      dbus.MakeVariant(s.key),
		"org.freedesktop.Secret.Item.Attributes": dbus.MakeVariant(map[string]string{"profile": s.key}),
	}
	var prompt dbus.ObjectPath
	return s.conn.Object(ssDest, ssCollection).Call("org.freedesktop.Secret.Collection.CreateItem", 0,
		props, ssSecret{s.session, []byte{}, value, "application/json"}, true).Store(&s.item, &prompt)
}

func (s *secretService) get() error {
	var secret ssSecret
	return s.conn.Object(ssDest, s.item).Call("org.freedesktop.Secret.Item.GetSecret", 0, s.session).Store(&secret)
}

func (s *secretService) remove() {
	if s.item != "" {
		var prompt dbus.ObjectPath
		_ = s.conn.Object(ssDest, s.item).Call("org.freedesktop.Secret.Item.Delete", 0).Store(&prompt)
	}
}

// secretServiceBytes sums the sizes of tearoff's items in the Secret
// Service's login collection.
func secretServiceBytes() (int64, int, error) {
	kr, err := openSecretService("tearoff")
	if err != nil {
		return 0, 0, err
	}
	keys, err := kr.Keys()
	if err != nil {
		return 0, 0, fmt.Errorf("listing items: %w", err)
	}
	var total int64
	for _, k := range keys {
		item, err := kr.Get(k)
		if err != nil {
			return 0, 0, fmt.Errorf("reading item %s: %w", k, err)
		}
		total += int64(len(item.Data))
	}
	return total, len(keys), nil
}
