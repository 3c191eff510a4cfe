package sync

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// branch is the one branch sync uses on the remote.
const branch = "refs/heads/main"

// gitTimeout bounds each git command: an unreachable or hanging remote is
// an error after it, never a sync that waits for ever.
const gitTimeout = 60 * time.Second

// repo is sync's own git repository in the data dir. It is a cache of the
// remote and nothing else: sync builds every commit with git's plumbing
// (hash-object, mktree, commit-tree) from what the remote holds plus this
// machine's bundle, and fetches into FETCH_HEAD only, so there is no
// working tree or branch whose state a crash could leave half done. When
// it cannot be used it is made again from nothing.
type repo struct {
	dir    string
	remote string
	// batch makes ssh fail rather than ask (the native host has no
	// terminal to ask on).
	batch bool
}

// gitError is a git command that failed, with what it printed.
type gitError struct {
	args   []string
	stderr string
	err    error
}

func (e *gitError) Error() string {
	return fmt.Sprintf("git %s: %s", e.args[0], e.reason())
}

// reason is git's own first "fatal:" (else "error:") line, which names
// what went wrong; the advice lines after it do not.
func (e *gitError) reason() string {
	lines := strings.Split(strings.TrimSpace(e.stderr), "\n")
	for _, prefix := range []string{"fatal: ", "error: "} {
		for _, l := range lines {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(l), prefix); ok {
				return rest
			}
		}
	}
	if last := strings.TrimSpace(lines[len(lines)-1]); last != "" {
		return last
	}
	return e.err.Error()
}

func (e *gitError) Unwrap() error { return e.err }

// git runs one git command in the repository with stdin, returning stdout.
func (r *repo) git(ctx context.Context, stdin []byte, env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	// No gc or maintenance in the background of a sync: the repository is
	// small, and a git left running would outlive the sync lock.
	cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "gc.auto=0", "-c", "maintenance.auto=false"}, args...)...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(),
		"GIT_TERMINAL_PROMPT=0", // the person's credential helper, never a prompt
		"LC_ALL=C",
		"GIT_DIR="+filepath.Join(r.dir, ".git"),
		"GIT_CONFIG_NOSYSTEM=1",
	)
	if r.batch && os.Getenv("GIT_SSH_COMMAND") == "" {
		cmd.Env = append(cmd.Env, "GIT_SSH_COMMAND=ssh -o BatchMode=yes")
	}
	cmd.Env = append(cmd.Env, env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	dieWithParent(cmd)
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("timed out after %s: %w", gitTimeout, ctx.Err())
		}
		return "", &gitError{args: args, stderr: errb.String(), err: err}
	}
	return strings.TrimSpace(out.String()), nil
}

// ensure makes the repository usable: created when missing or broken,
// pointed at the remote, and rid of lock files a killed git left behind
// (the caller holds sync's own lock, so no git of ours is running).
func (r *repo) ensure(ctx context.Context) error {
	if _, err := r.git(ctx, nil, nil, "rev-parse", "--git-dir"); err != nil {
		if err := os.RemoveAll(r.dir); err != nil {
			return fmt.Errorf("clearing the sync repository %s: %w", r.dir, err)
		}
		if err := os.MkdirAll(r.dir, 0o700); err != nil {
			return fmt.Errorf("creating the sync repository %s: %w", r.dir, err)
		}
		if _, err := r.git(ctx, nil, nil, "init", "-q"); err != nil {
			return err
		}
	}
	removeStaleLocks(filepath.Join(r.dir, ".git"))
	if _, err := r.git(ctx, nil, nil, "config", "remote.origin.url", r.remote); err != nil {
		return err
	}
	return nil
}

func removeStaleLocks(gitDir string) {
	_ = filepath.WalkDir(gitDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".lock") {
			_ = os.Remove(p)
		}
		return nil
	})
}

// remoteHead is the remote's commit on the branch, "" when it has none.
func (r *repo) remoteHead(ctx context.Context) (string, error) {
	out, err := r.git(ctx, nil, nil, "ls-remote", "origin", branch)
	if err != nil {
		return "", err
	}
	head, _, _ := strings.Cut(out, "\t")
	return head, nil
}

// fetch brings the remote's commit into the repository.
func (r *repo) fetch(ctx context.Context, want string) error {
	if _, err := r.git(ctx, nil, nil, "fetch", "-q", "--no-tags", "--no-write-fetch-head", "origin", branch); err != nil {
		// Older git lacks --no-write-fetch-head; FETCH_HEAD is harmless.
		if _, err2 := r.git(ctx, nil, nil, "fetch", "-q", "--no-tags", "origin", branch); err2 != nil {
			return err2
		}
	}
	if _, err := r.git(ctx, nil, nil, "cat-file", "-e", want+"^{commit}"); err != nil {
		return fmt.Errorf("the remote's commit %s did not arrive: %w", want, err)
	}
	return nil
}

// entry is one line of git ls-tree.
type entry struct {
	mode, kind, hash, name string
	size                   int64 // a blob's size; -1 for a tree
}

func (r *repo) tree(ctx context.Context, treeish string) ([]entry, error) {
	out, err := r.git(ctx, nil, nil, "ls-tree", "-z", "-l", treeish)
	if err != nil {
		return nil, err
	}
	var entries []entry
	for _, line := range strings.Split(out, "\x00") {
		meta, name, ok := strings.Cut(line, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 4 {
			continue
		}
		size, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			size = -1
		}
		entries = append(entries, entry{f[0], f[1], f[2], name, size})
	}
	return entries, nil
}

func (r *repo) blob(ctx context.Context, hash string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "cat-file", "blob", hash)
	cmd.Env = append(os.Environ(), "GIT_DIR="+filepath.Join(r.dir, ".git"), "LC_ALL=C")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	dieWithParent(cmd)
	out, err := cmd.Output()
	if err != nil {
		return nil, &gitError{args: []string{"cat-file"}, stderr: errb.String(), err: err}
	}
	return out, nil
}

func (r *repo) mktree(ctx context.Context, entries []entry) (string, error) {
	var in bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&in, "%s %s %s\t%s\x00", e.mode, e.kind, e.hash, e.name)
	}
	return r.git(ctx, in.Bytes(), nil, "mktree", "-z")
}

// commit writes a commit of tree on parent ("" for the first), as
// "tearoff" rather than the person, whose name the remote need not learn.
func (r *repo) commit(ctx context.Context, tree, parent string, now time.Time) (string, error) {
	date := fmt.Sprintf("%d +0000", now.Unix())
	env := []string{
		"GIT_AUTHOR_NAME=tearoff", "GIT_AUTHOR_EMAIL=sync@tearoff.invalid", "GIT_AUTHOR_DATE=" + date,
		"GIT_COMMITTER_NAME=tearoff", "GIT_COMMITTER_EMAIL=sync@tearoff.invalid", "GIT_COMMITTER_DATE=" + date,
	}
	args := []string{"commit-tree", tree, "-m", "sync"}
	if parent != "" {
		args = append(args, "-p", parent)
	}
	return r.git(ctx, nil, env, args...)
}

// push sends commit as the remote's branch; the remote refuses it when
// another machine pushed first (not a fast-forward).
func (r *repo) push(ctx context.Context, commit string) error {
	_, err := r.git(ctx, nil, nil, "push", "-q", "origin", commit+":"+branch)
	return err
}
