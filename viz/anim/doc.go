//go:build viewer

// Package anim is the ebiten back end of the viewer: a scene.Canvas over
// an *ebiten.Image, and a Game that maps keys and the mouse to play
// actions. Every file imports ebiten and carries the build tag "viewer",
// so plain `go build ./...` and `go test ./...` never compile it (ebiten
// needs cgo and X11 headers on Linux, and panics without a display).
//
// The Game follows ebiten's contract: Update advances the session by a
// fixed amount of simulated time (the speed setting ÷ TPS), Draw only
// renders the latest snapshot.
package anim
