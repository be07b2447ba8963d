package twin

import (
	"strconv"
	"time"

	"github.com/tiaokuai/tiaokuai/model"
)

// Origin is the calendar time of model time 0 in event logs: a Monday, as
// the model's t = 0 is.
var Origin = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Names resolves the IDs in journey events to names, from the scenario
// alone (no model is built). Office i is numbered as the model numbers it:
// departments in order, one office for a city-level department, one per
// district otherwise.
type Names struct {
	MatterTypes, TicketTypes []string
	Departments              []string
	Districts                []string
	Streets                  []string
	ComStreet                []int32 // street of each community
	Communities              []string
	Offices                  []string
	OfficeDept               []int32 // department of each office
}

// NewNames builds the names of cfg's units.
func NewNames(cfg *model.Config) *Names {
	n := &Names{}
	for _, t := range cfg.Matters {
		n.MatterTypes = append(n.MatterTypes, t.Name)
	}
	for _, t := range cfg.Tickets {
		n.TicketTypes = append(n.TicketTypes, t.Name)
	}
	for _, d := range cfg.City.Districts {
		n.Districts = append(n.Districts, d.Name)
		for _, s := range d.Streets {
			si := int32(len(n.Streets))
			n.Streets = append(n.Streets, s.Name)
			for _, c := range s.Communities {
				n.Communities = append(n.Communities, c.Name)
				n.ComStreet = append(n.ComStreet, si)
			}
		}
	}
	for d, dep := range cfg.Departments {
		n.Departments = append(n.Departments, dep.Name)
		if dep.Level == model.LevelCity {
			n.Offices = append(n.Offices, dep.Name)
			n.OfficeDept = append(n.OfficeDept, int32(d))
			continue
		}
		for _, dis := range cfg.City.Districts {
			n.Offices = append(n.Offices, dep.Name+"@"+dis.Name)
			n.OfficeDept = append(n.OfficeDept, int32(d))
		}
	}
	return n
}

func at(s []string, i int32) string {
	if i >= 0 && int(i) < len(s) {
		return s[i]
	}
	return strconv.Itoa(int(i))
}

// TypeName is the name of the matter or ticket type of j.
func (n *Names) TypeName(j *model.Journey) string {
	if j.Entity == model.EntityTicket {
		return at(n.TicketTypes, int32(j.Type))
	}
	return at(n.MatterTypes, int32(j.Type))
}

var unitKinds = [...]string{"", "office", "hall", "street", "community", "online"}

// Unit returns the kind and name of u, its department (offices) and its
// street (streets and communities); empty strings where none applies.
func (n *Names) Unit(u model.UnitRef) (kind, name, dept, street string) {
	if int(u.Kind) < len(unitKinds) {
		kind = unitKinds[u.Kind]
	}
	switch u.Kind {
	case model.UnitOffice:
		name = at(n.Offices, u.Index)
		if int(u.Index) < len(n.OfficeDept) {
			dept = at(n.Departments, n.OfficeDept[u.Index])
		}
	case model.UnitHall:
		name = "hall@" + at(n.Districts, u.Index)
	case model.UnitStreet:
		name = at(n.Streets, u.Index)
		street = name
	case model.UnitCommunity:
		name = at(n.Communities, u.Index)
		if int(u.Index) < len(n.ComStreet) {
			street = at(n.Streets, n.ComStreet[u.Index])
		}
	case model.UnitOnline:
		name = "online"
	}
	return
}

// CaseID formats a stable entity ID as PROCESS.NUMBER: the arrival process
// and the arrival's number within it.
func CaseID(id int64) string {
	return strconv.FormatInt(id>>32, 10) + "." + strconv.FormatInt(id&0xffffffff, 10)
}

// ParseCaseID reads an ID written by CaseID, or a plain integer.
func ParseCaseID(s string) (int64, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			p, err1 := strconv.ParseInt(s[:i], 10, 32)
			k, err2 := strconv.ParseUint(s[i+1:], 10, 32)
			if err1 != nil || err2 != nil || p < 0 {
				return 0, false
			}
			return p<<32 | int64(k), true
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil && v >= 0
}

func entityName(e model.Entity) string {
	if e == model.EntityTicket {
		return "ticket"
	}
	return "matter"
}

// wall renders model minutes as a calendar time from Origin.
func wall(t float64) time.Time {
	return Origin.Add(time.Duration(t * float64(time.Minute))).Round(time.Millisecond)
}
