package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// account is one imported account and a page URL that belongs to it.
type account struct {
	id, site, label, url string
}

type bench struct {
	o        options
	out      *emitter
	env      []string
	dir      string
	host     *port
	accounts []account
	imports  samples // one import request each
	imported time.Duration
	peak     int64 // highest VmHWM of the persistent hosts so far
}

const githubRecovery = "https://github.com/sessions/two-factor/recovery"

// newAccount is the i-th account: the first on GitHub (so `offer` is asked
// for the GitHub recovery step), the rest each on a domain of its own, so
// an offer lists one account however big the vault grows.
func newAccount(i int) account {
	if i == 0 {
		return account{site: "github", label: "u0000", url: githubRecovery}
	}
	site := fmt.Sprintf("bench-%04d.com", i)
	return account{site: site, label: fmt.Sprintf("u%04d", i), url: "https://" + site + "/login"}
}

// codeText is 16 distinct GitHub-shaped codes (xxxxx-xxxxx hex), one a
// line, the same for the same account on every run.
func codeText(i int) string {
	r := rand.New(rand.NewPCG(7, uint64(i)))
	seen := map[string]bool{}
	var b strings.Builder
	for len(seen) < 16 {
		c := fmt.Sprintf("%05x-%05x", r.IntN(1<<20), r.IntN(1<<20))
		if !seen[c] {
			seen[c] = true
			b.WriteString(c + "\n")
		}
	}
	return b.String()
}

func (b *bench) name(what string, size int) string {
	return fmt.Sprintf("%s, %s, %d accounts", what, b.o.backend, size)
}

func (b *bench) startHost() error {
	p, err := startPort(b.o.tearoff, b.env)
	if err != nil {
		return err
	}
	b.host = p
	return nil
}

// stopHost records the host's peak RSS and ends it.
func (b *bench) stopHost() {
	if b.host == nil {
		return
	}
	if rss, err := b.host.peakRSS(); err == nil {
		b.peak = max(b.peak, rss)
	}
	b.host.close()
	b.host = nil
}

// call is one request on the persistent host, bounded by the phase's
// budget (plus a grace second); a host that does not answer is ended, and
// the next phase starts a new one on the same vault.
func (b *bench) call(typ string, fields map[string]any, out any, bud budget) error {
	if b.host == nil {
		if err := b.startHost(); err != nil {
			return err
		}
	}
	err := b.host.request(typ, fields, out, max(bud.left(), 0)+time.Second)
	if errors.Is(err, errTimeout) {
		b.stopHost()
	}
	return err
}

func (b *bench) run() error {
	defer b.stopHost()
	for si, size := range b.o.sizes {
		// The import budget counts import requests only, not the phases between.
		err := b.importUpTo(size, newBudget(b.o.importBudget-b.imported))
		if len(b.accounts) < size {
			status, note := "over budget", fmt.Sprintf("import reached %d of %d accounts", len(b.accounts), size)
			if err != nil && !errors.Is(err, errTimeout) {
				status, note = "failed", note+": "+err.Error()
			}
			for _, op := range []string{"offer", "reserve", "consume", "release", "list"} {
				b.out.emit(Row{Name: b.name(op, size), Group: "3 protocol", Unit: "ms", Floor: opFloor(op, b.o.backend, size), Status: status, Note: note})
			}
			b.out.emit(Row{Name: b.name("vault size in the keyring", size), Group: "3 protocol", Unit: "bytes", Floor: codeTextFloor(size), Status: status, Note: note})
			b.codeTextRow(size)
			continue
		}
		b.sizedFloor(size)
		b.opsPhase(size)
		b.vaultSize(size)
		if si == 0 {
			b.coldStart(size)
			b.cliRows(size)
		}
	}
	b.importRows()
	b.stopHost()
	b.out.emit(bytesRow("host peak RSS, protocol session, "+b.o.backend, "4 host", b.peak, echoRSSFloor))
	return nil
}

// importUpTo imports accounts over the persistent host until the vault
// holds size accounts or the import budget is spent.
func (b *bench) importUpTo(size int, ib budget) error {
	for len(b.accounts) < size {
		if ib.spent() {
			return nil
		}
		a := newAccount(len(b.accounts))
		var res struct {
			Account struct {
				ID string `json:"id"`
			} `json:"account"`
		}
		t := time.Now()
		err := b.call("import", map[string]any{"site": a.site, "account": a.label, "text": codeText(len(b.accounts))}, &res, ib)
		d := time.Since(t)
		if err != nil {
			return err
		}
		b.imports.add(d)
		b.imported += d
		a.id = res.Account.ID
		b.accounts = append(b.accounts, a)
	}
	return nil
}

func (b *bench) importRows() {
	largest := b.o.sizes[len(b.o.sizes)-1]
	status, note := "ok", ""
	if len(b.accounts) < largest {
		status, note = "over budget", fmt.Sprintf("reached %d of %d accounts within the %v budget", len(b.accounts), largest, b.o.importBudget)
	}
	per := b.imports.row(fmt.Sprintf("import one account, %s (requests up to %d accounts)", b.o.backend, largest), "3 protocol", setFloor(b.o.backend))
	per.Status, per.Note = status, note
	b.out.emit(per)
	// Against as many bare Sets as accounts were imported, so that a run
	// that ran out of budget still compares like with like.
	total := float64(b.imported.Microseconds()) / 1000
	b.out.emit(Row{Name: fmt.Sprintf("import %d accounts, %s (total)", largest, b.o.backend), Group: "3 protocol", Unit: "ms",
		Median: total, P95: total, N: len(b.accounts), Floor: setFloor(b.o.backend), FloorTimes: float64(max(len(b.accounts), 1)), Status: status, Note: note})
}

// opFloor: a read needs no more than a round trip (a host may answer from
// memory); a write needs at least one keyring Set into the keyring as it is
// at that size (sizedSetFloor).
func opFloor(op, backend string, size int) string {
	if op == "offer" || op == "list" {
		return echoPortFloor
	}
	return sizedSetFloor(backend, size)
}

func sizedSetFloor(backend string, size int) string {
	return fmt.Sprintf("floor: keyring Set (%s, beside %d accounts)", backend, size)
}

// sizedFloor times bare Sets and Gets of one item in the keyring that holds
// the vault, beside it: gnome-keyring rewrites its whole keyring file on
// every change, and a directory of a thousand files syncs slower than an
// empty one, so what one Set costs depends on what the keyring holds.
func (b *bench) sizedFloor(size int) {
	dir := filepath.Join(b.dir, "keyring")
	if b.o.backend != "file" {
		dir = ""
	}
	set, _, err := keyringFloor(b.o.backend, dir, b.o.floorReps, newBudget(b.o.phaseBudget))
	r := set.row(sizedSetFloor(b.o.backend, size), "floor", "")
	if err != nil {
		r.Status, r.Note = "failed", err.Error()
	}
	b.out.emit(r)
}

// opsPhase times offer, reserve, consume, reserve+release and list over
// the persistent port, cycling through the accounts so none runs dry.
func (b *bench) opsPhase(size int) {
	bud := newBudget(b.o.phaseBudget)
	got := map[string]*samples{}
	ops := []string{"offer", "reserve", "consume", "release", "list"}
	for _, op := range ops {
		got[op] = &samples{}
	}
	timed := func(op string, fields map[string]any, out any) error {
		t := time.Now()
		err := b.call(op, fields, out, bud)
		if err == nil {
			got[op].add(time.Since(t))
		}
		return err
	}
	var failure error
	done := 0 // repetitions of the whole sequence
	for i := 0; i < b.o.reps && !bud.spent() && failure == nil; i++ {
		a := b.accounts[i%size]
		var res struct {
			CodeID string `json:"code_id"`
		}
		failure = errors.Join(
			timed("offer", map[string]any{"url": a.url}, nil),
			timed("reserve", map[string]any{"account": a.id, "url": a.url}, &res),
		)
		if failure != nil {
			break
		}
		failure = timed("consume", map[string]any{"code_id": res.CodeID, "url": a.url}, nil)
		if failure == nil {
			failure = timed("reserve", map[string]any{"account": a.id, "url": a.url}, &res)
		}
		if failure == nil {
			failure = timed("release", map[string]any{"code_id": res.CodeID}, nil)
		}
		if failure == nil {
			failure = timed("list", nil, nil)
		}
		if failure == nil {
			done++
		}
	}
	for _, op := range ops {
		r := got[op].row(b.name(op, size), "3 protocol", opFloor(op, b.o.backend, size))
		switch {
		case failure != nil && !errors.Is(failure, errTimeout):
			r.Status, r.Note = "failed", failure.Error()
		case done < b.o.reps:
			r.Status, r.Note = "over budget", fmt.Sprintf("%d of %d repetitions within the %v budget", done, b.o.reps, b.o.phaseBudget)
		}
		b.out.emit(r)
	}
}

// vaultSize is what the vault takes in the keyring: bytes on disk for the
// file backend, the sum of the items' secrets for the Secret Service.
func (b *bench) vaultSize(size int) {
	var n int64
	var note string
	var err error
	var items int
	if b.o.backend == "file" {
		n, items, err = dirBytes(filepath.Join(b.dir, "keyring"))
	} else {
		n, items, err = secretServiceBytes()
	}
	note = fmt.Sprintf("%d items", items)
	r := bytesRow(b.name("vault size in the keyring", size), "3 protocol", n, codeTextFloor(size))
	r.Note = note
	if err != nil {
		r.Status, r.Note = "failed", err.Error()
	}
	b.out.emit(r)
	b.codeTextRow(size)
}

// codeTextRow is the floor of the vault size: the imported codes as text.
// Written once per run (by the run that also measures the echo host).
func (b *bench) codeTextRow(size int) {
	if !b.o.echoFloors {
		return
	}
	var text int64
	for i := range size {
		text += int64(len(codeText(i)))
	}
	b.out.emit(bytesRow(codeTextFloor(size), "floor", text, ""))
}

func codeTextFloor(size int) string {
	return fmt.Sprintf("floor: the codes as text, %d accounts", size)
}

// dirBytes is the size and number of the files under dir.
func dirBytes(dir string) (int64, int, error) {
	var n int64
	var files int
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
			files++
		}
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("sizing %s: %w", dir, err)
	}
	return n, files, nil
}

// coldStart times a fresh host process from spawn to its hello reply, as a
// browser's sendNativeMessage or a new port pays it.
func (b *bench) coldStart(size int) {
	var s samples
	var failure error
	want := b.o.cliReps * 2
	bud := newBudget(b.o.phaseBudget)
	for i := 0; i < want && !bud.spent(); i++ {
		t := time.Now()
		p, err := startPort(b.o.tearoff, b.env)
		if err == nil {
			err = p.request("hello", nil, nil, 10*time.Second)
			if err == nil {
				s.add(time.Since(t))
			}
			p.close()
		}
		if err != nil {
			failure = err
			break
		}
	}
	b.out.emit(budgeted(s.row(b.name("host cold start, hello", size), "4 host", echoSpawnFloor), want, b.o.phaseBudget, failure))
}

// cliRows times `tearoff version`, `list` and `take` as a person runs them.
func (b *bench) cliRows(size int) {
	version := "CLI version, " + b.o.backend
	b.cliRow(version, echoSpawnFloor, func(int) []string { return []string{"version"} })
	b.cliRow(b.name("CLI list", size), version, func(int) []string { return []string{"list"} })
	b.cliRow(b.name("CLI take", size), version, func(i int) []string {
		// From the last account backwards: the protocol phases use the first ones.
		a := b.accounts[size-1-i%max(size-1, 1)]
		return []string{"take", "--site", a.site, "--account", a.label}
	})
}

func (b *bench) cliRow(name, floor string, args func(i int) []string) {
	var s samples
	var failure error
	bud := newBudget(b.o.phaseBudget)
	for i := 0; i < b.o.cliReps && !bud.spent(); i++ {
		cmd := exec.Command(b.o.tearoff, args(i)...)
		cmd.Env = b.env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		t := time.Now()
		err := cmd.Run()
		if err != nil {
			failure = fmt.Errorf("tearoff %s: %w: %s", strings.Join(args(i), " "), err, strings.TrimSpace(stderr.String()))
			break
		}
		s.add(time.Since(t))
	}
	b.out.emit(budgeted(s.row(name, "6 CLI", floor), b.o.cliReps, b.o.phaseBudget, failure))
}

// budgeted marks a row that failed, or that got fewer than want samples
// within its budget.
func budgeted(r Row, want int, d time.Duration, failure error) Row {
	switch {
	case failure != nil:
		r.Status, r.Note = "failed", failure.Error()
	case r.N < want:
		r.Status, r.Note = "over budget", fmt.Sprintf("%d of %d repetitions within the %v budget", r.N, want, d)
	}
	return r
}
