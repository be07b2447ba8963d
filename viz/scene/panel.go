package scene

import (
	"fmt"
	"image/color"
	"math"

	"github.com/tiaokuai/tiaokuai/i18n"
)

// Panel is what the side panel shows: the clock, and for each pane (one,
// or two side by side in split screen) its title, live KPIs, running
// charts and levers.
type Panel struct {
	Time     float64 // simulated minutes
	Speed    float64 // simulated seconds per real second
	Paused   bool
	ShowKeys bool
	Focus    int // the pane that lever keys act on
	// NoBackground skips the panel's fill (a back end drew it already).
	NoBackground bool
	Panes        []PanePanel
}

// PanePanel is one pane's part of the panel. Every pane lists the same
// KPIs, charts and levers in the same order.
type PanePanel struct {
	Title    string
	Seed     uint64
	Finished bool
	KPIs     []KV
	Charts   []Series
	Levers   []LeverState
}

// KV is a labelled value.
type KV struct{ Label, Value string }

// Series is a running chart: one value per simulated day, oldest first.
type Series struct {
	Label  string
	Values []float64
}

// LeverState is a lever as shown: its key, name, value and whether it is
// on (or raised).
type LeverState struct {
	Key, Label, Value string
	On                bool
}

// PaneColour distinguishes pane A from pane B in charts and titles.
func PaneColour(i int) color.NRGBA { return ChartColours[i%2] }

// DrawPanel draws the side panel in r.
func DrawPanel(c Canvas, r Rect, p *Panel, lang i18n.Lang) {
	if !p.NoBackground {
		c.FillRect(r, ColPanelBG)
	}
	x := r.X + 12
	w := r.W - 24
	y := r.Y + 8
	split := len(p.Panes) > 1
	for i, pp := range p.Panes {
		t := pp.Title
		if split {
			t = string(rune('A'+i)) + "  " + t
		}
		col := ColPanelText
		if split {
			col = PaneColour(i)
			if i == p.Focus {
				c.FillRect(Rect{x - 8, y + 3, 4, TextLarge.LineHeight() - 6}, ColHighlight)
			}
		}
		c.Text(Fit(c, t, TextLarge, w), x, y, TextLarge, col)
		y += TextLarge.LineHeight()
	}
	c.Text(Clock(lang, p.Time), x, y, TextTitle, ColPanelText)
	y += TextTitle.LineHeight()
	state := MsgSpeed.In(lang) + " " + Speed(lang, p.Speed)
	c.Text(state, x, y, TextNormal, ColPanelMuted)
	if p.Paused {
		tw := c.TextWidth(MsgPaused.In(lang), TextNormal)
		c.Text(MsgPaused.In(lang), x+w-tw, y, TextNormal, ColHighlight)
	} else if len(p.Panes) > 0 && p.Panes[0].Finished {
		tw := c.TextWidth(MsgFinished.In(lang), TextNormal)
		c.Text(MsgFinished.In(lang), x+w-tw, y, TextNormal, ColHighlight)
	}
	y += TextNormal.LineHeight() + 2
	rule := func() {
		c.FillRect(Rect{x, y, w, 1}, ColPanelRule)
		y += 5
	}
	rule()
	if len(p.Panes) == 0 {
		return
	}
	// KPIs: label, then one value column per pane.
	valW := float32(70)
	for k, kv := range p.Panes[0].KPIs {
		c.Text(Fit(c, kv.Label, TextNormal, w-valW*float32(len(p.Panes))), x, y, TextNormal, ColPanelMuted)
		for i := len(p.Panes) - 1; i >= 0; i-- {
			if k >= len(p.Panes[i].KPIs) {
				continue
			}
			v := p.Panes[i].KPIs[k].Value
			col := ColPanelText
			if split {
				col = PaneColour(i)
			}
			right := x + w - valW*float32(len(p.Panes)-1-i)
			c.Text(v, right-c.TextWidth(v, TextNormal), y, TextNormal, col)
		}
		y += TextNormal.LineHeight() - 1
	}
	y += 3
	rule()
	// Charts, two per row.
	chartW := (w - 10) / 2
	chartH := float32(40)
	for k, s := range p.Panes[0].Charts {
		cx := x + float32(k%2)*(chartW+10)
		if k%2 == 0 && k > 0 {
			y += chartH + TextSmall.LineHeight() + 6
		}
		c.Text(Fit(c, s.Label, TextSmall, chartW), cx, y, TextSmall, ColPanelMuted)
		cr := Rect{cx, y + TextSmall.LineHeight(), chartW, chartH}
		var lines [][]float64
		for _, pp := range p.Panes {
			if k < len(pp.Charts) {
				lines = append(lines, pp.Charts[k].Values)
			}
		}
		drawChart(c, cr, lines, split, k)
	}
	if n := len(p.Panes[0].Charts); n > 0 {
		y += chartH + TextSmall.LineHeight() + 8
	}
	rule()
	// Levers: key, name, value per pane.
	c.Text(MsgLevers.In(lang), x, y, TextNormal, ColPanelText)
	y += TextNormal.LineHeight()
	for k, lv := range p.Panes[0].Levers {
		c.FillRect(Rect{x, y + 2, 16, 15}, ColPanelRule)
		c.Text(lv.Key, x+8-c.TextWidth(lv.Key, TextNormal)/2, y, TextNormal, ColPanelText)
		c.Text(Fit(c, lv.Label, TextNormal, w-24-valW*float32(len(p.Panes))), x+24, y, TextNormal, ColPanelText)
		for i := len(p.Panes) - 1; i >= 0; i-- {
			if k >= len(p.Panes[i].Levers) {
				continue
			}
			l := p.Panes[i].Levers[k]
			col := ColOff
			if l.On {
				col = ColOn
			}
			right := x + w - valW*float32(len(p.Panes)-1-i)
			c.Text(l.Value, right-c.TextWidth(l.Value, TextNormal), y, TextNormal, col)
		}
		y += TextNormal.LineHeight()
	}
	y += 3
	rule()
	if y+5*TextSmall.LineHeight()+TextNormal.LineHeight() < r.Y+r.H {
		y = drawLegend(c, x, y, w, lang)
	}
	hint := "H  " + MsgKeys.In(lang)
	if p.ShowKeys {
		hint = "H  " + MsgKeyHelp.In(lang)
	}
	c.Text(hint, x, max(y, r.Y+r.H-TextNormal.LineHeight()-6), TextNormal, ColPanelMuted)
}

// drawChart draws one line per pane, scaled together, with the last value.
func drawChart(c Canvas, r Rect, lines [][]float64, split bool, k int) {
	c.FillRect(r, Blend(ColPanelBG, ColPanelRule, 0.5))
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, vs := range lines {
		for _, v := range vs {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 0) {
		return
	}
	lo = math.Min(lo, 0)
	if hi <= lo {
		hi = lo + 1
	}
	for i, vs := range lines {
		col := ChartColours[k%len(ChartColours)]
		if split {
			col = PaneColour(i)
		}
		n := len(vs)
		if n == 0 {
			continue
		}
		step := r.W / float32(max(1, n-1))
		px, py := float32(0), float32(0)
		started := false
		for j, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				started = false
				continue
			}
			x := r.X + float32(j)*step
			if n == 1 {
				x = r.X + r.W
			}
			y := r.Y + r.H - 2 - float32((v-lo)/(hi-lo))*(r.H-4)
			if started {
				c.Line(px, py, x, y, 1.5, col)
			}
			px, py, started = x, y, true
		}
		if started {
			c.FillCircle(px, py, 2, col)
		}
	}
	top := formatNum(hi)
	c.Text(top, r.X+r.W-c.TextWidth(top, TextSmall)-2, r.Y-1, TextSmall, ColPanelMuted)
}

func drawLegend(c Canvas, x, y, w float32, lang i18n.Lang) float32 {
	lh := TextSmall.LineHeight()
	items := []struct {
		m    Msg
		draw func(cx, cy float32)
	}{
		{MsgFragmented, func(cx, cy float32) { c.FillCircle(cx, cy, DotRadius+0.5, ColFragmented) }},
		{MsgOneWindow, func(cx, cy float32) { c.FillCircle(cx, cy, DotRadius+0.5, ColOneWindow) }},
		{MsgOnline, func(cx, cy float32) { c.FillRect(Rect{cx - 3, cy - 3.5, 6, 7}, ColOnline) }},
		{MsgFile, func(cx, cy float32) { c.FillRect(Rect{cx - 3, cy - 3.5, 6, 7}, ColDoc) }},
		{MsgTicket, func(cx, cy float32) { diamond(c, cx, cy, 4, ColTicket[0]) }},
		{MsgTicketBounced, func(cx, cy float32) { diamond(c, cx, cy, 4, ColTicket[2]) }},
	}
	colW := w / 2
	for i, it := range items {
		cx := x + float32(i%2)*colW
		cy := y + float32(i/2)*lh
		it.draw(cx+5, cy+lh/2)
		c.Text(Fit(c, it.m.In(lang), TextSmall, colW-16), cx+13, cy, TextSmall, ColPanelText)
	}
	y += float32((len(items)+1)/2) * lh
	// The load ramp.
	c.Text(MsgLoad.In(lang), x, y, TextSmall, ColPanelText)
	y += lh
	rw := (w - 90) / float32(len(LoadRamp))
	c.Text(MsgLoadCalm.In(lang), x, y-1, TextSmall, ColPanelMuted)
	for i, col := range LoadRamp {
		c.FillRect(Rect{x + 40 + float32(i)*rw, y + 2, rw, 10}, col)
	}
	c.Text(MsgLoadHigh.In(lang), x+44+float32(len(LoadRamp))*rw, y-1, TextSmall, ColPanelMuted)
	return y + lh + 4
}

func formatNum(v float64) string {
	switch a := math.Abs(v); {
	case a >= 10000:
		return fmt.Sprintf("%.0fk", v/1000)
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// KeyHelp is one line of the on-screen key.
type KeyHelp struct{ Key, Text string }

// Keys are the viewer's keys, in lang; levers are the lever keys ("1–7").
func Keys(lang i18n.Lang, levers string) []KeyHelp {
	return []KeyHelp{
		{"Space", MsgKeyPause.In(lang)},
		{"← →  - +", MsgKeySpeed.In(lang)},
		{"N", MsgKeyStep.In(lang)},
		{"R", MsgKeyRestart.In(lang)},
		{levers, MsgLevers.In(lang)},
		{"D", MsgKeySplit.In(lang)},
		{"Tab", MsgKeyFocus.In(lang)},
		{"L", MsgKeyLang.In(lang)},
		{"H", MsgKeyHelp.In(lang)},
		{"mouse", MsgKeyClick.In(lang)},
	}
}

// DrawKeys draws the on-screen key as a card at the bottom left of r;
// levers are the lever keys ("1–7").
func DrawKeys(c Canvas, r Rect, lang i18n.Lang, levers string) {
	keys := Keys(lang, levers)
	lh := TextNormal.LineHeight()
	h := lh*float32(len(keys)) + 16
	card := Rect{r.X + 14, r.Y + r.H - h - 14, 250, h}
	c.FillRect(card, ColPanelBG)
	c.StrokeRect(card, 1, ColPanelRule)
	for i, k := range keys {
		y := card.Y + 8 + float32(i)*lh
		c.Text(k.Key, card.X+10, y, TextNormal, ColHighlight)
		c.Text(Fit(c, k.Text, TextNormal, card.W-100), card.X+92, y, TextNormal, ColPanelText)
	}
}

// DrawInfo draws a details card with lines near (x, y), kept inside r.
func DrawInfo(c Canvas, r Rect, x, y float32, lines []string) {
	if len(lines) == 0 {
		return
	}
	lh := TextNormal.LineHeight()
	w := float32(0)
	for i, l := range lines {
		size := TextNormal
		if i == 0 {
			size = TextLarge
		}
		w = max(w, c.TextWidth(l, size))
	}
	w += 16
	h := lh*float32(len(lines)) + 12 + (TextLarge.LineHeight() - lh)
	bx, by := x+14, y+14
	if bx+w > r.X+r.W {
		bx = x - w - 10
	}
	if by+h > r.Y+r.H {
		by = r.Y + r.H - h - 2
	}
	box := Rect{bx, by, w, h}
	c.FillRect(box, ColPanelBG)
	c.StrokeRect(box, 1, ColHighlight)
	ty := by + 6
	for i, l := range lines {
		size, col := TextNormal, ColPanelText
		if i == 0 {
			size, col = TextLarge, ColHighlight
		}
		c.Text(l, bx+8, ty, size, col)
		ty += size.LineHeight()
	}
}
