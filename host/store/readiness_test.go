package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readinessStore(t *testing.T, kr Keyring, itemLimit int) *Store {
	t.Helper()
	s, err := OpenKeyring(kr, "fake", Config{LockPath: filepath.Join(t.TempDir(), "l"), Timeout: 5 * time.Second, ItemLimit: itemLimit})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func addSites(n int) func(*Readiness) error {
	return func(r *Readiness) error {
		for i := range n {
			r.Sites = append(r.Sites, ReadySite{Domain: fmt.Sprintf("site%03d.example", i), Date: "2026-11-29"})
		}
		return nil
	}
}

// TestReadinessItem: the list round-trips, is bounded, goes into chunks
// where items are small (and leaves no old chunks behind), and repair keeps
// it; a failed fn or read writes nothing.
func TestReadinessItem(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		itemLimit int
		add       int
		want      int
	}{
		{"one site", 0, 1, 1},
		{"bounded to the newest", 0, MaxReadySites + 10, MaxReadySites},
		{"chunked where items are small", 120, 40, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := newFake()
			s := readinessStore(t, kr, tt.itemLimit)
			if err := s.UpdateReadiness(ctx, addSites(tt.add)); err != nil {
				t.Fatal(err)
			}
			// A second write replaces the first one's chunks.
			if err := s.UpdateReadiness(ctx, func(r *Readiness) error { r.Sites[0].Dismissed = true; return nil }); err != nil {
				t.Fatal(err)
			}
			r, err := s.ViewReadiness(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Sites) != tt.want || !r.Sites[0].Dismissed {
				t.Fatalf("%d sites (first dismissed: %v), want %d", len(r.Sites), len(r.Sites) > 0 && r.Sites[0].Dismissed, tt.want)
			}
			if tt.add > tt.want && r.Sites[len(r.Sites)-1].Domain != fmt.Sprintf("site%03d.example", tt.add-1) {
				t.Errorf("the newest entry was dropped: %+v", r.Sites[len(r.Sites)-1])
			}
			// Only the chunks the item names are left: the first write's are gone.
			_, b, err := s.getReadiness(ctx, kr)
			if err != nil {
				t.Fatal(err)
			}
			keys, _ := kr.Keys()
			var chunks int
			for _, k := range keys {
				if strings.HasPrefix(k, readinessKey+".") {
					chunks++
				}
			}
			if chunks != b.Chunks || (tt.itemLimit > 0) != (chunks > 0) {
				t.Errorf("%d chunk items, the item names %d (item limit %d)", chunks, b.Chunks, tt.itemLimit)
			}
			rep, err := s.Repair(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range rep.Removed {
				if strings.HasPrefix(k, readinessKey) {
					t.Errorf("repair removed %s", k)
				}
			}
		})
	}
}

// TestReadinessNothingWritten: a failing fn, or a read that fails, writes
// nothing; a damaged item is an error, never an empty list.
func TestReadinessNothingWritten(t *testing.T) {
	ctx := context.Background()
	kr := newFake()
	s := readinessStore(t, kr, 0)
	if err := s.UpdateReadiness(ctx, addSites(2)); err != nil {
		t.Fatal(err)
	}
	before := kr.snapshot()
	boom := errors.New("boom")
	if err := s.UpdateReadiness(ctx, func(r *Readiness) error { r.Sites = nil; return boom }); !errors.Is(err, boom) {
		t.Fatalf("fn error: %v", err)
	}
	if err := s.UpdateReadiness(ctx, func(*Readiness) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(kr.snapshot()) != fmt.Sprint(before) {
		t.Fatal("a failed or empty change wrote")
	}
	kr.items[readinessKey] = []byte("{damaged")
	damaged := kr.snapshot()
	if _, err := s.ViewReadiness(ctx); err == nil {
		t.Fatal("a damaged item read as a list")
	}
	if err := s.UpdateReadiness(ctx, addSites(1)); err == nil {
		t.Fatal("an update over a damaged item succeeded")
	}
	if got := kr.snapshot(); fmt.Sprint(got) != fmt.Sprint(damaged) {
		t.Fatal("an update after a failed read wrote")
	}
}

// TestReadinessRealBackends: the list round-trips through the file backend
// and the real Secret Service, is seen by a second opening of the same
// vault (another process), and is no leftover to `doctor`.
func TestReadinessRealBackends(t *testing.T) {
	ctx := context.Background()
	backends := []struct {
		name string
		cfg  func(t *testing.T) Config
	}{
		{"file", func(t *testing.T) Config { return fileConfig(t, "right") }},
		{"secret-service", func(t *testing.T) Config {
			skipUnlessSecretService(t)
			clearSecretService(t)
			t.Cleanup(func() { clearSecretService(t) })
			return ssConfig(t)
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			s := openFile(t, cfg)
			if err := s.UpdateReadiness(ctx, addSites(2)); err != nil {
				t.Fatal(err)
			}
			if err := s.UpdateReadiness(ctx, func(r *Readiness) error { r.Sites[1].Dismissed = true; return nil }); err != nil {
				t.Fatal(err)
			}
			other := openFile(t, cfg)
			r, err := other.ViewReadiness(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := []ReadySite{{Domain: "site000.example", Date: "2026-11-29"}, {Domain: "site001.example", Date: "2026-11-29", Dismissed: true}}
			if fmt.Sprint(r.Sites) != fmt.Sprint(want) {
				t.Fatalf("read %+v, want %+v", r.Sites, want)
			}
			h, err := other.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Leftovers) != 0 {
				t.Errorf("doctor calls %v leftovers", h.Leftovers)
			}
		})
	}
}
