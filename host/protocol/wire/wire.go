// Package wire holds the frame shapes of host/PROTOCOL.md that more than one
// package reads or writes: the request header and the reply envelope. It
// imports nothing of the host, so host/install can check a host's hello
// without pulling in the keyring; the request and result types themselves
// live in host/protocol, next to the code that serves them.
package wire

// Header is what every request carries (PROTOCOL.md "Envelope"). The host
// reads it first and then decodes the frame again into the struct of the
// named type. ID is a pointer because "" is a valid id while a missing one
// is a bad request.
type Header struct {
	ID   *string `json:"id"`
	Type string  `json:"type"`
}

// Envelope is every reply frame (PROTOCOL.md "Envelope"). The host sends
// Envelope[any] with a result of the request's own type; readers that check
// the result themselves decode into Envelope[json.RawMessage].
type Envelope[R any] struct {
	ID     string     `json:"id"`
	OK     bool       `json:"ok"`
	Result R          `json:"result,omitempty"`
	Error  *ErrorBody `json:"error,omitempty"`
}

// ErrorBody is a failed reply's error: a code from PROTOCOL.md "Error
// codes" and one sentence for the person.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Used says when and where an already_used code was spent.
	Used *Use `json:"used,omitempty"`
}

// Use is when (RFC 3339, UTC) and where (a page URL, or "cli",
// "another_device", "elsewhere", "import") a code was used.
type Use struct {
	At string `json:"at"`
	On string `json:"on"`
}
