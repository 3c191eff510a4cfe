package protocol

import "tearoff.dev/tearoff/host/service"

// ProtocolVersion is the protocol revision sent in hello (PROTOCOL.md). It
// changes only when an existing request or reply changes incompatibly;
// new types and error codes are additions and keep it.
const ProtocolVersion = 1

// Version is the host version sent in hello. It is read at call time
// because release builds set service.Version with -ldflags.
func Version() string { return service.Version }
