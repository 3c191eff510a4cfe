package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Which backend is chosen, and the reason given, with no keyring on the
// machine (no D-Bus, no pass binary).
func TestChoiceWithoutKeyring(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
	t.Setenv("PATH", t.TempDir())
	t.Setenv("XDG_DATA_HOME", "")
	tests := []struct {
		name    string
		cfg     Config
		oldDir  bool // a vault in the old default dir
		wantDir string
		why     []string
	}{
		{"fallback", Config{}, false, ".local/share/tearoff", append([]string{"no OS keyring answered", "migrate --to"}, platformOrder...)},
		{"old default dir kept", Config{}, true, ".config/tearoff/keyring", []string{"file vault already exists"}},
		{"forced by env", Config{Backend: BackendFile, backendFrom: SourceEnv}, false, ".local/share/tearoff", []string{"set by " + EnvBackend}},
		{"forced by file", Config{Backend: BackendFile, backendFrom: SourceFile}, true, ".config/tearoff/keyring", []string{"set in the config file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			t.Setenv("HOME", home)
			t.Setenv("XDG_CONFIG_HOME", "")
			if tt.oldDir {
				old := filepath.Join(home, ".config", "tearoff", "keyring")
				if err := os.MkdirAll(old, 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(old, identityFile), []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Open(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if s.Backend() != BackendFile || s.Location() != filepath.Join(home, tt.wantDir) {
				t.Errorf("chose %s at %s, want file at ~/%s", s.Backend(), s.Location(), tt.wantDir)
			}
			for _, w := range tt.why {
				if !strings.Contains(s.Why(), w) {
					t.Errorf("why %q does not mention %q", s.Why(), w)
				}
			}
		})
	}
}
