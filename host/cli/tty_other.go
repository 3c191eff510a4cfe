//go:build !windows

package cli

// ttyName is the controlling terminal, opened when stdin is not a terminal
// (input redirected from a file) so the passphrase can still be asked.
const ttyName = "/dev/tty"
