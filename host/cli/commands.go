package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"tearoff.dev/tearoff/host/codes"
	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/sites"
)

// maxImport caps what import reads: code files are tiny, and a huge input is
// a mistake (the wrong file), not a code list.
const maxImport = 1 << 20

func (a *App) cmdImport(ctx context.Context, args []string) error {
	fs := newFlags("import")
	replace := fs.Bool("replace", false, "the site issued a new set: revoke the old unused codes")
	var (
		text     []byte
		fileName string
	)
	check := func(s siteArgs) error {
		if strings.TrimSpace(s.account) == "" {
			return service.BadRequestf("import needs --account NAME (the username the codes belong to)")
		}
		var err error
		text, fileName, err = a.readInput(s.pos)
		return err
	}
	return a.siteCommand(ctx, fs, args, 1, check, func(svc *service.Service, s siteArgs) error {
		sum, n, err := svc.Import(ctx, s.site, s.account, text, fileName, *replace)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "Imported %d codes for %s account %q (%d remaining).\n", n, sum.SiteName, sum.Account, sum.Remaining)
		return nil
	})
}

// readInput reads the FILE argument, or stdin for "-" or no argument, and
// returns its base name for site detection.
func (a *App) readInput(pos []string) ([]byte, string, error) {
	if len(pos) == 0 || pos[0] == "-" {
		if f, ok := a.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			fmt.Fprintln(a.Stderr, "Paste the codes, then press Ctrl-D (Ctrl-Z, Enter on Windows):")
		}
		b, err := readCodeList(a.Stdin, "the input", func(err error) error {
			return fmt.Errorf("reading stdin: %w", err)
		})
		if err != nil {
			return nil, "", err
		}
		return b, "", nil
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return nil, "", service.BadRequestf("cannot read %s: %v", pos[0], err)
	}
	defer f.Close()
	b, err := readCodeList(f, pos[0], func(err error) error {
		return service.BadRequestf("cannot read %s: %v", pos[0], err)
	})
	if err != nil {
		return nil, "", err
	}
	return b, filepath.Base(pos[0]), nil
}

// readCodeList reads at most maxImport bytes; more is refused rather than
// cut, since a cut list would silently lose codes. The refusal is invalid
// input (codes.ErrNotCodes, exit 7) like any other text that is not a code
// list, not a usage mistake. wrap explains a read error in the caller's words.
func readCodeList(r io.Reader, what string, wrap func(error) error) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxImport+1))
	if err != nil {
		return nil, wrap(err)
	}
	if len(b) > maxImport {
		return nil, fmt.Errorf("%s is over 1 MiB: %w", what, codes.ErrNotCodes)
	}
	return b, nil
}

func (a *App) cmdNext(ctx context.Context, args []string) error {
	return a.siteCommand(ctx, newFlags("next"), args, 0, nil, func(svc *service.Service, s siteArgs) error {
		code, uncertain, err := svc.Next(ctx, s.site, s.account)
		if err != nil {
			return err
		}
		if uncertain {
			fmt.Fprintln(a.Stderr, "tearoff: warning: no unused code is left; this one is uncertain (it may already have been used).")
		}
		fmt.Fprintln(a.Stdout, code.Value)
		return nil
	})
}

func (a *App) cmdTake(ctx context.Context, args []string) error {
	return a.siteCommand(ctx, newFlags("take"), args, 0, nil, func(svc *service.Service, s siteArgs) error {
		code, err := svc.Take(ctx, s.site, s.account)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.Stdout, code.Value)
		return nil
	})
}

// needCode is the check of use and restore: `--site S [--account A] CODE`.
func needCode(name string) func(siteArgs) error {
	return func(s siteArgs) error {
		if len(s.pos) == 0 {
			return service.BadRequestf("%s needs the CODE (tearoff %s --site SITE [--account NAME] CODE)", name, name)
		}
		return nil
	}
}

func (a *App) cmdUse(ctx context.Context, args []string) error {
	return a.siteCommand(ctx, newFlags("use"), args, 1, needCode("use"), func(svc *service.Service, s siteArgs) error {
		if err := svc.Use(ctx, s.site, s.account, s.pos[0]); err != nil {
			return err
		}
		fmt.Fprintln(a.Stdout, "Recorded the code as used.")
		return nil
	})
}

func (a *App) cmdRestore(ctx context.Context, args []string) error {
	return a.siteCommand(ctx, newFlags("restore"), args, 1, needCode("restore"), func(svc *service.Service, s siteArgs) error {
		c, err := svc.Restore(ctx, s.site, s.account, s.pos[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "Restored %s: it is %s again.\n", c.Value, c.State)
		return nil
	})
}

func (a *App) cmdRemove(ctx context.Context, args []string) error {
	// Deleting codes is not undoable, so the account is always named.
	check := func(s siteArgs) error {
		if strings.TrimSpace(s.account) == "" {
			return service.BadRequestf("remove needs --account NAME: deleting codes cannot be undone")
		}
		return nil
	}
	return a.siteCommand(ctx, newFlags("remove"), args, 0, check, func(svc *service.Service, s siteArgs) error {
		if _, err := svc.Remove(ctx, s.site, s.account); err != nil {
			return err
		}
		key, _ := sites.Canonical(s.site)
		fmt.Fprintf(a.Stdout, "Removed %s account %q.\n", sites.Name(key), s.account)
		return nil
	})
}

func (a *App) cmdExport(ctx context.Context, args []string) error {
	return a.siteCommand(ctx, newFlags("export"), args, 0, nil, func(svc *service.Service, s siteArgs) error {
		text, err := svc.Export(ctx, s.site, s.account)
		if err != nil {
			return err
		}
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		_, err = io.WriteString(a.Stdout, text)
		return err
	})
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
