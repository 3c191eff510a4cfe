package main

import (
	"encoding/json"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
	"tearoff.dev/tearoff/host/nativemsg"
)

func frames(t *testing.T, msgs ...any) string { return string(testkit.Frames(t, msgs...)) }

func readReplies(t *testing.T, out string) []testkit.Reply {
	return testkit.ReadReplies(t, []byte(out))
}

// TestNativeHostInvocation checks that main serves frames when a browser
// starts it, for both browser families, and refuses other callers.
func TestNativeHostInvocation(t *testing.T) {
	e := testbin.FileEnv(t)
	codes := testkit.GitHubCodes(16, 0)
	e.Must("", "import", "--site", "github", "--account", "octocat", testbin.WriteGitHubFile(t, codes))
	in := frames(t,
		map[string]any{"id": "1", "type": "hello"},
		map[string]any{"id": "2", "type": "offer", "url": "https://github.com/sessions/two-factor/recovery"},
	)
	for _, args := range [][]string{
		{nativemsg.ChromeOrigin},
		{"/home/x/.mozilla/native-messaging-hosts/dev.tearoff.host.json", nativemsg.FirefoxAddonID},
	} {
		r := e.Run(in, args...)
		if r.Code != 0 {
			t.Fatalf("host %v: exit %d, stderr %q", args, r.Code, r.Stderr)
		}
		reps := readReplies(t, r.Stdout)
		if len(reps) != 2 || !reps[0].OK || !reps[1].OK {
			t.Fatalf("host %v replied %+v", args, reps)
		}
		var hello struct {
			Backend string `json:"backend"`
			Locked  bool   `json:"locked"`
		}
		json.Unmarshal(reps[0].Result, &hello)
		if hello.Backend != "file" || hello.Locked {
			t.Errorf("hello = %s; want the unlocked file backend", reps[0].Result)
		}
		for _, c := range codes {
			if strings.Contains(r.Stdout, c) {
				t.Fatalf("an offer carried a code value: %s", reps[1].Result)
			}
		}
	}

	r := e.Run(in, "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/")
	reps := readReplies(t, r.Stdout)
	if r.Code == 0 || len(reps) != 1 || reps[0].OK || reps[0].Error == nil || reps[0].Error.Code != "unknown_caller" {
		t.Fatalf("unknown caller: exit %d, replies %+v; want one unknown_caller reply and a failure exit", r.Code, reps)
	}
}

// TestNativeHostUnlock: a file keyring without a passphrase is locked until
// the popup sends unlock; a wrong passphrase is refused and forgotten.
func TestNativeHostUnlock(t *testing.T) {
	e := testbin.FileEnv(t)
	e.Must("", "import", "--site", "github", "--account", "octocat", testbin.WriteGitHubFile(t, testkit.GitHubCodes(16, 0)))
	locked := e.Without("TEAROFF_FILE_PASSPHRASE")
	in := frames(t,
		map[string]any{"id": "1", "type": "hello"},
		map[string]any{"id": "2", "type": "list"},
		map[string]any{"id": "3", "type": "unlock", "passphrase": "wrong"},
		map[string]any{"id": "4", "type": "unlock", "passphrase": "correct horse battery staple"},
		map[string]any{"id": "5", "type": "list"},
	)
	r := locked.Run(in, nativemsg.ChromeOrigin)
	reps := readReplies(t, r.Stdout)
	if len(reps) != 5 {
		t.Fatalf("got %d replies (stderr %q); want 5", len(reps), r.Stderr)
	}
	var hello struct {
		Locked          bool `json:"locked"`
		NeedsPassphrase bool `json:"needs_passphrase"`
	}
	json.Unmarshal(reps[0].Result, &hello)
	if !hello.Locked || !hello.NeedsPassphrase {
		t.Errorf("hello = %s; want locked, needs_passphrase", reps[0].Result)
	}
	wantErr := map[int]string{1: "locked", 2: "bad_passphrase"}
	for i, code := range wantErr {
		if reps[i].OK || reps[i].Error == nil || reps[i].Error.Code != code {
			t.Errorf("reply %d = %+v; want error %s", i+1, reps[i], code)
		}
	}
	if !reps[3].OK || !reps[4].OK || !strings.Contains(string(reps[4].Result), `"remaining": 16`) && !strings.Contains(string(reps[4].Result), `"remaining":16`) {
		t.Errorf("after unlock: %+v, %s", reps[3], reps[4].Result)
	}
}
