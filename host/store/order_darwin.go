package store

// platformOrder is tried when no backend is forced: the login keychain,
// then pass. The file backend is the fallback when none answers (choice.go).
var platformOrder = []string{BackendKeychain, BackendPass}
