package vault

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors; use errors.Is. Typed errors below carry the details.
var (
	ErrNotFound    = errors.New("not found")
	ErrAmbiguous   = errors.New("several accounts match")
	ErrDuplicate   = errors.New("duplicate code")
	ErrExhausted   = errors.New("no unused code is left")
	ErrAlreadyUsed = errors.New("code was already used")
	ErrBadState    = errors.New("code is not in a state that allows this")
	ErrInvalid     = errors.New("invalid input")
	ErrCorrupt     = errors.New("vault data is invalid")
)

// AmbiguousError lists the labels to choose from when a site has several
// accounts and no label was given.
type AmbiguousError struct {
	Site   string
	Labels []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s has several accounts (%s): choose one", e.Site, strings.Join(e.Labels, ", "))
}

// Is makes errors.Is(err, ErrAmbiguous) true.
func (e *AmbiguousError) Is(target error) bool { return target == ErrAmbiguous }

// ExhaustedError says that no unused code is left and how many uncertain
// ones might still work.
type ExhaustedError struct {
	Uncertain int
}

func (e *ExhaustedError) Error() string {
	switch e.Uncertain {
	case 0:
		return "no unused code is left and none is uncertain: generate a new set on the site"
	case 1:
		return "no unused code is left; 1 code is uncertain (it was handed to a page but its use was never confirmed)"
	}
	return fmt.Sprintf("no unused code is left; %d codes are uncertain (they were handed to a page but their use was never confirmed)", e.Uncertain)
}

// Is makes errors.Is(err, ErrExhausted) true.
func (e *ExhaustedError) Is(target error) bool { return target == ErrExhausted }

// AlreadyUsedError says when and where a code was spent: the exact mistake
// Tearoff exists to prevent.
type AlreadyUsedError struct {
	CodeID string
	At     time.Time
	On     string // page URL or one of the UsedOn constants
}

func (e *AlreadyUsedError) Error() string {
	where := "on " + e.On
	switch e.On {
	case UsedOnImport:
		return fmt.Sprintf("this code was marked as used in the file imported on %s", e.At.UTC().Format(time.RFC3339))
	case UsedOnCLI:
		where = "from the command line"
	case UsedOnAnotherDevice:
		where = "on another device (handed out by the popup)"
	case UsedOnElsewhere:
		where = "elsewhere (recorded by hand)"
	case "":
		where = "at an unknown place"
	}
	return fmt.Sprintf("this code was already used on %s %s", e.At.UTC().Format(time.RFC3339), where)
}

// Is makes errors.Is(err, ErrAlreadyUsed) true.
func (e *AlreadyUsedError) Is(target error) bool { return target == ErrAlreadyUsed }

// StateError says which state blocked an operation; it matches ErrBadState.
type StateError struct {
	CodeID string
	Op     string
	State  State
}

func (e *StateError) Error() string {
	return fmt.Sprintf("cannot %s code %s: it is %s", e.Op, e.CodeID, e.State)
}

// Is makes errors.Is(err, ErrBadState) true.
func (e *StateError) Is(target error) bool { return target == ErrBadState }
