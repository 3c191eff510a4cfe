package protocol

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/sites"
	"tearoff.dev/tearoff/host/vault"
)

// kinds is every request type of PROTOCOL.md "Types", by its "type". A new
// request type is a struct with its result type below and its line here, a
// service method (named in Ops, the service's surface the protocol sees),
// and its row in PROTOCOL.md: TestProtocolDocMatchesTypes fails until the
// doc and the types agree. Decoding, checking and replying need nothing new.
//
// A request struct lists only its own fields; unknown fields are ignored,
// so an older host keeps working with a newer extension's extra fields.
// Result fields are in JSON name order, as the host sent them when replies
// were maps, so the bytes on the wire did not change.
var kinds = map[string]kind{
	"hello":   kindOf[helloRequest, HelloResult](),
	"sites":   kindOf[sitesRequest, SitesResult](),
	"offer":   kindOf[offerRequest, service.Offer](),
	"reserve": kindOf[reserveRequest, service.Reservation](),
	"consume": kindOf[consumeRequest, ConsumeResult](),
	"release": kindOf[releaseRequest, CodeStateResult](),
	"list":    kindOf[listRequest, ListResult](),
	"import":  kindOf[importRequest, ImportResult](),
	"restore": kindOf[restoreRequest, CodeStateResult](),
	"rename":  kindOf[renameRequest, AccountResult](),
	"remove":  kindOf[removeRequest, RemoveResult](),
	"history": kindOf[historyRequest, HistoryResult](),
	"unlock":  kindOf[unlockRequest, UnlockResult](),
	// The popup's per-account actions for other devices (devices.go).
	"hand_out":    kindOf[handOutRequest, HandOutResult](),
	"mark_used":   kindOf[markUsedRequest, MarkUsedResult](),
	"set_current": kindOf[setCurrentRequest, AccountResult](),
	"settle":      kindOf[settleRequest, CodeStateResult](),
	// Capture and readiness: requests_capture.go.
	"parse_codes":       kindOf[parseCodesRequest, service.CapturePreview](),
	"capture":           kindOf[captureRequest, ImportResult](),
	"note_2fa_site":     kindOf[noteSiteRequest, NoteSiteResult](),
	"readiness":         kindOf[readinessRequest, ReadinessResult](),
	"dismiss_readiness": kindOf[dismissReadinessRequest, DismissReadinessResult](),
}

type helloRequest struct{}

// HelloResult is the reply to hello.
type HelloResult struct {
	Backend         string `json:"backend"`
	Locked          bool   `json:"locked"`
	NeedsPassphrase bool   `json:"needs_passphrase"`
	Protocol        int    `json:"protocol"`
	VaultExists     bool   `json:"vault_exists"`
	Version         string `json:"version"`
}

func (helloRequest) run(ctx context.Context, s *server) (HelloResult, error) {
	st := s.host.Status(ctx)
	return HelloResult{
		Backend:         st.Backend,
		Locked:          st.Locked,
		NeedsPassphrase: st.NeedsPassphrase,
		Protocol:        ProtocolVersion,
		VaultExists:     st.VaultExists,
		Version:         Version(),
	}, nil
}

type sitesRequest struct{}

// SitesResult is the reply to sites: host/sites/catalogue.json as it is.
type SitesResult struct {
	Sites json.RawMessage `json:"sites"`
}

func (sitesRequest) run(context.Context, *server) (SitesResult, error) {
	return SitesResult{Sites: sites.CatalogueJSON()}, nil
}

type offerRequest struct {
	URL string `json:"url" wire:"required"`
}

func (r *offerRequest) run(ctx context.Context, s *server) (service.Offer, error) {
	return s.ops.Offer(ctx, r.URL)
}

type reserveRequest struct {
	Account string `json:"account" wire:"required"` // the account id
	URL     string `json:"url" wire:"required"`
}

func (r *reserveRequest) run(ctx context.Context, s *server) (service.Reservation, error) {
	return s.ops.Reserve(ctx, r.Account, r.URL)
}

type consumeRequest struct {
	CodeID string `json:"code_id" wire:"required"`
	URL    string `json:"url" wire:"required"`
}

// ConsumeResult is the reply to consume.
type ConsumeResult struct {
	CodeID    string `json:"code_id"`
	EventID   string `json:"event_id"`
	Remaining int    `json:"remaining"`
	UsedAt    string `json:"used_at"` // RFC 3339, UTC
}

func (r *consumeRequest) run(ctx context.Context, s *server) (ConsumeResult, error) {
	c, err := s.ops.Consume(ctx, r.CodeID, r.URL)
	if err != nil {
		return ConsumeResult{}, err
	}
	return ConsumeResult{
		CodeID:    c.CodeID,
		EventID:   c.EventID,
		Remaining: c.Remaining,
		UsedAt:    c.UsedAt.UTC().Format(time.RFC3339),
	}, nil
}

type releaseRequest struct {
	CodeID string `json:"code_id" wire:"required"`
}

// CodeStateResult is the reply to release and restore: the code and the
// state it is in now.
type CodeStateResult struct {
	CodeID string      `json:"code_id"`
	State  vault.State `json:"state"`
}

func (r *releaseRequest) run(ctx context.Context, s *server) (CodeStateResult, error) {
	code, err := s.ops.Release(ctx, r.CodeID)
	if err != nil {
		return CodeStateResult{}, err
	}
	return CodeStateResult{CodeID: r.CodeID, State: code.State}, nil
}

type listRequest struct{}

// ListResult is the reply to list.
type ListResult struct {
	Accounts []vault.Summary `json:"accounts"`
	Backend  string          `json:"backend"`
	Sync     SyncStatus      `json:"sync"`
}

// SyncStatus is how sync with the person's other computers stands
// (docs/sync.md): on or off, when it last completed (RFC 3339, UTC; ""
// for never) and why the last try failed ("" when it did not).
type SyncStatus struct {
	Enabled  bool   `json:"enabled"`
	LastSync string `json:"last_sync"`
	Error    string `json:"error"`
}

func (listRequest) run(ctx context.Context, s *server) (ListResult, error) {
	accounts, err := s.ops.List(ctx)
	if err != nil {
		return ListResult{}, err
	}
	if accounts == nil {
		accounts = []vault.Summary{} // [] rather than null for the popup
	}
	st := s.host.Status(ctx)
	return ListResult{Accounts: accounts, Backend: st.Backend, Sync: st.Sync}, nil
}

// importRequest stores a code list. The site may be left out when the
// file name (or the text's own format) says which site it is: guessing a
// site from a file name is the host's rule (host/codes), not the popup's.
type importRequest struct {
	Site     string `json:"site"`
	Account  string `json:"account" wire:"required"` // the label
	Text     string `json:"text" wire:"required"`
	Replace  bool   `json:"replace"`
	FileName string `json:"file_name"`
}

// ImportResult is the reply to import.
type ImportResult struct {
	Account  vault.Summary `json:"account"`
	Imported int           `json:"imported"`
}

func (r *importRequest) check() error {
	if strings.TrimSpace(r.Site) == "" && strings.TrimSpace(r.FileName) == "" {
		return service.BadRequestf("The import request needs \"site\", or \"file_name\" when the file is a known site's.")
	}
	return nil
}

func (r *importRequest) run(ctx context.Context, s *server) (ImportResult, error) {
	sum, n, err := s.ops.Import(ctx, r.Site, r.Account, []byte(r.Text), r.FileName, r.Replace)
	if err != nil {
		return ImportResult{}, err
	}
	return ImportResult{Account: sum, Imported: n}, nil
}

// restoreRequest names a code by id (the popup's history) or by site,
// optional account label and value (as the CLI does).
type restoreRequest struct {
	CodeID  string `json:"code_id"`
	Site    string `json:"site"`
	Account string `json:"account"` // the label
	Code    string `json:"code"`
}

func (r *restoreRequest) check() error {
	if r.byID() || (strings.TrimSpace(r.Site) != "" && strings.TrimSpace(r.Code) != "") {
		return nil
	}
	return service.BadRequestf("The restore request needs \"code_id\", or \"site\" and \"code\".")
}

func (r *restoreRequest) byID() bool { return strings.TrimSpace(r.CodeID) != "" }

func (r *restoreRequest) run(ctx context.Context, s *server) (CodeStateResult, error) {
	var (
		code vault.Code
		err  error
	)
	if r.byID() {
		code, err = s.ops.RestoreByID(ctx, r.CodeID)
	} else {
		code, err = s.ops.Restore(ctx, r.Site, r.Account, r.Code)
	}
	if err != nil {
		return CodeStateResult{}, err
	}
	return CodeStateResult{CodeID: code.ID, State: code.State}, nil
}

type renameRequest struct {
	Account string `json:"account" wire:"required"` // the account id
	Label   string `json:"label" wire:"required"`
}

// AccountResult is the reply to rename: the account's new summary.
type AccountResult struct {
	Account vault.Summary `json:"account"`
}

func (r *renameRequest) run(ctx context.Context, s *server) (AccountResult, error) {
	sum, err := s.ops.Rename(ctx, r.Account, r.Label)
	if err != nil {
		return AccountResult{}, err
	}
	return AccountResult{Account: sum}, nil
}

type removeRequest struct {
	Account string `json:"account" wire:"required"` // the account id
}

// RemoveResult is the reply to remove.
type RemoveResult struct {
	Removed string `json:"removed"` // the account id
}

func (r *removeRequest) run(ctx context.Context, s *server) (RemoveResult, error) {
	if err := s.ops.RemoveByID(ctx, r.Account); err != nil {
		return RemoveResult{}, err
	}
	return RemoveResult{Removed: r.Account}, nil
}

type historyRequest struct {
	Account string `json:"account" wire:"required"` // the account id
}

// HistoryResult is the reply to history, newest event first.
type HistoryResult struct {
	Events []HistoryEvent `json:"events"`
}

// HistoryEvent is an event as the protocol shows it: no code values, and
// the account id left out because the request named it.
type HistoryEvent struct {
	ID     string    `json:"id"`
	Time   time.Time `json:"time"`
	Kind   string    `json:"kind"`
	CodeID string    `json:"code_id"`
	URL    string    `json:"url"`
}

func (r *historyRequest) run(ctx context.Context, s *server) (HistoryResult, error) {
	events, err := s.ops.History(ctx, r.Account)
	if err != nil {
		return HistoryResult{}, err
	}
	out := make([]HistoryEvent, 0, len(events))
	for _, e := range events {
		out = append(out, HistoryEvent{ID: e.ID, Time: e.Time, Kind: e.Kind, CodeID: e.CodeID, URL: e.URL})
	}
	return HistoryResult{Events: out}, nil
}

type unlockRequest struct {
	Passphrase string `json:"passphrase" wire:"required"`
}

// UnlockResult is the reply to unlock.
type UnlockResult struct {
	Locked bool `json:"locked"` // always false: a failed unlock is an error
}

func (r *unlockRequest) run(ctx context.Context, s *server) (UnlockResult, error) {
	if err := s.host.Unlock(ctx, r.Passphrase); err != nil {
		return UnlockResult{}, err
	}
	return UnlockResult{Locked: false}, nil
}

// settleRequest says what became of an uncertain code: used (true) or
// still good (false). Used is a pointer so that a missing answer is a
// bad_request rather than a silent "still good".
type settleRequest struct {
	CodeID string `json:"code_id" wire:"required"`
	Used   *bool  `json:"used" wire:"required"`
}

func (r *settleRequest) run(ctx context.Context, s *server) (CodeStateResult, error) {
	code, err := s.ops.Settle(ctx, r.CodeID, *r.Used)
	if err != nil {
		return CodeStateResult{}, err
	}
	return CodeStateResult{CodeID: code.ID, State: code.State}, nil
}
