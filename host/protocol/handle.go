package protocol

import (
	"context"
	"fmt"
	"strings"

	"tearoff.dev/tearoff/host/service"
)

// handle decodes one frame and answers it. It never panics on input; the
// recover is a last line of defence so that a bug costs one internal
// reply rather than the browser's port.
func (s *server) handle(ctx context.Context, msg []byte) (rep response) {
	id, typ := "", ""
	defer func() {
		if r := recover(); r != nil {
			logger.Printf("bug while handling a %q request: %v", typ, r)
			//nolint:staticcheck // ST1005: the message is a sentence for the person (PROTOCOL.md)
			rep = withKind(failure(id, fmt.Errorf("The host hit a bug handling a %q request: %v", typ, r)), typ)
		}
	}()
	h, run, err := decode(msg)
	if h.ID != nil {
		id = *h.ID
	}
	typ = short(h.Type)
	if err != nil {
		logger.Printf("bad request (type %q)", typ)
		return withKind(failure(id, err), typ)
	}
	result, err := run(ctx, s)
	if err != nil {
		code := service.ErrorCode(err)
		if code == service.CodeInternal {
			// Internal errors are bugs, worth their message; the others
			// can quote a code the page sent, so only the code is logged.
			logger.Printf("%s request failed: %v", typ, err)
		} else {
			logger.Printf("%s request failed: %s", typ, code)
		}
		return withKind(failure(id, err), typ)
	}
	return withKind(success(id, result), typ)
}

// short bounds a caller-chosen string before it reaches a log line: an
// unknown type may be up to a megabyte of anything.
func short(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return strings.ToValidUTF8(s[:max], "") + "…"
}

func withKind(r response, kind string) response {
	r.kind = kind
	return r
}
