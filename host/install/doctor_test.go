package install

import (
	"errors"
	"strings"
	"testing"
)

func TestDoctor(t *testing.T) {
	errNoAnswer := errors.New("no answer")
	tests := []struct {
		name    string
		fx      osFixture
		install []string
		setup   func(*memFS, *memRegistry, osFixture)
		probe   error
		check   []string          // browsers to check
		want    map[string]string // browser -> "ok" or a substring of its problems
	}{
		{name: "installed and answering", fx: fixtures[0], install: []string{Chromium, Firefox},
			check: []string{Chromium, Firefox}, want: map[string]string{Chromium: "ok", Firefox: "ok"}},
		{name: "present without manifest", fx: fixtures[0],
			setup: func(m *memFS, _ *memRegistry, f osFixture) {
				writeFile(m, "/home/alice/.config/chromium/Local State", "{}")
			},
			check: []string{Chromium, Edge}, want: map[string]string{Chromium: "host not found", Edge: ""}},
		{name: "binary missing", fx: fixtures[0], install: []string{Chrome},
			setup: func(m *memFS, _ *memRegistry, f osFixture) { _ = m.Remove(f.binary) },
			check: []string{Chrome}, want: map[string]string{Chrome: "does not exist"}},
		{name: "binary not executable", fx: fixtures[1], install: []string{Edge},
			setup: func(m *memFS, _ *memRegistry, f osFixture) { m.nodes[f.binary].mode = 0o644 },
			check: []string{Edge}, want: map[string]string{Edge: "not an executable"}},
		{name: "does not answer", fx: fixtures[0], install: []string{Vivaldi}, probe: errNoAnswer,
			check: []string{Vivaldi}, want: map[string]string{Vivaldi: "no answer"}},
		{name: "other extension's manifest", fx: fixtures[0], install: []string{Chrome},
			setup: func(m *memFS, _ *memRegistry, f osFixture) {
				writeFile(m, "/home/alice/.config/google-chrome/NativeMessagingHosts/dev.tearoff.host.json",
					`{"name":"dev.tearoff.host","type":"stdio","path":"/home/alice/.local/bin/tearoff","allowed_origins":["chrome-extension://other/"]}`)
			},
			check: []string{Chrome}, want: map[string]string{Chrome: "does not allow"}},
		{name: "relative path", fx: fixtures[0], install: []string{Firefox},
			setup: func(m *memFS, _ *memRegistry, f osFixture) {
				writeFile(m, "/home/alice/.mozilla/native-messaging-hosts/dev.tearoff.host.json",
					`{"name":"dev.tearoff.host","type":"stdio","path":"tearoff","allowed_extensions":["tearoff@tearoff.dev"]}`)
			},
			check: []string{Firefox}, want: map[string]string{Firefox: "not absolute"}},
		{name: "flatpak only", fx: fixtures[0],
			setup: func(m *memFS, _ *memRegistry, f osFixture) {
				writeFile(m, "/home/alice/.var/app/org.mozilla.firefox/x", "")
			},
			check: []string{Firefox}, want: map[string]string{Firefox: "flatpak"}},
		{name: "system install seen from user mode", fx: fixtures[0],
			setup: func(m *memFS, r *memRegistry, f osFixture) {
				opts := f.options(m, r, Chromium)
				opts.System = true
				if _, err := Install(opts); err != nil {
					panic(err)
				}
			},
			check: []string{Chromium}, want: map[string]string{Chromium: "ok"}},
		{name: "windows via registry", fx: fixtures[2], install: []string{Brave, Firefox},
			check: []string{Brave, Firefox}, want: map[string]string{Brave: "ok", Firefox: "ok"}},
		{name: "windows key missing", fx: fixtures[2], install: []string{Edge},
			setup: func(m *memFS, r *memRegistry, _ osFixture) {
				clear(r.values)
				writeFile(m, `C:\Users\Alice Smith\AppData\Local\Microsoft\Edge\User Data\Local State`, "{}")
			},
			check: []string{Edge}, want: map[string]string{Edge: "is not set"}},
		{name: "windows forward slashes", fx: fixtures[2], install: []string{Chrome},
			setup: func(m *memFS, _ *memRegistry, f osFixture) {
				writeFile(m, `C:\Users\Alice Smith\AppData\Local\tearoff\chrome\dev.tearoff.host.json`,
					`{"name":"dev.tearoff.host","type":"stdio","path":"C:/Users/Alice Smith/AppData/Local/tearoff/tearoff.exe","allowed_origins":["chrome-extension://ilnhmhihgldhhcngjcehlcaknikjkmaj/"]}`)
			},
			check: []string{Chrome}, want: map[string]string{Chrome: "forward slashes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys, reg := newMemFS(tt.fx.goos, tt.fx.dirs...), newMemRegistry()
			writeFile(fsys, tt.fx.binary, "#!bin")
			fsys.nodes[tt.fx.binary].mode = 0o755
			opts := tt.fx.options(fsys, reg, tt.install...)
			if len(tt.install) > 0 {
				if _, err := Install(opts); err != nil {
					t.Fatal(err)
				}
			}
			if tt.setup != nil {
				tt.setup(fsys, reg, tt.fx)
			}
			var probed []string
			opts.Browsers = tt.check
			opts.Probe = func(bin string) error { probed = append(probed, bin); return tt.probe }
			got := Doctor(opts)
			if len(got) != len(tt.check) {
				t.Fatalf("%d statuses for %d browsers", len(got), len(tt.check))
			}
			for _, st := range got {
				want := tt.want[st.Browser]
				problems := strings.Join(st.Problems, "; ")
				switch {
				case want == "ok" && !st.OK():
					t.Errorf("%s: not ok: %+v", st.Browser, st)
				case want == "" && len(st.Problems) > 0:
					t.Errorf("%s: absent browser has problems: %s", st.Browser, problems)
				case want != "ok" && want != "" && !strings.Contains(problems, want):
					t.Errorf("%s: problems %q lack %q", st.Browser, problems, want)
				}
				if want != "ok" && want != "" && len(st.Fixes) == 0 {
					t.Errorf("%s: a problem without a fix: %+v", st.Browser, st)
				}
			}
			// Every browser here shares one binary: one probe is enough.
			if len(probed) > 1 {
				t.Errorf("probed %q: the same binary more than once", probed)
			}
		})
	}
}

func writeFile(m *memFS, name, data string) {
	newMemFSInto(m, parentDir(m.goos, name))
	if err := m.WriteFile(name, []byte(data), 0o644); err != nil {
		panic(err)
	}
}
