package protocol

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"tearoff.dev/tearoff/host/nativemsg"
	"tearoff.dev/tearoff/host/protocol/wire"
	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/vault"
)

// Ops is the part of *service.Service the protocol calls. It is an
// interface so that Serve's unit tests can drive every reply shape with a
// fake; production passes the real service.
type Ops interface {
	List(ctx context.Context) ([]vault.Summary, error)
	Offer(ctx context.Context, pageURL string) (service.Offer, error)
	Reserve(ctx context.Context, accountID, pageURL string) (service.Reservation, error)
	Consume(ctx context.Context, codeID, pageURL string) (service.Consumed, error)
	Release(ctx context.Context, codeID string) (vault.Code, error)
	Import(ctx context.Context, site, label string, text []byte, fileName string, replace bool) (vault.Summary, int, error)
	Restore(ctx context.Context, site, label, code string) (vault.Code, error)
	RestoreByID(ctx context.Context, codeID string) (vault.Code, error)
	Rename(ctx context.Context, id, label string) (vault.Summary, error)
	RemoveByID(ctx context.Context, id string) error
	History(ctx context.Context, accountID string) ([]vault.Event, error)
	HandOut(ctx context.Context, accountID string) (service.Spent, error)
	MarkUsed(ctx context.Context, accountID, code string) (service.Spent, error)
	SetCurrent(ctx context.Context, accountID, code string) (vault.Summary, error)
	Settle(ctx context.Context, codeID string, used bool) (vault.Code, error)
	PreviewCapture(ctx context.Context, pageURL, text string) (service.CapturePreview, error)
	Capture(ctx context.Context, pageURL, label, text string) (vault.Summary, int, error)
	NoteTwoFactorSite(ctx context.Context, pageURL string) (string, bool, error)
	Readiness(ctx context.Context) ([]service.ReadySite, error)
	DismissReadiness(ctx context.Context, domain string) error
}

// Status is what hello and list report about the keyring.
type Status struct {
	Backend string // e.g. "secret-service", "file"; "" when none could be opened
	Locked  bool
	// NeedsPassphrase: the file backend has no passphrase yet, so the
	// popup should ask for one and send unlock.
	NeedsPassphrase bool
	// VaultExists is false only when the keyring is known to hold no vault
	// yet: the passphrase the popup sends then becomes the vault's, so it
	// asks for it twice. When the host cannot tell, it is true.
	VaultExists bool
	// Sync is how sync with the person's other computers stands (list).
	Sync SyncStatus
}

// HostInfo is the keyring side of the host that is not a vault operation:
// its status, and unlocking the file backend. host/cmd/tearoff's hostKeyring
// is the real one.
type HostInfo interface {
	Status(ctx context.Context) Status
	// Unlock keeps passphrase in memory for the life of the process and
	// checks it against the vault; a wrong one is forgotten again and
	// reported as store.ErrBadPassphrase.
	Unlock(ctx context.Context, passphrase string) error
}

// logger writes to stderr only: stdout carries frames and nothing else.
// Nothing logged may contain a code value or a passphrase, so request
// fields and error messages (which can quote a code) are never logged.
var logger = log.New(os.Stderr, "tearoff host: ", log.LstdFlags)

// Serve runs the native-messaging host for caller until the browser closes
// in. It reads one request frame at a time and writes each reply before
// reading the next, so replies come back in request order.
//
// It returns nil at a clean end of stream, and also when in ends in the
// middle of a frame: nothing more can be read, so there is nothing to
// answer. It returns an error (after sending one error reply with id "")
// for a caller that is not allowed and for a frame over MaxFrame, whose
// body is not drained so the stream cannot be trusted any more; both map
// to exit status 2 through service.ExitCode. Other read and write errors
// are returned as they are.
func Serve(ctx context.Context, caller nativemsg.Caller, in io.Reader, out io.Writer, ops Ops, host HostInfo) error {
	if !nativemsg.AllowedCaller(caller) {
		return Refuse(out, caller)
	}

	s := &server{ops: ops, host: host, w: nativemsg.NewWriter(out)}
	r := nativemsg.NewReader(in)
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("protocol: serve: %w", err)
		}
		msg, err := r.Next()
		switch {
		case err == nil:
			if err := s.reply(s.handle(ctx, msg)); err != nil {
				return err
			}
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, nativemsg.ErrTruncated):
			logger.Printf("input ended inside a frame; stopping")
			return nil
		case errors.Is(err, nativemsg.ErrEmptyFrame):
			logger.Printf("bad request: zero-length frame")
			if err := s.reply(failure("", service.BadRequestf("The message is empty."))); err != nil {
				return err
			}
		case errors.Is(err, nativemsg.ErrBadJSON):
			// The body was consumed but is not one JSON value, so its id
			// cannot be trusted; "" tells the caller which reply it is.
			logger.Printf("bad request: frame is not a single JSON value")
			if err := s.reply(failure("", service.BadRequestf("The message is not a single JSON value."))); err != nil {
				return err
			}
		case errors.Is(err, nativemsg.ErrTooLarge):
			logger.Printf("frame over %d bytes; stopping", nativemsg.MaxFrame)
			tooLarge := protoErrorf(service.ErrTooLarge, "The message is larger than 1 MiB.")
			if sendErr := s.reply(failure("", tooLarge)); sendErr != nil {
				return errors.Join(tooLarge, sendErr)
			}
			return tooLarge
		default:
			return fmt.Errorf("protocol: read request: %w", err)
		}
	}
}

// Refuse answers a caller that is not allowed with one unknown_caller
// frame (id "") and returns the error Serve would. The host calls it before
// opening the keyring, so a refused caller never reaches the keyring.
func Refuse(out io.Writer, caller nativemsg.Caller) error {
	logger.Printf("refusing caller %q (%s)", short(caller.ID), caller.Family)
	err := protoErrorf(service.ErrUnknownCaller,
		"The caller %q is not an extension this host was installed for.", short(caller.ID))
	if sendErr := nativemsg.NewWriter(out).Send(failure("", err).Envelope); sendErr != nil {
		return errors.Join(err, sendErr)
	}
	return err
}

// server holds what one Serve call needs while it handles requests.
type server struct {
	ops  Ops
	host HostInfo
	w    *nativemsg.Writer
}

// reply writes rep. A reply too big for one frame still answers its id: a
// result becomes a too_large error, and an error message (which may quote
// a huge field of the request) is cut short.
func (s *server) reply(rep response) error {
	err := s.w.Send(rep.Envelope)
	if err != nil && errors.Is(err, nativemsg.ErrTooLarge) {
		logger.Printf("reply to a %s request is over %d bytes", rep.kind, nativemsg.MaxFrame)
		env := rep.Envelope
		if env.OK {
			env = failure(env.ID, protoErrorf(service.ErrTooLarge, "The reply would be larger than 1 MiB.")).Envelope
		} else {
			env.Error = &wire.ErrorBody{Code: env.Error.Code, Message: short(env.Error.Message)}
		}
		err = s.w.Send(env)
		if err != nil && errors.Is(err, nativemsg.ErrTooLarge) {
			// Only the id itself can still be too big to echo.
			err = s.w.Send(failure("", service.BadRequestf("The request id is too long to echo.")).Envelope)
		}
	}
	if err != nil {
		return fmt.Errorf("protocol: write reply: %w", err)
	}
	return nil
}

// response is a reply envelope and, for the logs only, the request type
// it answers.
type response struct {
	wire.Envelope[any]
	kind string
}

func success(id string, result any) response {
	return response{Envelope: wire.Envelope[any]{ID: id, OK: true, Result: result}}
}

// failure turns err into an error reply; service.ErrorCode is the one
// mapping from errors to protocol codes.
func failure(id string, err error) response {
	body := &wire.ErrorBody{Code: service.ErrorCode(err), Message: err.Error()}
	// When and where, as data too: the popup says it in the person's
	// language, where the message is the host's English sentence.
	var used *vault.AlreadyUsedError
	if errors.As(err, &used) {
		body.Used = &wire.Use{At: used.At.UTC().Format(time.RFC3339), On: used.On}
	}
	return response{Envelope: wire.Envelope[any]{ID: id, Error: body}}
}

// protoError is an error whose message is the sentence for the person and
// whose protocol code comes from the service sentinel it unwraps to.
type protoError struct {
	sentinel error
	msg      string
}

func (e *protoError) Error() string { return e.msg }
func (e *protoError) Unwrap() error { return e.sentinel }

func protoErrorf(sentinel error, format string, a ...any) error {
	return &protoError{sentinel: sentinel, msg: fmt.Sprintf(format, a...)}
}
