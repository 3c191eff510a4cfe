package cli

import (
	"context"
	"fmt"

	"tearoff.dev/tearoff/host/service"
	"tearoff.dev/tearoff/host/store"
)

// cmdMigrate moves the vault into another backend (store.Move) and then
// points the config file at it, so every later process, the browser's
// native host included, opens the new one.
func (a *App) cmdMigrate(ctx context.Context, args []string) error {
	fs := newFlags("migrate")
	to := fs.String("to", "", "the backend to move the vault into")
	fileDir := fs.String("file-dir", "", "with --to file: the directory of the new file vault (default: the data dir)")
	if _, err := a.parse(fs, args, 0); err != nil {
		return err
	}
	if *to == "" || *to == store.BackendAuto {
		return service.BadRequestf("migrate: --to names the backend to move into (e.g. --to secret-service or --to file)")
	}
	if *fileDir != "" && *to != store.BackendFile {
		return service.BadRequestf("migrate: --file-dir goes with --to file")
	}
	path, err := store.ConfigPath()
	if err != nil {
		return err
	}
	// Check the settings before anything moves: a bad one would otherwise
	// only fail once the old vault is gone.
	if err := checkMigrateSettings(*to, *fileDir); err != nil {
		return err
	}
	src, err := a.storage(ctx)
	if err != nil {
		return err
	}
	from, ok := src.(*store.Store)
	if !ok {
		return fmt.Errorf("migrate needs the real store")
	}
	cfg := store.LoadConfig()
	cfg.Backend, cfg.FileDir = *to, *fileDir
	dst, err := a.openConfigured(cfg)
	if err != nil {
		return err
	}
	a.opened = append(a.opened, dst)
	switched := func() error {
		if err := store.SetSetting(path, "backend", dst.Backend()); err != nil {
			return fmt.Errorf("the vault is now in %s, but the settings still name the old backend: %w", dst.Backend(), err)
		}
		if *fileDir != "" {
			return store.SetSetting(path, "file_dir", *fileDir)
		}
		return nil
	}
	if err := store.Move(ctx, from, dst, switched); err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "moved the vault from %s (%s) to %s (%s)\n", from.Backend(), from.Location(), dst.Backend(), dst.Location())
	fmt.Fprintf(a.Stdout, "settings: backend = %q in %s\n", dst.Backend(), path)
	if env := a.Getenv(store.EnvBackend); env != "" && env != dst.Backend() {
		fmt.Fprintf(a.Stderr, "tearoff: note: %s=%s in the environment overrides the config file; change or unset it\n", store.EnvBackend, env)
	}
	fmt.Fprintln(a.Stdout, "restart the browser so that its native host opens the new backend")
	return nil
}

// checkMigrateSettings validates what migrate will write into the config
// file, without writing it.
func checkMigrateSettings(to, fileDir string) error {
	for key, value := range map[string]string{"backend": to, "file_dir": fileDir} {
		if value == "" {
			continue
		}
		if err := store.CheckSetting(key, value); err != nil {
			return err
		}
	}
	return nil
}
