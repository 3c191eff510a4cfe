package main

import (
	"fmt"
	"os"
	"testing"

	"tearoff.dev/tearoff/host/internal/testbin"
)

// tearoffBin is the tearoff built once for every process-level test; the
// tests run it through testbin.Env.
var tearoffBin string

func TestMain(m *testing.M) {
	var err error
	if tearoffBin, err = testbin.Path(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		testbin.Cleanup()
		os.Exit(1)
	}
	code := m.Run()
	testbin.Cleanup()
	os.Exit(code)
}
