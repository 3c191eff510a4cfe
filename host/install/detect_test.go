package install

import (
	"slices"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name  string
		goos  string
		home  string
		files []string          // files that exist (their directories too)
		path  map[string]string // program -> LookPath result
		want  []Browser
	}{
		{name: "nothing", goos: "linux", home: "/home/a"},
		{name: "linux profiles and PATH", goos: "linux", home: "/home/a",
			files: []string{"/home/a/.config/google-chrome/Local State", "/home/a/.mozilla/firefox/profiles.ini"},
			path:  map[string]string{"chromium": "/usr/bin/chromium"},
			want:  []Browser{{Name: Chrome, Native: true}, {Name: Chromium, Native: true}, {Name: Firefox, Native: true}}},
		{name: "install's own directory is not a browser", goos: "linux", home: "/home/a",
			files: []string{"/home/a/.config/microsoft-edge/NativeMessagingHosts/dev.tearoff.host.json"}},
		{name: "flatpak and snap", goos: "linux", home: "/home/a",
			files: []string{"/home/a/.var/app/org.mozilla.firefox/x", "/var/lib/flatpak/app/com.brave.Browser/x"},
			path:  map[string]string{"chromium": "/snap/bin/chromium"},
			want:  []Browser{{Name: Chromium, Snap: "chromium"}, {Name: Brave, Flatpak: "com.brave.Browser"}, {Name: Firefox, Flatpak: "org.mozilla.firefox"}}},
		{name: "native and flatpak", goos: "linux", home: "/home/a",
			files: []string{"/home/a/.var/app/org.chromium.Chromium/x"}, path: map[string]string{"chromium": "/usr/bin/chromium"},
			want: []Browser{{Name: Chromium, Native: true, Flatpak: "org.chromium.Chromium"}}},
		{name: "darwin apps and profiles", goos: "darwin", home: "/Users/a",
			files: []string{"/Applications/Brave Browser.app/x", "/Users/a/Library/Application Support/Vivaldi/Local State"},
			want:  []Browser{{Name: Brave, Native: true}, {Name: Vivaldi, Native: true}}},
		{name: "windows profiles", goos: "windows", home: `C:\Users\a`,
			files: []string{`C:\Users\a\AppData\Local\Microsoft\Edge\User Data\Local State`, `C:\Users\a\AppData\Roaming\Mozilla\Firefox\profiles.ini`},
			want:  []Browser{{Name: Edge, Native: true}, {Name: Firefox, Native: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := newMemFS(tt.goos, tt.home)
			for _, f := range tt.files {
				newMemFSInto(fsys, parentDir(tt.goos, f))
				if err := fsys.WriteFile(f, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			look := func(name string) (string, error) {
				if p, ok := tt.path[name]; ok {
					return p, nil
				}
				return noLookPath(name)
			}
			got := detect(Platform{GOOS: tt.goos, Home: tt.home}, fsys, look)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("detect = %+v\nwant     %+v", got, tt.want)
			}
		})
	}
}

// newMemFSInto creates dir and its parents in an existing memFS.
func newMemFSInto(m *memFS, dir string) {
	for k, v := range newMemFS(m.goos, dir).nodes {
		if _, ok := m.nodes[k]; !ok {
			m.nodes[k] = v
		}
	}
}

func TestSandboxFix(t *testing.T) {
	tests := []struct {
		b    Browser
		want []string
	}{
		{Browser{Name: Firefox, Native: true}, nil},
		{Browser{Name: Chromium, Flatpak: "org.chromium.Chromium"}, []string{"Flatpak", "cannot start programs outside its sandbox", "flatpak-spawn"}},
		{Browser{Name: Chromium, Snap: "chromium"}, []string{"Snap", "~/snap/chromium/common/", "Debian package"}},
	}
	for _, tt := range tests {
		got := SandboxFix(tt.b)
		if (got == "") != (tt.want == nil) {
			t.Fatalf("SandboxFix(%+v) = %q", tt.b, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("SandboxFix(%+v) lacks %q: %s", tt.b, w, got)
			}
		}
		if tt.b.Sandboxed() == tt.b.Native {
			t.Errorf("Sandboxed(%+v) = %v", tt.b, tt.b.Sandboxed())
		}
	}
}
