package protocol

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"tearoff.dev/tearoff/host/protocol/wire"
	"tearoff.dev/tearoff/host/service"
)

// handler is a request struct: it answers itself with a result of type R.
// Fields tagged `wire:"required"` must be present and not blank before run
// is called; a request with a rule the tags cannot say also implements
// checker.
type handler[R any] interface {
	run(ctx context.Context, s *server) (R, error)
}

// checker is a request's own validation beyond its required fields.
type checker interface {
	check() error
}

// runner is a decoded, checked request, ready to answer.
type runner func(ctx context.Context, s *server) (any, error)

// kind is one request type of PROTOCOL.md "Types": how to decode and check
// its frame, and (for the doc test) its request and result types.
type kind struct {
	request, result reflect.Type
	decode          func(typ string, msg []byte) (runner, error)
}

// kindOf makes the kind of request struct Req answering with result Res.
func kindOf[Req, Res any, P interface {
	*Req
	handler[Res]
}]() kind {
	return kind{
		request: reflect.TypeFor[Req](),
		result:  reflect.TypeFor[Res](),
		decode: func(typ string, msg []byte) (runner, error) {
			req := P(new(Req))
			if err := json.Unmarshal(msg, req); err != nil {
				return nil, service.BadRequestf("The message is not a request object with string fields: %s.", jsonProblem(err))
			}
			if missing := missingFields(req); len(missing) > 0 {
				return nil, service.BadRequestf("The %s request needs %s.", typ, strings.Join(missing, ", "))
			}
			if c, ok := any(req).(checker); ok {
				if err := c.check(); err != nil {
					return nil, err
				}
			}
			return func(ctx context.Context, s *server) (any, error) { return req.run(ctx, s) }, nil
		},
	}
}

// decode reads a request frame: the header first, then the body as the
// struct of its type. The header comes back even on error, so that the
// reply can echo the id and the log can name the type.
func decode(msg []byte) (wire.Header, runner, error) {
	var h wire.Header
	if err := json.Unmarshal(msg, &h); err != nil {
		// An id or type of the wrong type: salvage whichever is a string.
		var loose struct {
			ID   any `json:"id"`
			Type any `json:"type"`
		}
		_ = json.Unmarshal(msg, &loose) // best effort; h stays empty on failure
		if s, ok := loose.ID.(string); ok {
			h.ID = &s
		}
		if t, ok := loose.Type.(string); ok {
			h.Type = t
		}
		return h, nil, service.BadRequestf("The message is not a request object with string fields: %s.", jsonProblem(err))
	}
	if h.ID == nil {
		return h, nil, service.BadRequestf("The request has no \"id\".")
	}
	if h.Type == "" {
		return h, nil, service.BadRequestf("The request has no \"type\".")
	}
	k, ok := kinds[h.Type]
	if !ok {
		return h, nil, service.BadRequestf("The request type %q is not known.", short(h.Type))
	}
	run, err := k.decode(h.Type, msg)
	return h, run, err
}

// jsonProblem names what was wrong without echoing values (the frame may
// hold a code or a passphrase).
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field != "" {
			return fmt.Sprintf("%q must be a %s, not %s", typeErr.Field, typeErr.Type, typeErr.Value)
		}
		return "it is " + typeErr.Value + ", not an object"
	}
	return "it could not be decoded"
}

// missingFields lists, quoted and in struct order, the JSON names of the
// fields tagged `wire:"required"` that are blank strings or absent (null)
// pointers.
func missingFields(req any) []string {
	v := reflect.ValueOf(req).Elem()
	var missing []string
	for i, f := range fields(v.Type()) {
		if f.required && blank(v.Field(i)) {
			missing = append(missing, fmt.Sprintf("%q", f.name))
		}
	}
	return missing
}

// blank is true for a blank string and a nil pointer.
func blank(v reflect.Value) bool {
	if v.Kind() == reflect.Pointer {
		return v.IsNil()
	}
	return strings.TrimSpace(v.String()) == ""
}

// field is one struct field as it appears on the wire.
type field struct {
	name     string // the JSON name; "" for a field that is not on the wire
	required bool
}

// fields describes t's fields by index. Only string and pointer fields
// can be required: presence is all the tag says, and a pointer (a *bool
// whose false is a real answer) is how a non-string field says "present".
func fields(t reflect.Type) []field {
	out := make([]field, t.NumField())
	for i := range out {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[i] = field{name: name, required: f.Tag.Get("wire") == "required" && requirable(f.Type.Kind())}
	}
	return out
}

func requirable(k reflect.Kind) bool { return k == reflect.String || k == reflect.Pointer }
