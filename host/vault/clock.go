package vault

import (
	"time"

	"github.com/google/uuid"
)

// SystemClock is the production Clock: UTC wall time to the millisecond
// (so stored times read cleanly as RFC 3339) and random UUIDs.
func SystemClock() Clock {
	return Clock{
		Now:   func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) },
		NewID: uuid.NewString,
	}
}
