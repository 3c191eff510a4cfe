package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"tearoff.dev/tearoff/host/install"
	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/store"
)

// cmdUninstall removes what install wrote. With --purge-config it also
// removes the config file; with --purge, the vault itself, but only after a
// typed "yes" on a terminal (or --yes): the codes are the one thing a
// re-install cannot bring back.
func (a *App) cmdUninstall(ctx context.Context, args []string) error {
	var all, purgeConfig, purge, yes bool
	opts, err := a.installOptions("uninstall", args, func(fs *flag.FlagSet) {
		fs.BoolVar(&all, "all", false, "every browser, and everything else install wrote")
		fs.BoolVar(&purgeConfig, "purge-config", false, "also remove the config file")
		fs.BoolVar(&purge, "purge", false, "also remove the vault with every code in it (asks first)")
		fs.BoolVar(&yes, "yes", false, "with --purge: do not ask (for scripts without a terminal)")
	})
	if err != nil {
		return err
	}
	if all {
		opts.Browsers = nil
	}
	if yes && !purge {
		return service.BadRequestf("uninstall: --yes goes with --purge")
	}
	if purge {
		// Ask before anything is removed, so a refusal leaves everything.
		if err := a.confirmPurge(ctx, yes); err != nil {
			return err
		}
	}
	rep, err := install.Uninstall(opts)
	io.WriteString(a.Stdout, rep.String())
	if err != nil {
		return fmt.Errorf("uninstall: %w", err)
	}
	if purge {
		if err := a.purgeVault(ctx); err != nil {
			return err
		}
	}
	if purgeConfig {
		return a.purgeConfig()
	}
	return nil
}

// confirmPurge asks for a typed "yes" on the terminal, naming the vault.
func (a *App) confirmPurge(ctx context.Context, yes bool) error {
	a.noPrompt = true
	st, err := a.storage(ctx)
	if err != nil {
		return err
	}
	what := "the Tearoff vault"
	if c, ok := st.(chosen); ok {
		what = fmt.Sprintf("the Tearoff vault in %s (%s)", c.Backend(), c.Location())
	}
	if yes {
		return nil
	}
	tty, closeTTY := a.terminal()
	if tty == nil {
		return service.BadRequestf("uninstall --purge deletes %s and every code in it; there is no terminal to confirm on, so nothing was removed (add --yes to confirm)", what)
	}
	defer closeTTY()
	fmt.Fprintf(a.Stderr, "This deletes %s and every backup code in it, for good.\nType yes to go on: ", what)
	line, _ := bufio.NewReader(tty).ReadString('\n')
	if strings.TrimSpace(line) != "yes" {
		return service.BadRequestf("not confirmed; nothing was removed")
	}
	return nil
}

func (a *App) purgeVault(ctx context.Context) error {
	st, err := a.storage(ctx)
	if err != nil {
		return err
	}
	s, ok := st.(*store.Store)
	if !ok {
		return errors.New("uninstall --purge needs the real store")
	}
	if err := s.RemoveVault(ctx); err != nil {
		return fmt.Errorf("removing the vault: %w", err)
	}
	fmt.Fprintf(a.Stdout, "removed the vault in %s (%s)\n", s.Backend(), s.Location())
	return nil
}

// purgeConfig removes the config file, and its directory once empty.
func (a *App) purgeConfig() error {
	path, err := store.ConfigPath()
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the config file: %w", err)
	}
	_ = os.Remove(filepath.Dir(path)) // only when empty; a vault dir inside stays
	fmt.Fprintf(a.Stdout, "removed %s\n", path)
	return nil
}
