package scenarios

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// memSource serves files from memory (paths relative to "."), with the
// shipped scenarios hidden.
func memSource(files map[string]string) Source {
	return Source{
		NoShipped: true,
		ReadFile: func(name string) ([]byte, error) {
			if s, ok := files[filepath.ToSlash(filepath.Clean(name))]; ok {
				return []byte(s), nil
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		},
	}
}

// city is the smallest valid scenario: lines 1–5.
const city = `[[city.district]]
name = "east"
population = 100
streets = 1
communities_per_street = 1
`

// dept adds a department: lines 6–7 after city.
const dept = `[[department]]
name = "housing"
`

// want is one expected problem: msg is a prefix of the message (the whole
// message where the text is this package's own).
type want struct {
	file string
	line int
	key  string
	msg  string
}

var badCases = []struct {
	name  string
	files map[string]string // "a.toml" is loaded
	sets  []string
	want  []want
}{
	{
		name:  "unknown top-level key",
		files: map[string]string{"a.toml": "nmae = \"x\"\n" + city},
		want:  []want{{"a.toml", 1, "nmae", `unknown key (did you mean "name"?)`}},
	},
	{
		name:  "unknown nested key",
		files: map[string]string{"a.toml": city + "[platform]\none_windw = true\n"},
		want:  []want{{"a.toml", 7, "platform.one_windw", `unknown key (did you mean "one_window"?)`}},
	},
	{
		name:  "unknown key in a list element",
		files: map[string]string{"a.toml": city + dept + "windws = 3\n"},
		want:  []want{{"a.toml", 8, "department.housing.windws", `unknown key (did you mean "windows"?)`}},
	},
	{
		name:  "unknown key without suggestion",
		files: map[string]string{"a.toml": city + "[citizens]\nhappiness = 3\n"},
		want:  []want{{"a.toml", 7, "citizens.happiness", `unknown key`}},
	},
	{
		name:  "wrong type: integer for a duration",
		files: map[string]string{"a.toml": city + "[run]\nhorizon = 12\n"},
		want:  []want{{"a.toml", 7, "run.horizon", `expected a duration like "4w", got integer 12`}},
	},
	{
		name:  "wrong type: integer for a distribution",
		files: map[string]string{"a.toml": city + "[travel]\ntime = 12\n"},
		want:  []want{{"a.toml", 7, "travel.time", `expected a distribution like "exp(12m)", got integer 12`}},
	},
	{
		name:  "wrong type: string for an integer",
		files: map[string]string{"a.toml": city + "[hall]\nwindows = \"ten\"\n"},
		want:  []want{{"a.toml", 7, "hall.windows", `expected an integer, got string "ten"`}},
	},
	{
		name:  "wrong type: string for a boolean",
		files: map[string]string{"a.toml": city + "[platform]\nonline = \"yes\"\n"},
		want:  []want{{"a.toml", 7, "platform.online", `expected true or false, got string "yes"`}},
	},
	{
		name:  "wrong type: table for an array of tables",
		files: map[string]string{"a.toml": city + "[department]\nname = \"x\"\n"},
		want:  []want{{"a.toml", 6, "department", `expected an array of tables ([[department]]), got a table`}},
	},
	{
		name:  "out of range share",
		files: map[string]string{"a.toml": city + "[platform]\ndata_sharing = 1.2\n"},
		want:  []want{{"a.toml", 7, "platform.data_sharing", `must be in [0, 1], got 1.2`}},
	},
	{
		name:  "rework of 1",
		files: map[string]string{"a.toml": city + dept + "[[matter]]\nname = \"buy\"\nrework = 1\n[[matter.step]]\ndepartment = \"housing\"\n"},
		want:  []want{{"a.toml", 10, "matter.buy.rework", `must be in [0, 1), got 1`}},
	},
	{
		name:  "bad enumeration",
		files: map[string]string{"a.toml": city + dept + "level = \"ctiy\"\n"},
		want:  []want{{"a.toml", 8, "department.housing.level", `expected one of "district", "city", got "ctiy" (did you mean "city"?)`}},
	},
	{
		name:  "dangling department in a step",
		files: map[string]string{"a.toml": city + dept + "[[matter]]\nname = \"buy\"\n[[matter.step]]\ndepartment = \"housig\"\n"},
		want:  []want{{"a.toml", 11, "matter.buy.step.0.department", `no department named "housig" (did you mean "housing"?)`}},
	},
	{
		name:  "dangling item in a step",
		files: map[string]string{"a.toml": city + dept + "[[matter]]\nname = \"buy\"\n[[matter.step]]\ndepartment = \"housing\"\nitems = [\"deed\"]\n"},
		want:  []want{{"a.toml", 12, "matter.buy.step.0.items", `no item named "deed": there are none`}},
	},
	{
		name:  "dangling item owner",
		files: map[string]string{"a.toml": city + dept + "[[item]]\nname = \"deed\"\nowner = \"housng\"\n"},
		want:  []want{{"a.toml", 10, "item.deed.owner", `no department named "housng" (did you mean "housing"?); an item's owner is a department, "street" or "community"`}},
	},
	{
		name:  "dangling ticket owner",
		files: map[string]string{"a.toml": city + dept + "[[ticket]]\nname = \"noise\"\nowner = \"ecology\"\n"},
		want:  []want{{"a.toml", 10, "ticket.noise.owner", `no department named "ecology"; a ticket's owner is a department or "territorial"`}},
	},
	{
		name:  "dangling plausible department",
		files: map[string]string{"a.toml": city + dept + "[[ticket]]\nname = \"noise\"\nowner = \"housing\"\nplausible = [\"housing\", \"police\"]\n"},
		want:  []want{{"a.toml", 11, "ticket.noise.plausible", `no department named "police"`}},
	},
	{
		name:  "enforcer missing for a territorial ticket",
		files: map[string]string{"a.toml": city + "[[ticket]]\nname = \"noise\"\nowner = \"territorial\"\nneeds_enforcement = 0.5\n"},
		want:  []want{{"a.toml", 9, "ticket.noise.enforcer", `required when the owner is territorial and needs_enforcement > 0 (it is 0.5): name the department that enforces`}},
	},
	{
		name:  "dangling profile",
		files: map[string]string{"a.toml": city + dept + "[[matter]]\nname = \"buy\"\nprofile = \"nite\"\n[[matter.step]]\ndepartment = \"housing\"\n"},
		want:  []want{{"a.toml", 10, "matter.buy.profile", `no profile named "nite": there are none`}},
	},
	{
		name:  "bad distribution",
		files: map[string]string{"a.toml": city + "[travel]\ntime = \"expo(3m)\"\n"},
		want:  []want{{"a.toml", 7, "travel.time", `bad distribution "expo(3m)": unknown distribution "expo"`}},
	},
	{
		name:  "missing distribution file",
		files: map[string]string{"a.toml": city + "[travel]\ntime = 'empirical(file = \"t.csv\")'\n"},
		want:  []want{{"a.toml", 7, "travel.time", `bad distribution "empirical(file = \"t.csv\")": `}},
	},
	{
		name:  "bad duration",
		files: map[string]string{"a.toml": city + "[responsibility]\nwhistle_response = \"3 days\"\n"},
		want:  []want{{"a.toml", 7, "responsibility.whistle_response", `bad duration "3 days": unknown unit "days"`}},
	},
	{
		name:  "working time where elapsed time is needed",
		files: map[string]string{"a.toml": city + "[run]\nwarmup = \"5wd\"\n"},
		want:  []want{{"a.toml", 7, "run.warmup", `expected elapsed time (s, m, h, d, w), got working time "5wd"`}},
	},
	{
		name:  "horizon of zero",
		files: map[string]string{"a.toml": city + "[run]\nhorizon = \"0s\"\n"},
		want:  []want{{"a.toml", 7, "run.horizon", `must be in (0, 3650d], got "0s"`}},
	},
	{
		name:  "bad calendar interval",
		files: map[string]string{"a.toml": city + "[hall]\ncalendar = [\"Mon-Fry 09:00-17:00\"]\n"},
		want:  []want{{"a.toml", 7, "hall.calendar", `bad calendar: "Mon-Fry 09:00-17:00": `}},
	},
	{
		name:  "unknown calendar name",
		files: map[string]string{"a.toml": city + "[hall]\ncalendar = \"ofice\"\n"},
		want:  []want{{"a.toml", 7, "hall.calendar", `no calendar named "ofice" in [calendars] (did you mean "office"?)`}},
	},
	{
		name:  "bad staffing schedule",
		files: map[string]string{"a.toml": city + dept + "windows_schedule = [\"Mon 09:30-12:00 = 4\"]\n"},
		want:  []want{{"a.toml", 8, "department.housing.windows_schedule", `bad staffing schedule: "Mon 09:30-12:00 = 4": staffing changes on whole hours only`}},
	},
	{
		name:  "duplicate names",
		files: map[string]string{"a.toml": city + dept + dept},
		want:  []want{{"a.toml", 9, "department.housing", `duplicate department name "housing" (first at line 7)`}},
	},
	{
		name:  "reserved department name",
		files: map[string]string{"a.toml": city + "[[department]]\nname = \"street\"\n"},
		want:  []want{{"a.toml", 7, "department.street.name", `"street" is reserved (it names the grassroots or territorial side); choose another department name`}},
	},
	{
		name:  "name with a dot",
		files: map[string]string{"a.toml": city + "[[department]]\nname = \"a.b\"\n"},
		want:  []want{{"a.toml", 7, "department.0.name", `"a.b" must not contain "." or "=" (names are used in key paths)`}},
	},
	{
		name:  "missing required key",
		files: map[string]string{"a.toml": city + "[[item]]\nname = \"deed\"\n"},
		want:  []want{{"a.toml", 6, "item.deed", `missing required key "owner"`}},
	},
	{
		name:  "matter with no steps",
		files: map[string]string{"a.toml": city + dept + "[[matter]]\nname = \"buy\"\n"},
		want:  []want{{"a.toml", 8, "matter.buy", `a matter needs at least one [[matter.step]]`}},
	},
	{
		name:  "rate and rate_per_1000 both given",
		files: map[string]string{"a.toml": city + dept + "[[matter]]\nname = \"buy\"\nrate = 2\nrate_per_1000 = 1\n[[matter.step]]\ndepartment = \"housing\"\n"},
		want:  []want{{"a.toml", 10, "matter.buy", `give rate_per_1000 or rate, not both (rate_per_1000 = 1, rate = 2)`}},
	},
	{
		name:  "duplicated + prefillable above 1",
		files: map[string]string{"a.toml": city + dept + "[[department.task]]\nname = \"forms\"\nduplicated = 0.6\nprefillable = 0.5\n"},
		want:  []want{{"a.toml", 11, "department.housing.task.forms", `duplicated + prefillable must be at most 1 (they are disjoint shares of the hours), got 0.6 + 0.5`}},
	},
	{
		name:  "profile with the wrong number of weights",
		files: map[string]string{"a.toml": city + "[[profile]]\nname = \"day\"\nhours = [1, 2]\n"},
		want:  []want{{"a.toml", 8, "profile.day.hours", `expected 24 weights, got 2`}},
	},
	{
		name:  "city with no population",
		files: map[string]string{"a.toml": strings.Replace(city, "population = 100", "population = 0", 1)},
		want:  []want{{"a.toml", 1, "city", `the city has no residents (every community has population 0)`}},
	},
	{
		name:  "city with no districts",
		files: map[string]string{"a.toml": "name = \"x\"\n"},
		want:  []want{{"a.toml", 0, "city", `the city has no districts: add [[city.district]] tables`}},
	},
	{
		name: "generated and explicit streets together",
		files: map[string]string{"a.toml": city + "[[city.district.street]]\nname = \"s\"\n" +
			"[[city.district.street.community]]\nname = \"c\"\npopulation = 5\n"},
		want: []want{{"a.toml", 1, "city.district.east", `give either explicit [[city.district.street]] tables or population, streets and communities_per_street, not both`}},
	},
	{
		name:  "incomplete generator keys",
		files: map[string]string{"a.toml": "[[city.district]]\nname = \"east\"\npopulation = 100\n"},
		want:  []want{{"a.toml", 1, "city.district.east", `a generated district needs population, streets and communities_per_street; missing streets, communities_per_street`}},
	},
	{
		name:  "intervention setting a non-lever key",
		files: map[string]string{"a.toml": city + "[[intervention]]\nname = \"x\"\nat = \"10d\"\nset = { \"hall.windows\" = 4 }\n"},
		want:  []want{{"a.toml", 9, "intervention.x.set.hall.windows", `an intervention sets platform.* and responsibility.* levers only`}},
	},
	{
		name:  "intervention lever out of range",
		files: map[string]string{"a.toml": city + "[[intervention]]\nname = \"x\"\nat = \"10d\"\nset = { \"platform.data_sharing\" = 3 }\n"},
		want:  []want{{"a.toml", 9, "intervention.x.set.platform.data_sharing", `must be in [0, 1], got 3`}},
	},
	{
		name:  "shock ending before it starts",
		files: map[string]string{"a.toml": city + "[[shock]]\nname = \"flu\"\nstart = \"10d\"\nend = \"5d\"\nmultiplier = 2\n"},
		want:  []want{{"a.toml", 9, "shock.flu.end", `must be after start ("10d"), got "5d"`}},
	},
	{
		name:  "shock on an unknown type",
		files: map[string]string{"a.toml": city + "[[shock]]\nname = \"flu\"\nstart = \"1d\"\nend = \"5d\"\nmultiplier = 2\napplies_to = [\"ticket\"]\n"},
		want:  []want{{"a.toml", 11, "shock.flu.applies_to", `no matter or ticket type named "ticket" (did you mean "tickets"?)`}},
	},
	{
		name:  "cost of an unknown lever",
		files: map[string]string{"a.toml": city + "[[cost.item]]\nwhat = \"one_windw\"\nannual = 5\n"},
		want:  []want{{"a.toml", 7, "cost.item.0.what", `cannot price "one_windw" (did you mean "one_window"?)`}},
	},
	{
		name:  "multiple problems in one file",
		files: map[string]string{"a.toml": city + "[platform]\ndata_sharing = 2\nonline = 1\n[hall]\nwindows = 0\n"},
		want: []want{
			{"a.toml", 7, "platform.data_sharing", `must be in [0, 1], got 2`},
			{"a.toml", 8, "platform.online", `expected true or false, got integer 1`},
			{"a.toml", 10, "hall.windows", `must be in [1, 1000000], got 0`},
		},
	},
	{
		name:  "TOML syntax error",
		files: map[string]string{"a.toml": city + "[platform\nonline = true\n"},
		want:  []want{{"a.toml", 6, "", `syntax error: `}},
	},
	{
		name: "problem in the base of an extend chain",
		files: map[string]string{
			"a.toml":      "extend = \"base.toml\"\n[platform]\nonline = true\n",
			"base.toml":   city + "[hall]\nwindows = -1\n",
			"unused.toml": "",
		},
		want: []want{{"base.toml", 7, "hall.windows", `must be in [1, 1000000], got -1`}},
	},
	{
		name: "problems in both files of a chain, sorted by file",
		files: map[string]string{
			"a.toml":    "extend = \"base.toml\"\n[platform]\nonline = 3\n",
			"base.toml": city + "[hall]\nwindows = -1\n",
		},
		want: []want{
			{"a.toml", 3, "platform.online", `expected true or false, got integer 3`},
			{"base.toml", 7, "hall.windows", `must be in [1, 1000000], got -1`},
		},
	},
	{
		name: "extend cycle",
		files: map[string]string{
			"a.toml": "extend = \"b.toml\"\n" + city,
			"b.toml": "extend = \"a.toml\"\n",
		},
		want: []want{{"b.toml", 1, "extend", `extend cycle: a.toml → b.toml → a.toml`}},
	},
	{
		name:  "extend of a missing file",
		files: map[string]string{"a.toml": "extend = \"nope.toml\"\n" + city},
		want:  []want{{"a.toml", 1, "extend", `no file "nope.toml" next to this file and no shipped scenario of that name`}},
	},
	{
		name: "remove of a missing element",
		files: map[string]string{
			"a.toml":    "extend = \"base.toml\"\nremove = [\"department.housng\"]\n",
			"base.toml": city + dept,
		},
		want: []want{{"a.toml", 2, "remove", `"department.housng": no department named "housng" (did you mean "housing"?)`}},
	},
	{
		name: "remove on its own line in a multi-line array",
		files: map[string]string{
			"a.toml":    "extend = \"base.toml\"\nremove = [\n  \"department.housing\",\n  \"city.district.west\",\n]\n",
			"base.toml": city + dept,
		},
		want: []want{{"a.toml", 4, "remove", `"city.district.west": no district named "west"`}},
	},
	{
		name: "dangling department in an inline array of steps",
		files: map[string]string{"a.toml": city + dept + "[[matter]]\nname = \"buy\"\nstep = [\n" +
			"  { department = \"housing\" },\n  { department = \"police\" },\n]\n"},
		want: []want{{"a.toml", 12, "matter.buy.step.1.department", `no department named "police"`}},
	},
	{
		name:  "ticket without an owner",
		files: map[string]string{"a.toml": city + "[[ticket]]\nname = \"noise\"\nneeds_enforcement = 1\n"},
		want:  []want{{"a.toml", 6, "ticket.noise", `missing required key "owner"`}},
	},
	{
		name:  "remove without extend",
		files: map[string]string{"a.toml": "remove = [\"department.housing\"]\n" + city},
		want:  []want{{"a.toml", 1, "remove", `"department.housing": nothing to remove from: this file does not extend another`}},
	},
	{
		name:  "intervention without a time",
		files: map[string]string{"a.toml": city + "[[intervention]]\nname = \"x\"\nset.platform.online = true\n"},
		want:  []want{{"a.toml", 6, "intervention.x", `missing required key "at"`}},
	},
	{
		name:  "population out of range",
		files: map[string]string{"a.toml": strings.Replace(city, "population = 100", "population = 100000000000", 1)},
		want:  []want{{"a.toml", 3, "city.district.east.population", `must be in [0, 100000000], got 100000000000`}},
	},
	{
		name:  "--set without a value",
		files: map[string]string{"a.toml": city},
		sets:  []string{"platform"},
		want:  []want{{SetFile, 0, "platform", `expected key=value`}},
	},
	{
		name:  "--set on a missing element",
		files: map[string]string{"a.toml": city + dept},
		sets:  []string{"department.housig.windows=4"},
		want:  []want{{SetFile, 0, "department.housig.windows", `no department named "housig" (did you mean "housing"?)`}},
	},
	{
		name:  "--set of an unknown key",
		files: map[string]string{"a.toml": city},
		sets:  []string{"platform.one_windw=true"},
		want:  []want{{SetFile, 0, "platform.one_windw", `unknown key (did you mean "one_window"?)`}},
	},
	{
		name:  "--set of the wrong type",
		files: map[string]string{"a.toml": city},
		sets:  []string{"run.horizon=5"},
		want:  []want{{SetFile, 0, "run.horizon", `expected a duration like "4w", got integer 5`}},
	},
	{
		name:  "--set past the last step",
		files: map[string]string{"a.toml": city + dept + "[[matter]]\nname = \"buy\"\n[[matter.step]]\ndepartment = \"housing\"\n"},
		sets:  []string{`matter.buy.step.3.window_time="5m"`},
		want:  []want{{SetFile, 0, "matter.buy.step.3.window_time", `no step 3 in matter.buy (it has 1, numbered from 0)`}},
	},
	{
		name:  "--set through a value",
		files: map[string]string{"a.toml": "[run]\nseed = 3\n" + city},
		sets:  []string{"run.seed.x=1"},
		want:  []want{{SetFile, 0, "run.seed.x", `run.seed is a value, not a table`}},
	},
	{
		name:  "--set of a table where a value belongs",
		files: map[string]string{"a.toml": city},
		sets:  []string{"run.seed.x=1"},
		want:  []want{{SetFile, 0, "run.seed", `expected an integer, got a table`}},
	},
	{
		name: "outcome keys out of range, all reported at once",
		files: map[string]string{"a.toml": city + dept + "[[ticket]]\nname = \"noise\"\nowner = \"housing\"\nurgency = \"critical\"\nresolve = 1.5\nresponse_limit = \"0s\"\n" +
			"[responsibility]\nevaluation = 2\n[accountability]\nneglect = -0.1\ngamma = [1, 2]\nweights = [0.5, -1, 0.5]\nfalse_close = \"x\"\ncalback = 1\n"},
		want: []want{
			{"a.toml", 11, "ticket.noise.urgency", `expected one of "emergency", "urgent", "normal", got "critical"`},
			{"a.toml", 12, "ticket.noise.resolve", `must be in [0, 1], got 1.5`},
			{"a.toml", 13, "ticket.noise.response_limit", `must be positive, got "0s"`},
			{"a.toml", 15, "responsibility.evaluation", `must be in [0, 1], got 2`},
			{"a.toml", 17, "accountability.neglect", `must be in [0, 1], got -0.1`},
			{"a.toml", 18, "accountability.gamma", `expected 4 numbers [γ₀, γ_R, γ_C, γ_T], got 2`},
			{"a.toml", 19, "accountability.weights", `weight 1 must not be negative, got -1`},
			{"a.toml", 20, "accountability.false_close", `expected a number, got string "x"`},
			{"a.toml", 21, "accountability.calback", `unknown key (did you mean "callback"?)`},
		},
	},
	{
		name:  "intervention sets an evaluation lever out of range",
		files: map[string]string{"a.toml": city + "[[intervention]]\nname = \"rank\"\nat = \"4w\"\nset = { \"responsibility.evaluation_departments\" = 1.2 }\n"},
		want:  []want{{"a.toml", 9, "intervention.rank.set.responsibility.evaluation_departments", `must be in [0, 1], got 1.2`}},
	},
	{
		name:  "duplicate key (syntax)",
		files: map[string]string{"a.toml": city + "[run]\nseed = 1\nseed = 2\n"},
		want:  []want{{"a.toml", 8, "", `syntax error: key 'run.seed' has already been defined`}},
	},
}

func TestBadScenarios(t *testing.T) {
	if len(badCases) < 25 {
		t.Fatalf("only %d bad cases", len(badCases))
	}
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			cfg, _, err := memSource(c.files).Load("a.toml", c.sets)
			if err == nil {
				t.Fatalf("loaded (%d districts); want %d problems", len(cfg.City.Districts), len(c.want))
			}
			checkProblems(t, err, c.want)
		})
	}
}

func TestProblemString(t *testing.T) {
	for _, c := range []struct {
		p    Problem
		want string
	}{
		{Problem{"a.toml", 12, "hall.windows", "must be at least 1, got 0"}, "a.toml:12: hall.windows: must be at least 1, got 0"},
		{Problem{"a.toml", 0, "city", "no districts"}, "a.toml: city: no districts"},
		{Problem{"a.toml", 3, "", "syntax error: x"}, "a.toml:3: syntax error: x"},
		{Problem{SetFile, 0, "department.housig.windows", `no department named "housig"`}, `--set department.housig.windows: no department named "housig"`},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	e := &Error{Problems: []Problem{{"a.toml", 1, "x", "bad"}, {"a.toml", 2, "y", "worse"}}}
	if got, want := e.Error(), "scenarios: 2 problems:\na.toml:1: x: bad\na.toml:2: y: worse"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// checkProblems fails t unless err is an *Error listing exactly the wanted
// problems, in order (messages matched by prefix).
func checkProblems(t *testing.T, err error, want []want) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v, want *Error", err, err)
	}
	if len(e.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(e.Problems), len(want), err)
	}
	for i, w := range want {
		p := e.Problems[i]
		if p.File != w.file || p.Line != w.line || p.Key != w.key || !strings.HasPrefix(p.Msg, w.msg) {
			t.Errorf("problem %d:\ngot  %s (file %q line %d key %q)\nwant %s",
				i, p, p.File, p.Line, p.Key, Problem{File: w.file, Line: w.line, Key: w.key, Msg: w.msg})
		}
	}
}
