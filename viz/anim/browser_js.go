//go:build viewer && js

package anim

const isBrowser = true
