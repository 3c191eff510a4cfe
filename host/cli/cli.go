// Package cli is the `tearoff` command line: it parses arguments, calls
// host/service and prints results. stdout carries results only; every error
// is one sentence on stderr, and the exit status comes from
// service.ExitCode so the CLI and the protocol agree on what went wrong.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// Storage is what the CLI needs from host/store: the vault, plus the
// diagnostics `doctor` prints.
type Storage interface {
	service.Storage
	Info(ctx context.Context) store.Info
	Check(ctx context.Context) (store.Health, error)
	Repair(ctx context.Context) (store.RepairReport, error)
	// Close waits for keyring writes a timeout abandoned (store.Store.Close).
	Close()
}

// App is one run of the CLI with its I/O injected, so tests can run it in
// process.
type App struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment (os.Getenv in production).
	Getenv func(string) string
	// OpenStorage opens the vault storage. nil means the real store,
	// configured from the environment, prompting for a file-backend
	// passphrase on the terminal when needed.
	OpenStorage func(ctx context.Context) (Storage, error)
	// Clock stamps events; the zero value means vault.SystemClock().
	Clock vault.Clock
	// Executable is the binary path that install writes into manifests;
	// "" means os.Executable with symlinks resolved.
	Executable string

	// noPrompt keeps openStore from asking for a passphrase (doctor
	// reports a locked file keyring instead of unlocking it).
	noPrompt bool
	// opened is what Run closes before it returns.
	opened []Storage
}

// Run is the whole CLI for main: args excludes the program name.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	app := &App{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv}
	return app.Run(context.Background(), args)
}

type command struct {
	name string
	args string
	help string
	run  func(a *App, ctx context.Context, args []string) error
}

// commands is also the help text's order. It is filled in init because the
// commands' own help refers back to it.
var commands []command

func init() {
	commands = []command{
		{"import", "[--site SITE] --account NAME [--replace] [FILE|-]", "store a site's backup codes (file, or stdin for -)", (*App).cmdImport},
		{"list", "[--json] [--reveal]", "show accounts; code values only with --reveal", (*App).cmdList},
		{"next", "--site SITE [--account NAME]", "print the code that would be offered; changes nothing", (*App).cmdNext},
		{"take", "--site SITE [--account NAME]", "print the next unused code and record it as used", (*App).cmdTake},
		{"use", "--site SITE [--account NAME] CODE", "record a code typed by hand as used", (*App).cmdUse},
		{"restore", "--site SITE [--account NAME] CODE", "make a used or uncertain code unused again", (*App).cmdRestore},
		{"settle", "--site SITE [--account NAME] --used|--unused CODE", "say whether an uncertain code was used or is still good", (*App).cmdSettle},
		{"remove", "--site SITE --account NAME", "delete an account and its codes", (*App).cmdRemove},
		{"export", "--site SITE [--account NAME]", "print the unused codes in the site's own layout", (*App).cmdExport},
		{"readiness", "[--json]", "show the sites noted as using 2FA with no codes stored (domain and date only)", (*App).cmdReadiness},
		{"doctor", "", "check the keyring, the stored vault and the browser set-up", (*App).cmdDoctor},
		{"repair", "", "rebuild the vault's directory from its accounts after damage; loses nothing that reads", (*App).cmdRepair},
		{"sync", "[init REMOTE | status | key]", "sync used codes with your other computers through a git remote (docs/sync.md)", (*App).cmdSync},
		{"config", "[set KEY VALUE | unset KEY]", "show the settings and where each comes from, or change one", (*App).cmdConfig},
		{"migrate", "--to BACKEND [--file-dir DIR]", "move the vault into another backend, verify the copy, then remove the old one", (*App).cmdMigrate},
		{"install", "[--browser NAME|all] [--manifest-dir DIR] [--system]", "register the native host with browsers", (*App).cmdInstall},
		{"uninstall", "[--browser NAME|all] [--manifest-dir DIR] [--system] [--all] [--purge-config] [--purge [--yes]]", "remove that registration; --purge-config the settings; --purge the vault (asks)", (*App).cmdUninstall},
		{"version", "", "print the version", (*App).cmdVersion},
		{"help", "", "show this help", (*App).cmdHelp},
	}
}

// exitHelp documents the exit statuses (also in the README).
const exitHelp = `Exit status: 0 ok; 1 internal error; 2 usage (also a bad account name); 3 not
found, ambiguous account or unknown site; 4 no unused code left; 5 code already used;
6 keyring locked or unavailable; 7 invalid codes (also an import over 1 MiB or codes
another account holds) or wrong code state; 8 page origin refused.`

// Run runs one command and returns the exit status.
func (a *App) Run(ctx context.Context, args []string) int {
	a.defaults()
	if len(args) == 0 {
		a.usage(a.Stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		name = "help"
	case "--version", "-version":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name {
			err := c.run(a, ctx, args[1:])
			for _, st := range a.opened {
				st.Close()
			}
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return a.fail(err)
		}
	}
	return a.fail(service.BadRequestf("unknown command %q: run `tearoff help` for the list", name))
}

// fail prints err as one line on stderr and returns its exit status.
func (a *App) fail(err error) int {
	if err == nil {
		return 0
	}
	msg := printable(strings.Join(strings.Fields(err.Error()), " "))
	fmt.Fprintf(a.Stderr, "tearoff: %s\n", msg)
	return service.ExitCode(err)
}

func (a *App) defaults() {
	if a.Stdin == nil {
		a.Stdin = os.Stdin
	}
	if a.Stdout == nil {
		a.Stdout = os.Stdout
	}
	if a.Stderr == nil {
		a.Stderr = os.Stderr
	}
	if a.Getenv == nil {
		a.Getenv = os.Getenv
	}
	if a.Clock.Now == nil || a.Clock.NewID == nil {
		a.Clock = vault.SystemClock()
	}
	if a.OpenStorage == nil {
		a.OpenStorage = a.openStore
	}
}

func (a *App) usage(w io.Writer) {
	fmt.Fprintln(w, "Tearoff keeps 2FA backup codes in the OS keyring and hands out each one once.")
	fmt.Fprintln(w, "\nUsage: tearoff COMMAND [flags]")
	for _, c := range commands {
		fmt.Fprintf(w, "  %s\n      %s\n", strings.TrimSpace("tearoff "+c.name+" "+c.args), c.help)
	}
	fmt.Fprintln(w, "\nSettings: `tearoff config`; the environment (TEAROFF_BACKEND, TEAROFF_FILE_DIR,\nTEAROFF_COLLECTION, TEAROFF_KEYRING_TIMEOUT) overrides the config file.\nTEAROFF_FILE_PASSPHRASE gives the file vault's passphrase; TEAROFF_RESERVE_TTL how long\na code handed to a page stays reserved before it is uncertain (default 10m).")
	fmt.Fprintln(w, exitHelp)
}

// service opens the storage and wraps it in a Service.
func (a *App) service(ctx context.Context) (*service.Service, error) {
	st, err := a.storage(ctx)
	if err != nil {
		return nil, err
	}
	svc := service.New(st, a.Clock)
	svc.Lane = syncLane // sync.go
	if svc.ReserveTTL, err = service.ReserveTTLFrom(a.Getenv); err != nil {
		return nil, err
	}
	return svc, nil
}

// storage opens the storage and remembers to close it when Run ends.
func (a *App) storage(ctx context.Context) (Storage, error) {
	st, err := a.OpenStorage(ctx)
	if err != nil {
		return nil, err
	}
	a.opened = append(a.opened, st)
	return st, nil
}
