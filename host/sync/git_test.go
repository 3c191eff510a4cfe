package sync

import (
	"errors"
	"testing"
)

func TestGitErrorReason(t *testing.T) {
	tests := []struct{ stderr, want string }{
		{"fatal: '/x/gone.git' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n",
			"git ls-remote: '/x/gone.git' does not appear to be a git repository"},
		{"To /r.git\n ! [rejected]  x -> main (fetch first)\nerror: failed to push some refs to '/r.git'\n", "git ls-remote: failed to push some refs to '/r.git'"},
		{"something odd\n", "git ls-remote: something odd"},
		{"", "git ls-remote: exit status 128"},
	}
	for _, tt := range tests {
		e := &gitError{args: []string{"ls-remote"}, stderr: tt.stderr, err: errors.New("exit status 128")}
		if got := e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
