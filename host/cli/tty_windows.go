package cli

// ttyName is the console, opened when stdin is not a terminal (input
// redirected from a file) so the passphrase can still be asked.
const ttyName = "CONIN$"
