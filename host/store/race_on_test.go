//go:build race

package store

// raceEnabled: the race detector makes the file backend's PBKDF2 about ten
// times slower, so the multi-process test does fewer rounds under it.
const raceEnabled = true
