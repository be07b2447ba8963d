package twin

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/tiaokuai/tiaokuai/model"
)

// TraceResult is one case's journey.
type TraceResult struct {
	Events []model.Journey
	Done   bool // the case ended (completed, resolved, closed at intake or abandoned)
}

// Trace runs cfg with seed until the case id of the given entity ends (or
// the run ends) and returns its journey. The run stops a simulated day
// after the case ends, so tracing an early case is quick.
func Trace(cfg *model.Config, seed uint64, entity model.Entity, id int64) (*TraceResult, error) {
	tr := &TraceResult{}
	obs := model.ObserverFunc(func(j *model.Journey) {
		if j.ID != id || j.Entity != entity {
			return
		}
		tr.Events = append(tr.Events, *j)
		switch j.Kind {
		case model.JComplete, model.JResolution, model.JIntake, model.JAbandon:
			tr.Done = true
		}
	})
	m, err := model.New(cfg, seed, model.Options{Observer: obs})
	if err != nil {
		return nil, err
	}
	const day = 24 * 60.0
	for t := day; !m.Finished() && !tr.Done; t += day {
		m.RunUntil(math.Min(t, m.End()))
	}
	if err := m.Err(); err != nil && !tr.Done {
		return nil, err // stopped by a guard (the live-entity bound) before the case ended
	}
	return tr, nil
}

// FirstCases runs cfg until n cases of entity have arrived and returns their
// IDs, for users who do not know one.
func FirstCases(cfg *model.Config, seed uint64, entity model.Entity, n int) ([]int64, error) {
	var ids []int64
	obs := model.ObserverFunc(func(j *model.Journey) {
		if j.Kind == model.JArrival && j.Entity == entity && len(ids) < n {
			ids = append(ids, j.ID)
		}
	})
	m, err := model.New(cfg, seed, model.Options{Observer: obs})
	if err != nil {
		return nil, err
	}
	for t := 60.0; !m.Finished() && len(ids) < n; t += 60 {
		m.RunUntil(math.Min(t, m.End()))
	}
	if err := m.Err(); err != nil && len(ids) < n {
		return nil, err
	}
	return ids, nil
}

// clock renders model minutes as "day D (Mon) HH:MM".
func clock(t float64) string {
	d := int(t / (24 * 60))
	mins := int(math.Round(t)) - d*24*60
	if mins >= 24*60 {
		d, mins = d+1, mins-24*60
	}
	wd := [...]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}[d%7]
	return fmt.Sprintf("day %3d %s %02d:%02d", d, wd, mins/60, mins%60)
}

// span renders a duration in minutes readably.
func span(m float64) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%.0f min", m)
	case m < 48*60:
		return fmt.Sprintf("%.1f h", m/60)
	default:
		return fmt.Sprintf("%.1f d", m/(24*60))
	}
}

// WriteTimeline prints a journey as a timeline, one event a line with the
// time since the previous event and since arrival.
func WriteTimeline(w io.Writer, tr *TraceResult, names *Names) {
	if len(tr.Events) == 0 {
		fmt.Fprintln(w, "no events")
		return
	}
	j0 := tr.Events[0]
	fmt.Fprintf(w, "%s %s, type %s, citizen %d\n", entityName(j0.Entity), CaseID(j0.ID), names.TypeName(&j0), j0.Citizen)
	prev := j0.T
	for i := range tr.Events {
		j := &tr.Events[i]
		_, unit, _, _ := names.Unit(j.Unit)
		var extra []string
		if unit != "" {
			extra = append(extra, "at "+unit)
		}
		if j.Entity == model.EntityMatter {
			extra = append(extra, fmt.Sprintf("visits %d", j.Visit), j.Channel.String())
		} else if j.Visit > 0 {
			extra = append(extra, fmt.Sprintf("bounces %d", j.Visit))
		}
		fmt.Fprintf(w, "  %s  %-13s %-44s +%-9s (%s in)\n", clock(j.T), j.Kind, strings.Join(extra, ", "), span(j.T-prev), span(j.T-j0.T))
		prev = j.T
	}
	if !tr.Done {
		fmt.Fprintln(w, "  (still open when the run ended)")
	} else {
		fmt.Fprintf(w, "total %s\n", span(tr.Events[len(tr.Events)-1].T-j0.T))
	}
}
