// Package manifests holds the native-messaging host manifest templates.
// They are plain JSON so they can be read and linted as they are; "path" is
// the placeholder PathPlaceholder, which host/install replaces with the
// absolute path of the installed binary. The templates live here, not under
// host/install, because go:embed cannot reach outside its package directory.
package manifests

import _ "embed"

// PathPlaceholder is the "path" value in both templates.
const PathPlaceholder = "TEAROFF_BINARY_PATH"

// Chrome is the template for Chrome, Chromium, Edge, Brave and Vivaldi.
//
//go:embed chrome.json
var Chrome []byte

// Firefox is the template for Firefox.
//
//go:embed firefox.json
var Firefox []byte
