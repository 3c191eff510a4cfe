package protocol

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/vault"
)

// request is every field any request type uses (PROTOCOL.md "Types").
// Fields a type does not use are ignored, and so are unknown fields, so an
// older host keeps working with a newer extension's extra fields.
type request struct {
	ID         *string `json:"id"`
	Type       string  `json:"type"`
	URL        string  `json:"url"`
	Account    string  `json:"account"`
	CodeID     string  `json:"code_id"`
	Site       string  `json:"site"`
	Text       string  `json:"text"`
	Replace    bool    `json:"replace"`
	Code       string  `json:"code"`
	Label      string  `json:"label"`
	Passphrase string  `json:"passphrase"`
}

// handler answers one request type. need lists the fields that must be
// present and non-empty; handle runs only when they are.
type handler struct {
	need   []string
	handle func(s *server, ctx context.Context, req *request) (any, error)
}

var handlers = map[string]handler{
	"hello":   {nil, (*server).hello},
	"sites":   {nil, (*server).sites},
	"offer":   {[]string{"url"}, (*server).offer},
	"reserve": {[]string{"account", "url"}, (*server).reserve},
	"consume": {[]string{"code_id", "url"}, (*server).consume},
	"release": {[]string{"code_id"}, (*server).release},
	"list":    {nil, (*server).list},
	"import":  {[]string{"site", "account", "text"}, (*server).importCodes},
	"restore": {nil, (*server).restore}, // either code_id or site + code; checked inside
	"rename":  {[]string{"account", "label"}, (*server).rename},
	"remove":  {[]string{"account"}, (*server).remove},
	"history": {[]string{"account"}, (*server).history},
	"unlock":  {[]string{"passphrase"}, (*server).unlock},
}

// handle decodes one frame and answers it. It never panics on input; the
// recover is a last line of defence so that a bug costs one internal
// reply rather than the browser's port.
func (s *server) handle(ctx context.Context, msg []byte) (rep response) {
	id, kind := "", ""
	defer func() {
		if r := recover(); r != nil {
			logger.Printf("bug while handling a %q request: %v", kind, r)
			rep = withKind(failure(id, fmt.Errorf("The host hit a bug handling a %q request: %v", kind, r)), kind)
		}
	}()
	req, err := decode(msg)
	if req.ID != nil {
		id = *req.ID
	}
	kind = short(req.Type)
	if err != nil {
		logger.Printf("bad request (type %q)", kind)
		return withKind(failure(id, err), kind)
	}
	result, err := handlers[req.Type].handle(s, ctx, req)
	if err != nil {
		code := service.ErrorCode(err)
		if code == service.CodeInternal {
			// Internal errors are bugs, worth their message; the others
			// can quote a code the page sent, so only the code is logged.
			logger.Printf("%s request failed: %v", kind, err)
		} else {
			logger.Printf("%s request failed: %s", kind, code)
		}
		return withKind(failure(id, err), kind)
	}
	return withKind(success(id, result), kind)
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

// decode parses and checks a request. On error the returned request still
// carries whatever id and type could be read, so the reply can echo the id.
func decode(msg []byte) (*request, error) {
	req := &request{}
	if err := json.Unmarshal(msg, req); err != nil {
		// A field of the wrong type: salvage the id if it is a string.
		var loose struct {
			ID   any `json:"id"`
			Type any `json:"type"`
		}
		_ = json.Unmarshal(msg, &loose) // best effort; req stays empty on failure
		if s, ok := loose.ID.(string); ok {
			req.ID = &s
		}
		if t, ok := loose.Type.(string); ok {
			req.Type = t
		}
		return req, service.BadRequestf("The message is not a request object with string fields: %s.", jsonProblem(err))
	}
	if req.ID == nil {
		return req, service.BadRequestf("The request has no \"id\".")
	}
	if req.Type == "" {
		return req, service.BadRequestf("The request has no \"type\".")
	}
	h, ok := handlers[req.Type]
	if !ok {
		return req, service.BadRequestf("The request type %q is not known.", short(req.Type))
	}
	if missing := missingFields(req, h.need); len(missing) > 0 {
		return req, service.BadRequestf("The %s request needs %s.", req.Type, strings.Join(missing, ", "))
	}
	return req, nil
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

func missingFields(req *request, need []string) []string {
	var missing []string
	for _, f := range need {
		if strings.TrimSpace(field(req, f)) == "" {
			missing = append(missing, fmt.Sprintf("%q", f))
		}
	}
	return missing
}

func field(req *request, name string) string {
	switch name {
	case "url":
		return req.URL
	case "account":
		return req.Account
	case "code_id":
		return req.CodeID
	case "site":
		return req.Site
	case "text":
		return req.Text
	case "code":
		return req.Code
	case "label":
		return req.Label
	case "passphrase":
		return req.Passphrase
	}
	return ""
}

func (s *server) hello(ctx context.Context, _ *request) (any, error) {
	st := s.host.Status(ctx)
	return map[string]any{
		"protocol":         ProtocolVersion,
		"version":          Version(),
		"backend":          st.Backend,
		"locked":           st.Locked,
		"needs_passphrase": st.NeedsPassphrase,
		"vault_exists":     st.VaultExists,
	}, nil
}

func (s *server) sites(context.Context, *request) (any, error) {
	return map[string]json.RawMessage{"sites": sites.CatalogueJSON()}, nil
}

func (s *server) offer(ctx context.Context, req *request) (any, error) {
	return s.ops.Offer(ctx, req.URL)
}

func (s *server) reserve(ctx context.Context, req *request) (any, error) {
	return s.ops.Reserve(ctx, req.Account, req.URL)
}

func (s *server) consume(ctx context.Context, req *request) (any, error) {
	c, err := s.ops.Consume(ctx, req.CodeID, req.URL)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"code_id":   c.CodeID,
		"used_at":   c.UsedAt.UTC().Format(time.RFC3339),
		"event_id":  c.EventID,
		"remaining": c.Remaining,
	}, nil
}

func (s *server) release(ctx context.Context, req *request) (any, error) {
	code, err := s.ops.Release(ctx, req.CodeID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"code_id": req.CodeID, "state": code.State}, nil
}

func (s *server) list(ctx context.Context, _ *request) (any, error) {
	accounts, err := s.ops.List(ctx)
	if err != nil {
		return nil, err
	}
	if accounts == nil {
		accounts = []vault.Summary{} // [] rather than null for the popup
	}
	return map[string]any{"accounts": accounts, "backend": s.host.Status(ctx).Backend}, nil
}

func (s *server) importCodes(ctx context.Context, req *request) (any, error) {
	sum, n, err := s.ops.Import(ctx, req.Site, req.Account, []byte(req.Text), "", req.Replace)
	if err != nil {
		return nil, err
	}
	return map[string]any{"account": sum, "imported": n}, nil
}

// restore takes a code id (the popup's history) or a site, optional
// account label and code value (as the CLI does).
func (s *server) restore(ctx context.Context, req *request) (any, error) {
	var (
		code vault.Code
		err  error
	)
	switch {
	case strings.TrimSpace(req.CodeID) != "":
		code, err = s.ops.RestoreByID(ctx, req.CodeID)
	case strings.TrimSpace(req.Site) != "" && strings.TrimSpace(req.Code) != "":
		code, err = s.ops.Restore(ctx, req.Site, req.Account, req.Code)
	default:
		return nil, service.BadRequestf("The restore request needs \"code_id\", or \"site\" and \"code\".")
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"code_id": code.ID, "state": code.State}, nil
}

func (s *server) rename(ctx context.Context, req *request) (any, error) {
	sum, err := s.ops.Rename(ctx, req.Account, req.Label)
	if err != nil {
		return nil, err
	}
	return map[string]any{"account": sum}, nil
}

func (s *server) remove(ctx context.Context, req *request) (any, error) {
	if err := s.ops.RemoveByID(ctx, req.Account); err != nil {
		return nil, err
	}
	return map[string]any{"removed": req.Account}, nil
}

// historyEvent is an event as the protocol shows it: no code values, and
// the account id left out because the request named it.
type historyEvent struct {
	ID     string    `json:"id"`
	Time   time.Time `json:"time"`
	Kind   string    `json:"kind"`
	CodeID string    `json:"code_id"`
	URL    string    `json:"url"`
}

func (s *server) history(ctx context.Context, req *request) (any, error) {
	events, err := s.ops.History(ctx, req.Account)
	if err != nil {
		return nil, err
	}
	out := make([]historyEvent, 0, len(events))
	for _, e := range events {
		out = append(out, historyEvent{ID: e.ID, Time: e.Time, Kind: e.Kind, CodeID: e.CodeID, URL: e.URL})
	}
	return map[string]any{"events": out}, nil
}

func (s *server) unlock(ctx context.Context, req *request) (any, error) {
	if err := s.host.Unlock(ctx, req.Passphrase); err != nil {
		return nil, err
	}
	return map[string]any{"locked": false}, nil
}
