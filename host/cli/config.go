package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/store"
)

// chosen is what a real store says about its backend (store.Store); an
// injected test Storage may not say it.
type chosen interface {
	Backend() string
	Location() string
	Why() string
}

func (a *App) cmdConfig(ctx context.Context, args []string) error {
	pos, err := a.parse(newFlags("config"), args, 3)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return a.showConfig(ctx)
	case pos[0] == "set" && len(pos) == 3:
		return a.changeConfig(pos[1], func(path string) error { return store.SetSetting(path, pos[1], pos[2]) })
	case pos[0] == "unset" && len(pos) == 2:
		return a.changeConfig(pos[1], func(path string) error { return store.UnsetSetting(path, pos[1]) })
	}
	return service.BadRequestf("config: want `tearoff config`, `tearoff config set KEY VALUE` or `tearoff config unset KEY`")
}

// showConfig prints every setting, its value and where the value came
// from, then the backend actually in use and why.
func (a *App) showConfig(ctx context.Context) error {
	st, err := store.LoadSettings()
	if err != nil {
		return err
	}
	state := ""
	if !st.Exists {
		state = " (not created yet; `tearoff config set` creates it)"
	}
	fmt.Fprintf(a.Stdout, "config file: %s%s\n", st.Path, state)
	tw := tabwriter.NewWriter(a.Stdout, 2, 8, 2, ' ', 0)
	for _, s := range st.Values {
		over := ""
		if s.Env != "" && s.Source != store.SourceEnv {
			over = "(" + s.Env + " overrides)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", s.Key, printable(fmt.Sprintf("%q", s.Value)), s.Source, over)
	}
	tw.Flush()
	a.noPrompt = true
	sto, err := a.storage(ctx)
	if err != nil {
		fmt.Fprintln(a.Stdout, "in use:    none")
		return err
	}
	if c, ok := sto.(chosen); ok {
		fmt.Fprintf(a.Stdout, "in use:    %s (%s)\n", c.Backend(), c.Location())
	}
	a.printWhy(sto)
	return nil
}

// printWhy says why the backend in use was chosen, for config and doctor.
func (a *App) printWhy(sto Storage) {
	if c, ok := sto.(chosen); ok {
		fmt.Fprintf(a.Stdout, "why:       %s\n", c.Why())
	}
}

// changeConfig applies one change to the config file and says where it
// went, and when the environment overrides it anyway.
func (a *App) changeConfig(key string, change func(path string) error) error {
	path, err := store.ConfigPath()
	if err != nil {
		return err
	}
	if err := change(path); err != nil {
		return err
	}
	st, err := store.LoadSettings()
	if err != nil {
		return err
	}
	s := st.Get(key)
	fmt.Fprintf(a.Stdout, "%s = %q (%s, in %s)\n", key, s.Value, s.Source, path)
	if s.Source == store.SourceEnv {
		fmt.Fprintf(a.Stderr, "tearoff: note: %s is set in the environment and overrides the config file\n", s.Env)
	}
	return nil
}
