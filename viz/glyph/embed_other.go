//go:build !js

package glyph

// embeddedAtlas is empty outside WebAssembly: fonts are read at run time.
var embeddedAtlas []byte
