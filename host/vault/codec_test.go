package vault

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// validDoc is a small valid vault; the bad cases below each break one thing.
const validDoc = `{"version":1,"accounts":[` +
	`{"id":"a1","site":"github","label":"octocat","codes":[` +
	`{"id":"c1","value":"a1b2c-3d4e5","state":"used","used_at":"2026-11-25T21:00:00Z","used_on":"cli","event_id":"e2"},` +
	`{"id":"c2","value":"f6a7b-8c9d0","state":"unused"}],` +
	`"created":"2026-11-25T20:00:00Z","updated":"2026-11-25T21:00:00Z"}],` +
	`"events":[{"id":"e1","time":"2026-11-25T20:00:00Z","kind":"import","account_id":"a1"},` +
	`{"id":"e2","time":"2026-11-25T21:00:00Z","kind":"use","account_id":"a1","code_id":"c1","url":"cli"}]}`

func TestUnmarshalValid(t *testing.T) {
	v, err := Unmarshal([]byte(validDoc))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Accounts) != 1 || len(v.Accounts[0].Codes) != 2 || len(v.Events) != 2 {
		t.Fatalf("decoded %+v", v)
	}
	out, err := v.Marshal()
	if err != nil || string(out) != validDoc {
		t.Errorf("round trip:\n got %s\nwant %s (%v)", out, validDoc, err)
	}
	empty, err := Unmarshal(snapshot(t, New()))
	if err != nil || empty.Accounts == nil || empty.Events == nil {
		t.Errorf("empty vault round trip: %+v %v", empty, err)
	}
	if got := string(snapshot(t, &Vault{})); got != `{"version":1,"accounts":[],"events":[]}` {
		t.Errorf("zero vault marshals as %s", got)
	}
}

func TestUnmarshalRejects(t *testing.T) {
	tests := []struct {
		name, old, new string // replace old with new in validDoc; old "" means the whole doc is new
		want           string // fragment of the error
	}{
		{"empty", "", "", "EOF"},
		{"garbage", "", "not json", "invalid character"},
		{"null", "", "null", "null document"},
		{"array", "", "[]", "cannot unmarshal"},
		{"empty object", "", "{}", "version 0"},
		{"truncated", "", validDoc[:len(validDoc)-5], "unexpected EOF"},
		{"trailing", "", validDoc + "{}", "trailing data"},
		{"wrong version", `"version":1`, `"version":2`, "version 2"},
		{"version as string", `"version":1`, `"version":"1"`, "cannot unmarshal"},
		{"unknown field", `"label":"octocat"`, `"label":"octocat","extra":1`, "unknown field"},
		{"unknown state", `"state":"unused"`, `"state":"spent"`, `unknown state "spent"`},
		{"empty state", `"state":"unused"`, `"state":""`, "unknown state"},
		{"dup account", `"accounts":[`, `"accounts":[{"id":"a1","site":"x","label":"","codes":[],"created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"},`, `account id "a1" appears twice`},
		{"dup code", `"id":"c2"`, `"id":"c1"`, `code id "c1" appears twice`},
		{"dup event", `"id":"e2"`, `"id":"e1"`, `event id "e1" appears twice`},
		{"no account id", `"id":"a1"`, `"id":""`, "has no id"},
		{"no code id", `"id":"c2"`, `"id":""`, "has no id"},
		{"no event id", `"id":"e1"`, `"id":""`, "has no id"},
		{"no site", `"site":"github"`, `"site":""`, "no site"},
		{"no value", `"value":"f6a7b-8c9d0"`, `"value":""`, "no value"},
		{"unknown kind", `"kind":"import"`, `"kind":"explode"`, "unknown kind"},
		{"bad time", `"time":"2026-11-25T20:00:00Z"`, `"time":"yesterday"`, "cannot parse"},
		{"code from future set", `"state":"unused"`, `"state":"unused","generation":1`, "generation 1 outside 0..0"},
		{"negative generation", `"label":"octocat"`, `"label":"octocat","generation":-1`, "negative generation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.new
			if tt.old != "" {
				if !strings.Contains(validDoc, tt.old) {
					t.Fatalf("validDoc lacks %q", tt.old)
				}
				doc = strings.Replace(validDoc, tt.old, tt.new, 1)
			}
			v, err := Unmarshal([]byte(doc))
			if err == nil || v != nil {
				t.Fatalf("Unmarshal accepted %s", doc)
			}
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrCorrupt mentioning %q", err, tt.want)
			}
		})
	}
}

// FuzzUnmarshal: any input either fails cleanly or yields a vault whose
// encoding is stable under another round trip. Seeds: testdata/fuzz.
func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte(validDoc))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Unmarshal(data)
		if err != nil {
			if v != nil || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v with vault %v", err, v)
			}
			return
		}
		b1, err := v.Marshal()
		if err != nil {
			t.Fatalf("Marshal of accepted vault: %v", err)
		}
		v2, err := Unmarshal(b1)
		if err != nil {
			t.Fatalf("re-Unmarshal of %s: %v", b1, err)
		}
		b2, _ := v2.Marshal()
		if !bytes.Equal(b1, b2) {
			t.Fatalf("unstable round trip:\n%s\n%s", b1, b2)
		}
		// Operations on any accepted vault must not panic.
		tc := newClock()
		v2.Summaries(nil)
		v2.Compact(1)
		v2.Merge(v)
		for i := range v2.Accounts {
			a := &v2.Accounts[i]
			v2.Next(a)
			v2.Reserve(a, "u", tc.Clock())
			v2.Take(a, "cli", tc.Clock())
		}
		v2.ExpireReservations(t0, 0, tc.Clock())
	})
}
