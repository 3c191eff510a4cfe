package cli

import (
	"context"
	"fmt"

	"tearoff.dev/tearoff/host/store"
)

// doctorVault prints what Check found in the stored items. Damage makes
// doctor fail (exit 6) and names `tearoff repair`.
func (a *App) doctorVault(ctx context.Context, st Storage) error {
	h, err := st.Check(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "layout:    %s\n", h.Layout)
	if h.ScryptWorkFactor > 0 {
		note := ""
		if h.ScryptWorkFactor < store.DefaultScryptWorkFactor {
			note = fmt.Sprintf(" (below the recommended %d: made for tests)", store.DefaultScryptWorkFactor)
		}
		fmt.Fprintf(a.Stdout, "key cost:  scrypt 2^%d%s\n", h.ScryptWorkFactor, note)
	}
	a.printEach("damage:    %s", h.Damage)
	a.printEach("unlisted:  %s (an account the directory lacks, e.g. after an interrupted import)", h.Unlisted)
	if n := len(h.Leftovers); n > 0 {
		fmt.Fprintf(a.Stdout, "leftovers: %d unused items (harmless; `tearoff repair` removes them)\n", n)
	}
	if !h.OK() {
		return fmt.Errorf("%w: the vault needs repair: run `tearoff repair`", store.ErrKeyring)
	}
	return nil
}

func (a *App) cmdRepair(ctx context.Context, args []string) error {
	if _, err := a.parse(newFlags("repair"), args, 0); err != nil {
		return err
	}
	st, err := a.storage(ctx)
	if err != nil {
		return err
	}
	rep, err := st.Repair(ctx)
	a.printEach("listed again: %s", rep.Listed)
	a.printEach("left in place, unreadable: %s", rep.Kept)
	if n := len(rep.Removed); n > 0 {
		fmt.Fprintf(a.Stdout, "removed %d unused items\n", n)
	}
	if err != nil {
		return err
	}
	if len(rep.Kept) > 0 {
		return fmt.Errorf("%w: %d items could not be read and were left out of the vault", store.ErrKeyring, len(rep.Kept))
	}
	fmt.Fprintln(a.Stdout, "The vault reads cleanly.")
	return nil
}

// printEach prints one line per item.
func (a *App) printEach(format string, items []string) {
	for _, it := range items {
		fmt.Fprintf(a.Stdout, format+"\n", it)
	}
}
