//go:build !linux && !darwin && !windows

package store

// platformOrder is tried when no backend is forced: only pass is portable.
// The file backend is the fallback when none answers (choice.go).
var platformOrder = []string{BackendPass}
