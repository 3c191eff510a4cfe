//go:build !windows

package store

import (
	"fmt"
	"os"
)

// syncDir makes a rename or removal in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("%w: syncing %s: %w", ErrKeyring, dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("%w: syncing %s: %w", ErrKeyring, dir, err)
	}
	return nil
}
