package vault

import "time"

// Settle records what the person says became of an uncertain code (a
// reservation that expired without a recorded submit): used, or still
// good. Only an uncertain code may be settled, so "still good" can never
// turn a used code back into an unused one; that takes an explicit
// Restore. A used code's UsedOn is the page it was handed to, the best
// guess of where it went.
//
// The events are the existing kinds, use and restore, which is what a
// settle is: a use the person reports, or the undoing of an expiry. A new
// kind would make every older host refuse the whole vault (codec.go
// accepts only the kinds it knows), so a downgrade would lock people out.
func (v *Vault) Settle(codeID string, used bool, c Clock) (Code, error) {
	if err := c.check(); err != nil {
		return Code{}, err
	}
	a, code, err := v.CodeByID(codeID)
	if err != nil {
		return Code{}, err
	}
	if code.State != Uncertain {
		op := "settle as unused"
		if used {
			op = "settle as used"
		}
		return Code{}, &StateError{CodeID: codeID, Op: op, State: code.State}
	}
	if used {
		on := code.ReservedOn
		if on == "" {
			on = UsedOnSettle
		}
		v.markUsed(a, v.codeIndex(a, codeID), on, KindUse, c)
		return *code, nil
	}
	e := v.record(c, KindRestore, a.ID, codeID, code.ReservedOn)
	*code = Code{ID: code.ID, Value: code.Value, State: Unused, Generation: code.Generation}
	a.Updated = e.Time
	return *code, nil
}

// SettleValue is Settle for the account's code with that normalised value
// (the CLI names codes by value).
func (v *Vault) SettleValue(acc *Account, value string, used bool, c Clock) (Code, error) {
	_, code, err := v.accountCode(acc, value, c)
	if err != nil {
		return Code{}, err
	}
	return v.Settle(code.ID, used, c)
}

// UsedOnSettle is the usedOn of a code settled as used whose page is not
// known (its reservation was handed out before pages were recorded).
const UsedOnSettle = "settled"

// Pending is an uncertain code as summaries show it: never its value, only
// when and where it was handed out, which is what a person needs to
// remember whether they submitted it.
type Pending struct {
	ID       string     `json:"id"`
	HandedAt *time.Time `json:"handed_at"`
	HandedOn string     `json:"handed_on"`
}

// pending lists the account's uncertain codes of its current set.
func pending(a *Account) []Pending {
	out := []Pending{}
	for _, c := range a.Codes {
		if c.State != Uncertain || c.Generation != a.Generation {
			continue
		}
		p := Pending{ID: c.ID, HandedOn: c.ReservedOn}
		if !c.ReservedAt.IsZero() {
			at := c.ReservedAt
			p.HandedAt = &at
		}
		out = append(out, p)
	}
	return out
}
