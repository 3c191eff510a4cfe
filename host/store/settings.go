package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// EnvConfigFile names another config file than the default
// <user config dir>/tearoff/config.toml.
const EnvConfigFile = "TEAROFF_CONFIG"

// Where a setting's value came from.
const (
	SourceDefault = "default"
	SourceFile    = "config file"
	SourceEnv     = "environment"
)

// ErrBadSetting is a config file that cannot be used, or a bad key or value
// given to SetSetting: a usage mistake (exit status 2, bad_request).
var ErrBadSetting error = &codedError{"bad setting", "bad_request"}

// BackendAuto in the backend setting means the platform's keyrings, then
// the encrypted file vault when none answers (the same as no setting).
const BackendAuto = "auto"

// Setting is one effective setting and where its value came from.
type Setting struct {
	Key    string
	Value  string
	Source string // SourceDefault, SourceFile or SourceEnv
	Env    string // the environment variable that overrides it, if any
}

// Settings is the layered configuration: defaults, then the config file,
// then the environment.
type Settings struct {
	Path   string // the config file
	Exists bool   // whether it exists
	Values []Setting
	Config Config // what Open uses
}

// setting describes one key of config.toml.
type setting struct {
	key   string
	env   string
	def   string
	isInt bool // keyring_timeout may be written as whole seconds
	// check validates a value and returns it normalised.
	check func(string) (string, error)
}

// settings is the list of keys config.toml accepts, in the order `tearoff
// config` prints them. The [sync] table is host/sync's: the git remote, and
// whether the native host syncs in the background (docs/sync.md).
var settings = []setting{
	{key: "backend", env: EnvBackend, def: BackendAuto, check: checkBackend},
	{key: "file_dir", env: EnvFileDir, check: checkFileDir}, // default: defaultFileDir
	{key: "collection", env: EnvCollection, def: DefaultCollection, check: checkNonEmpty},
	{key: "keyring_timeout", env: EnvTimeout, def: DefaultTimeout.String(), isInt: true, check: checkTimeout},
	{key: "sync.remote", def: "", check: func(s string) (string, error) { return s, nil }},
	{key: "sync.enabled", def: "false", check: checkBool},
}

func checkBackend(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == BackendAuto || slices.Contains(allBackends(), s) {
		return s, nil
	}
	return "", fmt.Errorf("unknown backend %q; use %s or one of %s", s, BackendAuto, strings.Join(allBackends(), ", "))
}

func checkFileDir(s string) (string, error) {
	p, err := expandHome(s)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("%q is not an absolute path (or one starting with ~/)", s)
	}
	return s, nil
}

func checkNonEmpty(s string) (string, error) {
	if strings.TrimSpace(s) == "" || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' }) {
		return "", fmt.Errorf("%q: want a non-empty name without control characters", s)
	}
	return s, nil
}

func checkTimeout(s string) (string, error) {
	d, err := parseTimeout(strings.TrimSpace(s))
	if err != nil {
		return "", fmt.Errorf("%q: %w", s, err)
	}
	return d.String(), nil
}

func checkBool(s string) (string, error) {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		return "", fmt.Errorf("%q: want true or false", s)
	}
	return strconv.FormatBool(b), nil
}

// expandHome turns a leading ~/ into the home directory, so that a config
// file can be copied between machines.
func expandHome(p string) (string, error) {
	rest, ok := strings.CutPrefix(p, "~/")
	if !ok {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("expanding %q: %w", p, err)
	}
	return filepath.Join(home, rest), nil
}

// ConfigPath is the config file: $TEAROFF_CONFIG, else
// <user config dir>/tearoff/config.toml (~/.config on Linux, ~/Library/
// Application Support on macOS, %AppData% on Windows).
func ConfigPath() (string, error) {
	if p := os.Getenv(EnvConfigFile); p != "" {
		return filepath.Abs(p)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the user config dir: %w", err)
	}
	return filepath.Join(dir, "tearoff", "config.toml"), nil
}

// readSettingsFile reads config.toml into key → normalised value. A missing
// file is no settings; an unknown key, a wrong type or a bad value is an
// error naming the file and the key.
func readSettingsFile(path string) (map[string]string, bool, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("%w: reading %s: %w", ErrBadSetting, path, err)
	}
	var doc map[string]any
	if err := toml.Unmarshal(raw, &doc); err != nil {
		return nil, true, fmt.Errorf("%w: %s: %w", ErrBadSetting, path, err)
	}
	flat := map[string]any{}
	for k, v := range doc {
		if table, ok := v.(map[string]any); ok {
			for sk, sv := range table {
				flat[k+"."+sk] = sv
			}
			continue
		}
		flat[k] = v
	}
	out := map[string]string{}
	for k, v := range flat {
		def, ok := lookupSetting(k)
		if !ok {
			return nil, true, fmt.Errorf("%s: %w", path, unknownKey(k))
		}
		s, err := tomlString(def, v)
		if err == nil {
			s, err = def.check(s)
		}
		if err != nil {
			return nil, true, fmt.Errorf("%w: %s: %s: %w", ErrBadSetting, path, k, err)
		}
		out[k] = s
	}
	return out, true, nil
}

// tomlString accepts the TOML types a key may hold.
func tomlString(def setting, v any) (string, error) {
	switch v := v.(type) {
	case string:
		if def.key == "sync.enabled" {
			return "", errors.New("want true or false, not a string")
		}
		return v, nil
	case bool:
		if def.key == "sync.enabled" {
			return strconv.FormatBool(v), nil
		}
	case int64:
		if def.isInt {
			return strconv.FormatInt(v, 10), nil
		}
	}
	return "", fmt.Errorf("a value of type %T is not accepted here", v)
}

func lookupSetting(key string) (setting, bool) {
	for _, s := range settings {
		if s.key == key {
			return s, true
		}
	}
	return setting{}, false
}

func settingKeys() []string {
	var keys []string
	for _, s := range settings {
		keys = append(keys, s.key)
	}
	return keys
}

// LoadSettings layers the defaults, the config file and the environment.
// A bad config file is an error; a bad environment value is reported by
// Open, as before.
func LoadSettings() (Settings, error) {
	path, err := ConfigPath()
	if err != nil {
		return Settings{}, err
	}
	file, exists, err := readSettingsFile(path)
	st := Settings{Path: path, Exists: exists, Config: ConfigFromEnv()}
	if err != nil {
		return st, err
	}
	for _, def := range settings {
		s := Setting{Key: def.key, Value: def.def, Source: SourceDefault, Env: def.env}
		if def.key == "file_dir" {
			s.Value, _ = defaultFileDir() // "" when there is no home at all
		}
		if v, ok := file[def.key]; ok {
			s.Value, s.Source = v, SourceFile
		}
		if def.env != "" && strings.TrimSpace(os.Getenv(def.env)) != "" {
			s.Value, s.Source = os.Getenv(def.env), SourceEnv
		}
		st.Values = append(st.Values, s)
		if s.Source == SourceFile {
			if err := st.Config.setFromFile(def.key, s.Value); err != nil {
				return st, err
			}
		}
	}
	if st.Config.Backend == BackendAuto {
		st.Config.Backend, st.Config.backendFrom = "", ""
	}
	return st, nil
}

// setFromFile applies one config-file value the environment left unset.
func (c *Config) setFromFile(key, value string) error {
	switch key {
	case "backend":
		c.Backend, c.backendFrom = value, SourceFile
	case "file_dir":
		p, err := expandHome(value)
		if err != nil {
			return err
		}
		c.FileDir = p
	case "collection":
		c.Collection = value
	case "keyring_timeout":
		d, err := parseTimeout(value)
		if err != nil {
			return err
		}
		c.Timeout = d
	}
	return nil
}

// LoadConfig is the layered Config for Open. A bad config file is kept in
// the Config and returned by Open, so that a caller such as the native
// host, which must still answer hello, has one place to report it.
func LoadConfig() Config {
	st, err := LoadSettings()
	if err != nil {
		st.Config.envErr = errors.Join(st.Config.envErr, err)
	}
	return st.Config
}

// Get returns the effective setting key.
func (s Settings) Get(key string) Setting {
	for _, v := range s.Values {
		if v.Key == key {
			return v
		}
	}
	return Setting{Key: key}
}
