package install

import (
	"errors"
	"testing"
)

// The full table is covered by TestGolden; these are the edges.
func TestLocateErrors(t *testing.T) {
	tests := []struct {
		goos, browser string
		system        bool
		want          error
	}{
		{"linux", "opera", false, ErrUnknownBrowser},
		{"plan9", Chrome, false, ErrUnsupportedOS},
		{"linux", Brave, true, ErrNoSystemLocation},
		{"darwin", Brave, true, ErrNoSystemLocation},
		{"darwin", Vivaldi, true, ErrNoSystemLocation},
	}
	for _, tt := range tests {
		if _, err := Locate(Platform{GOOS: tt.goos, Home: "/h"}, tt.browser, tt.system); !errors.Is(err, tt.want) {
			t.Errorf("Locate(%s, %s, %v) err = %v, want %v", tt.goos, tt.browser, tt.system, err, tt.want)
		}
	}
}

func TestLocateXDGConfigHome(t *testing.T) {
	loc, err := Locate(Platform{GOOS: "linux", Home: "/h", ConfigHome: "/xdg"}, Vivaldi, false)
	if err != nil || loc.File != "/xdg/vivaldi/NativeMessagingHosts/dev.tearoff.host.json" {
		t.Fatalf("Locate = %+v, %v", loc, err)
	}
	// Firefox does not follow XDG_CONFIG_HOME.
	loc, err = Locate(Platform{GOOS: "linux", Home: "/h", ConfigHome: "/xdg"}, Firefox, false)
	if err != nil || loc.File != "/h/.mozilla/native-messaging-hosts/dev.tearoff.host.json" {
		t.Fatalf("Locate = %+v, %v", loc, err)
	}
}

func TestWindowsPathHelpers(t *testing.T) {
	joins := []struct {
		elem []string
		want string
	}{
		{[]string{`C:\Users\a`, `AppData\Local`, "x"}, `C:\Users\a\AppData\Local\x`},
		{[]string{`C:\Users\a\`, `\y\`}, `C:\Users\a\y`},
	}
	for _, tt := range joins {
		if got := winJoin(tt.elem...); got != tt.want {
			t.Errorf("winJoin(%q) = %q, want %q", tt.elem, got, tt.want)
		}
	}
	parents := map[string]string{`C:\a\b`: `C:\a`, `C:\a`: `C:\`, `C:\`: `C:\`, `\\srv\share\x`: `\\srv\share`}
	for in, want := range parents {
		if got := parentDir("windows", in); got != want {
			t.Errorf("parentDir(%q) = %q, want %q", in, got, want)
		}
	}
	abs := map[string]bool{`C:\x`: true, `C:/x`: true, `\\srv\x`: true, `x\y`: false, `/x`: false, "C:": false}
	for in, want := range abs {
		if got := isAbs("windows", in); got != want {
			t.Errorf("isAbs(windows, %q) = %v", in, got)
		}
	}
}
