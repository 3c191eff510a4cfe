package store

// platformOrder is tried when no backend is forced: the login keychain,
// then pass. The file backend is never chosen implicitly.
var platformOrder = []string{BackendKeychain, BackendPass}
