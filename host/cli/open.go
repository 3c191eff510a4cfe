package cli

import (
	"context"
	"fmt"
	"os"
	"sync"

	"golang.org/x/term"

	"tearoff.dev/tearoff/host/store"
)

// openStore opens the real store configured from the environment. For the
// file backend without TEAROFF_FILE_PASSPHRASE it asks on the terminal,
// with the prompt on stderr so stdout stays clean for results.
func (a *App) openStore(ctx context.Context) (Storage, error) {
	cfg := store.ConfigFromEnv()
	if a.Getenv(store.EnvPassphrase) == "" && !a.noPrompt {
		cfg.Passphrase = a.promptPassphrase()
	}
	st, err := store.Open(cfg)
	if err != nil {
		return nil, err
	}
	return st, nil
}

// promptPassphrase returns a passphrase func that asks once on the
// terminal and remembers the answer for the life of the process.
func (a *App) promptPassphrase() func() (string, error) {
	var (
		once sync.Once
		pass string
		err  error
	)
	return func() (string, error) {
		once.Do(func() { pass, err = a.readPassphrase() })
		return pass, err
	}
}

// readPassphrase reads from stdin when it is a terminal, else from the
// controlling terminal (so `tearoff import - < file` can still ask). With no
// terminal at all the keyring counts as locked: nothing can unlock it.
func (a *App) readPassphrase() (string, error) {
	tty, closeTTY := a.terminal()
	if tty == nil {
		return "", fmt.Errorf("%w (no terminal to ask for the file keyring's passphrase: set %s)", store.ErrLocked, store.EnvPassphrase)
	}
	defer closeTTY()
	fmt.Fprint(a.Stderr, "Passphrase for the Tearoff file keyring: ")
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(a.Stderr)
	if err != nil {
		return "", fmt.Errorf("%w (reading the passphrase: %w)", store.ErrLocked, err)
	}
	if len(b) == 0 {
		return "", fmt.Errorf("%w (an empty passphrase was given)", store.ErrLocked)
	}
	return string(b), nil
}

// terminal finds a terminal to read the passphrase from, or nil.
func (a *App) terminal() (*os.File, func()) {
	if f, ok := a.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return f, func() {}
	}
	f, err := os.OpenFile(ttyName, os.O_RDWR, 0)
	if err != nil {
		return nil, nil
	}
	if !term.IsTerminal(int(f.Fd())) {
		f.Close()
		return nil, nil
	}
	return f, func() { f.Close() }
}
