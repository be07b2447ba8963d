package scenarios

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/dist"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// rule is what the schema knows about one key beyond its Go type. Keys are
// schema paths: list elements are "*" ("department.*.windows"). A lever set
// by an intervention is checked by the same rule as in its own section.
type rule struct {
	minutes bool                 // a float64 holding an elapsed duration, in minutes
	check   func(float64) string // "" when fine, else what was expected
	text    func(string) string  // for a string: "" when fine, else the whole message
	// want replaces the Go type's wording in "expected …, got …" for a
	// value of the wrong type or, for a number, one that is not finite (and
	// within check); with wantAll a value that fails check reads so too.
	want    string
	wantAll bool
	// need makes the key required, reported at the key as "required: NEED".
	need string
	// decode replaces decoding by Go type, for a value with a form of its
	// own; it reports whether it succeeded.
	decode func(d *decoder, path string, n *node, rv reflect.Value) bool
}

// schema is what a decoder knows beyond the Go types it fills: the rules
// and required keys by schema path, the keys a struct accepts besides its
// fields, and the defaults of a list element (or a table behind a
// pointer), by Go type.
type schema struct {
	rules    map[string]rule
	required map[string][]string
	extras   map[reflect.Type][]string
	element  func(v any) any // nil when the value has no defaults
}

// scenarioSchema is the schema of scenario files (model.Config); its list
// defaults need the decoder's calendars and are taken from defaults.element.
var scenarioSchema = &schema{
	rules:    rules,
	required: required,
	extras: map[reflect.Type][]string{
		reflect.TypeFor[model.Halls]():        {"windows_schedule"},
		reflect.TypeFor[model.Department]():   {"windows_schedule"},
		reflect.TypeFor[model.Hotline]():      {"operators_schedule"},
		reflect.TypeFor[model.District]():     {"population", "streets", "communities_per_street"},
		reflect.TypeFor[model.Intervention](): {"set"},
		reflect.TypeFor[model.Config]():       {"calendars"},
	},
}

func share(x float64) string {
	if x < 0 || x > 1 {
		return "must be in [0, 1]"
	}
	return ""
}

func belowOne(x float64) string {
	if x < 0 || x >= 1 {
		return "must be in [0, 1)"
	}
	return ""
}

func openUnit(x float64) string {
	if x <= 0 || x >= 1 {
		return "must be in (0, 1)"
	}
	return ""
}

func nonNeg(x float64) string {
	if x < 0 {
		return "must not be negative"
	}
	return ""
}

func positive(x float64) string {
	if x <= 0 {
		return "must be positive"
	}
	return ""
}

func atLeastOne(x float64) string {
	if x < 1 {
		return "must be at least 1"
	}
	return ""
}

// Upper bounds keep sums of counts and populations far from overflow and
// catch typos of a few extra digits.
const (
	maxCount      = 1_000_000   // staff of one kind in one unit
	maxPopulation = 100_000_000 // residents of one community or district, and of the whole city
	maxScale      = 1000
)

// Upper bounds that keep a run finite in time and memory (issue 14): a
// run's events grow with rate × population × duration, and the citizens
// take about 13 bytes each.
const (
	maxDuration   = 3650 * 24 * 60 // run.warmup, run.horizon, run.drain: 3650 days (ten years; the longest delay sim fit writes), in minutes
	maxPer1000    = 1000           // arrivals per 1,000 residents per day: one a resident a day
	maxRate       = 100_000_000    // arrivals per day, whole city
	maxPerWeek    = 10_000         // downward tasks per target unit per week
	maxElasticity = 10             // |demand.elasticity|
	maxMultiplier = 1000           // a shock's rate multiplier
)

// inRange returns a check of lo ≤ x ≤ hi; text says it as FORMAT.md does.
func inRange(lo, hi float64, text string) func(float64) string {
	return func(x float64) string {
		if x < lo || x > hi {
			return "must be in " + text
		}
		return ""
	}
}

var (
	duration0   = inRange(0, maxDuration, "[0, 3650d]")
	per1000     = inRange(0, maxPer1000, "[0, 1000] (arrivals per 1,000 residents per day)")
	ratePerDay  = inRange(0, maxRate, "[0, 100000000] (arrivals per day)")
	elasticity  = inRange(-maxElasticity, maxElasticity, "[-10, 10]")
	perWeek     = inRange(0, maxPerWeek, "[0, 10000] (per target unit per week)")
	shockFactor = func(x float64) string {
		if x <= 0 || x > maxMultiplier {
			return "must be in (0, 1000]"
		}
		return ""
	}
	horizon = func(x float64) string {
		if x <= 0 || x > maxDuration {
			return "must be in (0, 3650d]"
		}
		return ""
	}
)

func count(x float64) string {
	if x < 1 || x > maxCount {
		return "must be in [1, 1000000]"
	}
	return ""
}

func count0(x float64) string {
	if x < 0 || x > maxCount {
		return "must be in [0, 1000000]"
	}
	return ""
}

func population(x float64) string {
	if x < 0 || x > maxPopulation {
		return "must be in [0, 100000000]"
	}
	return ""
}

func scaleRange(x float64) string {
	if x <= 0 || x > maxScale {
		return "must be in (0, 1000]"
	}
	return ""
}

var rules = map[string]rule{
	"run.warmup":  {minutes: true, check: duration0},
	"run.horizon": {minutes: true, check: horizon},
	"run.drain":   {minutes: true, check: duration0},
	"run.scale":   {check: scaleRange},

	"city.spacing_km":                                 {check: positive},
	"city.district.*.literacy_mean":                   {check: openUnit},
	"city.district.*.population":                      {check: population},
	"city.district.*.streets":                         {check: atLeastOne},
	"city.district.*.communities_per_street":          {check: atLeastOne},
	"city.district.*.street.*.workers":                {check: count},
	"city.district.*.street.*.community.*.population": {check: population},
	"city.district.*.street.*.community.*.workers":    {check: count},

	"travel.per_km": {check: nonNeg},

	"citizens.literacy_concentration": {check: positive},
	"citizens.trust_a":                {check: positive},
	"citizens.trust_b":                {check: positive},
	"citizens.s_visits":               {check: nonNeg},
	"citizens.s_delay":                {check: nonNeg},
	"citizens.eta":                    {check: share},
	"citizens.eta_offline":            {check: share},

	"platform.data_sharing":    {check: share},
	"platform.api_failure":     {check: share},
	"platform.hall_factor":     {check: positive},
	"platform.triage_accuracy": {check: share},
	"platform.form_dedup":      {check: share},
	"platform.data_backflow":   {check: share},
	"platform.transparency":    {check: share},

	"responsibility.clarity":                {check: share},
	"responsibility.bounce_limit":           {check: nonNeg},
	"responsibility.whistle_response":       {check: nonNeg},
	"responsibility.task_access":            {check: share},
	"responsibility.evaluation":             {check: share},
	"responsibility.evaluation_departments": {check: share},

	"accountability.neglect":       {check: share},
	"accountability.coord_success": {check: share},
	"accountability.load_penalty":  {check: nonNeg},
	"accountability.effort_gain":   {check: nonNeg},
	"accountability.effort_cost":   {check: nonNeg},
	"accountability.false_close":   {check: nonNeg},
	"accountability.callback":      {check: share},
	"accountability.reopen":        {check: share},

	"hall.windows": {check: count},

	"department.*.windows":            {check: count},
	"department.*.shares_data":        {check: share},
	"department.*.back_office_staff":  {check: count0},
	"department.*.handlers":           {check: count},
	"department.*.return_propensity":  {check: share},
	"department.*.task.*.per_week":    {check: perWeek},
	"department.*.task.*.duplicated":  {check: share},
	"department.*.task.*.prefillable": {check: share},

	"matter.*.rate_per_1000": {check: per1000},
	"matter.*.rate":          {check: ratePerDay},
	"matter.*.rework":        {check: belowOne},
	"matter.*.time_limit":    {check: positive},

	"hotline.operators":       {check: count0},
	"hotline.redial_p":        {check: share},
	"hotline.answer_directly": {check: share},

	"dispatch.staff": {check: count0},

	"ticket.*.rate_per_1000":     {check: per1000},
	"ticket.*.rate":              {check: ratePerDay},
	"ticket.*.hotline_share":     {check: share},
	"ticket.*.ambiguity":         {check: share},
	"ticket.*.triage_accuracy":   {check: share},
	"ticket.*.retriage_accuracy": {check: share},
	"ticket.*.needs_enforcement": {check: share},
	"ticket.*.deadline":          {check: positive},
	"ticket.*.repeat_if_late":    {check: share},
	"ticket.*.response_limit":    {check: positive},
	"ticket.*.resolve":           {check: share},
	"ticket.*.area.*.weight":     {check: nonNeg},

	"grassroots.street_workers":            {check: count},
	"grassroots.community_workers_per_10k": {check: nonNeg},
	"grassroots.delegate":                  {check: share},
	"grassroots.resident_rate_per_1000":    {check: per1000},
	"grassroots.shares_data":               {check: share},

	"adaptation.learning_rate": {check: share},
	"adaptation.drift":         {check: nonNeg},

	"demand.elasticity": {check: elasticity},

	"shock.*.start":      {minutes: true, check: nonNeg},
	"shock.*.end":        {minutes: true, check: nonNeg},
	"shock.*.multiplier": {check: shockFactor},

	"intervention.*.at": {minutes: true, check: nonNeg},

	"cost.item.*.one_off": {check: nonNeg},
	"cost.item.*.annual":  {check: nonNeg},
}

// required lists the keys an element must give, by schema path.
var required = map[string][]string{
	"profile.*":                            {"name"},
	"city.district.*":                      {"name"},
	"city.district.*.street.*":             {"name"},
	"city.district.*.street.*.community.*": {"name", "population"},
	"department.*":                         {"name"},
	"department.*.task.*":                  {"name"},
	"item.*":                               {"name", "owner"},
	"matter.*":                             {"name"},
	"matter.*.step.*":                      {"department"},
	"ticket.*":                             {"name", "owner"},
	"ticket.*.area.*":                      {"name", "weight"},
	"shock.*":                              {"name", "start", "end", "multiplier"},
	"intervention.*":                       {"name", "at"},
	"cost.item.*":                          {"what"},
}

// Enumerations, by Go type, in TOML spelling.
var (
	levelNames    = []string{model.LevelDistrict: "district", model.LevelCity: "city"}
	collectNames  = []string{model.CollectInPerson: "in-person", model.CollectMail: "mail", model.CollectELicence: "e-licence"}
	priorityNames = []string{model.PriorityFIFO: "fifo", model.PriorityTopDownFirst: "topdown-first", model.PriorityResidentsFirst: "residents-first"}
	urgencyNames  = []string{model.UrgencyEmergency: "emergency", model.UrgencyUrgent: "urgent", model.UrgencyNormal: "normal"}
)

// costWhat lists what a cost item may price (the model's list).
var costWhat = model.CostKinds

// shockGroups are the groups a shock may apply to besides type names.
var shockGroups = []string{"matters", "tickets", "tasks", "residents"}

// reservedDeptNames cannot name a department: they mean something else
// where a department name is expected.
var reservedDeptNames = []string{"street", "community", "territorial"}

// defaults holds every default value that needs the value packages to
// build, so that a default and the same value read back from its canonical
// text are identical.
type defaults struct {
	zero, exp5m, exp10m, exp15m, exp2h, exp150s, exp60s, c150s, c5m, c30m, c2h,
	c1d, c2d, c15m, c1h, c3h, c20m, exp14d, exp3d dist.Dist
	limit20wd, deadline7d, resp24h calendar.Duration
	office, always                 *calendar.Calendar
}

func mustDist(spec string) dist.Dist {
	d, err := dist.Parse(spec, dist.Duration, nil)
	if err != nil {
		panic("scenarios: bad default distribution " + spec + ": " + err.Error())
	}
	return d
}

func mustDuration(spec string) calendar.Duration {
	d, err := calendar.ParseDuration(spec)
	if err != nil {
		panic("scenarios: bad default duration " + spec + ": " + err.Error())
	}
	return d
}

func mustCalendar(specs ...string) *calendar.Calendar {
	c, err := calendar.Parse(specs)
	if err != nil {
		panic("scenarios: bad default calendar: " + err.Error())
	}
	return c
}

var officeSpecs = []string{"Mon-Fri 09:00-12:00", "Mon-Fri 13:30-17:30"}

func newDefaults(office *calendar.Calendar) *defaults {
	return &defaults{
		zero: mustDist("0s"), exp5m: mustDist("exp(5m)"), exp10m: mustDist("exp(10m)"), exp15m: mustDist("exp(15m)"),
		exp2h: mustDist("exp(2h)"), exp150s: mustDist("exp(150s)"), exp60s: mustDist("exp(60s)"),
		c150s: mustDist("150s"), c5m: mustDist("5m"), c30m: mustDist("30m"), c2h: mustDist("2h"),
		c1d: mustDist("1d"), c2d: mustDist("2d"), c15m: mustDist("15m"), c1h: mustDist("1h"),
		c3h: mustDist("3h"), c20m: mustDist("20m"), exp14d: mustDist("exp(14d)"), exp3d: mustDist("exp(3d)"),
		limit20wd: mustDuration("20wd"), deadline7d: mustDuration("7d"), resp24h: mustDuration("24h"),
		office: office, always: mustCalendar("24/7"),
	}
}

// config returns the defaults of every top-level key.
func (df *defaults) config() model.Config {
	return model.Config{
		Run:            model.Run{Seed: 1, Warmup: 4 * calendar.Week, Horizon: 52 * calendar.Week, Scale: 1},
		City:           model.City{SpacingKm: 1},
		Travel:         model.Travel{Time: df.zero},
		Citizens:       model.Citizens{LiteracyConcentration: 4, TrustA: 2, TrustB: 2, B0: -2, BTrust: 2, BLiteracy: 3, SVisits: 0.2, SDelay: 1, Eta: 0.1, EtaOffline: 0.05},
		Platform:       model.Levers{APILatency: df.zero, Transfer: df.zero, OnlineResubmit: df.c1d, HallFactor: 1, TriageAccuracy: 0.7},
		Responsibility: model.Responsibility{Clarity: 0.5, WhistleResponse: df.resp24h},
		Halls:          model.Halls{Windows: 10, Calendar: df.office},
		Hotline: model.Hotline{Operators: 10, Calendar: df.always, Talk: df.exp150s, Wrapup: df.c150s,
			Patience: df.exp60s, RedialDelay: df.exp10m, AnswerDirectly: 0.6},
		Dispatch: model.Dispatch{DispatchTime: df.c5m, ReviewTime: df.c30m},
		Grassroots: model.Grassroots{StreetWorkers: 60, CommunityWorkersPer10k: 18,
			StreetCalendar: df.office, CommunityCalendar: df.office, Priority: model.PriorityFIFO,
			GridReportWork: df.c15m, WhistleWork: df.c1h, InformalWork: df.c3h, InformalDelay: df.c2d,
			CertificateWork: df.c20m, SharesData: 1, ResidentWork: df.c1h},
		Adaptation: model.Adaptation{Drift: 1},
		Accountability: model.Accountability{ContactDelay: df.zero, NeglectDelay: df.exp14d, CoordSuccess: 1, Callback: 1,
			Gamma: []float64{-1, 3, 1, 1}, ReopenDelay: df.exp3d, Weights: []float64{0.3, 0.35, 0.35}},
	}
}

// element returns the defaults of a list element, by its Go type; nil for
// a type without defaults.
func (df *defaults) element(v any) any {
	switch v.(type) {
	case model.District:
		return model.District{LiteracyMean: 0.6}
	case model.Department:
		return model.Department{Level: model.LevelDistrict, Windows: 2, Calendar: df.office, SharesData: 1,
			Handlers: 4, ReturnPropensity: 0.3, CertificateTime: df.exp10m}
	case model.TaskStream:
		return model.TaskStream{TargetName: "street", Target: model.OwnerStreet, Hours: df.c2h, Listed: true}
	case model.MatterType:
		return model.MatterType{Online: true, MailDelay: df.c2d, CollectTime: df.exp5m, TimeLimit: df.limit20wd, Profile: -1}
	case model.Step:
		return model.Step{WindowTime: df.exp15m, BackOffice: df.zero}
	case model.TicketType:
		return model.TicketType{HotlineShare: 1, Work: df.exp2h, Deadline: df.deadline7d, Profile: -1,
			Urgency: model.UrgencyNormal, ResponseLimit: df.resp24h, Resolve: 1,
			TriageAccuracy: -1, RetriageAccuracy: -1}
	}
	return nil
}

// oneOf is the text check of a string that must be one of names.
func oneOf(names []string) func(string) string {
	return func(s string) string {
		if !slices.Contains(names, s) {
			return fmt.Sprintf("expected one of %s, got %q%s", quoteList(names), s, suggest(s, names))
		}
		return ""
	}
}

// finite is stats.Finite under the short name the decoders use.
var finite = stats.Finite
