//go:build viewer && !js

package main

import "github.com/tiaokuai/tiaokuai/viz/anim"

// publish does nothing on the desktop (the browser page shows the counters).
func publish(*anim.Game) {}
