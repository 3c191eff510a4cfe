package install

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
)

// Options configures Install, Uninstall and Doctor. Zero fields get the real
// machine's values (see withDefaults); tests set them all.
type Options struct {
	// Browsers to act on: names from All, or "all" (the default) for the
	// browsers Detect finds (Install) or everything recorded (Uninstall).
	Browsers []string
	// ManifestDir, when set, is the only place manifests are written (no
	// registry): e.g. a throwaway profile's NativeMessagingHosts/.
	ManifestDir string
	System      bool   // system-wide locations (root / HKLM)
	BinaryPath  string // absolute path written into the manifests
	GOOS        string
	Home        string
	ConfigHome  string // $XDG_CONFIG_HOME; "" = Home/.config
	StateFile   string // default DefaultStateFile()
	Registry    Registry
	FS          FS
	LookPath    func(string) (string, error)
	Probe       func(binary string) error // Doctor's hello check; default Probe
}

func (o Options) withDefaults() (Options, error) {
	if o.GOOS == "" {
		o.GOOS = runtime.GOOS
	}
	if o.Home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return o, fmt.Errorf("home directory: %w", err)
		}
		o.Home = h
	}
	if o.ConfigHome == "" && o.GOOS == "linux" {
		o.ConfigHome = xdgConfigHome()
	}
	if o.StateFile == "" {
		f, err := DefaultStateFile()
		if err != nil {
			return o, err
		}
		o.StateFile = f
	}
	if o.Registry == nil {
		o.Registry = SystemRegistry()
	}
	if o.FS == nil {
		o.FS = OSFS{}
	}
	if o.LookPath == nil {
		o.LookPath = exec.LookPath
	}
	if o.Probe == nil {
		o.Probe = Probe
	}
	return o, nil
}

func (o Options) platform() Platform {
	return Platform{GOOS: o.GOOS, Home: o.Home, ConfigHome: o.ConfigHome}
}

// Action is one line of a Report.
type Action struct {
	Browser string `json:"browser"`
	Op      string `json:"op"` // wrote, unchanged, removed, kept, skipped, gone
	What    string `json:"what"`
	Why     string `json:"why,omitempty"`
}

// Report says what Install or Uninstall did, for the CLI to print.
type Report struct {
	Actions []Action `json:"actions"`
	Notes   []string `json:"notes,omitempty"` // advice, e.g. Flatpak/Snap fixes
}

func (r *Report) add(browser, op, what, why string) {
	r.Actions = append(r.Actions, Action{Browser: browser, Op: op, What: what, Why: why})
}

// String renders the report one line per action, then the notes.
func (r Report) String() string {
	var b strings.Builder
	for _, a := range r.Actions {
		fmt.Fprintf(&b, "%-8s %-9s %s", a.Browser, a.Op, a.What)
		if a.Why != "" {
			fmt.Fprintf(&b, " (%s)", a.Why)
		}
		b.WriteByte('\n')
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

// ErrNoBrowsers means "all" found nothing to install into.
var ErrNoBrowsers = errors.New("no supported browser found")

// Install writes the host manifest (and on Windows the registry values) for
// each selected browser and records what it wrote in the state file. It is
// idempotent: a re-run rewrites changed manifests and leaves the rest.
// Errors for one browser do not stop the others; all are returned joined.
func Install(opts Options) (Report, error) {
	var rep Report
	o, err := opts.withDefaults()
	if err != nil {
		return rep, err
	}
	if o.GOOS == "windows" {
		// Browsers mis-handle forward slashes in Windows manifest paths.
		o.BinaryPath = strings.ReplaceAll(o.BinaryPath, "/", `\`)
	}
	if !isAbs(o.GOOS, o.BinaryPath) {
		return rep, fmt.Errorf("binary path %q must be absolute", o.BinaryPath)
	}
	browsers, err := selectBrowsers(o, &rep)
	if err != nil {
		return rep, err
	}
	st, err := loadState(o.FS, o.StateFile)
	if err != nil {
		return rep, err
	}
	var errs []error
	for _, b := range browsers {
		if err := installOne(o, b, st, &rep); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", b, err))
		}
	}
	// Save even after errors: whatever was written must stay removable.
	if err := st.save(o.FS, o.GOOS, o.StateFile); err != nil {
		errs = append(errs, err)
	}
	return rep, errors.Join(errs...)
}

// selectBrowsers resolves o.Browsers. "all" means the natively installed
// browsers; Flatpak/Snap-only ones get a note with the fix instead.
func selectBrowsers(o Options, rep *Report) ([]string, error) {
	names := o.Browsers
	if len(names) == 0 || slices.Contains(names, "all") {
		if o.ManifestDir != "" {
			return nil, errors.New("--manifest-dir needs one --browser, not all")
		}
		names = nil
		for _, b := range detect(o.platform(), o.FS, o.LookPath) {
			if fix := SandboxFix(b); fix != "" && !b.Native {
				rep.Notes = append(rep.Notes, fix)
				continue
			}
			names = append(names, b.Name)
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("%w; name one with --browser (%s)", ErrNoBrowsers, strings.Join(All, ", "))
		}
		return names, nil
	}
	families := map[string]bool{}
	for _, n := range names {
		f, err := Family(n)
		if err != nil {
			return nil, err
		}
		families[f] = true
	}
	// One directory holds one dev.tearoff.host.json, and the two families
	// need different contents.
	if o.ManifestDir != "" && len(families) > 1 {
		return nil, errors.New("--manifest-dir cannot hold both a Chrome-family and a Firefox manifest")
	}
	// Keep All's order so Chrome's key is written before the fallbacks.
	return slices.DeleteFunc(slices.Clone(All), func(b string) bool { return !slices.Contains(names, b) }), nil
}

func installOne(o Options, browser string, st *state, rep *Report) error {
	loc, err := Locate(o.platform(), browser, o.System)
	if o.ManifestDir != "" {
		loc, err = Location{Dir: o.ManifestDir, File: joinPath(o.GOOS, o.ManifestDir, ManifestName)}, nil
	}
	if err != nil {
		return err
	}
	content, err := Manifest(browser, o.BinaryPath)
	if err != nil {
		return err
	}
	created, err := mkdirs(o.FS, o.GOOS, loc.Dir)
	for _, d := range created {
		st.record(Item{Browser: browser, Kind: KindDir, Path: d})
	}
	if err != nil {
		return err
	}
	fileItem := Item{Browser: browser, Kind: KindFile, Path: loc.File, SHA256: hash(content)}
	old, err := o.FS.ReadFile(loc.File)
	switch {
	case err == nil && bytes.Equal(old, content):
		rep.add(browser, "unchanged", loc.File, "")
	case err == nil && !st.has(fileItem):
		// Someone else's manifest with our host name; replacing it is what
		// the user asked for, but say so.
		rep.add(browser, "wrote", loc.File, "replaced a manifest tearoff did not write")
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("read %s: %w", loc.File, err)
	default:
		rep.add(browser, "wrote", loc.File, "")
	}
	if !bytes.Equal(old, content) {
		if err := o.FS.WriteFile(loc.File, content, 0o644); err != nil {
			return err
		}
	}
	st.record(fileItem)

	for i, key := range loc.RegKeys {
		if err := setKey(o, browser, key, loc.File, i > 0, st, rep); err != nil {
			return err
		}
	}
	return nil
}

// setKey writes key's default value. A fallback key (Brave's and Vivaldi's
// use of the Chrome key) is left alone when it already points elsewhere,
// e.g. at Chrome's own manifest: the contents are the same, and overwriting
// it would take it from its owner.
func setKey(o Options, browser string, key RegKey, file string, fallback bool, st *state, rep *Report) error {
	item := Item{Browser: browser, Kind: KindRegistry, Root: key.Root, Path: key.Path, Value: file}
	cur, err := o.Registry.Default(key)
	switch {
	case err == nil && cur == file:
		rep.add(browser, "unchanged", key.String(), "")
		st.record(item)
		return nil
	case err == nil && fallback:
		rep.add(browser, "skipped", key.String(), "Chrome fallback already set to "+cur)
		return nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("read %s: %w", key, err)
	}
	if err := o.Registry.SetDefault(key, file); err != nil {
		return err
	}
	why := ""
	if fallback {
		why = "Chrome key, read by " + browser + " as a fallback"
	}
	rep.add(browser, "wrote", key.String(), why)
	st.record(item)
	return nil
}

// Uninstall removes what Install recorded for the selected browsers (all
// recorded ones by default), and nothing else: a file or registry value
// that changed since install is left in place and reported as kept.
func Uninstall(opts Options) (Report, error) {
	var rep Report
	o, err := opts.withDefaults()
	if err != nil {
		return rep, err
	}
	st, err := loadState(o.FS, o.StateFile)
	if err != nil {
		return rep, err
	}
	all := len(o.Browsers) == 0 || slices.Contains(o.Browsers, "all")
	var keep []Item
	var errs []error
	// Newest first: registry values, then files, then the directories that
	// held them, innermost first.
	for i := len(st.Items) - 1; i >= 0; i-- {
		it := st.Items[i]
		if !all && !slices.Contains(o.Browsers, it.Browser) {
			keep = append(keep, it)
			continue
		}
		stay, err := removeItem(o, it, &rep)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", it.Browser, err))
		}
		if stay {
			keep = append(keep, it)
		}
	}
	slices.Reverse(keep)
	st.Items = keep
	if err := st.save(o.FS, o.GOOS, o.StateFile); err != nil {
		errs = append(errs, err)
	}
	if len(rep.Actions) == 0 {
		rep.Notes = append(rep.Notes, "nothing recorded to uninstall")
	}
	return rep, errors.Join(errs...)
}

// removeItem removes one recorded item; stay reports whether it should stay
// recorded (a failure, or a directory that is not empty yet).
func removeItem(o Options, it Item, rep *Report) (stay bool, err error) {
	switch it.Kind {
	case KindRegistry:
		cur, err := o.Registry.Default(it.key())
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.add(it.Browser, "gone", it.String(), "")
			return false, nil
		case err != nil:
			return true, err
		case cur != it.Value:
			rep.add(it.Browser, "kept", it.String(), "now points at "+cur)
			return false, nil
		}
		if err := o.Registry.DeleteKey(it.key()); err != nil {
			return true, err
		}
	case KindFile:
		data, err := o.FS.ReadFile(it.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.add(it.Browser, "gone", it.Path, "")
			return false, nil
		case err != nil:
			return true, fmt.Errorf("read %s: %w", it.Path, err)
		case hash(data) != it.SHA256:
			rep.add(it.Browser, "kept", it.Path, "changed since install")
			return false, nil
		}
		if err := o.FS.Remove(it.Path); err != nil {
			return true, fmt.Errorf("remove %s: %w", it.Path, err)
		}
	case KindDir:
		err := o.FS.Remove(it.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.add(it.Browser, "gone", it.Path, "")
			return false, nil
		case err != nil:
			// Not empty (other files, or another browser's manifest
			// directory still inside): keep it recorded for a later run.
			rep.add(it.Browser, "kept", it.Path, "not empty")
			return true, nil
		}
	default:
		return true, fmt.Errorf("unknown record kind %q", it.Kind)
	}
	rep.add(it.Browser, "removed", it.String(), "")
	return false, nil
}
