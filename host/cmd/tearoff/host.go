package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"sync"

	"tearoff.dev/tearoff/host/nativemsg"
	"tearoff.dev/tearoff/host/protocol"
	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/store"
	"tearoff.dev/tearoff/host/vault"
)

// runHost serves the browser on stdin/stdout until it closes the port.
// stdout carries frames only; everything else goes to stderr, which the
// browser shows in its log.
func runHost(args []string) int {
	// The protocol keeps the real stdout; anything else that prints to
	// os.Stdout or through the standard logger (a library's debug line, a
	// stray fmt.Print) lands on stderr instead of corrupting the frames,
	// where the browser would read its first bytes as a frame length.
	frames := os.Stdout
	os.Stdout = os.Stderr
	log.SetOutput(os.Stderr)
	open := func() *hostKeyring { return openHostKeyring(store.LoadConfig()) }
	return serveHost(context.Background(), args, os.Stdin, frames, log.New(os.Stderr, "tearoff host: ", log.LstdFlags), open)
}

// serveHost checks the caller before anything else: a caller the host was
// not installed for gets its unknown_caller frame without the keyring ever
// being opened, so it cannot trigger D-Bus traffic or an unlock prompt.
// open is called at most once, and only for an allowed caller.
func serveHost(ctx context.Context, args []string, in io.Reader, out io.Writer, logger *log.Logger, open func() *hostKeyring) int {
	// A caller that fails to parse is still answered with one
	// unknown_caller frame, which the extension can show.
	caller, err := nativemsg.ParseCaller(args)
	if err != nil {
		logger.Print(err)
	}
	if !nativemsg.AllowedCaller(caller) {
		err := protocol.Refuse(out, caller)
		logger.Print(err)
		return service.ExitCode(err)
	}
	h := open()
	// Exit only once no abandoned keyring write can still land
	// (store.Store.Close): until then this process keeps the vault lock.
	defer h.close()
	svc := service.New(h, vault.SystemClock())
	if ttl, err := service.ReserveTTLFrom(os.Getenv); err != nil {
		logger.Print(err) // the host keeps serving with the default
	} else {
		svc.ReserveTTL = ttl
	}
	bg := newBackgroundSync(h, logger) // hostsync.go
	svc.Lane = bg.Lane
	bg.Trigger()
	if err := protocol.Serve(ctx, caller, in, out, syncingOps{svc, bg}, syncingHost{h, bg}); err != nil {
		logger.Print(err)
		return service.ExitCode(err)
	}
	return 0
}

// hostKeyring is the store as the native host sees it: it never prompts
// (there is no terminal), takes the file passphrase from the environment
// or from an unlock request, and still answers when no backend opened, so
// that hello can say so.
type hostKeyring struct {
	st      *store.Store
	openErr error

	mu   sync.Mutex
	pass string
}

func openHostKeyring(cfg store.Config) *hostKeyring {
	h := &hostKeyring{}
	if env := cfg.Passphrase; env != nil {
		if p, err := env(); err == nil {
			h.pass = p
		}
	}
	cfg.Passphrase = h.passphrase
	h.st, h.openErr = store.Open(cfg)
	return h
}

func (h *hostKeyring) close() {
	if h.st != nil {
		h.st.Close()
	}
}

func (h *hostKeyring) passphrase() (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pass == "" {
		return "", fmt.Errorf("%w (the file keyring needs its passphrase: unlock it from the Tearoff popup or set %s)", store.ErrLocked, store.EnvPassphrase)
	}
	return h.pass, nil
}

func (h *hostKeyring) ViewScope(ctx context.Context, sc store.Scope) (*vault.Vault, error) {
	if h.openErr != nil {
		return nil, h.openErr
	}
	return h.st.ViewScope(ctx, sc)
}

func (h *hostKeyring) UpdateScope(ctx context.Context, sc store.Scope, fn func(*vault.Vault) error) error {
	if h.openErr != nil {
		return h.openErr
	}
	return h.st.UpdateScope(ctx, sc, fn)
}

func (h *hostKeyring) ViewReadiness(ctx context.Context) (store.Readiness, error) {
	if h.openErr != nil {
		return store.Readiness{}, h.openErr
	}
	return h.st.ViewReadiness(ctx)
}

func (h *hostKeyring) UpdateReadiness(ctx context.Context, fn func(*store.Readiness) error) error {
	if h.openErr != nil {
		return h.openErr
	}
	return h.st.UpdateReadiness(ctx, fn)
}

// Status implements protocol.HostInfo.
func (h *hostKeyring) Status(ctx context.Context) protocol.Status {
	if h.openErr != nil {
		return protocol.Status{VaultExists: true} // cannot tell; see vaultExists
	}
	info := h.st.Info(ctx)
	return protocol.Status{Backend: info.Backend, Locked: info.Locked, NeedsPassphrase: info.NeedsPassphrase,
		VaultExists: h.vaultExists(ctx, info)}
}

// vaultExists tells the popup whether an unlock would open an existing
// vault or choose the passphrase of a new one (then it asks twice, as the
// CLI does). It lists item names only, so it never needs the passphrase. A
// locked Secret Service collection is not looked into (that could prompt),
// and any doubt answers true: the popup then behaves as it always did.
func (h *hostKeyring) vaultExists(ctx context.Context, info store.Info) bool {
	if info.Locked && info.Backend != store.BackendFile {
		return true
	}
	has, err := h.st.HasVault(ctx)
	return err != nil || has
}

// Unlock implements protocol.HostInfo: it keeps the passphrase for this
// process only and checks it by reading the vault. A wrong one is
// forgotten again.
func (h *hostKeyring) Unlock(ctx context.Context, passphrase string) error {
	if h.openErr != nil {
		return h.openErr
	}
	if h.st.Backend() != store.BackendFile {
		// Other keyrings are unlocked by the OS; just report their state.
		_, err := h.st.View(ctx)
		return err
	}
	if passphrase == "" {
		return service.BadRequestf("the passphrase is empty")
	}
	h.mu.Lock()
	old := h.pass
	h.pass = passphrase
	h.mu.Unlock()
	_, err := h.st.View(ctx)
	if err != nil {
		h.mu.Lock()
		h.pass = old
		h.mu.Unlock()
		if errors.Is(err, store.ErrBadPassphrase) {
			return err
		}
		return fmt.Errorf("checking the passphrase: %w", err)
	}
	return nil
}

// SyncKey and SetSyncKey give host/sync the sync key beside the vault.
func (h *hostKeyring) SyncKey(ctx context.Context) ([]byte, error) {
	if h.openErr != nil {
		return nil, h.openErr
	}
	return h.st.SyncKey(ctx)
}

func (h *hostKeyring) SetSyncKey(ctx context.Context, key []byte) error {
	if h.openErr != nil {
		return h.openErr
	}
	return h.st.SetSyncKey(ctx, key)
}
