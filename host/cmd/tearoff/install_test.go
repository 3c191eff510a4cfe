package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
)

func TestInstallDoctorUninstall(t *testing.T) {
	e := testbin.FileEnv(t)
	var cfgHome string
	for _, v := range e.Vars {
		if p, ok := strings.CutPrefix(v, "XDG_CONFIG_HOME="); ok {
			cfgHome = p
		}
	}
	real, err := filepath.EvalSymlinks(tearoffBin)
	if err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(cfgHome, "chromium", "NativeMessagingHosts", "dev.tearoff.host.json")
	profile := filepath.Join(t.TempDir(), "profile", "NativeMessagingHosts")

	e.Must("", "install", "--browser", "chromium")
	e.Must("", "install", "--browser", "firefox", "--manifest-dir", profile)
	for _, p := range []string{manifest, filepath.Join(profile, "dev.tearoff.host.json")} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("install wrote no manifest at %s: %v", p, err)
		}
		var m struct {
			Path string `json:"path"`
		}
		if err := json.Unmarshal(b, &m); err != nil || m.Path != real {
			t.Fatalf("manifest %s path = %q (%v); want the resolved binary %q", p, m.Path, err, real)
		}
	}
	if out := e.Must("", "doctor"); !strings.Contains(out, "chromium  ok") {
		t.Errorf("doctor after install printed:\n%s\nwant chromium ok", out)
	}

	e.Must("", "uninstall")
	for _, p := range []string{manifest, filepath.Join(profile, "dev.tearoff.host.json")} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("uninstall left %s (%v)", p, err)
		}
	}
}
