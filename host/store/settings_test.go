package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadSettingsFile(t *testing.T) {
	tests := []struct {
		name, toml string
		want       map[string]string
		err        string // "" means no error
	}{
		{"empty", "", map[string]string{}, ""},
		{"all keys", "backend = \"file\"\nfile_dir = \"/v\"\ncollection = \"work\"\nkeyring_timeout = \"1m\"\n[sync]\nremote = \"x\"\nenabled = true\n",
			map[string]string{"backend": "file", "file_dir": "/v", "collection": "work", "keyring_timeout": "1m0s", "sync.remote": "x", "sync.enabled": "true"}, ""},
		{"timeout in seconds", "keyring_timeout = 30\n", map[string]string{"keyring_timeout": "30s"}, ""},
		{"unknown key", "colour = \"red\"\n", nil, `unknown key "colour"`},
		{"unknown sync key", "[sync]\nurl = \"x\"\n", nil, `unknown key "sync.url"`},
		{"bad backend", "backend = \"vault9000\"\n", nil, "unknown backend"},
		{"backend of wrong type", "backend = 3\n", nil, "backend: a value of type int64"},
		{"enabled as a string", "[sync]\nenabled = \"yes\"\n", nil, "want true or false"},
		{"negative timeout", "keyring_timeout = \"-1s\"\n", nil, "must be positive"},
		{"relative file_dir", "file_dir = \"v\"\n", nil, "not an absolute path"},
		{"not TOML", "backend = \n", nil, "config.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "config.toml")
			if err := os.WriteFile(p, []byte(tt.toml), 0o600); err != nil {
				t.Fatal(err)
			}
			got, _, err := readSettingsFile(p)
			if tt.err != "" {
				if !errors.Is(err, ErrBadSetting) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want ErrBadSetting mentioning %q", err, tt.err)
				}
				return
			}
			if err != nil || len(got) != len(tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// The environment overrides the file, the file the defaults, and each
// setting says where it came from.
func TestLoadSettingsLayers(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	t.Setenv(EnvConfigFile, p)
	t.Setenv(EnvBackend, "")
	t.Setenv(EnvFileDir, "")
	t.Setenv(EnvCollection, "envcoll")
	t.Setenv(EnvTimeout, "")
	if err := SetSetting(p, "collection", "filecoll"); err != nil {
		t.Fatal(err)
	}
	if err := SetSetting(p, "keyring_timeout", "42"); err != nil {
		t.Fatal(err)
	}
	if err := SetSetting(p, "backend", BackendAuto); err != nil {
		t.Fatal(err)
	}
	st, err := LoadSettings()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []Setting{
		{Key: "backend", Value: BackendAuto, Source: SourceFile},
		{Key: "collection", Value: "envcoll", Source: SourceEnv},
		{Key: "keyring_timeout", Value: "42s", Source: SourceFile},
		{Key: "sync.enabled", Value: "false", Source: SourceDefault},
	} {
		if got := st.Get(want.Key); got.Value != want.Value || got.Source != want.Source {
			t.Errorf("%s = %q from %s, want %q from %s", want.Key, got.Value, got.Source, want.Value, want.Source)
		}
	}
	if c := st.Config; c.Backend != "" || c.Collection != "envcoll" || c.Timeout != 42*time.Second {
		t.Errorf("Config = backend %q, collection %q, timeout %v", c.Backend, c.Collection, c.Timeout)
	}
	if err := UnsetSetting(p, "keyring_timeout"); err != nil {
		t.Fatal(err)
	}
	if st, _ := LoadSettings(); st.Get("keyring_timeout").Source != SourceDefault {
		t.Errorf("after unset, keyring_timeout comes from %s", st.Get("keyring_timeout").Source)
	}
}

// Open reports a broken config file instead of ignoring it.
func TestLoadConfigReportsBadFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	t.Setenv(EnvConfigFile, p)
	if err := os.WriteFile(p, []byte("backend = \"file\"\nbackned = \"x\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(LoadConfig())
	if !errors.Is(err, ErrBadSetting) || !strings.Contains(err.Error(), `"backned"`) {
		t.Fatalf("Open with a misspelt key: %v", err)
	}
}
