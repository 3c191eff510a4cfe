package store

// platformOrder is tried when no backend is forced: Credential Manager
// (pass does not run on Windows). The file backend is never chosen implicitly.
var platformOrder = []string{BackendWinCred}
