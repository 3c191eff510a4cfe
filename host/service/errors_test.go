package service

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/codes"
	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

type coded string

func (c coded) Error() string     { return "coded" }
func (c coded) ErrorCode() string { return string(c) }

func TestErrorCodeAndExitCode(t *testing.T) {
	tests := []struct {
		err  error
		code string
		exit int
	}{
		{nil, "", 0},
		{errors.New("surprise"), CodeInternal, 1},
		{BadRequestf("bad flag"), CodeBadRequest, 2},
		{fmt.Errorf("x: %w", ErrTooLarge), CodeTooLarge, 2},
		{ErrUnknownCaller, CodeUnknownCaller, 2},
		{fmt.Errorf("open: %w", store.ErrLocked), CodeLocked, 6},
		{store.ErrNoBackend, CodeNoBackend, 6},
		{store.ErrTimeout, CodeKeyring, 6},
		{store.ErrKeyring, CodeKeyring, 6},
		{store.ErrBadPassphrase, CodeBadPassphrase, 6},
		{fmt.Errorf("page: %w", sites.ErrInsecure), CodeInsecureOrigin, 8},
		{sites.ErrOriginMismatch, CodeOriginMismatch, 8},
		{sites.ErrUnknownSite, CodeUnknownSite, 3},
		{codes.ErrSiteRequired, CodeBadRequest, 2},
		{codes.ErrEmpty, CodeInvalidCodes, 7},
		{codes.ErrBinary, CodeInvalidCodes, 7},
		{codes.ErrNotCodes, CodeInvalidCodes, 7},
		{codes.ErrDuplicate, CodeInvalidCodes, 7},
		{codes.ErrWrongFormat, CodeInvalidCodes, 7},
		{&vault.AmbiguousError{Site: "github", Labels: []string{"a", "b"}}, CodeAmbiguousAccount, 3},
		{fmt.Errorf("x: %w", vault.ErrNotFound), CodeNotFound, 3},
		{&vault.ExhaustedError{Uncertain: 2}, CodeExhausted, 4},
		{&vault.AlreadyUsedError{At: time.Now(), On: "cli"}, CodeAlreadyUsed, 5},
		{vault.ErrDuplicate, CodeInvalidCodes, 7},
		{&vault.StateError{Op: "consume", State: vault.Unused}, CodeBadState, 7},
		{vault.ErrInvalid, CodeBadRequest, 2},
		{vault.ErrCorrupt, CodeKeyring, 6},
		{fmt.Errorf("wrapped: %w", coded(CodeOriginMismatch)), CodeOriginMismatch, 8},
	}
	for _, tt := range tests {
		if got := ErrorCode(tt.err); got != tt.code {
			t.Errorf("ErrorCode(%v) = %q; want %q", tt.err, got, tt.code)
		}
		if got := ExitCode(tt.err); got != tt.exit {
			t.Errorf("ExitCode(%v) = %d; want %d", tt.err, got, tt.exit)
		}
	}
}

func TestBadRequestfMessage(t *testing.T) {
	err := BadRequestf("a site is required (for example --site %s)", "github")
	if err.Error() != "a site is required (for example --site github)" || !errors.Is(err, ErrBadRequest) {
		t.Fatalf("BadRequestf = %q", err)
	}
}
