package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tearoff.dev/tearoff/host/install"
	"tearoff.dev/tearoff/host/service"
)

// installOptions parses the flags install and uninstall share.
// extra, when set, adds the command's own flags (uninstall.go).
func (a *App) installOptions(name string, args []string, extra func(*flag.FlagSet)) (install.Options, error) {
	fs := newFlags(name)
	if extra != nil {
		extra(fs)
	}
	browser := fs.String("browser", "all", "chrome, chromium, edge, brave, vivaldi, firefox, or all (comma-separated list allowed)")
	dir := fs.String("manifest-dir", "", "write the manifest only into this directory (e.g. a test profile's NativeMessagingHosts)")
	system := fs.Bool("system", false, "use the system-wide locations (needs root or administrator)")
	if _, err := a.parse(fs, args, 0); err != nil {
		return install.Options{}, err
	}
	var browsers []string
	for _, b := range strings.Split(*browser, ",") {
		b = strings.ToLower(strings.TrimSpace(b))
		if b == "all" {
			browsers = nil
			break
		}
		if _, err := install.Family(b); err != nil {
			return install.Options{}, service.BadRequestf("--browser %q is not one of %s, all", b, strings.Join(install.All, ", "))
		}
		browsers = append(browsers, b)
	}
	if *dir != "" && len(browsers) != 1 {
		// One directory holds one manifest, and Chrome-family and Firefox
		// manifests differ: a directory needs exactly one browser.
		return install.Options{}, service.BadRequestf("--manifest-dir needs exactly one --browser (the manifest differs between Chrome-family browsers and Firefox)")
	}
	return install.Options{Browsers: browsers, ManifestDir: *dir, System: *system}, nil
}

func (a *App) cmdInstall(ctx context.Context, args []string) error {
	opts, err := a.installOptions("install", args, nil)
	if err != nil {
		return err
	}
	if opts.BinaryPath, err = a.executable(); err != nil {
		return err
	}
	rep, err := install.Install(opts)
	io.WriteString(a.Stdout, rep.String())
	if err != nil {
		return fmt.Errorf("install: %w", err)
	}
	return nil
}

// executable is the path browsers should start: the real file, not a
// symlink that a package manager may re-point.
func (a *App) executable() (string, error) {
	if a.Executable != "" {
		return a.Executable, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding the tearoff binary: %w", err)
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return exe, nil
}
