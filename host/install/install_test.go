package install

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// realOptions installs into a fresh temp home on the real file system.
func realOptions(t *testing.T, browsers ...string) (Options, string) {
	t.Helper()
	home := t.TempDir()
	return Options{Browsers: browsers, BinaryPath: "/opt/tearoff/bin/tearoff", GOOS: "linux", Home: home,
		StateFile: filepath.Join(home, ".config", "tearoff", "installed.json"),
		Registry:  SystemRegistry(), LookPath: noLookPath}, home
}

func ops(r Report) []string {
	var out []string
	for _, a := range r.Actions {
		out = append(out, a.Browser+" "+a.Op)
	}
	return out
}

func TestInstallRealFSRoundTrip(t *testing.T) {
	opts, home := realOptions(t, Chromium, Firefox)
	// The user's own file next to ours must survive uninstall, and so must
	// the chromium profile directory that existed before.
	chromeDir := filepath.Join(home, ".config", "chromium", "NativeMessagingHosts")
	if err := os.MkdirAll(chromeDir, 0o755); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(chromeDir, "org.other.host.json")
	if err := os.WriteFile(other, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}

	rep, err := Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ops(rep), []string{"chromium wrote", "firefox wrote"}; !slices.Equal(got, want) {
		t.Fatalf("install ops %v, want %v", got, want)
	}
	manifest := filepath.Join(chromeDir, ManifestName)
	info, err := os.Stat(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("manifest mode %v, want 0644 (browsers and other users must read it)", info.Mode().Perm())
	}
	var m parsedManifest
	data, _ := os.ReadFile(manifest)
	if err := json.Unmarshal(data, &m); err != nil || m.Path != opts.BinaryPath {
		t.Fatalf("manifest %s: path %q, err %v", data, m.Path, err)
	}

	// A re-run changes nothing.
	rep, err = Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ops(rep), []string{"chromium unchanged", "firefox unchanged"}; !slices.Equal(got, want) {
		t.Fatalf("re-run ops %v, want %v", got, want)
	}
	// A new binary path (upgrade to another prefix) rewrites in place.
	opts.BinaryPath = "/usr/local/bin/tearoff"
	if rep, err = Install(opts); err != nil || !slices.Equal(ops(rep), []string{"chromium wrote", "firefox wrote"}) {
		t.Fatalf("upgrade: ops %v, err %v", ops(rep), err)
	}

	_, err = Uninstall(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{manifest, filepath.Join(home, ".mozilla"), opts.StateFile} {
		if _, err := os.Stat(gone); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still there after uninstall (%v)", gone, err)
		}
	}
	for _, kept := range []string{other, chromeDir} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("uninstall removed %s, which install did not write: %v", kept, err)
		}
	}
}

func TestUninstallKeepsChangedManifest(t *testing.T) {
	opts, home := realOptions(t, Firefox)
	if _, err := Install(opts); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(home, ".mozilla", "native-messaging-hosts", ManifestName)
	if err := os.WriteFile(manifest, []byte(`{"edited":true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Uninstall(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(manifest); err != nil {
		t.Fatalf("uninstall removed an edited manifest: %v", err)
	}
	if !strings.Contains(rep.String(), "kept") {
		t.Errorf("report does not say the manifest was kept:\n%s", rep)
	}
	// The file's record is gone; the directories holding it stay recorded
	// (and in place) until they are empty.
	rep, err = Uninstall(opts)
	if err != nil || !slices.Equal(ops(rep), []string{"firefox kept", "firefox kept"}) {
		t.Fatalf("second uninstall: %v, %v", rep, err)
	}
	if _, err := os.Stat(manifest); err != nil {
		t.Fatal(err)
	}
}

func TestUninstallOneBrowser(t *testing.T) {
	opts, home := realOptions(t, Chrome, Firefox)
	if _, err := Install(opts); err != nil {
		t.Fatal(err)
	}
	opts.Browsers = []string{Firefox}
	if _, err := Uninstall(opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "google-chrome", "NativeMessagingHosts", ManifestName)); err != nil {
		t.Fatalf("uninstall --browser firefox removed chrome's manifest: %v", err)
	}
	opts.Browsers = nil
	if _, err := Uninstall(opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "google-chrome")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("directories install created are still there: %v", err)
	}
}

func TestInstallManifestDir(t *testing.T) {
	opts, _ := realOptions(t, Chromium)
	opts.ManifestDir = filepath.Join(t.TempDir(), "profile", "NativeMessagingHosts")
	if _, err := Install(opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(opts.ManifestDir, ManifestName)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(opts.Home, ".config", "chromium")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("--manifest-dir also wrote the normal location: %v", err)
	}
	if _, err := Uninstall(opts); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(opts.ManifestDir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("uninstall left the directories it created: %v", err)
	}
}

func TestInstallRefuses(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Options)
		want   string
	}{
		{"relative binary", func(o *Options) { o.BinaryPath = "tearoff" }, "must be absolute"},
		{"unknown browser", func(o *Options) { o.Browsers = []string{"netscape"} }, "unknown browser"},
		{"manifest dir with all", func(o *Options) { o.Browsers = []string{"all"}; o.ManifestDir = "/tmp/x" }, "needs one --browser"},
		{"manifest dir with both families", func(o *Options) { o.Browsers = []string{Chrome, Firefox}; o.ManifestDir = "/tmp/x" }, "cannot hold both"},
		{"all with no browser present", func(o *Options) { o.Browsers = []string{"all"} }, "no supported browser found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, home := realOptions(t, Chrome)
			tt.modify(&opts)
			_, err := Install(opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(home); len(entries) != 0 {
				t.Fatalf("a refused install wrote %v", entries)
			}
		})
	}
}

// "all" installs the native browsers found and only notes the sandboxed ones.
func TestInstallAllDetected(t *testing.T) {
	f := fixtures[0]
	fsys, reg := newMemFS(f.goos, append(f.dirs, "/home/alice/.config/chromium", "/home/alice/.var/app/com.brave.Browser")...), newMemRegistry()
	if err := fsys.WriteFile("/home/alice/.config/chromium/Local State", []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	opts := f.options(fsys, reg, "all")
	opts.LookPath = func(name string) (string, error) {
		if name == "firefox-esr" {
			return "/usr/bin/firefox-esr", nil
		}
		return noLookPath(name)
	}
	rep, err := Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ops(rep), []string{"chromium wrote", "firefox wrote"}; !slices.Equal(got, want) {
		t.Fatalf("ops %v, want %v", got, want)
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "Flatpak") {
		t.Fatalf("notes %q, want the Flatpak fix for brave", rep.Notes)
	}
}

// Brave and Vivaldi on Windows also write the Chrome key, unless it is
// already set (by Chrome's own install, or anyone else).
func TestWindowsChromeFallback(t *testing.T) {
	f := fixtures[2]
	chromeKey := `HKCU\Software\Google\Chrome\NativeMessagingHosts\dev.tearoff.host`
	braveFile := `C:\Users\Alice Smith\AppData\Local\tearoff\brave\dev.tearoff.host.json`
	chromeFile := `C:\Users\Alice Smith\AppData\Local\tearoff\chrome\dev.tearoff.host.json`

	fsys, reg := newMemFS(f.goos, f.dirs...), newMemRegistry()
	if _, err := Install(f.options(fsys, reg, Brave, Chrome)); err != nil {
		t.Fatal(err)
	}
	if got := reg.values[chromeKey]; got != chromeFile {
		t.Fatalf("Chrome key = %q, want Chrome's own manifest %q", got, chromeFile)
	}

	fsys, reg = newMemFS(f.goos, f.dirs...), newMemRegistry()
	opts := f.options(fsys, reg, Brave)
	if _, err := Install(opts); err != nil {
		t.Fatal(err)
	}
	if got := reg.values[chromeKey]; got != braveFile {
		t.Fatalf("Chrome key = %q, want the Brave fallback %q", got, braveFile)
	}
	// Chrome's real installer takes the key over; uninstall must leave it.
	reg.values[chromeKey] = `C:\elsewhere.json`
	if _, err := Uninstall(opts); err != nil {
		t.Fatal(err)
	}
	if got := reg.values[chromeKey]; got != `C:\elsewhere.json` {
		t.Fatalf("uninstall changed a key it no longer owned: %q", got)
	}
	if len(reg.values) != 1 {
		t.Fatalf("registry after uninstall: %v", reg.values)
	}
}

func TestWindowsForwardSlashesNormalised(t *testing.T) {
	f := fixtures[2]
	fsys, reg := newMemFS(f.goos, f.dirs...), newMemRegistry()
	opts := f.options(fsys, reg, Edge)
	opts.BinaryPath = "C:/Users/Alice Smith/AppData/Local/tearoff/tearoff.exe"
	if _, err := Install(opts); err != nil {
		t.Fatal(err)
	}
	data, err := fsys.ReadFile(`C:\Users\Alice Smith\AppData\Local\tearoff\edge\dev.tearoff.host.json`)
	if err != nil {
		t.Fatal(err)
	}
	var m parsedManifest
	if err := json.Unmarshal(data, &m); err != nil || m.Path != f.binary {
		t.Fatalf("path %q (err %v), want %q", m.Path, err, f.binary)
	}
}

func TestDamagedStateRefused(t *testing.T) {
	opts, _ := realOptions(t, Chrome)
	if err := os.MkdirAll(filepath.Dir(opts.StateFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(opts.StateFile, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Uninstall(opts); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("err = %v, want a damaged-record error", err)
	}
}
