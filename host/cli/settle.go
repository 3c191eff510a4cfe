package cli

import (
	"context"
	"fmt"

	"tearoff.dev/tearoff/host/service"
)

// cmdSettle is the popup's "I used it" / "it's still good" for an
// uncertain code, by value as the other code commands name codes.
func (a *App) cmdSettle(ctx context.Context, args []string) error {
	fs := newFlags("settle")
	used := fs.Bool("used", false, "the code was used")
	unused := fs.Bool("unused", false, "the code is still good")
	check := func(s siteArgs) error {
		if *used == *unused {
			return service.BadRequestf("settle needs exactly one of --used (you submitted the code) or --unused (it is still good)")
		}
		return needCode("settle")(s)
	}
	return a.siteCommand(ctx, fs, args, 1, check, func(svc *service.Service, s siteArgs) error {
		c, err := svc.SettleValue(ctx, s.site, s.account, s.pos[0], *used)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "Settled %s: it is %s now.\n", printable(c.Value), c.State)
		return nil
	})
}
