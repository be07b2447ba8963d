//go:build js

package glyph

import _ "embed"

// embeddedAtlas is made by `go run ./cmd/simview/mkweb` before a
// WebAssembly build (the browser has no font files). It is not committed.
//
//go:embed atlas.bin
var embeddedAtlas []byte
