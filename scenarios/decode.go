package scenarios

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/dist"
)

var (
	distType     = reflect.TypeFor[dist.Dist]()
	durationType = reflect.TypeFor[calendar.Duration]()
	calendarType = reflect.TypeFor[*calendar.Calendar]()
	levelType    = reflect.TypeFor[model.Level]()
	collectType  = reflect.TypeFor[model.Collection]()
	priorityType = reflect.TypeFor[model.Priority]()
	urgencyType  = reflect.TypeFor[model.Urgency]()
)

// decoder walks the merged tree against model.Config, collecting every
// problem, and remembers what it needs to resolve the result.
type decoder struct {
	l   *loader
	df  *defaults
	cfg *model.Config

	where  map[string]pos      // display path of every given key → where it was set
	failed map[string]bool     // display paths with a problem
	elems  map[string][]string // display path of a list → its elements' path segments

	sc *schema            // nil: scenarioSchema
	x  *experimentDecoder // the experiment being read, for its rules' decode hooks

	calendars map[string]*calendar.Calendar
	calNames  []string

	sched map[string]*node      // display path of a struct with a staffing count → its *_schedule node
	gen   map[string]genKeys    // display path of a district → its generator keys
	sets  map[string][]setEntry // display path of an intervention → its set entries
}

type genKeys struct {
	population, streets, perStreet int
	given                          int // how many of the three keys were given
	at                             pos
}

type setEntry struct {
	key string // "platform.one_window"
	n   *node
}

func (d *decoder) problem(p pos, key, format string, args ...any) {
	if d.failed != nil {
		d.failed[key] = true
	}
	d.l.problem(p, key, format, args...)
}

func (d *decoder) given(path string) (pos, bool) {
	p, ok := d.where[path]
	return p, ok
}

// posOf returns where path was set, or where its nearest given ancestor was.
func (d *decoder) posOf(path string) pos {
	for {
		if p, ok := d.where[path]; ok {
			return p
		}
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return d.where[""]
		}
		path = path[:i]
	}
}

// elem is the display path of element i of the list at path.
func (d *decoder) elem(path string, i int) string {
	if segs := d.elems[path]; i < len(segs) {
		return path + "." + segs[i]
	}
	return path + "." + strconv.Itoa(i)
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// tomlFields maps the TOML keys of a struct type to field indices.
func tomlFields(t reflect.Type) (map[string]int, []string) {
	m := map[string]int{}
	var keys []string
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("toml")
		if tag == "" || tag == "-" {
			continue
		}
		m[tag] = i
		keys = append(keys, tag)
	}
	return m, keys
}

// schema is the decoder's schema: the scenario schema unless set.
func (d *decoder) schema() *schema {
	if d.sc != nil {
		return d.sc
	}
	return scenarioSchema
}

// element returns the defaults of a list element (or of a table behind a
// pointer) by its Go type; nil for none.
func (d *decoder) element(v any) any {
	if d.sc == nil {
		return d.df.element(v)
	}
	if d.sc.element == nil {
		return nil
	}
	return d.sc.element(v)
}

// table decodes a table node into the struct rv.
func (d *decoder) table(path, schema string, n *node, rv reflect.Value) {
	sc := d.schema()
	if !n.isTable() {
		d.problem(n.pos, path, "expected %s, got %s", cmp.Or(sc.rules[schema].want, "a table"), describe(n))
		return
	}
	d.where[path] = n.pos
	t := rv.Type()
	fields, keys := tomlFields(t)
	extra := sc.extras[t]
	for _, k := range sortedKeys(n.tab) {
		c := n.tab[k]
		p, s := join(path, k), join(schema, k)
		if slices.Contains(extra, k) {
			d.extra(p, s, k, c, rv)
			continue
		}
		i, ok := fields[k]
		if !ok {
			d.problem(c.pos, p, "unknown key%s", suggest(k, append(keys, extra...)))
			continue
		}
		d.value(p, s, c, rv.Field(i))
	}
	for _, k := range sc.required[schema] {
		if _, ok := n.tab[k]; !ok {
			d.problem(n.pos, path, "missing required key %q", k)
		}
	}
	for _, k := range keys {
		if need := sc.rules[join(schema, k)].need; need != "" {
			if _, ok := n.tab[k]; !ok {
				d.problem(n.pos, join(path, k), "required: %s", need)
			}
		}
	}
}

// extra decodes a key that is not a field of its struct.
func (d *decoder) extra(path, schema, key string, n *node, rv reflect.Value) {
	d.where[path] = n.pos
	owner := strings.TrimSuffix(path, "."+key)
	switch key {
	case "windows_schedule", "operators_schedule":
		var specs []string
		if d.value(path, schema, n, reflect.ValueOf(&specs).Elem()) {
			d.sched[owner] = n
		}
	case "population", "streets", "communities_per_street":
		var v int
		if d.value(path, schema, n, reflect.ValueOf(&v).Elem()) {
			g := d.gen[owner]
			switch key {
			case "population":
				g.population = v
			case "streets":
				g.streets = v
			default:
				g.perStreet = v
			}
			g.given++
			g.at = d.where[owner]
			d.gen[owner] = g
		}
	case "set":
		if !n.isTable() {
			d.problem(n.pos, path, "expected a table of lever keys like { \"platform.one_window\" = true }, got %s", describe(n))
			return
		}
		var entries []setEntry
		flattenSet("", n, &entries)
		d.sets[owner] = entries
	case "calendars":
		// decoded before the walk
	case "lever", "uncertainty":
		// an experiment's factors, decoded with their design
	}
}

func flattenSet(prefix string, n *node, out *[]setEntry) {
	if n.isTable() {
		for _, k := range sortedKeys(n.tab) {
			flattenSet(join(prefix, k), n.tab[k], out)
		}
		return
	}
	*out = append(*out, setEntry{key: prefix, n: n})
}

// value decodes one node into rv; it reports whether it succeeded.
func (d *decoder) value(path, schema string, n *node, rv reflect.Value) bool {
	d.where[path] = n.pos
	r := d.schema().rules[schema]
	if r.decode != nil {
		return r.decode(d, path, n, rv)
	}
	bad := func(format string, args ...any) bool {
		d.problem(n.pos, path, format, args...)
		return false
	}
	// wrong reports a value of the wrong type, in the rule's words if any.
	wrong := func(want string) bool {
		return bad("expected %s, got %s", cmp.Or(r.want, want), describe(n))
	}
	str, isStr := n.val.(string)
	if n.isTable() || n.isList {
		isStr = false
	}
	num, isNum := number(n)

	switch rv.Type() {
	case distType:
		if !isStr {
			return bad("expected a distribution like \"exp(12m)\", got %s", describe(n))
		}
		v, err := dist.Parse(str, dist.Duration, d.l.readData(n.pos.file))
		if err != nil {
			return bad("bad distribution %q: %s", str, errText(err))
		}
		rv.Set(reflect.ValueOf(v))
		return true
	case durationType:
		if !isStr {
			return bad("expected a duration like \"12m\", got %s", describe(n))
		}
		v, err := calendar.ParseDuration(str)
		if err != nil {
			return bad("%s", durationErr(str, err))
		}
		if r.check != nil {
			if msg := r.check(v.Value); msg != "" {
				return bad("%s, got %q", msg, str)
			}
		}
		rv.Set(reflect.ValueOf(v))
		return true
	case calendarType:
		c, ok := d.calendar(path, n)
		if ok {
			rv.Set(reflect.ValueOf(c))
		}
		return ok
	case levelType:
		return d.enum(path, n, rv, levelNames)
	case collectType:
		return d.enum(path, n, rv, collectNames)
	case priorityType:
		return d.enum(path, n, rv, priorityNames)
	case urgencyType:
		return d.enum(path, n, rv, urgencyNames)
	}

	switch rv.Kind() {
	case reflect.String:
		if !isStr {
			return wrong("a string")
		}
		if r.text != nil {
			if msg := r.text(str); msg != "" {
				return bad("%s", msg)
			}
		}
		rv.SetString(str)
		return true
	case reflect.Bool:
		b, ok := n.val.(bool)
		if !ok || n.isTable() || n.isList {
			return wrong("true or false")
		}
		rv.SetBool(b)
		return true
	case reflect.Int, reflect.Uint64:
		i, ok := n.val.(int64)
		if !ok || n.isTable() || n.isList {
			return wrong("an integer")
		}
		if r.check != nil {
			if msg := r.check(float64(i)); msg != "" {
				if r.wantAll {
					return wrong("")
				}
				return bad("%s, got %d", msg, i)
			}
		}
		if rv.Kind() == reflect.Uint64 {
			if i < 0 {
				return bad("must not be negative, got %d", i)
			}
			rv.SetUint(uint64(i))
		} else {
			rv.SetInt(i)
		}
		return true
	case reflect.Float64:
		if r.minutes {
			if !isStr {
				return bad("expected a duration like \"4w\", got %s", describe(n))
			}
			v, err := calendar.ParseDuration(str)
			if err != nil {
				return bad("%s", durationErr(str, err))
			}
			if v.Unit != calendar.Elapsed {
				return bad("expected elapsed time (s, m, h, d, w), got working time %q", str)
			}
			if !finite(v.Value) {
				return bad("must be finite, got %q", str)
			}
			if r.check != nil {
				if msg := r.check(v.Value); msg != "" {
					return bad("%s, got %q", msg, str)
				}
			}
			rv.SetFloat(v.Value)
			return true
		}
		if !isNum {
			return wrong("a number")
		}
		if !finite(num) && r.want == "" {
			return bad("must be a finite number, got %s", formatFloat(num))
		}
		if r.check != nil {
			if msg := r.check(num); msg != "" {
				if r.wantAll {
					return wrong("")
				}
				return bad("%s, got %s", msg, formatFloat(num))
			}
		}
		if !finite(num) {
			return wrong("")
		}
		rv.SetFloat(num)
		return true
	case reflect.Array: // [2]float64 positions
		arr, ok := n.val.([]any)
		if !ok || len(arr) != rv.Len() || n.isTable() || n.isList {
			return bad("expected [x, y] in km, got %s", describe(n))
		}
		for i, e := range arr {
			x, ok := number(&node{val: e})
			if !ok || !finite(x) {
				return bad("expected [x, y] in km, element %d is %s", i, describe(&node{val: e}))
			}
			rv.Index(i).SetFloat(x)
		}
		return true
	case reflect.Slice:
		switch rv.Type().Elem().Kind() {
		case reflect.String, reflect.Float64:
			return d.plainArray(path, n, rv)
		case reflect.Struct:
			return d.list(path, schema, n, rv)
		}
	case reflect.Struct:
		d.table(path, schema, n, rv)
		return true
	case reflect.Pointer: // an optional table: nil when absent
		if rv.Type().Elem().Kind() != reflect.Struct {
			break
		}
		p := reflect.New(rv.Type().Elem())
		if def := d.element(p.Elem().Interface()); def != nil {
			p.Elem().Set(reflect.ValueOf(def))
		}
		d.table(path, schema, n, p.Elem())
		if n.isTable() {
			rv.Set(p)
		}
		return n.isTable()
	}
	panic(fmt.Sprintf("scenarios: no decoder for %s (%s)", rv.Type(), path))
}

// unsupported lists the toml-tagged fields of t (recursively) whose types
// value and encodeValue cannot handle; a test keeps it empty as config.go
// grows.
func unsupported(t reflect.Type) []string {
	var out []string
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("toml")
			if tag == "" || tag == "-" {
				continue
			}
			ft := f.Type
			switch ft {
			case distType, durationType, calendarType, levelType, collectType, priorityType, urgencyType:
				continue
			}
			switch ft.Kind() {
			case reflect.String, reflect.Bool, reflect.Int, reflect.Uint64, reflect.Float64:
				continue
			case reflect.Array:
				if ft.Elem().Kind() == reflect.Float64 {
					continue
				}
			case reflect.Slice:
				switch ft.Elem().Kind() {
				case reflect.String, reflect.Float64:
					continue
				case reflect.Struct:
					walk(ft.Elem())
					continue
				}
			case reflect.Struct:
				walk(ft)
				continue
			}
			out = append(out, t.Name()+"."+f.Name+" ("+ft.String()+")")
		}
	}
	walk(t)
	return out
}

// number reads an integer or a float.
func number(n *node) (float64, bool) {
	if n.isTable() || n.isList {
		return 0, false
	}
	switch v := n.val.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// durationErr words a duration's parse error, quoting the input once.
func durationErr(s string, err error) string {
	msg := errText(err)
	if strings.Contains(msg, strconv.Quote(s)) {
		return "bad " + msg
	}
	return fmt.Sprintf("bad duration %q: %s", s, msg)
}

// errText is an error's message without its package prefix.
func errText(err error) string {
	s := err.Error()
	for _, p := range []string{"dist: ", "calendar: ", "arrival: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

func (d *decoder) plainArray(path string, n *node, rv reflect.Value) bool {
	elem := rv.Type().Elem().Kind()
	want := "an array of strings"
	if elem == reflect.Float64 {
		want = "an array of numbers"
	}
	arr, ok := n.val.([]any)
	if !ok || n.isTable() || n.isList {
		if s, isStr := n.val.(string); isStr && elem == reflect.String && !n.isTable() && !n.isList {
			return d.plainArray(path, &node{pos: n.pos, val: []any{s}}, rv)
		}
		d.problem(n.pos, path, "expected %s, got %s", want, describe(n))
		return false
	}
	out := reflect.MakeSlice(rv.Type(), len(arr), len(arr))
	for i, e := range arr {
		en := &node{val: e}
		if elem == reflect.String {
			s, ok := e.(string)
			if !ok {
				d.problem(n.pos, path, "expected %s, element %d is %s", want, i, describe(en))
				return false
			}
			out.Index(i).SetString(s)
		} else {
			x, ok := number(en)
			if !ok || !finite(x) {
				d.problem(n.pos, path, "expected %s, element %d is %s", want, i, describe(en))
				return false
			}
			out.Index(i).SetFloat(x)
		}
	}
	rv.Set(out)
	return true
}

// list decodes an array of tables into a slice of structs, each element
// starting from its defaults.
func (d *decoder) list(path, schema string, n *node, rv reflect.Value) bool {
	if arr, ok := n.val.([]any); ok && len(arr) == 0 && !n.isTable() {
		rv.SetZero() // an empty list is no list: the canonical form writes none
		d.elems[path] = nil
		return true
	}
	if !n.isList {
		want := cmp.Or(d.schema().rules[schema].want, "an array of tables ([["+lastSeg(schema)+"]])")
		d.problem(n.pos, path, "expected %s, got %s", want, describe(n))
		return false
	}
	et := rv.Type().Elem()
	_, named := et.FieldByName("Name")
	out := reflect.MakeSlice(rv.Type(), len(n.list), len(n.list))
	segs := make([]string, len(n.list))
	first := map[string]pos{}
	kind := lastSeg(schema)
	for i, e := range n.list {
		segs[i] = strconv.Itoa(i)
		name, hasName := e.name()
		if named && hasName {
			np := e.tab["name"].pos
			switch {
			case name == "":
				d.problem(np, path+"."+segs[i]+".name", "must not be empty")
			case strings.ContainsAny(name, ".="):
				d.problem(np, path+"."+segs[i]+".name", "%q must not contain \".\" or \"=\" (names are used in key paths)", name)
			default:
				segs[i] = name
				if at, dup := first[name]; dup {
					d.problem(np, path+"."+name, "duplicate %s name %q (first at %s)", kind, name, d.at(at, np))
				} else {
					first[name] = np
				}
			}
		}
		if def := d.element(out.Index(i).Interface()); def != nil {
			out.Index(i).Set(reflect.ValueOf(def))
		}
		d.table(path+"."+segs[i], schema+".*", e, out.Index(i))
	}
	rv.Set(out)
	d.elems[path] = segs
	return true
}

// at renders a position relative to another: "line 12" in the same file.
func (d *decoder) at(p, from pos) string {
	if p.file == from.file {
		return fmt.Sprintf("line %d", p.line)
	}
	if p.line == 0 {
		return p.file
	}
	return fmt.Sprintf("%s:%d", p.file, p.line)
}

func lastSeg(schema string) string {
	s := strings.TrimSuffix(schema, ".*")
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func (d *decoder) enum(path string, n *node, rv reflect.Value, names []string) bool {
	s, ok := n.val.(string)
	if !ok || n.isTable() || n.isList {
		d.problem(n.pos, path, "expected one of %s, got %s", quoteList(names), describe(n))
		return false
	}
	if msg := oneOf(names)(s); msg != "" {
		d.problem(n.pos, path, "%s", msg)
		return false
	}
	rv.SetUint(uint64(slices.Index(names, s)))
	return true
}

// calendar reads a calendar: "24/7", a name from [calendars], one interval
// or a list of intervals.
func (d *decoder) calendar(path string, n *node) (*calendar.Calendar, bool) {
	const want = `expected a calendar: "24/7", a name from [calendars], or a list like ["Mon-Fri 09:00-17:00"]`
	if n.isTable() || n.isList {
		d.problem(n.pos, path, "%s, got %s", want, describe(n))
		return nil, false
	}
	switch v := n.val.(type) {
	case string:
		if c, ok := d.calendars[v]; ok {
			return c, true
		}
		c, err := calendar.Parse([]string{v})
		if err == nil {
			return c, true
		}
		if !strings.ContainsAny(v, "0123456789:/ ") {
			if sug := suggest(v, d.calNames); sug != "" {
				d.problem(n.pos, path, "no calendar named %q in [calendars]%s", v, sug)
			} else {
				d.problem(n.pos, path, "no calendar named %q in [calendars] (defined: %s)", v, quoteList(d.calNames))
			}
		} else {
			d.problem(n.pos, path, "bad calendar %q: %s", v, errText(err))
		}
		return nil, false
	case []any:
		specs := make([]string, 0, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				d.problem(n.pos, path, "%s; element %d is %s", want, i, describe(&node{val: e}))
				return nil, false
			}
			specs = append(specs, s)
		}
		c, err := calendar.Parse(specs)
		if err != nil {
			d.problem(n.pos, path, "bad calendar: %s", errText(err))
			return nil, false
		}
		return c, true
	}
	d.problem(n.pos, path, "%s, got %s", want, describe(n))
	return nil, false
}

// decodeCalendars reads [calendars] (before anything refers to them).
func (d *decoder) decodeCalendars(root *node) {
	d.calendars = map[string]*calendar.Calendar{}
	office := mustCalendar(officeSpecs...)
	d.calendars["office"] = office
	n, ok := root.tab["calendars"]
	if ok && !n.isTable() {
		d.problem(n.pos, "calendars", "expected a table of NAME = calendar, got %s", describe(n))
		ok = false
	}
	if ok {
		d.where["calendars"] = n.pos
		empty := &decoder{calendars: map[string]*calendar.Calendar{}, l: d.l}
		for _, k := range sortedKeys(n.tab) {
			c := n.tab[k]
			path := "calendars." + k
			d.where[path] = c.pos
			if v, isStr := c.val.(string); isStr && !c.isTable() && !c.isList && v != "24/7" {
				if _, err := calendar.Parse([]string{v}); err != nil {
					d.problem(c.pos, path, "bad calendar %q: a calendar in [calendars] is \"24/7\" or a list of intervals like [\"Mon-Fri 09:00-17:00\"]", v)
					continue
				}
			}
			if cal, ok := empty.calendar(path, c); ok {
				d.calendars[k] = cal
			}
		}
	}
	for k := range d.calendars {
		d.calNames = append(d.calNames, k)
	}
	slices.Sort(d.calNames)
}
