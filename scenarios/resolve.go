package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/arrival"
	"github.com/tiaokuai/tiaokuai/model/calendar"
)

// decode turns the merged tree into a resolved Config. It returns the scale
// it folded into populations and rates.
func (l *loader) decode(root *node, defaultName string) (*model.Config, float64) {
	d := &decoder{
		l:      l,
		where:  map[string]pos{"": root.pos},
		failed: map[string]bool{},
		elems:  map[string][]string{},
		sched:  map[string]*node{},
		gen:    map[string]genKeys{},
		sets:   map[string][]setEntry{},
	}
	d.decodeCalendars(root)
	d.df = newDefaults(d.calendars["office"])
	cfg := d.df.config()
	d.cfg = &cfg
	d.table("", "", root, reflect.ValueOf(&cfg).Elem())

	if _, ok := d.given("name"); !ok {
		cfg.Name = defaultName
	}
	if _, ok := d.given("city.name"); !ok {
		cfg.City.Name = cfg.Name
	}
	scale := cfg.Run.Scale
	if !(scale > 0) || !finite(scale) {
		scale = 1
	}
	depts := d.departments()
	d.profileRefs()
	items := d.items(depts)
	d.matters(depts, items, scale)
	d.tickets(depts, scale)
	d.city(scale)
	d.staffing("hall", &cfg.Halls.Windows, &cfg.Halls.Staffing)
	d.staffing("hotline", &cfg.Hotline.Operators, &cfg.Hotline.Staffing)
	d.shocks()
	d.accountability()
	d.costs()
	d.interventions()
	d.drain()
	d.guard()
	cfg.Run.Scale = 1
	return &cfg, scale
}

// index maps names to indices, reporting nothing (duplicates were reported
// by the list decoder; the first wins).
func index[T any](list []T, name func(*T) string) (map[string]int, []string) {
	m := map[string]int{}
	var names []string
	for i := range list {
		n := name(&list[i])
		if _, dup := m[n]; !dup && n != "" {
			m[n] = i
			names = append(names, n)
		}
	}
	return m, names
}

type names struct {
	idx  map[string]int
	list []string
}

func (n names) find(s string) (int, bool) {
	i, ok := n.idx[s]
	return i, ok
}

// ref resolves a reference to a named thing, reporting a dangling one.
func (d *decoder) ref(path string, what string, s string, in names) (int, bool) {
	if i, ok := in.find(s); ok {
		return i, true
	}
	if len(in.list) == 0 {
		d.problem(d.posOf(path), path, "no %s named %q: there are none", what, s)
	} else {
		d.problem(d.posOf(path), path, "no %s named %q%s", what, s, suggest(s, in.list))
	}
	return -1, false
}

func (d *decoder) departments() names {
	cfg := d.cfg
	idx, list := index(cfg.Departments, func(x *model.Department) string { return x.Name })
	for i := range cfg.Departments {
		dep := &cfg.Departments[i]
		p := d.elem("department", i)
		if slices.Contains(reservedDeptNames, dep.Name) {
			d.problem(d.posOf(p+".name"), p+".name", "%q is reserved (it names the grassroots or territorial side); choose another department name", dep.Name)
		}
		if dep.Label == "" {
			dep.Label = dep.Name
		}
		d.staffing(p, &dep.Windows, &dep.Staffing)
		for j := range dep.Tasks {
			t := &dep.Tasks[j]
			tp := d.elem(p+".task", j)
			if k, ok := grassrootsKind(t.TargetName); ok {
				t.Target = k
			} else {
				d.problem(d.posOf(tp+".target"), tp+".target", "expected \"street\" or \"community\", got %q%s", t.TargetName, suggest(t.TargetName, []string{"street", "community"}))
			}
			if t.Duplicated+t.Prefillable > 1+1e-12 {
				d.problem(d.posOf(tp+".prefillable"), tp, "duplicated + prefillable must be at most 1 (they are disjoint shares of the hours), got %s + %s", formatFloat(t.Duplicated), formatFloat(t.Prefillable))
			}
		}
	}
	return names{idx, list}
}

// grassrootsKind returns the kind of grassroots unit "street" or
// "community" names.
func grassrootsKind(name string) (model.OwnerKind, bool) {
	switch name {
	case "street":
		return model.OwnerStreet, true
	case "community":
		return model.OwnerCommunity, true
	}
	return 0, false
}

// staffing resolves a count and its *_schedule. A schedule that covers the
// whole week at one level makes that level the count.
func (d *decoder) staffing(path string, count *int, out *calendar.Staffing) {
	base := *count
	var specs []string
	n := d.sched[path]
	if n != nil {
		arr, _ := n.val.([]any)
		for _, e := range arr {
			s, _ := e.(string)
			specs = append(specs, s)
		}
		if s, ok := n.val.(string); ok {
			specs = []string{s}
		}
	}
	st, err := calendar.ParseStaffing(base, specs)
	if err != nil {
		p := path + ".windows_schedule"
		if path == "hotline" {
			p = "hotline.operators_schedule"
		}
		d.problem(d.posOf(p), p, "bad staffing schedule: %s", errText(err))
		return
	}
	*out = st
	*count = st.Base()
}

func (d *decoder) profileRefs() {
	cfg := d.cfg
	for i := range cfg.Profiles {
		pr := &cfg.Profiles[i]
		p := d.elem("profile", i)
		ok := d.weights(p+".hours", &pr.Hours, 24)
		ok = d.weights(p+".weekdays", &pr.Weekdays, 7) && ok
		if !ok {
			continue
		}
		prof, err := arrival.NewProfile(pr.Hours, pr.Weekdays)
		if err != nil {
			d.problem(d.posOf(p), p, "bad profile: %s", errText(err))
			continue
		}
		pr.Profile = prof
	}
}

// weights checks a profile's weights; missing ones are flat (all 1).
func (d *decoder) weights(path string, w *[]float64, want int) bool {
	if _, given := d.given(path); !given {
		*w = slices.Repeat([]float64{1}, want)
		return true
	}
	if d.failed[path] {
		return false
	}
	if len(*w) != want {
		d.problem(d.posOf(path), path, "expected %d weights, got %d", want, len(*w))
		return false
	}
	sum := 0.0
	for i, x := range *w {
		if x < 0 {
			d.problem(d.posOf(path), path, "weight %d must not be negative, got %s", i, formatFloat(x))
			return false
		}
		sum += x
	}
	if !(sum > 0) || !finite(sum) {
		d.problem(d.posOf(path), path, "the weights must have a positive sum")
		return false
	}
	return true
}

func (d *decoder) profile(path, name string, out *int) {
	*out = -1
	if name == "" {
		return
	}
	idx, list := index(d.cfg.Profiles, func(x *model.NamedProfile) string { return x.Name })
	if i, ok := d.ref(path, "profile", name, names{idx, list}); ok {
		*out = i
	}
}

func (d *decoder) items(depts names) names {
	cfg := d.cfg
	for i := range cfg.Items {
		it := &cfg.Items[i]
		p := d.elem("item", i)
		if it.Label == "" {
			it.Label = it.Name
		}
		it.Dept = -1
		if k, ok := grassrootsKind(it.OwnerName); ok {
			it.Owner = k
		} else {
			it.Owner = model.OwnerDepartment
			if _, given := d.given(p + ".owner"); given {
				it.Dept, _ = d.ownerDept(p+".owner", it.OwnerName, depts, "an item's owner is a department, \"street\" or \"community\"", "street", "community")
			}
		}
	}
	idx, list := index(cfg.Items, func(x *model.Item) string { return x.Name })
	return names{idx, list}
}

// rates checks the rate pair of a matter or ticket type and scales an
// absolute rate.
func (d *decoder) rates(p string, per1000 float64, rate *float64, scale float64) {
	if per1000 > 0 && *rate > 0 {
		d.problem(d.posOf(p+".rate"), p, "give rate_per_1000 or rate, not both (rate_per_1000 = %s, rate = %s)", formatFloat(per1000), formatFloat(*rate))
	}
	*rate *= scale
}

// arrivalType resolves what matter and ticket types share: the label
// (default: the name), the rate pair and the time profile.
func (d *decoder) arrivalType(p, name string, label *string, per1000 float64, rate *float64, profile string, prof *int, scale float64) {
	if *label == "" {
		*label = name
	}
	d.rates(p, per1000, rate, scale)
	d.profile(p+".profile", profile, prof)
}

// ownerDept resolves an owner that names a department, reporting an unknown
// name with rule (what else an owner may be) and suggestions among the
// departments and the other words an owner may be.
func (d *decoder) ownerDept(path, name string, depts names, rule string, others ...string) (int, bool) {
	if j, ok := depts.find(name); ok {
		return j, true
	}
	d.problem(d.posOf(path), path, "no department named %q%s; %s", name, suggest(name, append(slices.Clone(depts.list), others...)), rule)
	return -1, false
}

// refs resolves a list of names of things of one kind given at path,
// leaving out the dangling ones (reported); with unique, a name listed
// twice is a problem too. A nil list of names becomes empty.
func (d *decoder) refs(path, what string, list *[]string, in names, unique bool) []int {
	out := make([]int, 0, len(*list))
	for _, name := range *list {
		if k, ok := d.ref(path, what, name, in); ok {
			if unique && slices.Contains(out, k) {
				d.problem(d.posOf(path), path, "%s %q listed twice", what, name)
			}
			out = append(out, k)
		}
	}
	if *list == nil {
		*list = []string{}
	}
	return out
}

func (d *decoder) matters(depts, items names, scale float64) {
	cfg := d.cfg
	for i := range cfg.Matters {
		m := &cfg.Matters[i]
		p := d.elem("matter", i)
		d.arrivalType(p, m.Name, &m.Label, m.RatePer1000, &m.Rate, m.ProfileName, &m.Profile, scale)
		_, m.HasHallTime = d.given(p + ".hall_time")
		if len(m.Steps) == 0 && !d.failed[p+".step"] {
			d.problem(d.posOf(p), p, "a matter needs at least one [[matter.step]]")
		}
		for j := range m.Steps {
			s := &m.Steps[j]
			sp := d.elem(p+".step", j)
			s.Dept = -1
			if _, given := d.given(sp + ".department"); given {
				s.Dept, _ = d.ref(sp+".department", "department", s.DeptName, depts)
			}
			s.Items = d.refs(sp+".items", "item", &s.ItemNames, items, false)
		}
	}
}

func (d *decoder) tickets(depts names, scale float64) {
	cfg := d.cfg
	for i := range cfg.Tickets {
		t := &cfg.Tickets[i]
		p := d.elem("ticket", i)
		d.arrivalType(p, t.Name, &t.Label, t.RatePer1000, &t.Rate, t.ProfileName, &t.Profile, scale)
		t.Owner = -1
		_, ownerOK := d.given(p + ".owner")
		if ownerOK && t.OwnerName != "territorial" {
			t.Owner, ownerOK = d.ownerDept(p+".owner", t.OwnerName, depts, "a ticket's owner is a department or \"territorial\"", "territorial")
		}
		if _, given := d.given(p + ".plausible"); given {
			t.Plausible = d.refs(p+".plausible", "department", &t.PlausibleNames, depts, true)
		} else {
			t.PlausibleNames = slices.Clone(depts.list)
			t.Plausible = make([]int, len(depts.list))
			for k := range t.Plausible {
				t.Plausible[k] = depts.idx[depts.list[k]]
			}
		}
		if t.PlausibleNames == nil {
			t.PlausibleNames = []string{}
		}
		d.ticketAreas(p, t)
		t.Enforcer = -1
		switch {
		case t.EnforcerName != "":
			t.Enforcer, _ = d.ref(p+".enforcer", "department", t.EnforcerName, depts)
		case t.Owner >= 0:
			t.Enforcer = t.Owner
			t.EnforcerName = t.OwnerName
		case ownerOK && t.NeedsEnforce > 0:
			d.problem(d.posOf(p+".needs_enforcement"), p+".enforcer", "required when the owner is territorial and needs_enforcement > 0 (it is %s): name the department that enforces", formatFloat(t.NeedsEnforce))
		}
	}
}

// ticketAreas checks a ticket type's [[ticket.area]] names (districts or
// streets of the city) and that some weight is positive.
func (d *decoder) ticketAreas(p string, t *model.TicketType) {
	if len(t.Areas) == 0 {
		return
	}
	var valid []string
	for _, dist := range d.cfg.City.Districts {
		valid = append(valid, dist.Name)
		for _, st := range dist.Streets {
			valid = append(valid, st.Name)
		}
	}
	sum := 0.0
	for j, a := range t.Areas {
		ap := d.elem(p+".area", j)
		if !slices.Contains(valid, a.Name) {
			d.problem(d.posOf(ap+".name"), ap+".name", "no district or street named %q%s", a.Name, suggest(a.Name, valid))
		}
		sum += a.Weight
	}
	if !(sum > 0) {
		d.problem(d.posOf(p+".area"), p+".area", "the area weights sum to 0: no ticket could arrive")
	}
}

func (d *decoder) shocks() {
	cfg := d.cfg
	var types []string
	for _, m := range cfg.Matters {
		types = append(types, m.Name)
	}
	for _, t := range cfg.Tickets {
		types = append(types, t.Name)
	}
	valid := append(slices.Clone(shockGroups), types...)
	for i := range cfg.Shocks {
		s := &cfg.Shocks[i]
		p := d.elem("shock", i)
		_, gs := d.given(p + ".start")
		_, ge := d.given(p + ".end")
		if gs && ge && s.End <= s.Start {
			d.problem(d.posOf(p+".end"), p+".end", "must be after start (%s), got %s", fmtMinutes(s.Start), fmtMinutes(s.End))
		}
		for _, a := range s.AppliesTo {
			if !slices.Contains(valid, a) {
				d.problem(d.posOf(p+".applies_to"), p+".applies_to", "no matter or ticket type named %q%s (or use a group: %s)", a, suggest(a, valid), quoteList(shockGroups))
			}
		}
		if s.AppliesTo == nil {
			s.AppliesTo = []string{}
		}
	}
}

func (d *decoder) costs() {
	cfg := d.cfg
	seen := map[string]bool{}
	for i := range cfg.Cost.Items {
		c := &cfg.Cost.Items[i]
		p := d.elem("cost.item", i)
		if _, given := d.given(p + ".what"); !given {
			continue
		}
		if !slices.Contains(costWhat, c.What) {
			d.problem(d.posOf(p+".what"), p+".what", "cannot price %q%s: a cost item prices a boolean or share lever or a staff kind (%s)", c.What, suggest(c.What, costWhat), quoteList(costWhat[14:]))
		} else if seen[c.What] {
			d.problem(d.posOf(p+".what"), p+".what", "%q is priced twice", c.What)
		}
		seen[c.What] = true
	}
}

// interventions sorts interventions by time and gives each the complete
// levers in force from then on.
func (d *decoder) interventions() {
	cfg := d.cfg
	type iv struct {
		x    model.Intervention
		path string
	}
	all := make([]iv, len(cfg.Interventions))
	for i, x := range cfg.Interventions {
		all[i] = iv{x, d.elem("intervention", i)}
	}
	slices.SortStableFunc(all, func(a, b iv) int {
		switch {
		case a.x.At < b.x.At:
			return -1
		case a.x.At > b.x.At:
			return 1
		}
		return 0
	})
	lev, resp := cfg.Platform, cfg.Responsibility
	lv, rv := reflect.ValueOf(&lev).Elem(), reflect.ValueOf(&resp).Elem()
	lf, lkeys := tomlFields(lv.Type())
	rf, rkeys := tomlFields(rv.Type())
	var allKeys []string
	for _, k := range lkeys {
		allKeys = append(allKeys, "platform."+k)
	}
	for _, k := range rkeys {
		allKeys = append(allKeys, "responsibility."+k)
	}
	for i := range all {
		x := &all[i].x
		p := all[i].path
		x.Set = []string{}
		seen := map[string]bool{}
		for _, e := range d.sets[p] {
			ep := p + ".set." + e.key
			section, key, _ := strings.Cut(e.key, ".")
			var target reflect.Value
			switch section {
			case "platform":
				if j, ok := lf[key]; ok {
					target = lv.Field(j)
				}
			case "responsibility":
				if j, ok := rf[key]; ok {
					target = rv.Field(j)
				}
			}
			if !target.IsValid() {
				d.problem(e.n.pos, ep, "an intervention sets platform.* and responsibility.* levers only%s", suggest(e.key, allKeys))
				continue
			}
			if seen[e.key] {
				d.problem(e.n.pos, ep, "set twice")
				continue
			}
			seen[e.key] = true
			if d.value(ep, e.key, e.n, target) {
				x.Set = append(x.Set, e.key+" = "+encodeValue(target))
			}
		}
		slices.Sort(x.Set)
		x.Levers, x.Responsibility = lev, resp
	}
	for i := range all {
		cfg.Interventions[i] = all[i].x
	}
}

// drain defaults to twice the longest time limit or deadline.
func (d *decoder) drain() {
	cfg := d.cfg
	if _, given := d.given("run.drain"); given {
		return
	}
	longest := 0.0
	office := d.calendars["office"]
	for _, m := range cfg.Matters {
		longest = max(longest, m.TimeLimit.Approx(office))
	}
	for _, t := range cfg.Tickets {
		c := cfg.Grassroots.StreetCalendar
		if t.Owner >= 0 && t.Owner < len(cfg.Departments) && cfg.Departments[t.Owner].Calendar != nil {
			c = cfg.Departments[t.Owner].Calendar
		}
		longest = max(longest, t.Deadline.Approx(c))
	}
	cfg.Run.Drain = 2 * longest
	if !finite(cfg.Run.Drain) {
		d.problem(d.posOf("run"), "run.drain", "the default (twice the longest time limit or deadline) is not finite; give run.drain")
	}
}

func fmtMinutes(m float64) string {
	return fmt.Sprintf("%q", calendar.Duration{Value: m, Unit: calendar.Elapsed}.String())
}

// city checks the kuai tree, generates streets and communities where a
// district gives generator keys, applies the scale, fills worker defaults
// and positions.
func (d *decoder) city(scale float64) {
	cfg := d.cfg
	city := &cfg.City
	if len(city.Districts) == 0 {
		d.problem(d.posOf("city"), "city", "the city has no districts: add [[city.district]] tables")
		return
	}
	gr := cfg.Grassroots
	total := 0
	complete := true
	for i := range city.Districts {
		dis := &city.Districts[i]
		p := d.elem("city.district", i)
		if dis.Label == "" {
			dis.Label = dis.Name
		}
		g, generated := d.gen[p]
		genFailed := d.failed[p+".population"] || d.failed[p+".streets"] || d.failed[p+".communities_per_street"]
		switch {
		case genFailed:
			complete = false
			continue
		case generated && len(dis.Streets) > 0:
			d.problem(g.at, p, "give either explicit [[city.district.street]] tables or population, streets and communities_per_street, not both")
			complete = false
			continue
		case generated && g.given < 3:
			var missing []string
			for _, k := range []string{"population", "streets", "communities_per_street"} {
				if _, ok := d.given(p + "." + k); !ok {
					missing = append(missing, k)
				}
			}
			d.problem(g.at, p, "a generated district needs population, streets and communities_per_street; missing %s", strings.Join(missing, ", "))
			complete = false
			continue
		case generated:
			if !d.generate(dis, g, scale) {
				complete = false
			}
		case len(dis.Streets) == 0:
			d.problem(d.posOf(p), p, "the district has no streets: add [[city.district.street]] tables, or give population, streets and communities_per_street")
			complete = false
			continue
		default:
			for j := range dis.Streets {
				st := &dis.Streets[j]
				sp := d.elem(p+".street", j)
				for k := range st.Communities {
					c := &st.Communities[k]
					c.Population = int(math.Round(float64(c.Population) * scale))
					if _, ok := d.given(d.elem(sp+".community", k) + ".workers"); !ok {
						c.Workers = -1
					}
				}
				if _, ok := d.given(sp + ".workers"); !ok {
					st.Workers = -1
				}
			}
		}
		for j := range dis.Streets {
			st := &dis.Streets[j]
			if st.Label == "" {
				st.Label = st.Name
			}
			if st.Workers < 0 {
				st.Workers = gr.StreetWorkers
			}
			if st.Communities == nil {
				st.Communities = []model.Community{}
			}
			for k := range st.Communities {
				c := &st.Communities[k]
				if c.Label == "" {
					c.Label = c.Name
				}
				if c.Workers < 0 {
					c.Workers = max(1, int(math.Round(gr.CommunityWorkersPer10k*float64(c.Population)/1e4)))
				}
				total += c.Population
			}
		}
	}
	if complete && total == 0 {
		msg := "the city has no residents (every community has population 0)"
		if scale != 1 {
			msg = fmt.Sprintf("the city has no residents after run.scale = %s", formatFloat(scale))
		}
		d.problem(d.posOf("city"), "city", "%s", msg)
	}
	d.positions()
}

// maxCommunities bounds a generated district (a megacity has a few
// thousand communities in all).
const maxCommunities = 100_000

// generate writes out a generated district: the population split evenly
// (remainder to the first communities), names DISTRICT-sI and
// DISTRICT-sI-cJ.
func (d *decoder) generate(dis *model.District, g genKeys, scale float64) bool {
	pop := int(math.Round(float64(g.population) * scale))
	n := g.streets * g.perStreet
	if g.streets < 1 || g.perStreet < 1 || g.streets > maxCommunities || g.perStreet > maxCommunities || n > maxCommunities {
		d.problem(g.at, d.elemPathOf(dis), "streets × communities_per_street must be in [1, %d], got %d × %d", maxCommunities, g.streets, g.perStreet)
		return false
	}
	each, rest := pop/n, pop%n
	dis.Streets = make([]model.Street, g.streets)
	k := 0
	for s := range dis.Streets {
		name := fmt.Sprintf("%s-s%d", dis.Name, s+1)
		st := model.Street{Name: name, Label: name, Workers: -1, Communities: make([]model.Community, g.perStreet)}
		for c := range st.Communities {
			cn := fmt.Sprintf("%s-c%d", name, c+1)
			p := each
			if k < rest {
				p++
			}
			k++
			st.Communities[c] = model.Community{Name: cn, Label: cn, Population: p, Workers: -1}
		}
		dis.Streets[s] = st
	}
	return true
}

func (d *decoder) elemPathOf(dis *model.District) string {
	for i := range d.cfg.City.Districts {
		if &d.cfg.City.Districts[i] == dis {
			return d.elem("city.district", i)
		}
	}
	return "city.district"
}

// positions places what has no position: districts on a square grid of
// cells, each district's communities on a square grid spacing_km apart
// inside its cell (centred on the district when its position is given),
// streets and districts at their communities' centroid.
func (d *decoder) positions() {
	city := &d.cfg.City
	sp := city.SpacingKm
	if !(sp > 0) || !finite(sp) {
		sp = 1
	}
	side := func(n int) int { return max(1, int(math.Ceil(math.Sqrt(float64(n))))) }
	widest := 1
	for _, dis := range city.Districts {
		n := 0
		for _, st := range dis.Streets {
			n += len(st.Communities)
		}
		widest = max(widest, side(n))
	}
	cell := float64(widest+1) * sp
	grid := side(len(city.Districts))
	for i := range city.Districts {
		dis := &city.Districts[i]
		p := d.elem("city.district", i)
		_, disGiven := d.given(p + ".position")
		n := 0
		for _, st := range dis.Streets {
			n += len(st.Communities)
		}
		g := side(n)
		origin := [2]float64{float64(i%grid) * cell, float64(i/grid) * cell}
		if disGiven {
			half := float64(g-1) * sp / 2
			origin = [2]float64{dis.Position[0] - half, dis.Position[1] - half}
		}
		var sum [2]float64
		j := 0
		for si := range dis.Streets {
			st := &dis.Streets[si]
			stp := d.elem(p+".street", si)
			var ssum [2]float64
			for ci := range st.Communities {
				c := &st.Communities[ci]
				if _, ok := d.given(d.elem(stp+".community", ci) + ".position"); !ok {
					c.Position = [2]float64{metre(origin[0] + float64(j%g)*sp), metre(origin[1] + float64(j/g)*sp)}
				}
				j++
				ssum[0] += c.Position[0]
				ssum[1] += c.Position[1]
			}
			sum[0] += ssum[0]
			sum[1] += ssum[1]
			if _, ok := d.given(stp + ".position"); !ok && len(st.Communities) > 0 {
				st.Position = [2]float64{metre(ssum[0] / float64(len(st.Communities))), metre(ssum[1] / float64(len(st.Communities)))}
			}
		}
		if !disGiven {
			if n > 0 {
				dis.Position = [2]float64{metre(sum[0] / float64(n)), metre(sum[1] / float64(n))}
			} else {
				dis.Position = [2]float64{metre(origin[0]), metre(origin[1])}
			}
		}
		for si := range dis.Streets {
			st := &dis.Streets[si]
			if _, ok := d.given(d.elem(p+".street", si) + ".position"); !ok && len(st.Communities) == 0 {
				st.Position = dis.Position
			}
		}
	}
}

// metre rounds a generated position (km) to the metre, so that canonical
// files show 2.4, not 2.4000000000000004.
func metre(km float64) float64 { return math.Round(km*1000) / 1000 }

// accountability checks the lengths of the accountability arrays (their
// elements were checked as finite numbers while decoding).
func (d *decoder) accountability() {
	a := &d.cfg.Accountability
	if p := "accountability.gamma"; !d.failed[p] && len(a.Gamma) != 4 {
		d.problem(d.posOf(p), p, "expected 4 numbers [γ₀, γ_R, γ_C, γ_T], got %d", len(a.Gamma))
	}
	if p := "accountability.weights"; !d.failed[p] {
		d.weights(p, &a.Weights, 3)
	}
}
