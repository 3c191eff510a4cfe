package vault

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Marshal encodes the vault as JSON, with the current Version.
func (v *Vault) Marshal() ([]byte, error) {
	cp := *v
	cp.Version = Version
	if cp.Accounts == nil {
		cp.Accounts = []Account{}
	}
	if cp.Events == nil {
		cp.Events = []Event{}
	}
	b, err := json.Marshal(&cp)
	if err != nil {
		return nil, fmt.Errorf("vault: encode: %w", err)
	}
	return b, nil
}

// Unmarshal decodes and checks a vault. Anything that is not exactly a
// valid vault of this Version — garbage, unknown fields, trailing data, an
// unknown state, duplicate ids — is an error wrapping ErrCorrupt, never an
// empty vault: a read error must never turn into an empty write.
func Unmarshal(data []byte) (*Vault, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var v *Vault
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: trailing data after the JSON document", ErrCorrupt)
	}
	if v == nil {
		return nil, fmt.Errorf("%w: null document", ErrCorrupt)
	}
	if err := v.validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if v.Accounts == nil {
		v.Accounts = []Account{}
	}
	if v.Events == nil {
		v.Events = []Event{}
	}
	return v, nil
}

// Validate checks a vault assembled in memory (host/store builds one from
// many keyring items) as strictly as Unmarshal checks a decoded one.
func (v *Vault) Validate() error { return v.validate() }

func (v *Vault) validate() error {
	if v.Version != Version {
		return fmt.Errorf("version %d, want %d", v.Version, Version)
	}
	accounts := map[string]bool{}
	codes := map[string]bool{}
	for i, a := range v.Accounts {
		switch {
		case a.ID == "":
			return fmt.Errorf("account %d has no id", i)
		case accounts[a.ID]:
			return fmt.Errorf("account id %q appears twice", a.ID)
		case a.Site == "":
			return fmt.Errorf("account %q has no site", a.ID)
		case a.Generation < 0:
			return fmt.Errorf("account %q has a negative generation", a.ID)
		}
		accounts[a.ID] = true
		for j, c := range a.Codes {
			switch {
			case c.ID == "":
				return fmt.Errorf("code %d of account %q has no id", j, a.ID)
			case codes[c.ID]:
				return fmt.Errorf("code id %q appears twice", c.ID)
			case c.Value == "":
				return fmt.Errorf("code %q has no value", c.ID)
			case !c.State.valid():
				return fmt.Errorf("code %q has unknown state %q", c.ID, c.State)
			case c.Generation < 0 || c.Generation > a.Generation:
				return fmt.Errorf("code %q has generation %d outside 0..%d", c.ID, c.Generation, a.Generation)
			case c.Restores < 0:
				return fmt.Errorf("code %q has a negative restore count", c.ID)
			}
			codes[c.ID] = true
		}
	}
	events := map[string]bool{}
	for i, e := range v.Events {
		switch {
		case e.ID == "":
			return fmt.Errorf("event %d has no id", i)
		case events[e.ID]:
			return fmt.Errorf("event id %q appears twice", e.ID)
		case !knownKinds[e.Kind]:
			return fmt.Errorf("event %q has unknown kind %q", e.ID, e.Kind)
		}
		events[e.ID] = true
	}
	return nil
}

var knownKinds = map[string]bool{
	KindImport: true, KindReplace: true, KindReserve: true, KindConsume: true, KindRelease: true,
	KindExpire: true, KindUse: true, KindRestore: true, KindRename: true, KindRemove: true,
}
