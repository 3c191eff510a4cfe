package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

// revealed is one code in `list --reveal`: the only place the CLI prints
// code values in bulk.
type revealed struct {
	ID     string      `json:"id"`
	Code   string      `json:"code"`
	State  vault.State `json:"state"`
	UsedAt *time.Time  `json:"used_at"`
	UsedOn string      `json:"used_on"`
}

// listed is a summary with, for --reveal only, its codes. Without --reveal
// the struct has no field that could carry a code value.
type listed struct {
	vault.Summary
	Codes []revealed `json:"codes,omitempty"`
}

func (a *App) cmdList(ctx context.Context, args []string) error {
	fs := newFlags("list")
	asJSON := fs.Bool("json", false, "print a JSON array")
	reveal := fs.Bool("reveal", false, "include the code values")
	if _, err := a.parse(fs, args, 0); err != nil {
		return err
	}
	svc, err := a.service(ctx)
	if err != nil {
		return err
	}
	sums, err := svc.List(ctx)
	if err != nil {
		return err
	}
	out := make([]listed, len(sums))
	for i, s := range sums {
		out[i].Summary = s
	}
	if *reveal {
		accs, err := svc.Accounts(ctx)
		if err != nil {
			return err
		}
		byID := make(map[string][]revealed, len(accs))
		for _, acc := range accs {
			byID[acc.ID] = revealCodes(acc.Codes)
		}
		for i := range out {
			out[i].Codes = byID[out[i].ID]
			if out[i].Codes == nil {
				out[i].Codes = []revealed{}
			}
		}
	}
	if *asJSON {
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return fmt.Errorf("encoding the list: %w", err)
		}
		_, err = fmt.Fprintf(a.Stdout, "%s\n", printableJSON(b))
		return err
	}
	return a.printList(out, *reveal)
}

func revealCodes(codes []vault.Code) []revealed {
	out := make([]revealed, 0, len(codes))
	for _, c := range codes {
		r := revealed{ID: c.ID, Code: c.Value, State: c.State, UsedOn: c.UsedOn}
		if !c.UsedAt.IsZero() {
			at := c.UsedAt
			r.UsedAt = &at
		}
		out = append(out, r)
	}
	return out
}

// printList is the human table.
func (a *App) printList(out []listed, reveal bool) error {
	if len(out) == 0 {
		fmt.Fprintln(a.Stdout, "No accounts yet. Store codes with: tearoff import --site SITE --account NAME FILE")
		return nil
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SITE\tACCOUNT\tLEFT\tUSED\tUNCERTAIN\tLAST USED")
	for _, l := range out {
		last := "never"
		if l.LastUsed != nil {
			last = l.LastUsed.At.Local().Format("2006-01-02 15:04") + " on " + l.LastUsed.On
		}
		left := fmt.Sprintf("%d/%d", l.Remaining, l.Total)
		if l.Warning != "" {
			left += " (" + l.Warning + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", printable(l.SiteName), printable(l.Account), left, l.Used, l.Uncertain, printable(last))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	a.printRunningLow(out)
	if !reveal {
		return nil
	}
	for _, l := range out {
		fmt.Fprintf(a.Stdout, "\n%s %s:\n", printable(l.SiteName), printable(l.Account))
		tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
		for _, c := range l.Codes {
			used := ""
			if c.UsedAt != nil {
				used = strings.TrimSpace(c.UsedAt.Local().Format("2006-01-02 15:04") + " on " + c.UsedOn)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", printable(c.Code), c.State, printable(used))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// printRunningLow flags, under the table, the accounts the extension's
// badge counts (vault.Summary.RunningLow) and where to get new codes, and
// how to settle uncertain codes.
func (a *App) printRunningLow(out []listed) {
	uncertain := 0
	for _, l := range out {
		uncertain += len(l.UncertainCodes)
		if !l.RunningLow {
			continue
		}
		where := ""
		if l.RegenerateURL != "" {
			where = ": new codes at " + printable(l.RegenerateURL)
		}
		fmt.Fprintf(a.Stdout, "! running low: %s %s has %d left%s\n", printable(l.SiteName), printable(l.Account), l.Remaining, where)
	}
	if uncertain > 0 {
		fmt.Fprintf(a.Stdout, "? %d uncertain code(s): tearoff settle --site SITE --account NAME --used|--unused CODE\n", uncertain)
	}
}
