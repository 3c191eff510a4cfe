// Command tearoff is both the CLI and the native-messaging host: a browser
// starts it with a chrome-extension:// origin or a Firefox manifest path as
// argv[1], a person with a command name.
package main

import (
	"os"

	"tearoff.dev/tearoff/host/cli"
	"tearoff.dev/tearoff/host/nativemsg"
)

func main() {
	if nativemsg.IsHostInvocation(os.Args) {
		os.Exit(runHost(os.Args))
	}
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
