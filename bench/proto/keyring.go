package main

// The one file that knows the keyring library: the bare Get and Set floors,
// and the size of what tearoff keeps in the Secret Service. Backend names
// and the service name "tearoff" mirror host/store/backend.go.

import (
	"crypto/rand"
	"fmt"
	"time"

	"github.com/99designs/keyring"
)

// floorItemBytes is the payload of the floor's item: about one vault chunk
// of a small vault, so Set and Get move what a vault write moves.
const floorItemBytes = 2048

func openRaw(backend, fileDir, passphrase, service string) (keyring.Keyring, error) {
	cfg := keyring.Config{
		AllowedBackends:         []keyring.BackendType{keyring.BackendType(backend)},
		ServiceName:             service,
		LibSecretCollectionName: "login",
		FileDir:                 fileDir,
		FilePasswordFunc:        keyring.FixedStringPrompt(passphrase),
	}
	kr, err := keyring.Open(cfg)
	if err != nil {
		return nil, fmt.Errorf("opening the %s keyring: %w", backend, err)
	}
	return kr, nil
}

// keyringFloor times bare Set and Get calls of one item on backend, with
// no lock, no layout and no vault around them.
func keyringFloor(backend, fileDir, passphrase string, reps int, b budget) (set, get samples, err error) {
	kr, err := openRaw(backend, fileDir, passphrase, "tearoff-bench-floor")
	if err != nil {
		return nil, nil, err
	}
	data := make([]byte, floorItemBytes)
	const key = "tearoff-bench-floor"
	defer func() { _ = kr.Remove(key) }()
	for i := 0; i < reps && !b.spent(); i++ {
		_, _ = rand.Read(data)
		t := time.Now()
		if err := kr.Set(keyring.Item{Key: key, Label: key, Data: data}); err != nil {
			return set, get, fmt.Errorf("keyring Set: %w", err)
		}
		set.add(time.Since(t))
		t = time.Now()
		if _, err := kr.Get(key); err != nil {
			return set, get, fmt.Errorf("keyring Get: %w", err)
		}
		get.add(time.Since(t))
	}
	return set, get, nil
}

// secretServiceBytes sums the sizes of tearoff's items in the Secret
// Service's login collection (the store's service name is "tearoff").
func secretServiceBytes() (int64, int, error) {
	kr, err := openRaw("secret-service", "", "", "tearoff")
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
