package cli

import (
	"context"
	"fmt"
	"os"
	"sync"

	"golang.org/x/term"

	"tearoff.dev/tearoff/host/store"
)

// openStore opens the real store configured from the config file and the
// environment (store.LoadConfig). For the file backend without
// TEAROFF_FILE_PASSPHRASE it asks on the terminal, with the prompt on
// stderr so stdout stays clean for results.
func (a *App) openStore(ctx context.Context) (Storage, error) {
	st, err := a.openConfigured(store.LoadConfig())
	if err != nil {
		return nil, err // not a nil *store.Store in a non-nil Storage
	}
	return st, nil
}

// openConfigured opens the store cfg describes, asking for a file vault's
// passphrase on the terminal when the environment has none (twice for a
// new vault).
func (a *App) openConfigured(cfg store.Config) (*store.Store, error) {
	var st *store.Store
	if a.Getenv(store.EnvPassphrase) == "" && !a.noPrompt {
		// The keyring asks for the passphrase only once Open has returned,
		// so st is set by the time isNew runs.
		isNew := func() bool {
			has, err := st.HasVault(context.Background())
			return err == nil && !has
		}
		cfg.Passphrase = a.promptPassphrase(isNew)
	}
	st, err := store.Open(cfg)
	return st, err
}

// promptPassphrase returns a passphrase func that asks once on the
// terminal and remembers the answer for the life of the process. For a new
// vault (isNew) it asks twice: the first answer becomes the passphrase.
func (a *App) promptPassphrase(isNew func() bool) func() (string, error) {
	var (
		once sync.Once
		pass string
		err  error
	)
	return func() (string, error) {
		once.Do(func() {
			if isNew() {
				pass, err = confirmPassphrase(a.readPassphrase)
			} else {
				pass, err = a.readPassphrase("Passphrase for the Tearoff file keyring: ")
			}
		})
		return pass, err
	}
}

// confirmPassphrase asks for a new passphrase and then for it again.
func confirmPassphrase(ask func(prompt string) (string, error)) (string, error) {
	first, err := ask("New passphrase for the Tearoff file keyring: ")
	if err != nil {
		return "", err
	}
	again, err := ask("Type the same passphrase again: ")
	if err != nil {
		return "", err
	}
	if first != again {
		return "", fmt.Errorf("%w (the two passphrases differ; nothing was stored)", store.ErrLocked)
	}
	return first, nil
}

// readPassphrase reads from stdin when it is a terminal, else from the
// controlling terminal (so `tearoff import - < file` can still ask). With no
// terminal at all the keyring counts as locked: nothing can unlock it.
func (a *App) readPassphrase(prompt string) (string, error) {
	tty, closeTTY := a.terminal()
	if tty == nil {
		return "", fmt.Errorf("%w (no terminal to ask for the file keyring's passphrase: set %s)", store.ErrLocked, store.EnvPassphrase)
	}
	defer closeTTY()
	fmt.Fprint(a.Stderr, prompt)
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
