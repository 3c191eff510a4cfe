// Package install writes, removes and checks the native-messaging host
// manifests for every supported browser and OS (docs/design.md "Where the
// host manifest goes").
//
// Everything that depends on the OS takes it as data (Platform, FS,
// Registry), so the Linux, macOS and Windows branches are all tested on
// Linux with a fake home and a fake registry.
package install

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"tearoff.dev/tearoff/host/nativemsg"
)

// Browser names, as accepted by --browser.
const (
	Chrome   = "chrome"
	Chromium = "chromium"
	Edge     = "edge"
	Brave    = "brave"
	Vivaldi  = "vivaldi"
	Firefox  = "firefox"
)

// All is every supported browser, in the order install handles them.
// Chrome comes before Brave and Vivaldi so their Chrome-key fallback on
// Windows can see whether Chrome's own key is already set.
var All = []string{Chrome, Chromium, Edge, Brave, Vivaldi, Firefox}

var (
	ErrUnknownBrowser   = errors.New("unknown browser")
	ErrUnsupportedOS    = errors.New("unsupported OS")
	ErrNoSystemLocation = errors.New("no checked system-wide manifest location")
)

// ManifestName is the manifest's file name in every location.
const ManifestName = nativemsg.HostName + ".json"

// Platform is the OS facts locations depend on.
type Platform struct {
	GOOS string
	Home string
	// ConfigHome is $XDG_CONFIG_HOME on Linux (Chrome-family browsers keep
	// their profile, and so NativeMessagingHosts, under it); "" means
	// Home/.config.
	ConfigHome string
}

// RegKey is a Windows registry key whose default value is the manifest path.
type RegKey struct {
	Root string `json:"root"` // "HKCU" or "HKLM"
	Path string `json:"path"` // e.g. Software\Google\Chrome\NativeMessagingHosts\dev.tearoff.host
}

func (k RegKey) String() string { return k.Root + `\` + k.Path }

// Location is where one browser's manifest goes.
type Location struct {
	Dir  string // directory of the manifest file
	File string // Dir + ManifestName
	// RegKeys is Windows only. The first key is the browser's own; a second
	// one is the Chrome key, which Brave and Vivaldi also read (a fallback).
	RegKeys []RegKey
}

// Family returns the browser's manifest family (nativemsg.FamilyChrome or
// nativemsg.FamilyFirefox).
func Family(browser string) (string, error) {
	switch browser {
	case Chrome, Chromium, Edge, Brave, Vivaldi:
		return nativemsg.FamilyChrome, nil
	case Firefox:
		return nativemsg.FamilyFirefox, nil
	}
	return "", fmt.Errorf("%w %q (want one of %s)", ErrUnknownBrowser, browser, strings.Join(All, ", "))
}

// Per-OS tables (docs/design.md "Where the host manifest goes"). An empty
// system entry means no system location has been checked for that browser;
// install refuses rather than guess.
var (
	linuxUser = map[string]string{ // relative to ConfigHome, except Firefox (Home)
		Chrome: "google-chrome", Chromium: "chromium", Edge: "microsoft-edge",
		Brave: "BraveSoftware/Brave-Browser", Vivaldi: "vivaldi",
	}
	linuxSystem = map[string]string{
		Chrome: "/etc/opt/chrome/native-messaging-hosts", Chromium: "/etc/chromium/native-messaging-hosts",
		Edge: "/etc/opt/edge/native-messaging-hosts", Vivaldi: "/etc/opt/vivaldi/native-messaging-hosts",
		Firefox: "/usr/lib/mozilla/native-messaging-hosts",
	}
	darwinUser = map[string]string{ // relative to ~/Library/Application Support
		Chrome: "Google/Chrome", Chromium: "Chromium", Edge: "Microsoft Edge",
		Brave: "BraveSoftware/Brave-Browser", Vivaldi: "Vivaldi", Firefox: "Mozilla",
	}
	darwinSystem = map[string]string{ // the vendors' documented locations
		Chrome: "/Library/Google/Chrome/NativeMessagingHosts", Chromium: "/Library/Application Support/Chromium/NativeMessagingHosts",
		Edge: "/Library/Microsoft/Edge/NativeMessagingHosts", Firefox: "/Library/Application Support/Mozilla/NativeMessagingHosts",
	}
	windowsKey = map[string]string{ // under Software\, then \NativeMessagingHosts\<name>
		Chrome: `Google\Chrome`, Chromium: "Chromium", Edge: `Microsoft\Edge`,
		Brave: `BraveSoftware\Brave-Browser`, Vivaldi: "Vivaldi", Firefox: "Mozilla",
	}
)

// windowsSystemDir holds system-wide manifests on Windows. The registry
// value is what browsers read, so the file may live anywhere readable; this
// is %ProgramData% on a standard install.
const windowsSystemDir = `C:\ProgramData\tearoff`

// Locate returns where browser's manifest goes on p.GOOS.
func Locate(p Platform, browser string, system bool) (Location, error) {
	if _, err := Family(browser); err != nil {
		return Location{}, err
	}
	var dir string
	var keys []RegKey
	switch p.GOOS {
	case "linux":
		switch {
		case system:
			dir = linuxSystem[browser]
		case browser == Firefox:
			dir = path.Join(p.Home, ".mozilla/native-messaging-hosts")
		default:
			dir = path.Join(configHome(p), linuxUser[browser], "NativeMessagingHosts")
		}
	case "darwin":
		if system {
			dir = darwinSystem[browser]
		} else {
			dir = path.Join(p.Home, "Library/Application Support", darwinUser[browser], "NativeMessagingHosts")
		}
	case "windows":
		root := "HKCU"
		dir = winJoin(p.Home, `AppData\Local\tearoff`, browser)
		if system {
			root, dir = "HKLM", winJoin(windowsSystemDir, browser)
		}
		keys = append(keys, winKey(root, browser))
		if browser == Brave || browser == Vivaldi {
			keys = append(keys, winKey(root, Chrome))
		}
	default:
		return Location{}, fmt.Errorf("%w %q", ErrUnsupportedOS, p.GOOS)
	}
	if dir == "" {
		return Location{}, fmt.Errorf("%w for %s on %s; install per user instead", ErrNoSystemLocation, browser, p.GOOS)
	}
	return Location{Dir: dir, File: joinPath(p.GOOS, dir, ManifestName), RegKeys: keys}, nil
}

func configHome(p Platform) string {
	if p.ConfigHome != "" {
		return p.ConfigHome
	}
	return path.Join(p.Home, ".config")
}

func winKey(root, browser string) RegKey {
	return RegKey{Root: root, Path: `Software\` + windowsKey[browser] + `\NativeMessagingHosts\` + nativemsg.HostName}
}

// Path helpers that follow the target OS, not the OS the code runs on, so
// Windows paths come out with backslashes in tests on Linux too.

func winJoin(elem ...string) string {
	parts := make([]string, 0, len(elem))
	for i, e := range elem {
		if i > 0 {
			e = strings.TrimLeft(e, `\/`)
		}
		if e = strings.TrimRight(e, `\/`); e != "" {
			parts = append(parts, e)
		}
	}
	return strings.Join(parts, `\`)
}

func joinPath(goos string, elem ...string) string {
	if goos == "windows" {
		return winJoin(elem...)
	}
	return path.Join(elem...)
}

// parentDir returns the parent of p, or p itself at a root.
func parentDir(goos, p string) string {
	if goos != "windows" {
		return path.Dir(p)
	}
	i := strings.LastIndexAny(p, `\/`)
	switch {
	case i < 0:
		return p
	case i == 2 && p[1] == ':': // C:\x -> C:\
		return p[:3]
	case i == 0:
		return p[:1]
	}
	return p[:i]
}

// isAbs reports whether p is absolute on goos.
func isAbs(goos, p string) bool {
	if goos != "windows" {
		return strings.HasPrefix(p, "/")
	}
	return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') || strings.HasPrefix(p, `\\`)
}
