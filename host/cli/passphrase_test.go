package cli

import (
	"errors"
	"testing"

	"tearoff.dev/tearoff/host/store"
)

func TestConfirmPassphrase(t *testing.T) {
	readErr := errors.New("no terminal")
	tests := []struct {
		name    string
		answers []string
		failAt  int // 1-based answer that fails to read; 0 for none
		want    string
		wantErr error
	}{
		{"same twice", []string{"hunter22", "hunter22"}, 0, "hunter22", nil},
		{"typo in the second", []string{"hunter22", "hunter2"}, 0, "", store.ErrLocked},
		{"first read fails", []string{"", ""}, 1, "", readErr},
		{"second read fails", []string{"hunter22", ""}, 2, "", readErr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked := 0
			ask := func(string) (string, error) {
				asked++
				if asked == tt.failAt {
					return "", readErr
				}
				return tt.answers[asked-1], nil
			}
			got, err := confirmPassphrase(ask)
			if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("confirmPassphrase = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
