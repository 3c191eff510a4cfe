package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/vault"
)

const (
	helperEnv   = "TEAROFF_STORE_TEST_HELPER"
	helperProcs = 8
)

// helperUpdates is how many Updates each helper process makes: 8 x 25
// normally. gnome-keyring rewrites its keyring file on every item change, and
// the race detector slows the file backend's PBKDF2 about tenfold, so those
// runs do fewer rounds (still dozens of contended updates).
func helperUpdates(backend string) int {
	switch {
	case raceEnabled:
		return 5
	case backend == BackendSecretService:
		return 10
	}
	return 25
}

// TestHelperProcess is not a test: TestMultiProcessUpdates runs the test
// binary as N separate processes. Each imports its own account, then
// renames it step by step, p<i>-0, p<i>-1, ...: every step first checks
// that the previous step is still there, so a lost update fails at once.
// Events are compacted so the vault stays a few chunks long.
func TestHelperProcess(t *testing.T) {
	id := os.Getenv(helperEnv)
	if id == "" {
		t.Skip("helper for TestMultiProcessUpdates; runs only as a child process")
	}
	s, err := Open(ConfigFromEnv())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	c := vault.SystemClock()
	label := func(j int) string { return fmt.Sprintf("p%s-%d", id, j) }
	for j := range helperUpdates(os.Getenv(EnvBackend)) {
		err := s.Update(context.Background(), func(v *vault.Vault) error {
			if j == 0 {
				_, _, err := v.Import("example.com", label(0), []string{"code-" + id}, false, c)
				return err
			}
			acc, err := v.Find("example.com", label(j-1))
			if err != nil {
				return fmt.Errorf("step %d was lost: %w", j-1, err)
			}
			_, err = v.Rename(acc.ID, label(j), c)
			v.Compact(3)
			return err
		})
		if err != nil {
			t.Fatalf("Update %d: %v", j, err)
		}
	}
}

func TestMultiProcessUpdates(t *testing.T) { multiProcessUpdates(t, BackendFile) }

// The same against a real Secret Service (scripts/with-secret-service.sh).
func TestMultiProcessUpdatesSecretService(t *testing.T) {
	skipUnlessSecretService(t)
	multiProcessUpdates(t, BackendSecretService)
}

// multiProcessUpdates runs helperProcs processes that each update the vault
// helperUpdates times through one backend, and checks no update was lost.
//
// No process is told where the lock is, and half of them have another
// config dir: the lock must follow the vault, not the process's settings.
func multiProcessUpdates(t *testing.T, backend string) {
	dir := t.TempDir()
	cfg := Config{
		Backend:          backend,
		FileDir:          filepath.Join(dir, "keyring"),
		Passphrase:       func() (string, error) { return "race", nil },
		ScryptWorkFactor: MinScryptWorkFactor,
	}
	if backend == BackendSecretService {
		clearSecretService(t)
	}
	env := append(os.Environ(),
		EnvBackend+"="+backend,
		EnvFileDir+"="+cfg.FileDir,
		EnvPassphrase+"=race",
		EnvScryptWorkFactor+"=10",
		// The test is about lost updates, not waiting: a race-enabled
		// build queues 8 processes for far longer than the default.
		EnvTimeout+"=5m",
	)
	env = slices.DeleteFunc(env, func(e string) bool { return strings.HasPrefix(e, EnvLockFile+"=") })
	if backend == BackendFile {
		env = append(env, "DBUS_SESSION_BUS_ADDRESS=disabled:")
	}
	var wg sync.WaitGroup
	errs := make([]error, helperProcs)
	outs := make([][]byte, helperProcs)
	for i := range helperProcs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		// A fresh slice each: append could share env's spare capacity.
		configDir := filepath.Join(dir, "config-"+strconv.Itoa(i%2))
		cmd.Env = slices.Concat(env, []string{helperEnv + "=" + strconv.Itoa(i), "XDG_CONFIG_HOME=" + configDir})
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("helper %d: %v\n%s", i, err, outs[i])
		}
	}
	s, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.View(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	last := helperUpdates(backend) - 1
	var labels []string
	for _, a := range v.Accounts {
		labels = append(labels, a.Label)
	}
	slices.Sort(labels)
	var want []string
	for i := range helperProcs {
		want = append(want, fmt.Sprintf("p%d-%d", i, last))
	}
	if !slices.Equal(labels, want) {
		t.Fatalf("accounts %v, want %v: updates were lost", labels, want)
	}
}

func TestLockWaitIsBounded(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "vault.lock")
	ctx := context.Background()
	s := fakeStore(t, newFake(), 100*time.Millisecond)
	s.lock = path

	// Another holder of the exclusive lock blocks both readers and writers.
	release, err := lockVault(ctx, path, true, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("lock dir mode = %v, %v; want 0700", st.Mode().Perm(), err)
	}
	err = s.Update(ctx, addAccount)
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "vault lock") {
		t.Errorf("Update while locked: %v, want ErrTimeout naming the vault lock", err)
	}
	if _, err := s.View(ctx); !errors.Is(err, ErrTimeout) {
		t.Errorf("View while exclusively locked: %v, want ErrTimeout", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.View(cctx); !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("View with a cancelled context: %v, want context.Canceled", err)
	}
	release()

	// A shared holder lets readers in and keeps writers out.
	release, err = lockVault(ctx, path, false, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if _, err := s.View(ctx); err != nil {
		t.Errorf("View beside another reader: %v", err)
	}
	if err := s.Update(ctx, addAccount); !errors.Is(err, ErrTimeout) {
		t.Errorf("Update beside a reader: %v, want ErrTimeout", err)
	}
}

// A write abandoned by a timeout may still land, so the process keeps the
// vault lock until it has ended: another process can neither read nor
// write in between, and gets the lock once the write is over.
func TestAbandonedWriteKeepsTheLock(t *testing.T) {
	kr, _ := seeded(t)
	lock := filepath.Join(t.TempDir(), "vault.lock")
	slow := fakeStoreAt(t, kr, lock, 100*time.Millisecond)
	slow.logf = t.Logf
	kr.blockSet = make(chan struct{})
	if err := slow.Update(context.Background(), addAccount); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Update with a hung write: %v, want ErrTimeout", err)
	}
	other := fakeStoreAt(t, kr, lock, 100*time.Millisecond)
	if _, err := other.View(context.Background()); !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "vault lock") {
		t.Fatalf("View while a write is still under way: %v, want the vault lock to be held", err)
	}
	close(kr.blockSet)
	slow.Close() // returns once the abandoned write has ended
	patient := fakeStoreAt(t, kr, lock, 10*time.Second)
	v, err := patient.View(context.Background())
	if err != nil {
		t.Fatalf("View after the write ended: %v", err)
	}
	if n := len(v.Accounts); n != 2 && n != 3 {
		t.Fatalf("accounts = %d, want the old 2 or the new 3", n)
	}
}
