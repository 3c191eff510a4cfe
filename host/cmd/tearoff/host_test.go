package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/nativemsg"
)

func frames(t *testing.T, msgs ...any) string {
	t.Helper()
	var b bytes.Buffer
	for _, m := range msgs {
		j, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		binary.Write(&b, binary.LittleEndian, uint32(len(j)))
		b.Write(j)
	}
	return b.String()
}

type reply struct {
	ID     string          `json:"id"`
	OK     bool            `json:"ok"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// readReplies decodes every frame the host wrote: stdout must hold frames
// and nothing else.
func readReplies(t *testing.T, out string) []reply {
	t.Helper()
	r := strings.NewReader(out)
	var replies []reply
	for {
		var n uint32
		if err := binary.Read(r, binary.LittleEndian, &n); err == io.EOF {
			return replies
		} else if err != nil {
			t.Fatalf("reading a frame length: %v (stdout %q)", err, out)
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatalf("frame shorter than its length %d: %v", n, err)
		}
		var rep reply
		if err := json.Unmarshal(body, &rep); err != nil {
			t.Fatalf("frame %q: %v", body, err)
		}
		replies = append(replies, rep)
	}
}

// TestNativeHostInvocation checks that main serves frames when a browser
// starts it, for both browser families, and refuses other callers.
func TestNativeHostInvocation(t *testing.T) {
	e := fileEnv(t)
	codes := githubCodes(16)
	e.must("", "import", "--site", "github", "--account", "octocat", writeGitHubFile(t, codes))
	in := frames(t,
		map[string]any{"id": "1", "type": "hello"},
		map[string]any{"id": "2", "type": "offer", "url": "https://github.com/sessions/two-factor/recovery"},
	)
	for _, args := range [][]string{
		{nativemsg.ChromeOrigin},
		{"/home/x/.mozilla/native-messaging-hosts/dev.tearoff.host.json", nativemsg.FirefoxAddonID},
	} {
		r := e.run(in, args...)
		if r.code != 0 {
			t.Fatalf("host %v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		reps := readReplies(t, r.stdout)
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
			if strings.Contains(r.stdout, c) {
				t.Fatalf("an offer carried a code value: %s", reps[1].Result)
			}
		}
	}

	r := e.run(in, "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/")
	reps := readReplies(t, r.stdout)
	if r.code == 0 || len(reps) != 1 || reps[0].OK || reps[0].Error == nil || reps[0].Error.Code != "unknown_caller" {
		t.Fatalf("unknown caller: exit %d, replies %+v; want one unknown_caller reply and a failure exit", r.code, reps)
	}
}

// TestNativeHostUnlock: a file keyring without a passphrase is locked until
// the popup sends unlock; a wrong passphrase is refused and forgotten.
func TestNativeHostUnlock(t *testing.T) {
	e := fileEnv(t)
	e.must("", "import", "--site", "github", "--account", "octocat", writeGitHubFile(t, githubCodes(16)))
	locked := e.without("TEAROFF_FILE_PASSPHRASE")
	in := frames(t,
		map[string]any{"id": "1", "type": "hello"},
		map[string]any{"id": "2", "type": "list"},
		map[string]any{"id": "3", "type": "unlock", "passphrase": "wrong"},
		map[string]any{"id": "4", "type": "unlock", "passphrase": "correct horse battery staple"},
		map[string]any{"id": "5", "type": "list"},
	)
	r := locked.run(in, nativemsg.ChromeOrigin)
	reps := readReplies(t, r.stdout)
	if len(reps) != 5 {
		t.Fatalf("got %d replies (stderr %q); want 5", len(reps), r.stderr)
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
