package store

// platformOrder is tried when no backend is forced (issue 2 "Storage"):
// the desktop's Secret Service (GNOME Keyring, KeePassXC, ...), then
// KWallet, then pass. The file backend is the fallback when none answers (choice.go).
var platformOrder = []string{BackendSecretService, BackendKWallet, BackendPass}
