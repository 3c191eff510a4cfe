// Package testbin holds what the process-level tests of several packages
// share: the tearoff binary, built once per test process, and a fingerprint
// of a file-backend keyring dir that proves a refused operation wrote
// nothing. Only _test.go files import it.
package testbin

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// pkg is built by import path, so every caller gets the same binary
// whatever its working directory.
const pkg = "tearoff.dev/tearoff/host/cmd/tearoff"

var (
	once     sync.Once
	dir      string
	bin      string
	buildErr error
)

// Path builds host/cmd/tearoff on first use and returns the binary's path.
// A failed build is remembered: later calls return the same error.
func Path() (string, error) {
	once.Do(func() {
		dir, buildErr = os.MkdirTemp("", "tearoff-bin-")
		if buildErr != nil {
			return
		}
		bin = filepath.Join(dir, "tearoff")
		if out, err := exec.Command("go", "build", "-buildvcs=false", "-o", bin, pkg).CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
		}
	})
	return bin, buildErr
}

// Tearoff is Path for one test: a failed build fails the test.
func Tearoff(t testing.TB) string {
	t.Helper()
	p, err := Path()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Cleanup removes the built binary; TestMain calls it after m.Run.
func Cleanup() {
	if dir != "" {
		os.RemoveAll(dir)
	}
}

// HashDir fingerprints the name and content of every file under root (""
// for a root that does not exist yet), so a test can compare the vault
// byte for byte before and after an operation.
func HashDir(t testing.TB, root string) string {
	t.Helper()
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %x\n", p, sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatalf("hashing %s: %v", root, err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
