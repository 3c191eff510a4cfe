package sync

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// stateFile, in the sync dir, says how the last sync went; it holds no
// secret. The remote, and whether sync is on, are settings (config.toml's
// [sync] table); the key is in the keyring.
const stateFile = "state.json"

// State is what `tearoff sync status`, doctor and the popup show.
type State struct {
	// Machine names this computer's file on the remote (random, so the
	// remote learns nothing from it).
	Machine     string    `json:"machine"`
	LastSync    time.Time `json:"last_sync,omitzero"`    // the last sync that completed
	LastAttempt time.Time `json:"last_attempt,omitzero"` // the last one tried
	Error       string    `json:"error,omitempty"`       // why the last try failed
	// Machines are the machine names the remote held at the last sync,
	// this one's among them, sorted: they decide this machine's lane.
	Machines []string `json:"machines,omitempty"`
}

// Lane is this machine's lane (vault.Lane) as of the last sync; before
// any, the whole of each account.
func (st State) Lane() vault.Lane {
	i := slices.Index(st.Machines, st.Machine)
	if i < 0 || st.Machine == "" {
		return vault.Lane{}
	}
	return vault.Lane{Index: i, Count: len(st.Machines)}
}

// LaneIn is the lane of the machine whose sync dir is dir. Any trouble
// reading it gives the zero lane: the lane only spreads machines apart, it
// never decides whether a code may be handed out.
func LaneIn(dir string) vault.Lane {
	st, err := LoadState(dir)
	if err != nil {
		return vault.Lane{}
	}
	return st.Lane()
}

// LoadState reads the state in dir; none yet is the zero State.
func LoadState(dir string) (State, error) {
	var st State
	raw, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("reading the sync state: %w", err)
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return State{}, fmt.Errorf("reading the sync state %s: %w", filepath.Join(dir, stateFile), err)
	}
	return st, nil
}

// save replaces the state file atomically (a temp file renamed over it),
// so a kill leaves the old state or the new one.
func (st State) save(dir string) error {
	raw, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encoding the sync state: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, stateFile+".*")
	if err != nil {
		return fmt.Errorf("saving the sync state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the sync state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving the sync state: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, stateFile)); err != nil {
		return fmt.Errorf("saving the sync state: %w", err)
	}
	return nil
}

func newMachineID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making a machine id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
