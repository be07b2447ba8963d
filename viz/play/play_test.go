package play

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

func newSession(t *testing.T, opt Options) *Session {
	t.Helper()
	s, err := NewSession(Spec{Scenario: "classroom"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Each Update advances the same simulated time whatever the frame rate:
// speed ÷ TPS, and nothing while paused.
func TestUpdateAdvancesFixedTime(t *testing.T) {
	s := newSession(t, Options{Speed: 600})
	if Speeds[s.Speed] != 600 || s.Now() != DefaultStart {
		t.Fatalf("speed %v, start %v", Speeds[s.Speed], s.Now())
	}
	t0 := s.Now()
	for i := 0; i < 60; i++ {
		s.Update()
	}
	if got := s.Now() - t0; math.Abs(got-10) > 1e-9 { // 600× for one second = 10 minutes
		t.Errorf("60 updates at 600×: %v simulated minutes, want 10", got)
	}
	if err := s.Do(ActFaster, 0); err != nil {
		t.Fatal(err)
	}
	if Speeds[s.Speed] != 1800 {
		t.Errorf("faster: %v", Speeds[s.Speed])
	}
	s.Do(ActPause, 0)
	t1 := s.Now()
	for i := 0; i < 30; i++ {
		s.Update()
	}
	if s.Now() != t1 {
		t.Error("the clock moved while paused")
	}
	s.Do(ActStep, 0) // one second's worth at 1800×
	if got := s.Now() - t1; math.Abs(got-30) > 1e-9 {
		t.Errorf("step: %v minutes, want 30", got)
	}
	if s.Panes[0].Now() != s.Now() {
		t.Errorf("pane at %v, session at %v", s.Panes[0].Now(), s.Now())
	}
	for range Speeds {
		s.Do(ActSlower, 0)
	}
	if s.Speed != 0 {
		t.Errorf("slowest speed index %d", s.Speed)
	}
}

func hallUse(p *Pane) int {
	n := 0
	for _, u := range p.snap.Units {
		if u.Unit.Kind == model.UnitHall {
			n += u.Busy + u.Queued
		}
	}
	return n
}

// Switching one window on (an intervention) sends citizens to the halls
// within a simulated day or two and cuts the visits per completed matter;
// the clone without the switch never uses the halls. Until the switch the
// two runs are identical (same seed, same history).
func TestOneWindowLeverChangesTheModel(t *testing.T) {
	s := newSession(t, Options{})
	if err := s.Do(ActSplit, 0); err != nil {
		t.Fatal(err)
	}
	a, b := s.Panes[0], s.Panes[1]
	if !reflect.DeepEqual(a.snap, b.snap) {
		t.Fatal("the clone differs from the original at the split")
	}
	if s.Focus != 1 {
		t.Fatalf("focus %d after split", s.Focus)
	}
	if err := s.Do(ActLever, keyOf(t, "platform.one_window")); err != nil {
		t.Fatal(err)
	}
	if l, _ := b.Levers(); !l.OneWindow {
		t.Fatal("lever not in force")
	}
	if l, _ := a.Levers(); l.OneWindow {
		t.Fatal("the lever changed the other pane")
	}
	s.SetRate(5) // five simulated minutes per update
	usedA, usedB := 0, 0
	for s.Now() < DefaultStart+2*calendar.Day {
		s.Update()
		usedA += hallUse(a)
		usedB += hallUse(b)
	}
	if usedA != 0 {
		t.Errorf("the baseline used the halls (%d)", usedA)
	}
	if usedB == 0 {
		t.Error("no citizen at a hall within two days of one window")
	}
	for s.Now() < DefaultStart+21*calendar.Day {
		s.Update()
	}
	va, vb := a.Stats().Visits, b.Stats().Visits
	t.Logf("visits per matter over the last 7 days: baseline %.2f, one window %.2f", va, vb)
	if !(vb < va-0.2) {
		t.Errorf("one window did not cut visits: %.2f vs %.2f", vb, va)
	}
}

// Restart runs the same seed again from the start: the state at a time is
// the same as the first time through.
func TestRestartSameSeed(t *testing.T) {
	s := newSession(t, Options{})
	s.SetRate(7)
	for i := 0; i < 100; i++ {
		s.Update()
	}
	var first model.Snapshot
	p := s.Panes[0]
	first.T = p.snap.T
	first.Matters = append(first.Matters, p.snap.Matters...)
	first.Units = append(first.Units, p.snap.Units...)
	first.Tickets = append(first.Tickets, p.snap.Tickets...)
	if err := s.Do(ActRestart, 0); err != nil {
		t.Fatal(err)
	}
	if s.Now() != DefaultStart {
		t.Fatalf("restart at %v", s.Now())
	}
	for i := 0; i < 100; i++ {
		s.Update()
	}
	if !reflect.DeepEqual(first, p.snap) {
		t.Error("the restarted run differs")
	}
}

// keyOf is the (first) viewer key of a lever.
func keyOf(t *testing.T, key string) Lever {
	for i, lk := range LeverKeys {
		if lk.Lever.Key == key {
			return Lever(i)
		}
	}
	t.Fatalf("the viewer has no key for %s", key)
	return 0
}

func TestLeversFlip(t *testing.T) {
	s := newSession(t, Options{})
	p := s.Panes[0]
	l0, r0 := p.Levers()
	for lv := Lever(0); lv < NumLevers; lv++ {
		s.Do(ActLever, lv)
	}
	l, r := p.Levers()
	if l.OneWindow == l0.OneWindow || l.Online == l0.Online || r.Whistle == r0.Whistle || r.Clarity == r0.Clarity || r.TaskAccess == r0.TaskAccess || r.Evaluation == r0.Evaluation {
		t.Errorf("a toggle did not flip: %+v %+v", l, r)
	}
	// Down (to max(0, 0.1−0.2) = 0), then up by 0.2.
	if want := math.Max(0, l0.DataSharing-0.2) + 0.2; math.Abs(l.DataSharing-want) > 1e-9 {
		t.Errorf("data sharing %v, want %v", l.DataSharing, want)
	}
	if got := len(p.LeverStates(0)); got != 7 {
		t.Errorf("%d lever rows", got)
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]float64{"1w8h": calendar.Week + 8*60, "90m": 90, "2d": 2880, "1.5h": 90, "1w2d9h30m": calendar.Week + 2*1440 + 9*60 + 30} {
		if got, err := ParseTime(in); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "8", "h", "3wd", "1x", "-2h"} {
		if _, err := ParseTime(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// The side panel shows the three rates 三率 of the ticket closures rated
// over the last seven simulated days, labelled in English and Chinese:
// each is the rated-closure-weighted mean of the daily rates (so it moves
// every simulated day), a percentage, "–" before any closure is rated.
func TestPanelShowsTheThreeRates(t *testing.T) {
	spec := Spec{Scenario: "classroom", Sets: []string{"accountability.neglect=0.3", "accountability.coord_success=0.5"}}
	p, err := NewPane(spec, scene.Rect{W: 800, H: 600}, i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[i18n.Lang][3]string{
		i18n.English: {"response rate (7d)", "resolution rate (7d)", "satisfaction rate (7d)"},
		i18n.Chinese: {"响应率 (7d)", "解决率 (7d)", "满意率 (7d)"},
	}
	value := func(pp scene.PanePanel, label string) string {
		for _, kv := range pp.KPIs {
			if kv.Label == label {
				return kv.Value
			}
		}
		t.Fatalf("no KPI %q in the panel: %v", label, pp.KPIs)
		return ""
	}
	if v := value(p.PanePanel(i18n.English), labels[i18n.English][0]); v != "–" {
		t.Errorf("at the start, with nothing rated, the response rate shows %q", v)
	}
	p.Advance(20*1440, 0)
	var n, sum [3]float64
	for _, d := range p.Days[len(p.Days)-7:] {
		for i, r := range []float64{d.ResponseRate, d.ResolutionRate, d.SatisfactionRate} {
			if d.RatedClosures > 0 {
				n[i] += float64(d.RatedClosures)
				sum[i] += r * float64(d.RatedClosures)
			}
		}
	}
	if n[0] == 0 {
		t.Fatal("no closure rated in the week before day 20")
	}
	for lang, ls := range labels {
		pp := p.PanePanel(lang)
		for i, l := range ls {
			want := fmt.Sprintf("%.0f%%", 100*sum[i]/n[i])
			if got := value(pp, l); got != want {
				t.Errorf("%s: %q, want %q", l, got, want)
			}
		}
	}
	st := p.Stats()
	if !(st.Response > 0 && st.Response < 1 && st.Resolution > 0 && st.Resolution < 1) {
		t.Errorf("with neglect and coordination failures the rates should lie inside (0, 1): response %v, resolution %v", st.Response, st.Resolution)
	}
}
