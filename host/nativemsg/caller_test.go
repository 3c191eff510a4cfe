package nativemsg

import (
	"errors"
	"testing"
)

func TestParseCaller(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		host    bool
		want    Caller
		wantErr bool
		allowed bool
	}{
		{"chrome", []string{"tearoff", ChromeOrigin}, true,
			Caller{Family: FamilyChrome, ID: ChromeOrigin}, false, true},
		{"chrome on windows", []string{`C:\t\tearoff.exe`, ChromeOrigin, "--parent-window=4242"}, true,
			Caller{Family: FamilyChrome, ID: ChromeOrigin, ParentWindow: "4242"}, false, true},
		{"other chrome extension", []string{"tearoff", "chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/"}, true,
			Caller{Family: FamilyChrome, ID: "chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh/"}, false, false},
		{"our id without trailing slash", []string{"tearoff", "chrome-extension://" + ChromeExtensionID}, true,
			Caller{Family: FamilyChrome, ID: "chrome-extension://" + ChromeExtensionID}, false, false},
		{"firefox", []string{"tearoff", "/home/a/.mozilla/native-messaging-hosts/dev.tearoff.host.json", FirefoxAddonID}, true,
			Caller{Family: FamilyFirefox, ID: FirefoxAddonID, ManifestPath: "/home/a/.mozilla/native-messaging-hosts/dev.tearoff.host.json"}, false, true},
		{"firefox upper-case extension", []string{"tearoff", `C:\M\DEV.TEAROFF.HOST.JSON`, FirefoxAddonID}, true,
			Caller{Family: FamilyFirefox, ID: FirefoxAddonID, ManifestPath: `C:\M\DEV.TEAROFF.HOST.JSON`}, false, true},
		{"firefox other add-on", []string{"tearoff", "/m/dev.tearoff.host.json", "evil@example.com"}, true,
			Caller{Family: FamilyFirefox, ID: "evil@example.com", ManifestPath: "/m/dev.tearoff.host.json"}, false, false},
		{"firefox without add-on id", []string{"tearoff", "/m/dev.tearoff.host.json"}, true, Caller{}, true, false},
		{"cli list", []string{"tearoff", "list"}, false, Caller{}, true, false},
		{"cli import file", []string{"tearoff", "import", "codes.json"}, false, Caller{}, true, false},
		{"no args", []string{"tearoff"}, false, Caller{}, true, false},
		{"empty", nil, false, Caller{}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsHostInvocation(tt.args); got != tt.host {
				t.Errorf("IsHostInvocation = %v, want %v", got, tt.host)
			}
			got, err := ParseCaller(tt.args)
			if tt.wantErr {
				if !errors.Is(err, ErrBadInvocation) {
					t.Fatalf("err = %v, want ErrBadInvocation", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("caller = %+v, want %+v", got, tt.want)
			}
			if AllowedCaller(got) != tt.allowed {
				t.Fatalf("AllowedCaller = %v, want %v", !tt.allowed, tt.allowed)
			}
		})
	}
}

func TestAllowedCallerRejectsCrossFamily(t *testing.T) {
	// The Firefox id passed as a Chrome origin (and vice versa) is not allowed.
	for _, c := range []Caller{{Family: FamilyChrome, ID: FirefoxAddonID}, {Family: FamilyFirefox, ID: ChromeOrigin}, {ID: ChromeOrigin}} {
		if AllowedCaller(c) {
			t.Errorf("AllowedCaller(%+v) = true", c)
		}
	}
}
