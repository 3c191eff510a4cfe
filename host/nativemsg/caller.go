package nativemsg

import (
	"errors"
	"fmt"
	"strings"
)

// Identities the host is installed for (docs/design.md "Starting the host",
// host/PROTOCOL.md "Callers"). The install package
// writes the same values into the manifests.
const (
	HostName          = "dev.tearoff.host"
	ChromeExtensionID = "ilnhmhihgldhhcngjcehlcaknikjkmaj"
	ChromeOrigin      = "chrome-extension://" + ChromeExtensionID + "/"
	FirefoxAddonID    = "tearoff@tearoff.dev"
)

// Browser families, as they start the host.
const (
	FamilyChrome  = "chrome"
	FamilyFirefox = "firefox"
)

const chromeScheme = "chrome-extension://"

// ErrBadInvocation means argv does not look like a browser starting the host.
var ErrBadInvocation = errors.New("nativemsg: not a native-messaging invocation")

// Caller is who started the host, from argv (docs/design.md "Starting the
// host").
type Caller struct {
	Family string // FamilyChrome or FamilyFirefox
	// ID is the Chrome-family origin ("chrome-extension://ID/") or the
	// Firefox add-on id, whichever the browser passed.
	ID string
	// ManifestPath is argv[1] for Firefox: the manifest that started us.
	ManifestPath string
	// ParentWindow is Chrome's --parent-window=N value on Windows, or "".
	ParentWindow string
}

// IsHostInvocation reports whether args (os.Args, program name first) look
// like a browser starting the host rather than a person running the CLI.
// A .json argv[1] counts even without argv[2], so that a malformed Firefox
// start still gets an unknown_caller frame instead of CLI text on stdout,
// which the browser would misread as a frame length.
func IsHostInvocation(args []string) bool {
	if len(args) < 2 {
		return false
	}
	a := args[1]
	return strings.HasPrefix(a, chromeScheme) || strings.HasSuffix(strings.ToLower(a), ".json")
}

// ParseCaller extracts the caller from args (os.Args, program name first).
// It does not decide whether the caller is allowed; see AllowedCaller.
func ParseCaller(args []string) (Caller, error) {
	if !IsHostInvocation(args) {
		return Caller{}, ErrBadInvocation
	}
	a := args[1]
	if strings.HasPrefix(a, chromeScheme) {
		c := Caller{Family: FamilyChrome, ID: a}
		for _, extra := range args[2:] {
			if v, ok := strings.CutPrefix(extra, "--parent-window="); ok {
				c.ParentWindow = v
			}
		}
		return c, nil
	}
	if len(args) < 3 || args[2] == "" {
		return Caller{}, fmt.Errorf("%w: Firefox manifest %q without an add-on id", ErrBadInvocation, a)
	}
	return Caller{Family: FamilyFirefox, ID: args[2], ManifestPath: a}, nil
}

// AllowedCaller reports whether c is one of the extension ids the host was
// installed for. The comparison is exact: browsers pass these verbatim.
func AllowedCaller(c Caller) bool {
	switch c.Family {
	case FamilyChrome:
		return c.ID == ChromeOrigin
	case FamilyFirefox:
		return c.ID == FirefoxAddonID
	}
	return false
}
