// Command proto is the protocol half of scripts/bench.sh: it speaks to the
// built tearoff binary over native-messaging frames and through its CLI,
// black-box, and times the same calls against a minimal echo host and the
// bare keyring (keyring.go). Each result is a JSON line (stats.go's Row);
// extension/test/bench/report.mjs turns them into the table.
//
//	go run ./bench/proto -tearoff BIN -echo BIN -backend file -echo-floors
//
// The vault is fresh (file backend: a temp TEAROFF_FILE_DIR; Secret Service:
// run it under scripts/with-secret-service.sh for a throwaway keyring).
// Every phase has a time budget: a phase that runs out reports "over budget"
// with how far it got, instead of hanging.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type options struct {
	tearoff, echo, backend    string
	reps, floorReps, cliReps  int
	sizes                     []int
	phaseBudget, importBudget time.Duration
	echoFloors                bool
}

func main() {
	var o options
	var sizes string
	flag.StringVar(&o.tearoff, "tearoff", "", "the built tearoff binary")
	flag.StringVar(&o.echo, "echo", "", "the built echo host (bench/echohost)")
	flag.StringVar(&o.backend, "backend", "file", "file or secret-service")
	flag.IntVar(&o.reps, "reps", 5, "repetitions of each protocol request per vault size")
	flag.IntVar(&o.floorReps, "floor-reps", 30, "repetitions of each floor")
	flag.IntVar(&o.cliReps, "cli-reps", 5, "repetitions of each CLI command and of the cold start")
	flag.StringVar(&sizes, "sizes", "10,100,1000", "vault sizes (accounts of 16 codes), ascending")
	flag.DurationVar(&o.phaseBudget, "budget", 10*time.Second, "time budget of each measuring phase")
	flag.DurationVar(&o.importBudget, "import-budget", 30*time.Second, "time budget for importing up to the largest size")
	flag.BoolVar(&o.echoFloors, "echo-floors", false, "also measure the echo host floors, binary sizes and code-text sizes")
	flag.Parse()
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "proto: bad size %q\n", s)
			os.Exit(2)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.tearoff == "" || o.echo == "" || (o.backend != "file" && o.backend != "secret-service") {
		fmt.Fprintln(os.Stderr, "proto: need -tearoff, -echo and -backend file|secret-service")
		os.Exit(2)
	}
	if err := run(o, newEmitter(os.Stdout)); err != nil {
		fmt.Fprintln(os.Stderr, "proto:", err)
		os.Exit(1)
	}
}

// vaultEnv is the environment of every tearoff process for one fresh vault:
// the caller's own environment (so settings such as a scrypt work factor
// pass through) with the vault's location on top.
func vaultEnv(backend, dir string) ([]string, error) {
	env := append(os.Environ(),
		"TEAROFF_BACKEND="+backend,
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"TEAROFF_LOCK_FILE="+filepath.Join(dir, "config", "tearoff", "vault.lock"),
	)
	if err := os.MkdirAll(filepath.Join(dir, "config", "tearoff"), 0o700); err != nil {
		return nil, fmt.Errorf("making the config dir: %w", err)
	}
	if backend == "file" {
		if err := os.MkdirAll(filepath.Join(dir, "keyring"), 0o700); err != nil {
			return nil, fmt.Errorf("making the file keyring dir: %w", err)
		}
		env = append(env, "TEAROFF_FILE_DIR="+filepath.Join(dir, "keyring"), "TEAROFF_FILE_PASSPHRASE="+benchPassphrase)
	}
	return env, nil
}

// benchPassphrase protects only the throwaway vaults of a bench run.
const benchPassphrase = "bench-passphrase-not-secret"

func run(o options, out *emitter) error {
	dir, err := os.MkdirTemp("", "tearoff-bench-proto-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	env, err := vaultEnv(o.backend, dir)
	if err != nil {
		return err
	}
	if o.echoFloors {
		if err := echoRows(o, out); err != nil {
			return err
		}
	}
	floorDir := filepath.Join(dir, "floor")
	if err := os.MkdirAll(floorDir, 0o700); err != nil {
		return fmt.Errorf("floor dir: %w", err)
	}
	set, get, err := keyringFloor(o.backend, floorDir, o.floorReps, newBudget(o.phaseBudget))
	if err != nil {
		return err
	}
	out.emit(set.row(setFloor(o.backend), "floor", ""))
	out.emit(get.row(getFloor(o.backend), "floor", ""))
	b := &bench{o: o, out: out, env: env, dir: dir}
	return b.run()
}

func setFloor(backend string) string { return "floor: keyring Set (" + backend + ")" }
func getFloor(backend string) string { return "floor: keyring Get (" + backend + ")" }

const (
	echoSpawnFloor = "floor: echo host spawn round trip (Go pipes)"
	echoPortFloor  = "floor: echo host port round trip (Go pipes)"
	echoRSSFloor   = "floor: echo host peak RSS (Go pipes)"
	echoSizeFloor  = "floor: echo host binary size"
)

// echoRows measures the echo host the way the tearoff rows measure tearoff.
func echoRows(o options, out *emitter) error {
	env := os.Environ()
	hello := []byte(`{"id":"1","type":"hello"}`)
	var spawn samples
	for range o.cliReps * 4 {
		t := time.Now()
		p, err := startPort(o.echo, env)
		if err != nil {
			return err
		}
		if _, err := p.roundTrip(hello, 5*time.Second); err != nil {
			p.close()
			return fmt.Errorf("echo host: %w", err)
		}
		spawn.add(time.Since(t))
		p.close()
	}
	out.emit(spawn.row(echoSpawnFloor, "floor", ""))
	p, err := startPort(o.echo, env)
	if err != nil {
		return err
	}
	defer p.close()
	var rt samples
	for range o.floorReps * 4 {
		t := time.Now()
		if _, err := p.roundTrip(hello, 5*time.Second); err != nil {
			return fmt.Errorf("echo host: %w", err)
		}
		rt.add(time.Since(t))
	}
	out.emit(rt.row(echoPortFloor, "floor", ""))
	rss, err := p.peakRSS()
	if err != nil {
		return err
	}
	out.emit(bytesRow(echoRSSFloor, "floor", rss, ""))
	for _, f := range []struct{ name, bin, floor string }{{echoSizeFloor, o.echo, ""}, {"host binary size", o.tearoff, echoSizeFloor}} {
		st, err := os.Stat(f.bin)
		if err != nil {
			return fmt.Errorf("binary size: %w", err)
		}
		group := "4 host"
		if f.floor == "" {
			group = "floor"
		}
		out.emit(bytesRow(f.name, group, st.Size(), f.floor))
	}
	return nil
}

func bytesRow(name, group string, n int64, floor string) Row {
	return Row{Name: name, Group: group, Unit: "bytes", Median: float64(n), P95: float64(n), N: 1, Floor: floor, Status: "ok"}
}
