package model

// Place is a unit of the city as drawn: a district, street, community,
// department office or one-window hall.
type Place struct {
	Name   string
	Label  string     // display name (may be Chinese)
	Pos    [2]float64 // km
	Parent int32      // district of a street, street of a community, district of an office or hall (−1 for city-level)
	// Population of a community (sum for streets and districts); workers of
	// a street or community; windows of an office or hall.
	Population, Workers, Windows int
	Dept                         int32 // offices: the department (index into Layout.Departments); −1 otherwise
}

// Layout is the static geometry of the city, for drawing. Index i of each
// slice is the Index of the UnitRef of that kind.
type Layout struct {
	Districts   []Place
	Streets     []Place
	Communities []Place
	Offices     []Place
	Halls       []Place
	Departments []string // department names
	DeptLabels  []string
	MatterTypes []string
	TicketTypes []string
	Min, Max    [2]float64 // bounding box of every place, km
}

// Layout returns the city's geometry.
func (m *Model) Layout() *Layout {
	cfg := m.cfg
	l := &Layout{}
	grow := func(p [2]float64) {
		if len(l.Districts)+len(l.Streets)+len(l.Communities)+len(l.Offices) == 0 {
			l.Min, l.Max = p, p
		}
		for k := 0; k < 2; k++ {
			l.Min[k] = min(l.Min[k], p[k])
			l.Max[k] = max(l.Max[k], p[k])
		}
	}
	for d, dis := range cfg.City.Districts {
		dp := Place{Name: dis.Name, Label: dis.Label, Pos: dis.Position, Parent: -1, Dept: -1}
		for _, st := range dis.Streets {
			sp := Place{Name: st.Name, Label: st.Label, Pos: st.Position, Parent: int32(d), Workers: st.Workers, Dept: -1}
			for _, cm := range st.Communities {
				grow(cm.Position)
				l.Communities = append(l.Communities, Place{Name: cm.Name, Label: cm.Label, Pos: cm.Position, Parent: int32(len(l.Streets)), Population: cm.Population, Workers: cm.Workers, Dept: -1})
				sp.Population += cm.Population
			}
			dp.Population += sp.Population
			l.Streets = append(l.Streets, sp)
		}
		l.Districts = append(l.Districts, dp)
		l.Halls = append(l.Halls, Place{Name: "hall@" + dis.Name, Label: dis.Label, Pos: dis.Position, Parent: int32(d), Windows: cfg.Halls.Staffing.Max(), Dept: -1})
	}
	for _, o := range m.offices {
		dep := &cfg.Departments[o.dept]
		l.Offices = append(l.Offices, Place{Name: o.windows.Name(), Label: dep.Label, Pos: o.pos, Parent: o.district, Windows: dep.Staffing.Max(), Dept: int32(o.dept)})
	}
	for _, d := range cfg.Departments {
		l.Departments = append(l.Departments, d.Name)
		l.DeptLabels = append(l.DeptLabels, d.Label)
	}
	for _, t := range cfg.Matters {
		l.MatterTypes = append(l.MatterTypes, t.Name)
	}
	for _, t := range cfg.Tickets {
		l.TicketTypes = append(l.TicketTypes, t.Name)
	}
	return l
}
