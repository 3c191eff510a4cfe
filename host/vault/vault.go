// Package vault is the pure model of Tearoff's backup codes: accounts, the
// codes' states and the events that changed them. It does no I/O and never
// reads the clock or makes ids itself: both come from an injected Clock, so
// every operation is deterministic and can be tested exhaustively.
//
// Operations that fail leave the vault unchanged: each one validates
// everything first and only then mutates.
//
// Pointers returned by Find, AccountByID and CodeByID point into the vault.
// They stay valid until the next call that adds or removes an account.
// Methods that take an *Account resolve it again by its ID, so a stale
// pointer (or a copy) still addresses the right account.
//
// Labels are trimmed and compared case-insensitively (strings.EqualFold),
// because the usernames and e-mail addresses they hold are case-insensitive
// on every site in the catalogue; the label is stored as first typed.
// Sites are compared exactly: the caller passes canonical site keys.
// Code values are compared exactly: the caller passes normalised codes.
package vault

import (
	"errors"
	"time"
)

// Version is the format version written by Marshal and required by Unmarshal.
const Version = 1

// State is the life-cycle state of one code.
type State string

// The code states (docs/design.md "The vault's states").
const (
	Unused    State = "unused"    // never handed out
	Reserved  State = "reserved"  // handed to a page, not yet submitted
	Used      State = "used"      // submitted; carries when and where
	Uncertain State = "uncertain" // a reservation expired without a submit; may be spent
	Revoked   State = "revoked"   // its set was replaced; never offered again
)

func (s State) valid() bool {
	switch s {
	case Unused, Reserved, Used, Uncertain, Revoked:
		return true
	}
	return false
}

// Event kinds.
const (
	KindImport  = "import"
	KindReplace = "replace"
	KindReserve = "reserve"
	KindConsume = "consume"
	KindRelease = "release"
	KindExpire  = "expire"
	KindUse     = "use" // Use and Take (a code typed by hand or handed out on the CLI)
	KindRestore = "restore"
	KindRename  = "rename"
	KindRemove  = "remove"
)

// UsedOn values that are not a page URL: where a code went when no page
// of this browser received it.
const (
	// UsedOnCLI: spent from the terminal (`tearoff take`, `tearoff use`).
	UsedOnCLI = "cli"
	// UsedOnAnotherDevice: the popup showed the code to be typed on
	// another device (the `hand_out` request), and it counts as used from
	// that moment, since nothing can see that device's submit.
	UsedOnAnotherDevice = "another_device"
	// UsedOnElsewhere: the person told Tearoff afterwards that they typed
	// the code somewhere it could not see (the `mark_used` request).
	UsedOnElsewhere = "elsewhere"
)

// Code is one backup code.
type Code struct {
	ID         string    `json:"id"`
	Value      string    `json:"value"` // normalised code
	State      State     `json:"state"`
	ReservedAt time.Time `json:"reserved_at,omitzero"`
	ReservedOn string    `json:"reserved_on,omitempty"`
	UsedAt     time.Time `json:"used_at,omitzero"`
	UsedOn     string    `json:"used_on,omitempty"`  // page URL or one of the UsedOn constants
	EventID    string    `json:"event_id,omitempty"` // the event that made it used
	// WasUncertain marks a reserved code that was uncertain before it was
	// reserved again, so that Release and expiry put it back to uncertain
	// rather than pretending it is fresh.
	WasUncertain bool `json:"was_uncertain,omitempty"`
	// Generation is the set the code came in; Import with replace starts a
	// new one. Summary counts only the current set, so old used codes stay
	// as history without inflating the totals.
	Generation int `json:"generation,omitempty"`
	// Restores counts the restores this code went through: each one starts
	// a new cycle of its life, and Merge lets a later cycle win, so that a
	// restore synced from another copy can turn a use back (merge.go).
	Restores int `json:"restores,omitempty"`
	// Undid is the event id of the use the latest restore reversed: a use
	// of the same cycle that the restorer never saw survives it.
	Undid string `json:"undid,omitempty"`
}

// Account holds one site login's codes.
type Account struct {
	ID         string    `json:"id"`
	Site       string    `json:"site"`
	Label      string    `json:"label"`
	Codes      []Code    `json:"codes"`
	Generation int       `json:"generation,omitempty"` // the current code set
	Created    time.Time `json:"created"`
	Updated    time.Time `json:"updated"`
}

// Event records one change. It never holds a code value.
type Event struct {
	ID        string    `json:"id"`
	Time      time.Time `json:"time"`
	Kind      string    `json:"kind"`
	AccountID string    `json:"account_id"`
	CodeID    string    `json:"code_id,omitempty"`
	URL       string    `json:"url,omitempty"`
}

// Vault is the whole model, stored as one JSON document.
type Vault struct {
	Version  int       `json:"version"`
	Accounts []Account `json:"accounts"`
	Events   []Event   `json:"events"`
	// Lane is where this machine starts looking for the next code; it is
	// not stored (see Lane).
	Lane Lane `json:"-"`
}

// Lane spreads the machines that sync one vault over each account's
// codes: machine Index of Count starts looking for an unused code that far
// into the current set, so that two machines taking codes before they sync
// hand out different ones rather than both the first. The zero Lane is
// one machine: the first unused code.
type Lane struct {
	Index, Count int
}

// start is the index in a's codes where the search for a code begins.
func (l Lane) start(a *Account) int {
	if l.Count <= 1 || l.Index <= 0 || l.Index >= l.Count {
		return 0
	}
	first, n := -1, 0
	for i, c := range a.Codes {
		if c.Generation == a.Generation {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if first < 0 {
		return 0
	}
	return first + n*l.Index/l.Count
}

// order is a's code indexes from the lane's start, wrapping round.
func (l Lane) order(a *Account) []int {
	start := l.start(a)
	out := make([]int, len(a.Codes))
	for k := range out {
		out[k] = (start + k) % len(a.Codes)
	}
	return out
}

// Clock supplies the time and fresh ids. Production uses SystemClock; tests
// inject fixed ones.
type Clock struct {
	Now   func() time.Time
	NewID func() string
}

var errNoClock = errors.New("vault: clock is not set")

func (c Clock) check() error {
	if c.Now == nil || c.NewID == nil {
		return errNoClock
	}
	return nil
}

// New returns an empty vault of the current version.
func New() *Vault {
	return &Vault{Version: Version, Accounts: []Account{}, Events: []Event{}}
}

// Count returns how many of the account's codes are in state s, across all
// generations.
func (a *Account) Count(s State) int {
	n := 0
	for _, c := range a.Codes {
		if c.State == s {
			n++
		}
	}
	return n
}

// Remaining is the number of unused codes.
func (a *Account) Remaining() int { return a.Count(Unused) }
