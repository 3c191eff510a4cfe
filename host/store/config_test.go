package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		check   func(Config) error
		wantErr string // from withDefaults
	}{
		{"defaults", nil, func(c Config) error {
			if c.Backend != "" || c.Passphrase != nil || c.Timeout != DefaultTimeout || c.Collection != "login" {
				return fmt.Errorf("%+v", c)
			}
			return nil
		}, ""},
		{"all set", map[string]string{
			EnvBackend: " file ", EnvFileDir: "/x/keys", EnvPassphrase: "s3cret",
			EnvCollection: "work", EnvTimeout: "2s", EnvLockFile: "/x/lock",
		}, func(c Config) error {
			p, err := c.Passphrase()
			if c.Backend != "file" || c.FileDir != "/x/keys" || p != "s3cret" || err != nil ||
				c.Collection != "work" || c.Timeout != 2*time.Second || c.LockPath != "/x/lock" {
				return fmt.Errorf("%+v", c)
			}
			return nil
		}, ""},
		{"timeout in seconds", map[string]string{EnvTimeout: "30"}, func(c Config) error {
			if c.Timeout != 30*time.Second {
				return fmt.Errorf("timeout %s", c.Timeout)
			}
			return nil
		}, ""},
		{"empty passphrase is none", map[string]string{EnvPassphrase: ""}, func(c Config) error {
			if c.Passphrase != nil {
				return errors.New("an empty passphrase was accepted")
			}
			return nil
		}, ""},
		{"bad timeout", map[string]string{EnvTimeout: "soon"}, nil, EnvTimeout},
		{"negative timeout", map[string]string{EnvTimeout: "-1s"}, nil, "positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{EnvBackend, EnvFileDir, EnvPassphrase, EnvCollection, EnvTimeout, EnvLockFile} {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			t.Setenv("XDG_CONFIG_HOME", t.TempDir())
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, err := ConfigFromEnv().withDefaults()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.check(c); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestLockPathFollowsTheVault(t *testing.T) {
	run := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", run)
	ss := func(collection string) *backend {
		return &backend{name: BackendSecretService, location: location(Config{Collection: collection}, BackendSecretService)}
	}
	file := &backend{name: BackendFile, location: "/v/keyring"}
	tests := []struct {
		name string
		cfg  Config
		b    *backend
		want string // "" compares with the login collection's lock
	}{
		{"file: beside its items", Config{}, file, "/v/keyring/tearoff.lock"},
		{"override", Config{LockPath: "/x/l.lock"}, file, "/x/l.lock"},
		{"secret service: same whatever the config dir", Config{FileDir: "/elsewhere"}, ss("login"), ""},
	}
	login, err := lockPath(Config{}, ss("login"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(login, filepath.Join(run, "tearoff")+string(filepath.Separator)) {
		t.Errorf("secret service lock %s is not in the runtime dir %s", login, run)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_CONFIG_HOME", t.TempDir())
			got, err := lockPath(tt.cfg, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == "" {
				want = login
			}
			if got != want {
				t.Errorf("lock %s, want %s", got, want)
			}
		})
	}
	other, err := lockPath(Config{}, ss("work"))
	if err != nil {
		t.Fatal(err)
	}
	if other == login {
		t.Errorf("collections login and work share the lock %s", login)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		raw  error
		want error
	}{
		{ErrKeyNotFound, ErrKeyNotFound},
		{errors.New("Cannot get secret of a locked object"), ErrLocked},
		{errors.New("Cannot create an item in a locked collection"), ErrLocked},
		{errors.New("Cannot delete a locked item"), ErrLocked},
		{errors.New("User interaction is not allowed."), ErrLocked},
		{errors.New("aes.KeyUnwrap(): integrity check failed."), ErrBadPassphrase},
		{errors.New(`Object does not exist at path "/"`), ErrKeyring},
		{errors.New("jwt.DecodeBytes() expects token of 3 or 5 parts, but was given: 1 parts"), ErrKeyring},
		{fmt.Errorf("already classified: %w", ErrTimeout), ErrTimeout},
	}
	for _, tt := range tests {
		got := classify("fake", "get", "k", tt.raw)
		if !errors.Is(got, tt.want) {
			t.Errorf("classify(%q) = %v, want %v", tt.raw, got, tt.want)
		}
		if !errors.Is(got, tt.raw) {
			t.Errorf("classify(%q) = %v lost the cause", tt.raw, got)
		}
	}
}

// host/service maps errors to protocol codes through ErrorCode.
func TestErrorCodes(t *testing.T) {
	for err, code := range map[error]string{
		ErrLocked: "locked", ErrNoBackend: "no_backend", ErrTimeout: "keyring",
		ErrBadPassphrase: "bad_passphrase", ErrKeyring: "keyring",
	} {
		var c interface{ ErrorCode() string }
		if !errors.As(fmt.Errorf("wrapped: %w", err), &c) || c.ErrorCode() != code {
			t.Errorf("%v: code %v, want %q", err, c, code)
		}
	}
}
