package service

import (
	"errors"
	"fmt"

	"tearoff.dev/tearoff/host/codes"
	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/vault"
)

// Protocol error codes (PROTOCOL.md "Error codes", append-only).
const (
	CodeBadRequest       = "bad_request"
	CodeTooLarge         = "too_large"
	CodeUnknownCaller    = "unknown_caller"
	CodeLocked           = "locked"
	CodeNoBackend        = "no_backend"
	CodeKeyring          = "keyring"
	CodeInsecureOrigin   = "insecure_origin"
	CodeOriginMismatch   = "origin_mismatch"
	CodeUnknownSite      = "unknown_site"
	CodeNotFound         = "not_found"
	CodeAmbiguousAccount = "ambiguous_account"
	CodeExhausted        = "exhausted"
	CodeAlreadyUsed      = "already_used"
	CodeInvalidCodes     = "invalid_codes"
	CodeBadState         = "bad_state"
	CodeBadPassphrase    = "bad_passphrase"
	CodeInternal         = "internal"
)

// Errors for conditions that belong to no lower package. The protocol layer
// (host/protocol) wraps these so that ErrorCode stays the one mapping
// without host/service importing host/protocol.
var (
	ErrBadRequest    = errors.New("bad request")
	ErrTooLarge      = errors.New("message too large")
	ErrUnknownCaller = errors.New("unknown caller")
)

// RequestError is a bad_request whose message is just the sentence for the
// person (no ": bad request" tail). It matches ErrBadRequest.
type RequestError struct{ Msg string }

func (e *RequestError) Error() string        { return e.Msg }
func (e *RequestError) Is(target error) bool { return target == ErrBadRequest }

// BadRequestf makes a *RequestError: a usage mistake described in one
// sentence.
func BadRequestf(format string, a ...any) error {
	return &RequestError{Msg: fmt.Sprintf(format, a...)}
}

// Coder lets an error name its protocol code itself; ErrorCode honours it
// before anything else. It is the escape hatch for packages that host/service
// cannot import.
type Coder interface {
	ErrorCode() string
}

// mapping is checked in order; the first sentinel that errors.Is matches
// wins. More specific conditions come first. Errors that name their own code
// (the store's sentinels, through Coder) need no entry here.
var mapping = []struct {
	err  error
	code string
}{
	{ErrBadRequest, CodeBadRequest},
	{ErrTooLarge, CodeTooLarge},
	{ErrUnknownCaller, CodeUnknownCaller},

	{sites.ErrInsecure, CodeInsecureOrigin},
	{sites.ErrOriginMismatch, CodeOriginMismatch},
	{sites.ErrUnknownSite, CodeUnknownSite},

	{codes.ErrSiteRequired, CodeBadRequest},
	{codes.ErrEmpty, CodeInvalidCodes},
	{codes.ErrBinary, CodeInvalidCodes},
	{codes.ErrNotCodes, CodeInvalidCodes},
	{codes.ErrDuplicate, CodeInvalidCodes},
	{codes.ErrWrongFormat, CodeInvalidCodes},

	{vault.ErrAmbiguous, CodeAmbiguousAccount},
	{vault.ErrNotFound, CodeNotFound},
	{vault.ErrExhausted, CodeExhausted},
	{vault.ErrAlreadyUsed, CodeAlreadyUsed},
	{vault.ErrDuplicate, CodeInvalidCodes},
	{vault.ErrBadState, CodeBadState},
	{vault.ErrInvalid, CodeBadRequest},
	// A vault that cannot be decoded is a storage failure: nothing is written.
	{vault.ErrCorrupt, CodeKeyring},
}

// ErrorCode is the single mapping from any error the host produces to a
// PROTOCOL.md error code. nil maps to "". Anything unrecognised is
// "internal": an error we did not plan for is a bug to fix, not a category.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var c Coder
	if errors.As(err, &c) {
		if code := c.ErrorCode(); code != "" {
			return code
		}
	}
	for _, m := range mapping {
		if m.err != nil && errors.Is(err, m.err) {
			return m.code
		}
	}
	return CodeInternal
}

// ExitCode is the CLI exit status for err, derived from ErrorCode so the CLI
// and the protocol can never disagree about what went wrong. The table is
// documented in the README.
func ExitCode(err error) int {
	switch ErrorCode(err) {
	case "":
		return 0
	case CodeBadRequest, CodeTooLarge, CodeUnknownCaller:
		return 2
	case CodeNotFound, CodeAmbiguousAccount, CodeUnknownSite:
		return 3
	case CodeExhausted:
		return 4
	case CodeAlreadyUsed:
		return 5
	case CodeLocked, CodeNoBackend, CodeKeyring, CodeBadPassphrase:
		return 6
	case CodeInvalidCodes, CodeBadState:
		return 7
	case CodeOriginMismatch, CodeInsecureOrigin:
		return 8
	}
	return 1
}
