package install

import (
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// osFixture is a fake machine: a home, an installed binary and the
// directories that exist before install.
type osFixture struct {
	goos, home, binary, state string
	dirs                      []string
}

var fixtures = []osFixture{
	{"linux", "/home/alice", "/home/alice/.local/bin/tearoff", "/home/alice/.config/tearoff/installed.json",
		[]string{"/home/alice/.config/tearoff", "/home/alice/.local/bin", "/etc/opt", "/usr/lib"}},
	{"darwin", "/Users/alice", "/Users/alice/.local/bin/tearoff", "/Users/alice/Library/Application Support/tearoff/installed.json",
		[]string{"/Users/alice/Library/Application Support/tearoff", "/Users/alice/.local/bin", "/Library/Application Support"}},
	// A space in the user name: the path must survive JSON and the registry.
	{"windows", `C:\Users\Alice Smith`, `C:\Users\Alice Smith\AppData\Local\tearoff\tearoff.exe`, `C:\Users\Alice Smith\AppData\Roaming\tearoff\installed.json`,
		[]string{`C:\Users\Alice Smith\AppData\Local\tearoff`, `C:\Users\Alice Smith\AppData\Roaming\tearoff`, `C:\ProgramData`}},
}

func (f osFixture) options(fsys FS, reg Registry, browsers ...string) Options {
	return Options{Browsers: browsers, BinaryPath: f.binary, GOOS: f.goos, Home: f.home, StateFile: f.state,
		Registry: reg, FS: fsys, LookPath: noLookPath, Probe: func(string) error { return nil }}
}

// golden is what one install wrote: testdata/golden/<os>-<browser>[-system].json.
type golden struct {
	Error       string                     `json:"error,omitempty"`
	DirsCreated []string                   `json:"dirs_created,omitempty"`
	Manifests   map[string]json.RawMessage `json:"manifests,omitempty"`
	Registry    map[string]string          `json:"registry,omitempty"`
}

// TestGolden installs every browser on every OS, user and system, into a
// fake machine, compares what was written with the golden file, then
// uninstalls and checks the machine is exactly as before.
func TestGolden(t *testing.T) {
	for _, f := range fixtures {
		for _, browser := range All {
			for _, system := range []bool{false, true} {
				name := f.goos + "-" + browser
				if system {
					name += "-system"
				}
				t.Run(name, func(t *testing.T) {
					fsys, reg := newMemFS(f.goos, f.dirs...), newMemRegistry()
					before := fsys.snapshot()
					opts := f.options(fsys, reg, browser)
					opts.System = system

					var got golden
					if _, err := Install(opts); err != nil {
						got.Error = err.Error()
					}
					after := fsys.snapshot()
					for p, v := range after {
						if _, ok := before[p]; ok || p == f.state {
							continue
						}
						if v == "<dir>" {
							got.DirsCreated = append(got.DirsCreated, p)
							continue
						}
						if got.Manifests == nil {
							got.Manifests = map[string]json.RawMessage{}
						}
						got.Manifests[p] = json.RawMessage(v)
					}
					slices.Sort(got.DirsCreated)
					if len(reg.values) > 0 {
						got.Registry = reg.snapshot()
					}
					compareGolden(t, name, got)

					if _, err := Uninstall(opts); err != nil {
						t.Fatalf("uninstall: %v", err)
					}
					if left := fsys.snapshot(); !maps.Equal(left, before) {
						t.Errorf("uninstall left the file system changed:\nbefore %v\nafter  %v", before, left)
					}
					if len(reg.values) != 0 {
						t.Errorf("uninstall left registry values %v", reg.values)
					}
				})
			}
		}
	}
}

func compareGolden(t *testing.T, name string, got golden) {
	t.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	file := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("%s differs from golden (go test -update rewrites it):\n got %s\nwant %s", file, data, want)
	}
}
