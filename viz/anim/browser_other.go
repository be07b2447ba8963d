//go:build viewer && !js

package anim

const isBrowser = false
