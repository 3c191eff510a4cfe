//go:build !linux && !darwin && !windows

package store

// platformOrder is tried when no backend is forced: only pass is portable.
// The file backend is never chosen implicitly.
var platformOrder = []string{BackendPass}
