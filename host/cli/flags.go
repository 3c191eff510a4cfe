package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"tearoff.dev/tearoff/host/service"
)

// newFlags returns a FlagSet whose errors come back to us (one sentence,
// exit 2) instead of being printed by the flag package.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags anywhere among the arguments, so both
// `use --site github CODE` and `use CODE --site github` work, and returns the
// positional ones. Everything after "--" is positional.
func (a *App) parse(fs *flag.FlagSet, args []string, maxPos int) ([]string, error) {
	var rest []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, rest = args[:i], args[i+1:]
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				a.commandUsage(fs.Name())
				return nil, flag.ErrHelp
			}
			return nil, service.BadRequestf("%s: %s (run `tearoff help`)", fs.Name(), strings.TrimSuffix(err.Error(), "\n"))
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos, args = append(pos, args[0]), args[1:]
	}
	pos = append(pos, rest...)
	if len(pos) > maxPos {
		return nil, service.BadRequestf("%s: unexpected argument %q (run `tearoff help`)", fs.Name(), pos[maxPos])
	}
	return pos, nil
}

// commandUsage prints one command's synopsis to stdout (asked-for help is a
// result, not an error).
func (a *App) commandUsage(name string) {
	for _, c := range commands {
		if c.name == name {
			fmt.Fprintf(a.Stdout, "Usage: %s\n  %s\n", strings.TrimSpace("tearoff "+c.name+" "+c.args), c.help)
		}
	}
}

// siteFlags registers the --site and --account flags most commands share.
func siteFlags(fs *flag.FlagSet) (site, account *string) {
	site = fs.String("site", "", "site: a catalogue id (github) or a domain (example.com)")
	account = fs.String("account", "", "account name (may be left out when the site has one account)")
	return site, account
}

// siteArgs are the parsed arguments of a command that works on one account.
type siteArgs struct {
	site, account string
	pos           []string // positional arguments
}

// siteCommand is the shape every one-account command shares: parse
// --site/--account (plus any flags already on fs) and up to maxPos
// positional arguments, let check refuse bad arguments before the keyring
// is opened (so a usage mistake is exit 2 even without a keyring), then
// open the service and run.
func (a *App) siteCommand(ctx context.Context, fs *flag.FlagSet, args []string, maxPos int,
	check func(siteArgs) error, run func(*service.Service, siteArgs) error) error {
	site, account := siteFlags(fs)
	pos, err := a.parse(fs, args, maxPos)
	if err != nil {
		return err
	}
	s := siteArgs{site: *site, account: *account, pos: pos}
	if check != nil {
		if err := check(s); err != nil {
			return err
		}
	}
	svc, err := a.service(ctx)
	if err != nil {
		return err
	}
	return run(svc, s)
}
