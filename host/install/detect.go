package install

import (
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// Browser is one browser found on the machine.
type Browser struct {
	Name string `json:"browser"`
	// Native is a browser that can start host binaries: its profile exists
	// or its program is on PATH (outside /snap).
	Native bool `json:"native"`
	// Flatpak is the Flatpak app id when installed as a Flatpak.
	Flatpak string `json:"flatpak,omitempty"`
	// Snap is the snap name when installed as a Snap.
	Snap string `json:"snap,omitempty"`
}

// Sandboxed reports whether the browser is present only as a Flatpak or
// Snap, which cannot start tearoff.
func (b Browser) Sandboxed() bool { return !b.Native && (b.Flatpak != "" || b.Snap != "") }

// What marks a browser as present. A profile marker ("Local State",
// profiles.ini) is used rather than the profile directory, because install
// itself creates .../NativeMessagingHosts inside that directory.
var (
	linuxBinaries = map[string][]string{
		Chrome: {"google-chrome", "google-chrome-stable"}, Chromium: {"chromium", "chromium-browser"},
		Edge: {"microsoft-edge", "microsoft-edge-stable"}, Brave: {"brave-browser", "brave"},
		Vivaldi: {"vivaldi", "vivaldi-stable"}, Firefox: {"firefox", "firefox-esr"},
	}
	flatpakIDs = map[string]string{
		Chrome: "com.google.Chrome", Chromium: "org.chromium.Chromium", Edge: "com.microsoft.Edge",
		Brave: "com.brave.Browser", Vivaldi: "com.vivaldi.Vivaldi", Firefox: "org.mozilla.firefox",
	}
	snapNames = map[string]string{Chromium: "chromium", Brave: "brave", Vivaldi: "vivaldi", Firefox: "firefox"}
	macApps   = map[string]string{
		Chrome: "Google Chrome.app", Chromium: "Chromium.app", Edge: "Microsoft Edge.app",
		Brave: "Brave Browser.app", Vivaldi: "Vivaldi.app", Firefox: "Firefox.app",
	}
	windowsProfiles = map[string]string{ // under %LOCALAPPDATA%, except Firefox
		Chrome: `Google\Chrome\User Data`, Chromium: `Chromium\User Data`, Edge: `Microsoft\Edge\User Data`,
		Brave: `BraveSoftware\Brave-Browser\User Data`, Vivaldi: `Vivaldi\User Data`,
	}
)

// Detect returns the supported browsers present on this machine, in All
// order. goos and home are normally runtime.GOOS and the user's home.
func Detect(goos, home string) []Browser {
	return detect(Platform{GOOS: goos, Home: home, ConfigHome: xdgConfigHome()}, OSFS{}, exec.LookPath)
}

func xdgConfigHome() string {
	if d := os.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return d
	}
	return ""
}

func detect(p Platform, fsys FS, lookPath func(string) (string, error)) []Browser {
	exists := func(name string) bool { _, err := fsys.Stat(name); return err == nil }
	var found []Browser
	for _, name := range All {
		b := Browser{Name: name}
		switch p.GOOS {
		case "linux":
			b.Native = exists(linuxProfileMarker(p, name))
			for _, bin := range linuxBinaries[name] {
				if lookPath == nil {
					break
				}
				if full, err := lookPath(bin); err == nil {
					if strings.HasPrefix(full, "/snap/") {
						b.Snap = snapNames[name]
					} else {
						b.Native = true
					}
				}
			}
			if id := flatpakIDs[name]; exists(path.Join(p.Home, ".var/app", id)) ||
				exists(path.Join("/var/lib/flatpak/app", id)) || exists(path.Join(p.Home, ".local/share/flatpak/app", id)) {
				b.Flatpak = id
			}
			if s := snapNames[name]; s != "" && exists(path.Join("/snap", s)) {
				b.Snap = s
			}
		case "darwin":
			b.Native = exists(path.Join("/Applications", macApps[name])) ||
				exists(path.Join(p.Home, "Applications", macApps[name])) ||
				exists(darwinProfileMarker(p, name))
		case "windows":
			if name == Firefox {
				b.Native = exists(winJoin(p.Home, `AppData\Roaming\Mozilla\Firefox\profiles.ini`))
			} else {
				b.Native = exists(winJoin(p.Home, `AppData\Local`, windowsProfiles[name], "Local State"))
			}
		}
		if b.Native || b.Flatpak != "" || b.Snap != "" {
			found = append(found, b)
		}
	}
	return found
}

func linuxProfileMarker(p Platform, name string) string {
	if name == Firefox {
		return path.Join(p.Home, ".mozilla/firefox/profiles.ini")
	}
	return path.Join(configHome(p), linuxUser[name], "Local State")
}

func darwinProfileMarker(p Platform, name string) string {
	if name == Firefox {
		return path.Join(p.Home, "Library/Application Support/Firefox/profiles.ini")
	}
	return path.Join(p.Home, "Library/Application Support", darwinUser[name], "Local State")
}

// SandboxFix explains why a Flatpak or Snap browser cannot use tearoff and
// what to do instead; "" for a native browser.
func SandboxFix(b Browser) string {
	switch {
	case b.Flatpak != "":
		return b.Name + " is installed as a Flatpak (" + b.Flatpak + "). A Flatpak browser cannot start programs " +
			"outside its sandbox, so it cannot run tearoff wherever the manifest goes. Install " + b.Name +
			" from your distribution's packages or the vendor's .deb/.rpm and use that. (A manifest inside ~/.var/app/" +
			b.Flatpak + " that runs `flatpak-spawn --host` can work around it, but only by letting the browser run " +
			"any host command, which defeats the sandbox.)"
	case b.Snap != "":
		return b.Name + " is installed as a Snap. The snap reads manifests only from ~/snap/" + b.Snap +
			"/common/ and its confinement stops it from running programs outside the snap, so it cannot start tearoff. " +
			"Install " + b.Name + " as a Debian package (.deb, e.g. from the vendor) instead of the snap and use that."
	}
	return ""
}
