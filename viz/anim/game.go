//go:build viewer

package anim

import (
	"strconv"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/tiaokuai/tiaokuai/viz/play"
)

// Width and Height are the logical screen size; the window or the browser
// canvas scales it.
const (
	Width  = 1280
	Height = 720
)

// Game runs a play.Session in ebiten.
type Game struct {
	S      *play.Session
	Canvas *Canvas

	// Script holds keys to press, one per Update, before the keyboard's
	// (tests and demos drive the viewer through the same key mapping).
	Script []ebiten.Key
	// AfterDraw, when set, is called at the end of every Draw with the
	// screen (tests read pixels; the browser publishes its counters).
	AfterDraw func(screen *ebiten.Image)
	// Quit ends the game at the next Update.
	Quit bool
	// Err is the error of the last action that failed.
	Err error

	// Frames is the number of frames drawn; UpdateTime and DrawTime the
	// wall time spent in Update and Draw, summed.
	Frames, Updates      int64
	UpdateTime, DrawTime time.Duration

	// BaseRedraws counts redraws of the cached base layer.
	BaseRedraws int64

	keys    []ebiten.Key
	base    *ebiten.Image
	baseKey uint64
	baseOK  bool
	start   time.Time // first update
	t0      float64   // simulated time then
}

// Rates are the frames drawn per wall second and the simulated seconds
// per wall second since the first update.
func (g *Game) Rates() (fps, speed float64) {
	if g.start.IsZero() {
		return 0, 0
	}
	w := time.Since(g.start).Seconds()
	return float64(g.Frames) / w, (g.S.Now() - g.t0) * 60 / w
}

// NewGame wraps s.
func NewGame(s *play.Session, c *Canvas) *Game { return &Game{S: s, Canvas: c} }

// KeyAction maps a key to a session action.
func KeyAction(k ebiten.Key) (play.Action, play.Lever, bool) {
	switch k {
	case ebiten.KeySpace, ebiten.KeyP:
		return play.ActPause, 0, true
	case ebiten.KeyArrowRight, ebiten.KeyEqual, ebiten.KeyNumpadAdd, ebiten.KeyArrowUp:
		return play.ActFaster, 0, true
	case ebiten.KeyArrowLeft, ebiten.KeyMinus, ebiten.KeyNumpadSubtract, ebiten.KeyArrowDown:
		return play.ActSlower, 0, true
	case ebiten.KeyN, ebiten.KeyPeriod:
		return play.ActStep, 0, true
	case ebiten.KeyR:
		return play.ActRestart, 0, true
	case ebiten.KeyD:
		return play.ActSplit, 0, true
	case ebiten.KeyTab:
		return play.ActFocus, 0, true
	case ebiten.KeyL:
		return play.ActLang, 0, true
	case ebiten.KeyH, ebiten.KeyF1:
		return play.ActKeys, 0, true
	}
	for d, ks := range digitKeys {
		if k == ks[0] || k == ks[1] {
			if lv, ok := play.KeyLever(strconv.Itoa(d)); ok {
				return play.ActLever, lv, true
			}
		}
	}
	return 0, 0, false
}

// digitKeys are the keys that type each digit: on the main row and on the
// number pad. A digit that is a lever key (play.LeverKeys) flips it.
var digitKeys = [10][2]ebiten.Key{
	{ebiten.KeyDigit0, ebiten.KeyNumpad0}, {ebiten.KeyDigit1, ebiten.KeyNumpad1},
	{ebiten.KeyDigit2, ebiten.KeyNumpad2}, {ebiten.KeyDigit3, ebiten.KeyNumpad3},
	{ebiten.KeyDigit4, ebiten.KeyNumpad4}, {ebiten.KeyDigit5, ebiten.KeyNumpad5},
	{ebiten.KeyDigit6, ebiten.KeyNumpad6}, {ebiten.KeyDigit7, ebiten.KeyNumpad7},
	{ebiten.KeyDigit8, ebiten.KeyNumpad8}, {ebiten.KeyDigit9, ebiten.KeyNumpad9},
}

// Press carries out the action of key k.
func (g *Game) Press(k ebiten.Key) {
	if a, lv, ok := KeyAction(k); ok {
		if err := g.S.Do(a, lv); err != nil {
			g.Err = err
		}
	}
}

// Update handles input, then advances the session by one tick.
func (g *Game) Update() error {
	t0 := time.Now()
	if g.start.IsZero() {
		g.start, g.t0 = t0, g.S.Now()
	}
	if g.Quit {
		return ebiten.Termination
	}
	if len(g.Script) > 0 {
		g.Press(g.Script[0])
		g.Script = g.Script[1:]
	}
	g.keys = inpututil.AppendJustPressedKeys(g.keys[:0])
	for _, k := range g.keys {
		if k == ebiten.KeyEscape || k == ebiten.KeyQ {
			if !isBrowser {
				return ebiten.Termination
			}
		}
		g.Press(k)
	}
	x, y := ebiten.CursorPosition()
	g.S.Mouse(float32(x), float32(y))
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		g.S.Click(float32(x), float32(y))
	}
	g.S.Update()
	g.Updates++
	g.UpdateTime += time.Since(t0)
	return nil
}

// Draw renders the latest snapshots.
func (g *Game) Draw(screen *ebiten.Image) {
	t0 := time.Now()
	// The slowly changing layer (map, loads, box frames, panel background)
	// is drawn into an offscreen image only when it changes; each frame
	// copies it and draws the live layer over it. With Mesa's software
	// renderer the pixels drawn are what a frame costs.
	if key := g.S.BaseKey(); g.base == nil || key != g.baseKey || !g.baseOK {
		if g.base == nil {
			g.base = ebiten.NewImage(Width, Height)
		}
		g.Canvas.Dst = g.base
		g.S.DrawBase(g.Canvas)
		g.baseKey, g.baseOK = key, true
		g.BaseRedraws++
	}
	screen.DrawImage(g.base, nil)
	g.Canvas.Dst = screen
	g.S.DrawLive(g.Canvas)
	g.Frames++
	g.DrawTime += time.Since(t0)
	if g.AfterDraw != nil {
		g.AfterDraw(screen)
	}
}

// Layout fixes the logical screen at Width×Height.
func (g *Game) Layout(int, int) (int, int) { return Width, Height }

// MsPerFrame is the mean wall time of one update plus one draw, in ms.
func (g *Game) MsPerFrame() float64 {
	if g.Frames == 0 || g.Updates == 0 {
		return 0
	}
	return (float64(g.UpdateTime)/float64(g.Updates) + float64(g.DrawTime)/float64(g.Frames)) / 1e6
}
