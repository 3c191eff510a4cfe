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
	// headVersion 3 added Added; version 2 heads (without it) still read.
	headVersion = 3
	// maxAdded bounds the accounts the head lists in Added, and
	// maxHeadBytes its size (or the backend's item limit, if smaller: the
	// head is never chunked): the next addition past either writes the
	// directory.
	maxAdded     = 32
	maxHeadBytes = 4096
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
	// Added lists the accounts added since the directory was last written
	// (those with a Seq past the directory's Through), each with the change
	// that added it. Adding an account writes its item and then the head,
	// which commits it; the directory is written only every maxAdded
	// additions, or when accounts go or are renamed (commit.go).
	Added []added `json:"added,omitempty"`
}

// added is one account listed by the head rather than the directory.
type added struct {
	Seq uint64 `json:"seq"`
	dirEntry
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
	case h.Version != headVersion && h.Version != 2:
		return fmt.Errorf("version %d, want %d", h.Version, headVersion)
	case !generationRE.MatchString(h.Epoch):
		return fmt.Errorf("bad epoch %q", h.Epoch)
	}
	for _, c := range h.Recent {
		if c.Seq > h.Seq {
			return fmt.Errorf("change %d is newer than the head's %d", c.Seq, h.Seq)
		}
	}
	for _, a := range h.Added {
		if a.Seq > h.Seq || !accountIDRE.MatchString(a.ID) {
			return fmt.Errorf("bad added account %q at %d", a.ID, a.Seq)
		}
	}
	return nil
}

// pending returns the accounts of Added that a directory written through
// the change through does not hold yet.
func pending(list []added, epoch string, through *dirThrough) []added {
	var out []added
	if through == nil || through.Epoch != epoch {
		// A directory from before Added existed, or one written anew (by a
		// migration or repair, from every account item) after these.
		return nil
	}
	for _, a := range list {
		if a.Seq > through.Seq {
			out = append(out, a)
		}
	}
	return out
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
	// Through is the change (head epoch and sequence number) that wrote
	// this directory: the accounts the head lists in Added after it are
	// not in it yet. nil in a directory written before Added existed.
	Through  *dirThrough `json:"through"`
	Accounts []dirEntry  `json:"accounts"`
	// Tombstones are the remove events of deleted accounts, which a merge
	// needs so that a removed account does not come back.
	Tombstones []vault.Event `json:"tombstones"`
}

// addFrom lists the accounts the head h adds to d after those d lists, in
// the order they were added (where a directory write would have put them).
func (d *directory) addFrom(h head) {
	listed := map[string]bool{}
	for _, e := range d.Accounts {
		listed[e.ID] = true
	}
	for _, a := range pending(h.Added, h.Epoch, d.Through) {
		if !listed[a.ID] {
			listed[a.ID] = true
			d.Accounts = append(d.Accounts, a.dirEntry)
		}
	}
}

type dirThrough struct {
	Epoch string `json:"epoch"`
	Seq   uint64 `json:"seq"`
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
