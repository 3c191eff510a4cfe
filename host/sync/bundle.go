package sync

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"filippo.io/age"

	"tearoff.dev/tearoff/host/vault"
)

// bundleFormat names what a bundle's plaintext holds; a bundle of any
// other format is refused.
const bundleFormat = "tearoff-sync/1"

// maxBundle bounds what is read from the remote: a vault of hundreds of
// accounts is well under a megabyte.
const maxBundle = 8 << 20

// The sync key is random and long, so the passphrase's key derivation
// adds nothing: its cost stays the lowest age allows on the way out, and a
// file demanding more on the way in is not ours and is refused at once.
const (
	scryptWorkFactor    = 10
	maxScryptWorkFactor = 12
)

// ErrRefused is a remote file that is not a bundle of this sync key:
// tampered with, from another key, or not ours at all. Nothing is merged
// from it.
var ErrRefused error = &codedError{"refused a file on the sync remote", "bad_state"}

// bundle is the plaintext of one machine's file on the remote.
type bundle struct {
	Format  string          `json:"format"`
	Machine string          `json:"machine"`
	Written time.Time       `json:"written"`
	Vault   json.RawMessage `json:"vault"`
}

func passphrase(key []byte) string { return bundleFormat + " " + hex.EncodeToString(key) }

// seal encrypts and authenticates what machine shares of v (its
// Shareable copy) with the sync key.
func seal(v *vault.Vault, key []byte, machine string, now time.Time) ([]byte, error) {
	raw, err := v.Shareable().Marshal()
	if err != nil {
		return nil, err
	}
	plain, err := json.Marshal(bundle{Format: bundleFormat, Machine: machine, Written: now.UTC(), Vault: raw})
	if err != nil {
		return nil, fmt.Errorf("encoding the sync bundle: %w", err)
	}
	r, err := age.NewScryptRecipient(passphrase(key))
	if err != nil {
		return nil, fmt.Errorf("sealing the sync bundle: %w", err)
	}
	r.SetWorkFactor(scryptWorkFactor)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, r)
	if err == nil {
		_, err = w.Write(plain)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("sealing the sync bundle: %w", err)
	}
	return out.Bytes(), nil
}

// open decrypts, authenticates and checks the bundle in file (a path on
// the remote, for the error) that machine wrote. age authenticates the
// whole file: a changed byte, a file for another key, or a truncated one
// is an error, and only then is the content looked at.
func open(file string, sealed, key []byte, machine string) (*vault.Vault, error) {
	refuse := func(why string, err error) error {
		if err != nil {
			return fmt.Errorf("%w %s: %s: %w", ErrRefused, file, why, err)
		}
		return fmt.Errorf("%w %s: %s", ErrRefused, file, why)
	}
	if len(sealed) > maxBundle {
		return nil, refuse(fmt.Sprintf("it is larger than %d bytes", maxBundle), nil)
	}
	id, err := age.NewScryptIdentity(passphrase(key))
	if err != nil {
		return nil, fmt.Errorf("opening the sync bundle: %w", err)
	}
	id.SetMaxWorkFactor(maxScryptWorkFactor)
	r, err := age.Decrypt(bytes.NewReader(sealed), id)
	if err != nil {
		return nil, refuse("it does not open with this sync key (another key, or the file was changed)", err)
	}
	plain, err := io.ReadAll(io.LimitReader(r, maxBundle+1))
	if err != nil {
		return nil, refuse("it was changed after it was written", err)
	}
	var b bundle
	dec := json.NewDecoder(bytes.NewReader(plain))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, refuse("its content is not a sync bundle", err)
	}
	if b.Format != bundleFormat {
		return nil, refuse(fmt.Sprintf("format %q, want %q", b.Format, bundleFormat), nil)
	}
	if b.Machine != machine {
		return nil, refuse(fmt.Sprintf("it holds machine %q's bundle under another machine's name", b.Machine), nil)
	}
	v, err := vault.Unmarshal(b.Vault)
	if err != nil {
		return nil, refuse("its vault is not valid", err)
	}
	return v, nil
}
