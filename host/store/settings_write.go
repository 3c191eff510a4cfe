package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// SetSetting validates value for key and writes it into the config file at
// path, keeping the other settings. The file is replaced atomically: a
// reader sees the old file or the new one, never half of one. A bad key or
// value, or a config file that does not read, changes nothing.
func SetSetting(path, key, value string) error {
	if err := CheckSetting(key, value); err != nil {
		return err
	}
	def, _ := lookupSetting(key)
	v, _ := def.check(value)
	return editSettings(path, func(m map[string]string) { m[key] = v })
}

// UnsetSetting removes key from the config file, so that its default (or
// the environment) applies again.
func UnsetSetting(path, key string) error {
	if _, ok := lookupSetting(key); !ok {
		return unknownKey(key)
	}
	return editSettings(path, func(m map[string]string) { delete(m, key) })
}

func editSettings(path string, edit func(map[string]string)) error {
	m, _, err := readSettingsFile(path)
	if err != nil {
		return err
	}
	edit(m)
	raw, err := encodeSettings(m)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
	}
	if err := writeAtomic(path, raw, true); err != nil {
		return fmt.Errorf("saving the settings: %w", err)
	}
	return nil
}

// encodeSettings writes the settings back as TOML, top-level keys first
// and [sync] last, each value in the type readSettingsFile accepts.
func encodeSettings(m map[string]string) ([]byte, error) {
	doc := map[string]any{}
	for _, def := range settings {
		v, ok := m[def.key]
		if !ok {
			continue
		}
		var val any = v
		if def.key == "sync.enabled" {
			b, _ := strconv.ParseBool(v)
			val = b
		}
		table, leaf, nested := strings.Cut(def.key, ".")
		if !nested {
			doc[def.key] = val
			continue
		}
		sub, _ := doc[table].(map[string]any)
		if sub == nil {
			sub = map[string]any{}
			doc[table] = sub
		}
		sub[leaf] = val
	}
	var buf bytes.Buffer
	buf.WriteString("# Tearoff settings; `tearoff config` shows them, `tearoff config set KEY VALUE` changes one.\n")
	if err := toml.NewEncoder(&buf).Encode(doc); err != nil {
		return nil, fmt.Errorf("encoding the settings: %w", err)
	}
	return buf.Bytes(), nil
}

// CheckSetting validates value for key without writing anything.
func CheckSetting(key, value string) error {
	def, ok := lookupSetting(key)
	if !ok {
		return unknownKey(key)
	}
	if _, err := def.check(value); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrBadSetting, key, err)
	}
	return nil
}

func unknownKey(key string) error {
	return fmt.Errorf("%w: unknown key %q (known: %s)", ErrBadSetting, key, strings.Join(settingKeys(), ", "))
}
