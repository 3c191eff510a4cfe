package main

import (
	"context"
	"errors"
	"log"
	"os"
	gosync "sync"
	"time"

	"tearoff.dev/tearoff/host/protocol"
	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/store"
	tsync "tearoff.dev/tearoff/host/sync"
	"tearoff.dev/tearoff/host/vault"
)

// envSyncInterval overrides how often at most the host syncs (tests use 0).
const envSyncInterval = "TEAROFF_SYNC_INTERVAL"

// defaultSyncInterval keeps a burst of consumes to one sync.
const defaultSyncInterval = 30 * time.Second

// idleSync is how long a host that is left open waits before it syncs
// again by itself, to learn of what the other computers used.
const idleSync = 5 * time.Minute

// backgroundSync runs sync for the native host: at start, after every
// consume, import and restore, and after idleSync without any, at most once
// per interval, in a goroutine of its own, so that no reply ever waits on
// the network. An unreachable remote
// is only an error in the status the popup shows.
type backgroundSync struct {
	syncer   *tsync.Syncer // nil: sync is off
	dir      string
	interval time.Duration
	logger   *log.Logger

	mu      gosync.Mutex
	idle    *time.Timer // the next sync when nothing else asks for one
	running bool
	pending bool // a trigger came while running, or before the interval
	last    time.Time
	done    gosync.WaitGroup
}

func newBackgroundSync(st tsync.Vault, logger *log.Logger) *backgroundSync {
	b := &backgroundSync{interval: defaultSyncInterval, logger: logger}
	if d, err := time.ParseDuration(os.Getenv(envSyncInterval)); err == nil && d >= 0 {
		b.interval = d
	}
	dir, err := tsync.DefaultDir()
	if err != nil {
		return b
	}
	b.dir = dir
	settings, err := store.LoadSettings()
	if err != nil || settings.Get("sync.enabled").Value != "true" || settings.Get("sync.remote").Value == "" {
		return b
	}
	b.syncer = &tsync.Syncer{Store: st, Dir: dir, Remote: settings.Get("sync.remote").Value,
		Batch: true, KeepEvents: service.KeepEventsPerAccount}
	return b
}

// Trigger asks for a sync soon; it never blocks.
func (b *backgroundSync) Trigger() {
	if b.syncer == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running {
		b.pending = true
		return
	}
	b.running = true
	wait := time.Until(b.last.Add(b.interval))
	b.done.Add(1)
	go b.run(wait)
}

func (b *backgroundSync) run(wait time.Duration) {
	defer b.done.Done()
	if wait > 0 {
		time.Sleep(wait) // the rate limit; triggers meanwhile join this run
	}
	for {
		b.mu.Lock()
		b.pending = false
		b.last = time.Now()
		b.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		if _, err := b.syncer.Run(ctx); err != nil && !errors.Is(err, tsync.ErrBusy) {
			b.logger.Printf("sync: %v", err) // the state file keeps it for the popup
		}
		cancel()
		b.mu.Lock()
		if !b.pending {
			b.running = false
			if b.idle != nil {
				b.idle.Stop()
			}
			b.idle = time.AfterFunc(idleSync, b.Trigger)
			b.mu.Unlock()
			return
		}
		wait := time.Until(b.last.Add(b.interval))
		b.mu.Unlock()
		if wait > 0 {
			time.Sleep(wait)
		}
	}
}

// Status is the sync status for list.
func (b *backgroundSync) Status() protocol.SyncStatus {
	out := protocol.SyncStatus{Enabled: b.syncer != nil}
	if b.dir == "" {
		return out
	}
	st, err := tsync.LoadState(b.dir)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	if !st.LastSync.IsZero() {
		out.LastSync = st.LastSync.UTC().Format(time.RFC3339)
	}
	if out.Enabled {
		out.Error = st.Error
	}
	return out
}

// Lane is this machine's lane for the service (vault.Lane).
func (b *backgroundSync) Lane() vault.Lane {
	if b.dir == "" {
		return vault.Lane{}
	}
	return tsync.LaneIn(b.dir)
}

// syncingOps is the service with a sync triggered after each change that
// other computers must learn of: every use, restore, import, capture, settle,
// rename and removal (reservations stay local, so reserve and release don't).
type syncingOps struct {
	*service.Service
	bg *backgroundSync
}

// changed triggers a sync when the change succeeded, and passes err on.
func (o syncingOps) changed(err error) error {
	if err == nil {
		o.bg.Trigger()
	}
	return err
}

func (o syncingOps) Consume(ctx context.Context, codeID, pageURL string) (service.Consumed, error) {
	c, err := o.Service.Consume(ctx, codeID, pageURL)
	return c, o.changed(err)
}

func (o syncingOps) Import(ctx context.Context, site, label string, text []byte, fileName string, replace bool) (vault.Summary, int, error) {
	sum, n, err := o.Service.Import(ctx, site, label, text, fileName, replace)
	return sum, n, o.changed(err)
}

func (o syncingOps) Capture(ctx context.Context, pageURL, label, text string) (vault.Summary, int, error) {
	sum, n, err := o.Service.Capture(ctx, pageURL, label, text)
	return sum, n, o.changed(err)
}

func (o syncingOps) Restore(ctx context.Context, site, label, code string) (vault.Code, error) {
	c, err := o.Service.Restore(ctx, site, label, code)
	return c, o.changed(err)
}

func (o syncingOps) RestoreByID(ctx context.Context, codeID string) (vault.Code, error) {
	c, err := o.Service.RestoreByID(ctx, codeID)
	return c, o.changed(err)
}

func (o syncingOps) HandOut(ctx context.Context, accountID string) (service.Spent, error) {
	sp, err := o.Service.HandOut(ctx, accountID)
	return sp, o.changed(err)
}

func (o syncingOps) MarkUsed(ctx context.Context, accountID, code string) (service.Spent, error) {
	sp, err := o.Service.MarkUsed(ctx, accountID, code)
	return sp, o.changed(err)
}

func (o syncingOps) SetCurrent(ctx context.Context, accountID, code string) (vault.Summary, error) {
	sum, err := o.Service.SetCurrent(ctx, accountID, code)
	return sum, o.changed(err)
}

func (o syncingOps) Settle(ctx context.Context, codeID string, used bool) (vault.Code, error) {
	c, err := o.Service.Settle(ctx, codeID, used)
	return c, o.changed(err)
}

func (o syncingOps) Rename(ctx context.Context, id, label string) (vault.Summary, error) {
	sum, err := o.Service.Rename(ctx, id, label)
	return sum, o.changed(err)
}

func (o syncingOps) RemoveByID(ctx context.Context, id string) error {
	return o.changed(o.Service.RemoveByID(ctx, id))
}

// syncingHost adds the sync status to the host's status.
type syncingHost struct {
	*hostKeyring
	bg *backgroundSync
}

func (h syncingHost) Status(ctx context.Context) protocol.Status {
	st := h.hostKeyring.Status(ctx)
	st.Sync = h.bg.Status()
	return st
}
