package store

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"tearoff.dev/tearoff/host/vault"
)

// The vault's layout in the keyring (docs/store.md tells the whole story):
//
//	tearoff.acct.<account id>   one item per account: its codes and events
//	tearoff.dir                 the directory: every account's id, site and
//	                            label, and the tombstones of removed ones
//	tearoff.head                a small change record: a random epoch, a
//	                            sequence number bumped by every change, and
//	                            which accounts the latest changes touched
//
// Every item is replaced by one atomic Set (blob.go), so a change to one
// account writes that account, the head and, only when accounts come, go
// or are renamed, the directory: the cost of a change does not grow with
// the vault. A long-lived process keeps the decoded vault and revalidates
// it with one Get of the head (snapshot.go).
//
// All keys carry the tearoff. prefix so that other applications' items
// cannot collide with ours.
const (
	keyPrefix     = "tearoff."
	headKey       = keyPrefix + "head"
	dirKey        = keyPrefix + "dir"
	accountPrefix = keyPrefix + "acct."
	headVersion   = 2
	// headRecent is how many changes the head remembers; a process whose
	// snapshot is older than that reads the whole vault again. 32 entries
	// keep the head under Windows Credential Manager's item limit.
	headRecent = 32
)

var (
	generationRE = regexp.MustCompile(`^[0-9a-f]{16}$`)
	accountIDRE  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

func accountKey(id string) string { return accountPrefix + id }

// accountIDOf returns the account id of an account item's key, or "" for
// any other key (including an account's chunks).
func accountIDOf(key string) string {
	id, ok := strings.CutPrefix(key, accountPrefix)
	if !ok || !accountIDRE.MatchString(id) {
		return ""
	}
	return id
}

// head is the change record. It is written first in every change, so that
// a crash after it leaves other processes re-reading what it names rather
// than trusting a snapshot the change may have touched.
type head struct {
	Version int    `json:"v"`
	Epoch   string `json:"epoch"`
	Seq     uint64 `json:"seq"`
	// Recent lists the latest changes, oldest first.
	Recent []change `json:"recent"`
}

// change says which items one sequence number touched: account ids, and
// Dir when the directory changed too.
type change struct {
	Seq      uint64   `json:"seq"`
	Accounts []string `json:"accounts,omitempty"`
	Dir      bool     `json:"dir,omitempty"`
	All      bool     `json:"all,omitempty"`
}

func (h head) check() error {
	switch {
	case h.Version != headVersion:
		return fmt.Errorf("version %d, want %d", h.Version, headVersion)
	case !generationRE.MatchString(h.Epoch):
		return fmt.Errorf("bad epoch %q", h.Epoch)
	}
	for _, c := range h.Recent {
		if c.Seq > h.Seq {
			return fmt.Errorf("change %d is newer than the head's %d", c.Seq, h.Seq)
		}
	}
	return nil
}

// next returns the head for one more change touching accounts (and the
// directory when dir is set), keeping the latest headRecent changes. A
// change touching more than headRecent accounts is recorded as touching
// everything, which makes every other process read the whole vault.
func (h head) next(accounts []string, dir bool) head {
	c := change{Seq: h.Seq + 1, Accounts: accounts, Dir: dir}
	if len(accounts) > headRecent {
		c = change{Seq: h.Seq + 1, All: true}
	}
	recent := append(append([]change{}, h.Recent...), c)
	if n := len(recent); n > headRecent {
		recent = recent[n-headRecent:]
	}
	return head{Version: headVersion, Epoch: h.Epoch, Seq: c.Seq, Recent: recent}
}

// since returns what changed after seq, or ok=false when the head no
// longer remembers all of it (then the whole vault must be read).
func (h head) since(seq uint64) (accounts []string, dir bool, ok bool) {
	if seq == h.Seq {
		return nil, false, true
	}
	if seq > h.Seq || len(h.Recent) == 0 || h.Recent[0].Seq > seq+1 {
		return nil, false, false
	}
	for _, c := range h.Recent {
		if c.Seq <= seq {
			continue
		}
		if c.All {
			return nil, false, false
		}
		accounts = append(accounts, c.Accounts...)
		dir = dir || c.Dir
	}
	return accounts, dir, true
}

func newEpoch() (string, error) { return newGeneration() }

func newGeneration() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making a random id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

func decodeHead(raw []byte) (head, error) {
	var h head
	if err := json.Unmarshal(raw, &h); err != nil {
		return head{}, err
	}
	return h, h.check()
}

// directory is the document under dirKey.
type directory struct {
	Accounts []dirEntry `json:"accounts"`
	// Tombstones are the remove events of deleted accounts, which a merge
	// needs so that a removed account does not come back.
	Tombstones []vault.Event `json:"tombstones"`
}

type dirEntry struct {
	ID    string `json:"id"`
	Site  string `json:"site"`
	Label string `json:"label"`
}

// accountDoc is the document under an account's key.
type accountDoc struct {
	Account vault.Account `json:"account"`
	Events  []vault.Event `json:"events"`
}
