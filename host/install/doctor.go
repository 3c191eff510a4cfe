package install

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"tearoff.dev/tearoff/host/nativemsg"
)

// BrowserStatus is doctor's finding for one browser. The keyring status is
// not here: it is the store's business, and the CLI prints it alongside.
type BrowserStatus struct {
	Browser string `json:"browser"`
	Present bool   `json:"present"`
	Sandbox string `json:"sandbox,omitempty"` // "flatpak" or "snap" when the browser is only that
	// Manifest is the manifest path checked (on Windows, the one the
	// registry points at).
	Manifest   string   `json:"manifest"`
	ManifestOK bool     `json:"manifest_ok"`
	Binary     string   `json:"binary,omitempty"` // the manifest's "path"
	Executable bool     `json:"executable"`
	Hello      bool     `json:"hello"` // the binary answered a hello request
	Problems   []string `json:"problems,omitempty"`
	Fixes      []string `json:"fixes,omitempty"`
}

// OK reports whether the browser can start a working tearoff.
func (s BrowserStatus) OK() bool {
	return s.ManifestOK && s.Executable && s.Hello && len(s.Problems) == 0
}

func (s *BrowserStatus) problem(problem, fix string) {
	s.Problems = append(s.Problems, problem)
	if fix != "" && !slices.Contains(s.Fixes, fix) {
		s.Fixes = append(s.Fixes, fix)
	}
}

// Doctor checks each selected browser (all supported ones by default): is
// the manifest where the browser looks, does it name our extension, does
// its path point at an executable that answers hello, and is the browser a
// Flatpak or Snap that cannot start it at all. A browser that is absent and
// has no manifest is reported as absent with no problems.
func Doctor(opts Options) []BrowserStatus {
	o, err := opts.withDefaults()
	if err != nil {
		return []BrowserStatus{{Problems: []string{err.Error()}}}
	}
	names := All
	if len(o.Browsers) > 0 && !slices.Contains(o.Browsers, "all") {
		names = o.Browsers
	}
	present := map[string]Browser{}
	for _, b := range detect(o.platform(), o.FS, o.LookPath) {
		present[b.Name] = b
	}
	hello := map[string]error{} // one probe per binary
	var out []BrowserStatus
	for _, name := range names {
		out = append(out, checkBrowser(o, name, present, hello))
	}
	return out
}

func checkBrowser(o Options, name string, present map[string]Browser, hello map[string]error) BrowserStatus {
	b, found := present[name]
	st := BrowserStatus{Browser: name, Present: found}
	reinstall := "run: tearoff install --browser " + name
	if o.System {
		reinstall += " --system"
	}
	if b.Sandboxed() {
		st.Sandbox = "flatpak"
		if b.Flatpak == "" {
			st.Sandbox = "snap"
		}
		st.problem(name+" is a "+st.Sandbox+" and cannot start programs outside its sandbox", SandboxFix(b))
	}

	file, data, err := findManifest(o, name)
	st.Manifest = file
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrNoSystemLocation):
		// Not installed: a problem only for a browser that is there.
		if found {
			st.problem(err.Error(), reinstall)
		}
		return st
	case err != nil:
		st.problem(err.Error(), "")
		return st
	}
	if !checkManifest(&st, name, o.GOOS, data, reinstall) {
		return st
	}

	info, err := o.FS.Stat(st.Binary)
	switch {
	case err != nil:
		st.problem(fmt.Sprintf("manifest points at %s, which does not exist", st.Binary), "rebuild with scripts/install.sh, or "+reinstall)
		return st
	case info.IsDir() || (o.GOOS != "windows" && info.Mode()&0o111 == 0) ||
		(o.GOOS == "windows" && !strings.HasSuffix(strings.ToLower(st.Binary), ".exe")):
		st.problem(st.Binary+" is not an executable file", "rebuild with scripts/install.sh")
		return st
	}
	st.Executable = true

	herr, done := hello[st.Binary]
	if !done {
		herr = o.Probe(st.Binary)
		hello[st.Binary] = herr
	}
	if herr != nil {
		st.problem(fmt.Sprintf("%s does not answer hello: %v", st.Binary, herr), "rebuild with scripts/install.sh")
		return st
	}
	st.Hello = true
	return st
}

// findManifest returns the manifest the browser would read and its path:
// the user location, else the system one (browsers read both; with --system
// only the system one is checked). On Windows the registry names the file.
// "Not installed" errors satisfy errors.Is(err, fs.ErrNotExist).
func findManifest(o Options, browser string) (string, []byte, error) {
	if o.ManifestDir != "" {
		file := joinPath(o.GOOS, o.ManifestDir, ManifestName)
		data, err := readManifest(o.FS, file)
		return file, data, err
	}
	scopes := []bool{false, true}
	if o.System {
		scopes = []bool{true}
	}
	var firstErr error
	var firstFile string
	for _, system := range scopes {
		loc, err := Locate(o.platform(), browser, system)
		if errors.Is(err, ErrNoSystemLocation) && !o.System {
			continue
		}
		if err != nil {
			return "", nil, err
		}
		file := loc.File
		if len(loc.RegKeys) > 0 {
			file, err = registryManifest(o.Registry, loc.RegKeys)
		}
		var data []byte
		if err == nil {
			if data, err = readManifest(o.FS, file); err == nil {
				return file, data, nil
			}
		}
		if firstErr == nil {
			firstErr, firstFile = err, file
			if firstFile == "" {
				firstFile = loc.File
			}
		}
	}
	return firstFile, nil, firstErr
}

func readManifest(fsys FS, file string) ([]byte, error) {
	data, err := fsys.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf(`no manifest at %s ("Specified native messaging host not found"): %w`, file, err)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read manifest: %w", err)
	}
	return data, nil
}

// registryManifest returns the manifest path the browser's key points at,
// falling back to the Chrome key where the browser reads it too.
func registryManifest(reg Registry, keys []RegKey) (string, error) {
	var firstErr error
	for _, k := range keys {
		v, err := reg.Default(k)
		if err == nil && v != "" {
			return v, nil
		}
		if firstErr == nil {
			firstErr = fmt.Errorf("registry key %s is not set: %w", k, err)
		}
	}
	return "", firstErr
}

// checkManifest validates the manifest content and sets st.Binary.
func checkManifest(st *BrowserStatus, browser, goos string, data []byte, reinstall string) bool {
	var m parsedManifest
	if err := json.Unmarshal(data, &m); err != nil {
		st.problem("manifest is not valid JSON: "+err.Error(), reinstall)
		return false
	}
	family, _ := Family(browser)
	allowed, want := m.AllowedOrigins, nativemsg.ChromeOrigin
	if family == nativemsg.FamilyFirefox {
		allowed, want = m.AllowedExtensions, nativemsg.FirefoxAddonID
	}
	switch {
	case m.Name != nativemsg.HostName:
		st.problem(fmt.Sprintf("manifest name is %q, not %q", m.Name, nativemsg.HostName), reinstall)
	case m.Type != "stdio":
		st.problem(fmt.Sprintf("manifest type is %q, not stdio", m.Type), reinstall)
	case !slices.Contains(allowed, want):
		st.problem(fmt.Sprintf("manifest does not allow %s (it allows %q)", want, allowed), reinstall)
	case !isAbs(goos, m.Path):
		st.problem(fmt.Sprintf("manifest path %q is not absolute; a browser started from the desktop has a different PATH and working directory", m.Path), reinstall)
	case goos == "windows" && strings.Contains(m.Path, "/"):
		st.problem(fmt.Sprintf("manifest path %q has forward slashes, which Windows browsers mis-handle", m.Path), reinstall)
	default:
		st.ManifestOK = true
		st.Binary = m.Path
		return true
	}
	return false
}
