package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/sites"
)

// maxImport caps what import reads: code files are tiny, and a huge input is
// a mistake (the wrong file), not a code list.
const maxImport = 1 << 20

func (a *App) cmdImport(ctx context.Context, args []string) error {
	fs := newFlags("import")
	site, account := siteFlags(fs)
	replace := fs.Bool("replace", false, "the site issued a new set: revoke the old unused codes")
	pos, err := a.parse(fs, args, 1)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*account) == "" {
		return service.BadRequestf("import needs --account NAME (the username the codes belong to)")
	}
	text, fileName, err := a.readInput(pos)
	if err != nil {
		return err
	}
	svc, err := a.service(ctx)
	if err != nil {
		return err
	}
	sum, n, err := svc.Import(ctx, *site, *account, text, fileName, *replace)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "Imported %d codes for %s account %q (%d remaining).\n", n, sum.SiteName, sum.Account, sum.Remaining)
	return nil
}

// readInput reads the FILE argument, or stdin for "-" or no argument, and
// returns its base name for site detection.
func (a *App) readInput(pos []string) ([]byte, string, error) {
	if len(pos) == 0 || pos[0] == "-" {
		if f, ok := a.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			fmt.Fprintln(a.Stderr, "Paste the codes, then press Ctrl-D (Ctrl-Z, Enter on Windows):")
		}
		b, err := io.ReadAll(io.LimitReader(a.Stdin, maxImport+1))
		if err != nil {
			return nil, "", fmt.Errorf("reading stdin: %w", err)
		}
		if len(b) > maxImport {
			return nil, "", service.BadRequestf("the input is over 1 MiB: that is not a code list")
		}
		return b, "", nil
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return nil, "", service.BadRequestf("cannot read %s: %v", pos[0], err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxImport+1))
	if err != nil {
		return nil, "", service.BadRequestf("cannot read %s: %v", pos[0], err)
	}
	if len(b) > maxImport {
		return nil, "", service.BadRequestf("%s is over 1 MiB: that is not a code list", pos[0])
	}
	return b, filepath.Base(pos[0]), nil
}

func (a *App) cmdNext(ctx context.Context, args []string) error {
	fs := newFlags("next")
	site, account := siteFlags(fs)
	if _, err := a.parse(fs, args, 0); err != nil {
		return err
	}
	svc, err := a.service(ctx)
	if err != nil {
		return err
	}
	code, uncertain, err := svc.Next(ctx, *site, *account)
	if err != nil {
		return err
	}
	if uncertain {
		fmt.Fprintln(a.Stderr, "tearoff: warning: no unused code is left; this one is uncertain (it may already have been used).")
	}
	fmt.Fprintln(a.Stdout, code.Value)
	return nil
}

func (a *App) cmdTake(ctx context.Context, args []string) error {
	fs := newFlags("take")
	site, account := siteFlags(fs)
	if _, err := a.parse(fs, args, 0); err != nil {
		return err
	}
	svc, err := a.service(ctx)
	if err != nil {
		return err
	}
	code, err := svc.Take(ctx, *site, *account)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.Stdout, code.Value)
	return nil
}

// codeCommand parses `--site S [--account A] CODE` for use and restore.
func (a *App) codeCommand(ctx context.Context, name string, args []string) (*service.Service, string, string, string, error) {
	fs := newFlags(name)
	site, account := siteFlags(fs)
	pos, err := a.parse(fs, args, 1)
	if err != nil {
		return nil, "", "", "", err
	}
	if len(pos) == 0 {
		return nil, "", "", "", service.BadRequestf("%s needs the CODE (tearoff %s --site SITE [--account NAME] CODE)", name, name)
	}
	svc, err := a.service(ctx)
	if err != nil {
		return nil, "", "", "", err
	}
	return svc, *site, *account, pos[0], nil
}

func (a *App) cmdUse(ctx context.Context, args []string) error {
	svc, site, account, code, err := a.codeCommand(ctx, "use", args)
	if err != nil {
		return err
	}
	if err := svc.Use(ctx, site, account, code); err != nil {
		return err
	}
	fmt.Fprintln(a.Stdout, "Recorded the code as used.")
	return nil
}

func (a *App) cmdRestore(ctx context.Context, args []string) error {
	svc, site, account, code, err := a.codeCommand(ctx, "restore", args)
	if err != nil {
		return err
	}
	c, err := svc.Restore(ctx, site, account, code)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "Restored %s: it is %s again.\n", c.Value, c.State)
	return nil
}

func (a *App) cmdRemove(ctx context.Context, args []string) error {
	fs := newFlags("remove")
	site, account := siteFlags(fs)
	if _, err := a.parse(fs, args, 0); err != nil {
		return err
	}
	// Deleting codes is not undoable, so the account is always named.
	if strings.TrimSpace(*account) == "" {
		return service.BadRequestf("remove needs --account NAME: deleting codes cannot be undone")
	}
	svc, err := a.service(ctx)
	if err != nil {
		return err
	}
	if _, err := svc.Remove(ctx, *site, *account); err != nil {
		return err
	}
	key, _ := sites.Canonical(*site)
	fmt.Fprintf(a.Stdout, "Removed %s account %q.\n", sites.Name(key), *account)
	return nil
}

func (a *App) cmdExport(ctx context.Context, args []string) error {
	fs := newFlags("export")
	site, account := siteFlags(fs)
	if _, err := a.parse(fs, args, 0); err != nil {
		return err
	}
	svc, err := a.service(ctx)
	if err != nil {
		return err
	}
	text, err := svc.Export(ctx, *site, *account)
	if err != nil {
		return err
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	_, err = io.WriteString(a.Stdout, text)
	return err
}

func (a *App) cmdVersion(ctx context.Context, args []string) error {
	if _, err := a.parse(newFlags("version"), args, 0); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "tearoff %s\n", service.Version)
	return nil
}

func (a *App) cmdHelp(ctx context.Context, args []string) error {
	a.usage(a.Stdout)
	return nil
}
