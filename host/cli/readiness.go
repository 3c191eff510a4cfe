package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"tearoff.dev/tearoff/host/service"
)

// cmdReadiness prints the stored list of sites where a verification step
// was seen while no codes were stored, exactly as stored (domain, date,
// dismissed), so a person can see everything Tearoff keeps about them.
func (a *App) cmdReadiness(ctx context.Context, args []string) error {
	fs := newFlags("readiness")
	asJSON := fs.Bool("json", false, "print the stored list as JSON")
	if _, err := a.parse(fs, args, 0); err != nil {
		return err
	}
	st, err := a.storage(ctx)
	if err != nil {
		return err
	}
	rs, ok := st.(service.ReadinessStorage)
	if !ok {
		return errors.New("this storage keeps no readiness list")
	}
	r, err := rs.ViewReadiness(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(a.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	if len(r.Sites) == 0 {
		fmt.Fprintln(a.Stdout, "No sites noted.")
	}
	for _, e := range r.Sites {
		dismissed := ""
		if e.Dismissed {
			dismissed = " (dismissed)"
		}
		fmt.Fprintf(a.Stdout, "%s  %s%s\n", e.Date, e.Domain, dismissed)
	}
	return nil
}
