package store

// platformOrder is tried when no backend is forced: Credential Manager
// (pass does not run on Windows). The file backend is the fallback when none answers (choice.go).
var platformOrder = []string{BackendWinCred}
