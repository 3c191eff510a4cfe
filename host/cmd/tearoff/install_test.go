package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInstallDoctorUninstall(t *testing.T) {
	e := fileEnv(t)
	var cfgHome string
	for _, v := range e.vars {
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

	e.must("", "install", "--browser", "chromium")
	e.must("", "install", "--browser", "firefox", "--manifest-dir", profile)
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
	if out := e.must("", "doctor"); !strings.Contains(out, "chromium  ok") {
		t.Errorf("doctor after install printed:\n%s\nwant chromium ok", out)
	}

	e.must("", "uninstall")
	for _, p := range []string{manifest, filepath.Join(profile, "dev.tearoff.host.json")} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("uninstall left %s (%v)", p, err)
		}
	}
}
