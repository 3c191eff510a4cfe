package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

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
	a.doctorBrowsers()
	return err
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// executable is the path browsers should start: the real file, not a
// symlink that a package manager may re-point.
func (a *App) executable() (string, error) {
	if a.Executable != "" {
		return a.Executable, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding the tearoff binary: %w", err)
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return exe, nil
}
