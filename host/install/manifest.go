package install

import (
	"bytes"
	"encoding/json"
	"fmt"

	host "github.com/rickypc/native-messaging-host"

	"tearoff.dev/tearoff/host/nativemsg"
	"tearoff.dev/tearoff/manifests"
)

// firefoxManifest is Firefox's host manifest: the Chrome one with
// allowed_extensions (add-on ids) in place of allowed_origins.
type firefoxManifest struct {
	Name              string   `json:"name"`
	Description       string   `json:"description"`
	Path              string   `json:"path"`
	Type              string   `json:"type"`
	AllowedExtensions []string `json:"allowed_extensions"`
}

// Manifest returns the manifest for browser with "path" set to binary (an
// absolute path). It is built from the templates in manifests/. The Chrome
// family goes through the native-messaging-host library's Host struct, as
// the design requires; only its JSON fields are set. Init is not called (it
// would read os.Executable) and UpdateUrl stays empty (its updater disables
// TLS verification and replaces the binary).
func Manifest(browser, binary string) ([]byte, error) {
	family, err := Family(browser)
	if err != nil {
		return nil, err
	}
	var m any
	var id string
	var ids []string
	if family == nativemsg.FamilyChrome {
		h := &host.Host{}
		if err := decodeTemplate(manifests.Chrome, h); err != nil {
			return nil, fmt.Errorf("chrome template: %w", err)
		}
		if h.ExecName != manifests.PathPlaceholder || h.AppName != nativemsg.HostName {
			return nil, fmt.Errorf("chrome template: name %q path %q do not match the host", h.AppName, h.ExecName)
		}
		h.ExecName = binary
		m, id, ids = h, nativemsg.ChromeOrigin, h.AllowedExts
	} else {
		f := &firefoxManifest{}
		if err := decodeTemplate(manifests.Firefox, f); err != nil {
			return nil, fmt.Errorf("firefox template: %w", err)
		}
		if f.Path != manifests.PathPlaceholder || f.Name != nativemsg.HostName {
			return nil, fmt.Errorf("firefox template: name %q path %q do not match the host", f.Name, f.Path)
		}
		f.Path = binary
		m, id, ids = f, nativemsg.FirefoxAddonID, f.AllowedExtensions
	}
	// The template and the host's caller check must agree, or the browser
	// would start a host that then refuses it.
	if len(ids) != 1 || ids[0] != id {
		return nil, fmt.Errorf("%s template allows %q, the host allows only %q", family, ids, id)
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return append(out, '\n'), nil
}

// decodeTemplate is strict: a field the struct lacks would be silently
// dropped from the written manifest.
func decodeTemplate(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

// parsedManifest is what doctor reads back from either family.
type parsedManifest struct {
	Name              string   `json:"name"`
	Path              string   `json:"path"`
	Type              string   `json:"type"`
	AllowedOrigins    []string `json:"allowed_origins"`
	AllowedExtensions []string `json:"allowed_extensions"`
}
