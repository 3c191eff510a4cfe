package main

import (
	"bytes"
	"context"
	"io"
	"log"
	"path/filepath"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/nativemsg"
	"tearoff.dev/tearoff/host/store"
)

// The caller is checked before the keyring is opened: a refused caller
// must not cause D-Bus traffic or an unlock prompt, and an allowed one
// opens the keyring exactly once.
func TestServeHostChecksCallerBeforeKeyring(t *testing.T) {
	hello := frames(t, map[string]string{"id": "1", "type": "hello"})
	tests := []struct {
		name      string
		args      []string
		opens     int
		exit      int
		wantCode  string // error code of the only reply, or "" for ok
		wantReply int
	}{
		{"unknown chrome extension", []string{"tearoff", "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"}, 0, 2, "unknown_caller", 1},
		{"unknown firefox add-on", []string{"tearoff", "/m/dev.tearoff.host.json", "evil@example.com"}, 0, 2, "unknown_caller", 1},
		{"firefox without add-on id", []string{"tearoff", "/m/dev.tearoff.host.json"}, 0, 2, "unknown_caller", 1},
		{"our chrome extension", []string{"tearoff", nativemsg.ChromeOrigin}, 1, 0, "", 1},
		{"our firefox add-on", []string{"tearoff", "/m/dev.tearoff.host.json", nativemsg.FirefoxAddonID}, 1, 0, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			opens := 0
			open := func() *hostKeyring {
				opens++
				return openHostKeyring(store.Config{
					Backend:  store.BackendFile,
					FileDir:  filepath.Join(root, "keyring"),
					LockPath: filepath.Join(root, "vault.lock"),
				})
			}
			var out bytes.Buffer
			exit := serveHost(context.Background(), tt.args, strings.NewReader(hello), &out, log.New(io.Discard, "", 0), open)
			if opens != tt.opens {
				t.Errorf("keyring opened %d times, want %d", opens, tt.opens)
			}
			if exit != tt.exit {
				t.Errorf("exit %d, want %d", exit, tt.exit)
			}
			replies := readReplies(t, out.String())
			if len(replies) != tt.wantReply {
				t.Fatalf("%d replies, want %d: %+v", len(replies), tt.wantReply, replies)
			}
			r := replies[0]
			switch {
			case tt.wantCode == "" && !r.OK:
				t.Errorf("reply %+v, want ok", r)
			case tt.wantCode != "" && (r.OK || r.Error == nil || r.Error.Code != tt.wantCode || r.ID != ""):
				t.Errorf("reply %+v, want error %s with id \"\"", r, tt.wantCode)
			}
		})
	}
}
