package protocol

import (
	"context"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// Requests for codes that go to, or were typed on, a device the extension
// cannot see. Only the extension's own pages send them
// (extension/src/background/router.js): a web page never learns a code it
// did not have filled, nor marks one used.

// handOutRequest: the next unused code, shown to be typed on another device
// and recorded as used at once.
type handOutRequest struct {
	Account string `json:"account" wire:"required"` // the account id
}

// HandOutResult is the reply to hand_out: the code to type on the other
// device, now used, and how many unused codes the account has left.
type HandOutResult struct {
	Code      string `json:"code"`
	CodeID    string `json:"code_id"`
	Remaining int    `json:"remaining"`
	UsedAt    string `json:"used_at"` // RFC 3339, UTC
}

// MarkUsedResult is the reply to mark_used: as HandOutResult but without
// the value, which the popup already has.
type MarkUsedResult struct {
	CodeID    string `json:"code_id"`
	Remaining int    `json:"remaining"`
	UsedAt    string `json:"used_at"` // RFC 3339, UTC
}

func usedTime(c vault.Code) string { return c.UsedAt.UTC().Format(time.RFC3339) }

func (r *handOutRequest) run(ctx context.Context, s *server) (HandOutResult, error) {
	sp, err := s.ops.HandOut(ctx, r.Account)
	if err != nil {
		return HandOutResult{}, err
	}
	return HandOutResult{Code: sp.Code.Value, CodeID: sp.Code.ID, Remaining: sp.Remaining, UsedAt: usedTime(sp.Code)}, nil
}

// markUsedRequest: a code typed elsewhere, recorded as used.
type markUsedRequest accountCode

// accountCode is a request naming an account (by id) and a code typed or
// pasted by the person.
type accountCode struct {
	Account string `json:"account" wire:"required"` // the account id
	Code    string `json:"code" wire:"required"`
}

func (r *markUsedRequest) run(ctx context.Context, s *server) (MarkUsedResult, error) {
	sp, err := s.ops.MarkUsed(ctx, r.Account, r.Code)
	if err != nil {
		return MarkUsedResult{}, err
	}
	return MarkUsedResult{CodeID: sp.Code.ID, Remaining: sp.Remaining, UsedAt: usedTime(sp.Code)}, nil
}

// setCurrentRequest: the new code a one-code-at-a-time site issued.
type setCurrentRequest accountCode

func (r *setCurrentRequest) run(ctx context.Context, s *server) (AccountResult, error) {
	sum, err := s.ops.SetCurrent(ctx, r.Account, r.Code)
	if err != nil {
		return AccountResult{}, err
	}
	return AccountResult{Account: sum}, nil
}
