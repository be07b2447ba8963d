package play

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

// Lever is one of the viewer's lever keys: an index into LeverKeys.
type Lever uint8

// LeverKey is a key that changes a lever: its row of model.LeverTable and,
// for a share stepped by two keys, the direction (−1 down, +1 up; 0 for a
// toggle).
type LeverKey struct {
	Key   string
	Lever *model.Lever
	Dir   float64
}

// Viewed are the levers the viewer shows (those of model.LeverTable with
// keys), in the order of their keys; LeverKeys their keys in that order.
var Viewed, LeverKeys = viewerLevers()

// NumLevers is the number of lever keys.
var NumLevers = Lever(len(LeverKeys))

func viewerLevers() (viewed []*model.Lever, keys []LeverKey) {
	for i := range model.LeverTable {
		if lv := &model.LeverTable[i]; lv.View.Keys != "" {
			viewed = append(viewed, lv)
		}
	}
	slices.SortStableFunc(viewed, func(a, b *model.Lever) int { return strings.Compare(a.View.Keys, b.View.Keys) })
	for _, lv := range viewed {
		ks := strings.Fields(lv.View.Keys)
		if len(ks) == 2 {
			keys = append(keys, LeverKey{ks[0], lv, -1}, LeverKey{ks[1], lv, +1})
			continue
		}
		keys = append(keys, LeverKey{ks[0], lv, 0})
	}
	return viewed, keys
}

// KeyLever is the lever of key k ("1"), if k is a lever key.
func KeyLever(k string) (Lever, bool) {
	for i, lk := range LeverKeys {
		if lk.Key == k {
			return Lever(i), true
		}
	}
	return 0, false
}

// LeverKeyRange is the lever keys as the on-screen key shows them: "1–7".
func LeverKeyRange() string {
	if len(LeverKeys) == 0 {
		return ""
	}
	return LeverKeys[0].Key + "–" + LeverKeys[len(LeverKeys)-1].Key
}

// Flip changes one lever, applied as an intervention (Model.Intervene), as
// its model.View says: a boolean is toggled, a share with two keys moves
// by its step, one with a single key flips between the scenario's value
// and a contrasting one.
func (p *Pane) Flip(k Lever) {
	if int(k) >= len(LeverKeys) {
		return
	}
	lk := LeverKeys[k]
	lv, v := lk.Lever, lk.Lever.View
	l, r := p.Levers()
	cur := lv.Value(l, r)
	var x float64
	switch {
	case lv.Kind() == model.LeverBool:
		x = 1 - cur
	case lk.Dir < 0:
		x = math.Max(0, math.Round((cur-v.Step)*10)/10)
	case lk.Dir > 0:
		x = math.Min(1, math.Round((cur+v.Step)*10)/10)
	default:
		x = flip(cur, lv.Value(p.Cfg.Platform, p.Cfg.Responsibility), v.Mid, v.High, v.Low)
	}
	lv.Set(&l, &r, x)
	p.intervene(l, r)
}

// LeverStates are the levers as the panel shows them.
func (p *Pane) LeverStates(lang i18n.Lang) []scene.LeverState {
	l, r := p.Levers()
	out := make([]scene.LeverState, len(Viewed))
	for i, lv := range Viewed {
		cur := lv.Value(l, r)
		st := scene.LeverState{Key: lv.View.Keys, Label: lv.Label.In(lang)}
		switch {
		case lv.Kind() == model.LeverBool:
			st.On = cur != 0
			st.Value = scene.MsgOff.In(lang)
			if st.On {
				st.Value = scene.MsgOn.In(lang)
			}
		default:
			st.Value = fmt.Sprintf("%.1f", cur)
			if lv.View.Percent {
				st.Value = fmt.Sprintf("%.0f%%", 100*cur)
			}
			if lv.View.OnWhenSet {
				st.On = cur > 0
			} else {
				st.On = cur > lv.Value(p.Cfg.Platform, p.Cfg.Responsibility)
			}
		}
		out[i] = st
	}
	return out
}

// flip toggles a lever between the scenario's value base and a contrasting
// one: high when base is below mid, low otherwise.
func flip(cur, base, mid, high, low float64) float64 {
	if cur != base {
		return base
	}
	if base >= mid {
		return low
	}
	return high
}
