//go:build viewer && js

package main

import (
	"fmt"
	"syscall/js"

	"github.com/tiaokuai/tiaokuai/viz/anim"
)

// publish shows the frames drawn and the mean milliseconds per
// update+draw in the page title and in the element #stats (with data-
// attributes for scripts), every 10 frames.
func publish(g *anim.Game) {
	if g.Frames%10 != 0 {
		return
	}
	doc := js.Global().Get("document")
	ms := g.MsPerFrame()
	doc.Set("title", fmt.Sprintf("frame %d · %.2f ms · tiaokuai", g.Frames, ms))
	if el := doc.Call("getElementById", "stats"); el.Truthy() {
		el.Set("textContent", fmt.Sprintf("frames drawn %d · %.2f ms per update+draw · %s", g.Frames, ms, g.S.Panes[0].Title))
		el.Call("setAttribute", "data-frames", fmt.Sprint(g.Frames))
		el.Call("setAttribute", "data-ms", fmt.Sprintf("%.3f", ms))
	}
}
