package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"tearoff.dev/tearoff/host/internal/testbin"
	"tearoff.dev/tearoff/host/internal/testkit"
)

// crashRounds is how many processes of each kind (take, import, a native
// host doing reserve then consume) the crash test kills at a random moment.
const crashRounds = 70

const chromeCaller = "chrome-extension://ilnhmhihgldhhcngjcehlcaknikjkmaj/"

func TestCrashFileBackend(t *testing.T) {
	e := testbin.FileEnv(t)
	c := newCrashWorld(t, e, "crash")
	c.randomKills()
	c.injectedKills()
}

// TestCrashSecretService kills processes at random moments against a real
// gnome-keyring (scripts/with-secret-service.sh sets the variable).
func TestCrashSecretService(t *testing.T) {
	e := testbin.SecretServiceEnv(t)
	c := newCrashWorld(t, e, fmt.Sprintf("crash-%d", time.Now().UnixNano()))
	t.Cleanup(c.removeAccounts)
	c.randomKills()
}

// crashWorld tracks what the vault must still show after any kill: every
// account that was ever seen, with all 16 of its codes; every code that
// was handed out (printed by take, or returned by reserve) never unused
// again and never handed out twice; every used code still used.
type crashWorld struct {
	t       *testing.T
	e       *testbin.Env
	prefix  string // account labels of this test
	rng     *rand.Rand
	imports int

	accounts map[string]string // label -> account id, once seen
	handed   map[string]int    // code -> times handed out
	used     map[string]bool   // codes seen used
}

func newCrashWorld(t *testing.T, e *testbin.Env, prefix string) *crashWorld {
	seed := uint64(time.Now().UnixNano())
	t.Logf("crash test seed %d", seed)
	c := &crashWorld{t: t, e: e, prefix: prefix, rng: rand.New(rand.NewPCG(seed, seed>>1)),
		accounts: map[string]string{}, handed: map[string]int{}, used: map[string]bool{}}
	for range 3 {
		c.e.Must("", c.importArgs()...)
	}
	c.check("set-up")
	return c
}

// importArgs imports a fresh account of 16 codes no other account holds.
func (c *crashWorld) importArgs() []string {
	c.imports++
	codes := make([]string, 16)
	for i := range codes {
		codes[i] = fmt.Sprintf("%05x-%05x", 0x10000+c.imports, 0x20000+i)
	}
	file := filepath.Join(c.t.TempDir(), "github-recovery-codes.txt")
	if err := os.WriteFile(file, []byte(strings.Join(codes, "\n")+"\n"), 0o600); err != nil {
		c.t.Fatal(err)
	}
	return []string{"import", "--site", "github", "--account", fmt.Sprintf("%s-%d", c.prefix, c.imports), file}
}

// anAccount picks an account of this test that still has unused codes.
func (c *crashWorld) anAccount() (label, id string) {
	var labels []string
	for _, a := range c.mine() {
		if a.Remaining > 0 {
			labels = append(labels, a.Account)
		}
	}
	if len(labels) == 0 {
		c.e.Must("", c.importArgs()...)
		return c.anAccount()
	}
	slices.Sort(labels)
	label = labels[c.rng.IntN(len(labels))]
	return label, c.accounts[label]
}

func (c *crashWorld) mine() []testkit.ListEntry {
	var out []testkit.ListEntry
	for _, a := range c.e.List("--reveal") {
		if strings.HasPrefix(a.Account, c.prefix+"-") {
			out = append(out, a)
		}
	}
	return out
}

// op is one process the test starts and may kill. start returns the
// running command and a function that collects what it handed out.
type op struct {
	name  string
	start func() (*exec.Cmd, func() []string)
}

func (c *crashWorld) ops() []op {
	take := op{"take", func() (*exec.Cmd, func() []string) {
		label, _ := c.anAccount()
		cmd, out, _ := c.e.Command("", "take", "--site", "github", "--account", label)
		c.mustStart(cmd)
		return cmd, func() []string { return strings.Fields(out.String()) }
	}}
	imp := op{"import", func() (*exec.Cmd, func() []string) {
		cmd, _, _ := c.e.Command("", c.importArgs()...)
		c.mustStart(cmd)
		return cmd, func() []string { return nil }
	}}
	host := op{"host reserve+consume", func() (*exec.Cmd, func() []string) { return c.startHost() }}
	return []op{take, imp, host}
}

func (c *crashWorld) mustStart(cmd *exec.Cmd) {
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
}

// startHost runs the native host as Chromium would and, as a page would,
// reserves a code and then consumes it, one frame after the other.
func (c *crashWorld) startHost() (*exec.Cmd, func() []string) {
	_, id := c.anAccount()
	cmd := exec.Command(tearoffBin, chromeCaller)
	cmd.Env = c.e.Vars
	testbin.Detach(cmd)
	in, err := cmd.StdinPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	c.mustStart(cmd)
	got := make(chan string, 1)
	go func() {
		defer close(got)
		defer in.Close()
		r := bufio.NewReader(outPipe)
		url := "https://github.com/sessions/two-factor/recovery"
		var res struct {
			CodeID string `json:"code_id"`
			Code   string `json:"code"`
		}
		if !hostCall(in, r, map[string]any{"id": "1", "type": "reserve", "account": id, "url": url}, &res) || res.Code == "" {
			return
		}
		got <- res.Code
		hostCall(in, r, map[string]any{"id": "2", "type": "consume", "code_id": res.CodeID, "url": url}, nil)
	}()
	return cmd, func() []string {
		if code, ok := <-got; ok {
			return []string{code}
		}
		return nil
	}
}

// hostCall writes one frame and reads one reply; false when the host is
// gone or refused.
func hostCall(w io.Writer, r io.Reader, msg any, result any) bool {
	body, _ := json.Marshal(msg)
	if _, err := w.Write(testkit.Frame(string(body))); err != nil {
		return false
	}
	var n uint32
	if binary.Read(r, binary.LittleEndian, &n) != nil {
		return false
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return false
	}
	var rep testkit.Reply
	if json.Unmarshal(buf, &rep) != nil || !rep.OK {
		return false
	}
	return result == nil || json.Unmarshal(rep.Result, result) == nil
}

// randomKills runs each kind of process to the end a few times to learn
// how long it takes, then crashRounds times killed at a random moment
// within that time, checking the vault after every kill.
func (c *crashWorld) randomKills() {
	for _, o := range c.ops() {
		var took []time.Duration
		for range 3 {
			start := time.Now()
			cmd, collect := o.start()
			_ = cmd.Wait()
			took = append(took, time.Since(start))
			c.record(collect())
		}
		slices.Sort(took)
		span := took[1] + took[1]/5
		killed := 0
		for i := range crashRounds {
			cmd, collect := o.start()
			timer := time.AfterFunc(time.Duration(c.rng.Int64N(int64(span))), func() { _ = cmd.Process.Kill() })
			err := cmd.Wait()
			timer.Stop()
			if err != nil {
				killed++
			}
			c.record(collect())
			c.check(fmt.Sprintf("%s round %d", o.name, i))
		}
		c.t.Logf("%s: %d of %d processes were killed before they ended (typical run %s)", o.name, killed, crashRounds, took[1])
		if killed == 0 {
			c.t.Errorf("%s: no process was killed; the kill times missed every run", o.name)
		}
	}
}

// injectedKills kills take and import at each of their first file writes
// and renames in turn (strace's fault injection), the head's included:
// every point at which a commit can be cut short.
func (c *crashWorld) injectedKills() {
	if _, err := exec.LookPath("strace"); err != nil {
		if os.Getenv("CI") != "" {
			c.t.Fatal("strace is missing: scripts/test.sh installs it")
		}
		c.t.Skip("strace is not installed")
	}
	// Go renames with renameat; each write of an item is one write(2).
	killed := 0
	for _, syscall := range []string{"write", "renameat", "fsync"} {
		for when := 1; when <= 4; when++ {
			for _, name := range []string{"take", "import"} {
				args := append([]string{"-f", "-o", "/dev/null", "-e", "trace=" + syscall,
					"-e", fmt.Sprintf("inject=%s:signal=KILL:when=%d", syscall, when), tearoffBin}, c.freshArgs(name)...)
				traced := exec.Command("strace", args...)
				traced.Env = c.e.Vars
				out, err := traced.Output()
				// strace dies of the tracee's SIGKILL, or exits 128+9.
				st := traced.ProcessState
				wasKilled := st != nil && (st.ExitCode() == 128+9 || strings.Contains(st.String(), "signal: killed"))
				if when == 1 && !wasKilled {
					c.t.Errorf("%s was not killed at its first %s (strace: %v): the injection missed", name, syscall, err)
				}
				if wasKilled {
					killed++
				}
				if name == "take" {
					c.record(strings.Fields(string(out)))
				}
				c.check(fmt.Sprintf("%s killed at %s #%d", name, syscall, when))
			}
		}
	}
	c.t.Logf("injected kills: %d of %d runs were killed at the chosen syscall", killed, 3*4*2)
}

// freshArgs gives a new argument list for a take or an import.
func (c *crashWorld) freshArgs(name string) []string {
	if name == "import" {
		return c.importArgs()
	}
	label, _ := c.anAccount()
	return []string{"take", "--site", "github", "--account", label}
}

func (c *crashWorld) record(handed []string) {
	for _, code := range handed {
		c.handed[code]++
	}
}

// check asserts the invariants after a kill.
func (c *crashWorld) check(when string) {
	c.t.Helper()
	r := c.e.Run("", "list", "--json", "--reveal")
	if r.Code != 0 {
		c.t.Fatalf("after %s the vault does not read: exit %d, %s", when, r.Code, r.Stderr)
	}
	var all []testkit.ListEntry
	if err := json.Unmarshal([]byte(r.Stdout), &all); err != nil {
		c.t.Fatal(err)
	}
	seen := map[string]bool{}
	state := map[string]string{}
	for _, a := range all {
		if !strings.HasPrefix(a.Account, c.prefix+"-") {
			continue
		}
		seen[a.Account] = true
		if c.accounts[a.Account] == "" {
			c.accounts[a.Account] = a.ID
		}
		if len(a.Codes) != 16 {
			c.t.Fatalf("after %s account %s holds %d codes, want 16", when, a.Account, len(a.Codes))
		}
		for _, code := range a.Codes {
			state[code.Code] = code.State
		}
	}
	for label := range c.accounts {
		if !seen[label] {
			c.t.Fatalf("after %s account %s is gone", when, label)
		}
	}
	for code, n := range c.handed {
		if n > 1 {
			c.t.Fatalf("after %s code %s was handed out %d times", when, code, n)
		}
		if state[code] == "unused" {
			c.t.Fatalf("after %s code %s was handed out but is unused again", when, code)
		}
	}
	for code := range c.used {
		if state[code] != "used" {
			c.t.Fatalf("after %s code %s went from used to %s", when, code, state[code])
		}
	}
	for code, s := range state {
		if s == "used" {
			c.used[code] = true
		}
	}
}

func (c *crashWorld) removeAccounts() {
	for label := range c.accounts {
		c.e.Run("", "remove", "--site", "github", "--account", label)
	}
}
