package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/term"

	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/store"
	tsync "tearoff.dev/tearoff/host/sync"
	"tearoff.dev/tearoff/host/vault"
)

// cmdSync is `tearoff sync`, and `sync init REMOTE | status | key`
// (docs/sync.md).
func (a *App) cmdSync(ctx context.Context, args []string) error {
	pos, err := a.parse(newFlags("sync"), args, 2)
	if err != nil {
		return err
	}
	sub := ""
	switch {
	case len(pos) == 0:
	case pos[0] == "init" && len(pos) == 2, (pos[0] == "status" || pos[0] == "key") && len(pos) == 1:
		sub = pos[0]
	default:
		return service.BadRequestf("usage: tearoff sync [init REMOTE | status | key]")
	}
	switch sub {
	case "init":
		return a.syncInit(ctx, pos[1])
	case "status":
		return a.syncStatus()
	case "key":
		return a.syncKey(ctx)
	}
	s, err := a.syncer(ctx, "")
	if err != nil {
		return err
	}
	rep, err := s.Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "synced with %s: %s\n", s.Remote, describe(rep))
	return nil
}

// syncer is a Syncer over the real store; remote "" means the configured one.
func (a *App) syncer(ctx context.Context, remote string) (*tsync.Syncer, error) {
	if remote == "" {
		settings, err := store.LoadSettings()
		if err != nil {
			return nil, err
		}
		remote = settings.Get("sync.remote").Value
		if remote == "" {
			return nil, tsync.ErrNotSetUp
		}
	}
	st, err := a.storage(ctx)
	if err != nil {
		return nil, err
	}
	v, ok := st.(tsync.Vault)
	if !ok {
		return nil, errors.New("sync needs the real keyring store")
	}
	dir, err := tsync.DefaultDir()
	if err != nil {
		return nil, err
	}
	return &tsync.Syncer{Store: v, Dir: dir, Remote: remote, Wait: true, KeepEvents: service.KeepEventsPerAccount}, nil
}

func (a *App) syncInit(ctx context.Context, remote string) error {
	if strings.TrimSpace(remote) == "" || strings.HasPrefix(remote, "-") {
		return service.BadRequestf("sync init: give the git remote (a URL or a path)")
	}
	s, err := a.syncer(ctx, remote)
	if err != nil {
		return err
	}
	save := func() error {
		path, err := store.ConfigPath()
		if err == nil {
			err = store.SetSetting(path, "sync.remote", remote)
		}
		if err == nil {
			err = store.SetSetting(path, "sync.enabled", "true")
		}
		return err
	}
	created, rep, err := s.Init(ctx, a.askSyncKey, save)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "synced with %s: %s\n", remote, describe(rep))
	if created {
		fmt.Fprintln(a.Stdout, "A new sync key was made and kept in the keyring; `tearoff sync key` shows it for your other computers.")
	}
	return nil
}

// askSyncKey reads the key words from the terminal, or from stdin when it
// is not one (a script, or a test).
func (a *App) askSyncKey() (string, error) {
	if tty, closeTTY := a.terminal(); tty != nil {
		defer closeTTY()
		fmt.Fprint(a.Stderr, "The remote is in use: type the sync key that `tearoff sync key` shows on another computer: ")
		b, err := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(a.Stderr)
		if err != nil {
			return "", fmt.Errorf("reading the sync key: %w", err)
		}
		return string(b), nil
	}
	line, err := bufio.NewReader(a.Stdin).ReadString('\n')
	if strings.TrimSpace(line) == "" {
		return "", service.BadRequestf("the remote is in use and needs its sync key (`tearoff sync key` on another computer), but none was given on stdin; nothing was changed")
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the sync key: %w", err)
	}
	return line, nil
}

func (a *App) syncKey(ctx context.Context) error {
	st, err := a.storage(ctx)
	if err != nil {
		return err
	}
	v, ok := st.(tsync.Vault)
	if !ok {
		return errors.New("sync needs the real keyring store")
	}
	key, err := v.SyncKey(ctx)
	if err != nil {
		return err
	}
	if key == nil {
		return tsync.ErrNotSetUp
	}
	fmt.Fprintln(a.Stdout, tsync.FormatKey(key))
	return nil
}

func (a *App) syncStatus() error {
	lines, err := syncLines()
	for _, l := range lines {
		fmt.Fprintln(a.Stdout, l)
	}
	return err
}

// syncLines is the sync status as `sync status` and doctor print it.
func syncLines() ([]string, error) {
	settings, err := store.LoadSettings()
	if err != nil {
		return nil, err
	}
	remote := settings.Get("sync.remote").Value
	if remote == "" {
		return []string{"sync:       off (`tearoff sync init REMOTE` starts it)"}, nil
	}
	dir, err := tsync.DefaultDir()
	if err != nil {
		return nil, err
	}
	st, err := tsync.LoadState(dir)
	last, problem := "never", "none"
	if !st.LastSync.IsZero() {
		last = st.LastSync.Local().Format(time.RFC3339)
	}
	if st.Error != "" {
		problem = st.Error
	}
	return []string{
		"remote:     " + printable(remote),
		"automatic:  " + yesNo(settings.Get("sync.enabled").Value == "true"),
		"last sync:  " + last,
		"last error: " + printable(problem),
	}, err
}

// describe says what a sync changed, in a few words.
func describe(r tsync.Report) string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(r.Used, "codes newly used")
	add(r.Restored, "codes restored")
	add(r.Revoked, "codes revoked by a new set")
	add(r.Added, "accounts added")
	add(r.Removed, "accounts removed")
	msg := "nothing changed here"
	if len(parts) > 0 {
		msg = strings.Join(parts, ", ")
	}
	msg += fmt.Sprintf(" (%d other computers)", r.Machines)
	if r.Pushed {
		msg += "; this computer's state sent"
	}
	return msg
}

// syncLane is this machine's lane among the machines that sync the vault.
func syncLane() vault.Lane {
	dir, err := tsync.DefaultDir()
	if err != nil {
		return vault.Lane{}
	}
	return tsync.LaneIn(dir)
}
