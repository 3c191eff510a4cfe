package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"tearoff.dev/tearoff/host/install"
)

// cmdDoctor reports the keyring, the vault and every browser's host
// manifest; `tearoff repair` fixes what it can (repair.go).
func (a *App) cmdDoctor(ctx context.Context, args []string) error {
	if _, err := a.parse(newFlags("doctor"), args, 0); err != nil {
		return err
	}
	// doctor reports; it does not prompt. A file keyring without
	// TEAROFF_FILE_PASSPHRASE is reported as locked.
	a.noPrompt = true
	st, err := a.storage(ctx)
	if err != nil {
		fmt.Fprintf(a.Stdout, "keyring:   unavailable\n")
		a.doctorBrowsers()
		return err
	}
	info := st.Info(ctx)
	fmt.Fprintf(a.Stdout, "backend:   %s\n", info.Backend)
	a.printWhy(st) // config.go
	fmt.Fprintf(a.Stdout, "location:  %s\n", info.Location)
	fmt.Fprintf(a.Stdout, "locked:    %s\n", yesNo(info.Locked))
	fmt.Fprintf(a.Stdout, "lock:      %s\n", info.LockPath)
	if info.Err == nil {
		fmt.Fprintf(a.Stdout, "accounts:  %d\n", info.Accounts)
	} else {
		fmt.Fprintf(a.Stdout, "accounts:  unknown (the vault could not be read)\n")
	}
	err = info.Err
	if !info.Locked {
		err = errors.Join(err, a.doctorVault(ctx, st))
	}
	lines, serr := syncLines() // sync.go
	for _, l := range lines {
		fmt.Fprintln(a.Stdout, l)
	}
	err = errors.Join(err, serr)
	a.doctorBrowsers()
	return err
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// doctorBrowsers prints the browser side of doctor. Problems there are
// reported with their fixes, not returned: the keyring decides doctor's
// exit status, and a person without Brave has nothing to fix.
func (a *App) doctorBrowsers() {
	fmt.Fprintln(a.Stdout, "browsers:")
	for _, st := range install.Doctor(install.Options{}) {
		switch {
		case st.OK():
			fmt.Fprintf(a.Stdout, "  %-9s ok (%s)\n", st.Browser, st.Manifest)
		case len(st.Problems) == 0 && !st.Present:
			fmt.Fprintf(a.Stdout, "  %-9s not found\n", st.Browser)
		case len(st.Problems) == 0:
			fmt.Fprintf(a.Stdout, "  %-9s found, host not installed (run: tearoff install --browser %s)\n", st.Browser, st.Browser)
		default:
			fmt.Fprintf(a.Stdout, "  %-9s PROBLEM: %s\n", st.Browser, strings.Join(st.Problems, "; "))
			for _, f := range st.Fixes {
				fmt.Fprintf(a.Stdout, "            fix: %s\n", f)
			}
		}
	}
}
