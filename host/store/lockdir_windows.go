package store

import "os"

// userLockDir is %LocalAppData%, which every process of the user shares.
func userLockDir() (string, error) { return os.UserCacheDir() }
