package model

import (
	"math"
	"sort"

	"github.com/tiaokuai/tiaokuai/model/calendar"
)

// CostKPIs is a run's cost (docs/ODD.md §6.6): one-off costs of every lever
// used and every unit of staff, plus annual costs for the share of the
// observation window they were in force.
type CostKPIs struct {
	Total  float64    `json:"total"`
	OneOff float64    `json:"one_off"`
	Annual float64    `json:"annual_in_window"`
	Items  []CostLine `json:"items"`
}

// CostLine is one priced item.
type CostLine struct {
	What   string  `json:"what"`
	Level  float64 `json:"level"` // mean level over the window (1 = on, a share, or a count)
	OneOff float64 `json:"one_off"`
	Annual float64 `json:"annual_in_window"`
}

// staffCount returns the number of staff of a kind.
func (m *Model) staffCount(what string) float64 {
	cfg := m.cfg
	var n int
	switch what {
	case "windows", "handlers":
		for i := range m.offices {
			d := &cfg.Departments[m.offices[i].dept]
			if what == "windows" {
				n += d.Staffing.Max()
			} else {
				n += d.Handlers
			}
		}
	case "hall_windows":
		n = cfg.Halls.Staffing.Max() * len(m.halls)
	case "operators":
		n = cfg.Hotline.Staffing.Max()
	case "dispatchers":
		n = cfg.Dispatch.Staff
	case "street_workers", "community_workers":
		for _, d := range cfg.City.Districts {
			for _, s := range d.Streets {
				if what == "street_workers" {
					n += s.Workers
				} else {
					for _, c := range s.Communities {
						n += c.Workers
					}
				}
			}
		}
	default:
		return math.NaN()
	}
	return float64(n)
}

// leverTime returns a lever's time-weighted mean level over the window and
// the highest level in force at any time before the window's end.
func (m *Model) leverTime(lv *Lever) (mean, peak float64) {
	var area float64
	for v := range m.levers {
		if m.leverAt[v] >= m.w1 {
			break
		}
		l := lv.level(&m.levers[v])
		peak = math.Max(peak, l)
		a := math.Max(m.leverAt[v], m.w0)
		b := m.w1
		if v+1 < len(m.levers) {
			b = math.Min(b, m.leverAt[v+1])
		}
		if b > a {
			area += l * (b - a)
		}
	}
	return area / (m.w1 - m.w0), peak
}

// CostOf is the cost a run of cfg reports (Results.Cost), computed without
// running it: a run's cost follows from its scenario alone (staff counts,
// the levers in force and from when, the window), never from its random
// draws. The policy search prices candidates screened at a lower fidelity
// with it, so that a budget means the same at every fidelity.
func CostOf(cfg *Config) (CostKPIs, error) {
	m, err := New(cfg, 0, Options{})
	if err != nil {
		return CostKPIs{}, err
	}
	// The scheduled interventions, in the order the event list delivers
	// them (time, then the order they were scheduled in).
	order := make([]int, len(cfg.Interventions))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return cfg.Interventions[order[a]].At < cfg.Interventions[order[b]].At })
	for _, i := range order {
		if iv := &cfg.Interventions[i]; iv.At <= m.end {
			m.levers = append(m.levers, leverSet{iv.Levers, iv.Responsibility})
			m.leverAt = append(m.leverAt, iv.At)
		}
	}
	return m.costKPIs(), nil
}

func (m *Model) costKPIs() CostKPIs {
	var out CostKPIs
	years := (m.w1 - m.w0) / (365 * calendar.Day)
	for _, it := range m.cfg.Cost.Items {
		line := CostLine{What: it.What}
		if lv := LeverByName(it.What); lv != nil {
			// The one-off cost is paid for the highest level reached by the
			// end of the window; the annual cost follows the time-weighted
			// level.
			mean, peak := m.leverTime(lv)
			line.Level = mean
			line.OneOff = it.OneOff * peak
			line.Annual = it.Annual * mean * years
		} else {
			n := m.staffCount(it.What)
			line.Level = n
			line.OneOff = it.OneOff * n
			line.Annual = it.Annual * n * years
			if it.What == "hall_windows" {
				// Halls are staffed only while one window is on.
				mean, peak := m.leverTime(LeverByName("one_window"))
				line.Level = n * mean
				line.OneOff = it.OneOff * n * peak
				line.Annual = it.Annual * n * mean * years
			}
		}
		out.OneOff += line.OneOff
		out.Annual += line.Annual
		out.Items = append(out.Items, line)
	}
	out.Total = out.OneOff + out.Annual
	return out
}
