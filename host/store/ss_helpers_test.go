package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The Secret Service tests write to the session's real keyring, so they run
// only when TEAROFF_TEST_SECRET_SERVICE=1 says that keyring is throwaway
// (scripts/with-secret-service.sh sets it up and sets the variable).
func skipUnlessSecretService(t *testing.T) {
	t.Helper()
	if os.Getenv("TEAROFF_TEST_SECRET_SERVICE") != "1" {
		t.Skip("needs a throwaway Secret Service: run under scripts/with-secret-service.sh (sets TEAROFF_TEST_SECRET_SERVICE=1)")
	}
}

func ssConfig(t *testing.T) Config {
	t.Helper()
	return Config{
		Backend:    BackendSecretService,
		Collection: os.Getenv(EnvCollection),
		LockPath:   filepath.Join(t.TempDir(), "vault.lock"),
	}
}

// clearSecretService removes every tearoff item, so each test starts empty.
func clearSecretService(t *testing.T) {
	t.Helper()
	s, err := Open(ssConfig(t))
	if err != nil {
		t.Fatalf("Open secret-service: %v", err)
	}
	kr, err := s.backend.open()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range tearoffKeys(t, s, kr) {
		if err := s.remove(context.Background(), kr, k); err != nil {
			t.Fatalf("clearing %s: %v", k, err)
		}
	}
}

func tearoffKeys(t *testing.T, s *Store, kr Keyring) []string {
	t.Helper()
	keys, err := s.keys(context.Background(), kr)
	if err != nil {
		t.Fatalf("listing keys: %v", err)
	}
	var ours []string
	for _, k := range keys {
		if strings.HasPrefix(k, keyPrefix) {
			ours = append(ours, k)
		}
	}
	slices.Sort(ours)
	return ours
}
