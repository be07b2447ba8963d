package scenarios

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/tiaokuai/tiaokuai/model"
)

// guard reports what keeps a resolved scenario from running safely
// (issue 14): a unit without staff at any hour that receives work (the
// model's own check, here with file and line), and a city whose residents
// together exceed maxPopulation.
func (d *decoder) guard() {
	if msg := NameProblem(d.cfg.Name); msg != "" {
		d.problem(d.posOf("name"), "name", "%s", msg)
	}
	if len(d.l.probs) > 0 {
		return // the resolved values may be partial
	}
	for _, p := range model.StaffingProblems(d.cfg) {
		key := p.Key
		sched := key + "_schedule"
		if key == "hotline.operators" {
			sched = "hotline.operators_schedule"
		}
		at := key
		if _, ok := d.given(sched); ok {
			at = sched
		}
		d.problem(d.posOf(at), at, "%s", p.Msg)
	}
	if _, given := d.given("run.drain"); !given && d.cfg.Run.Drain > maxDuration {
		d.problem(d.posOf("run"), "run.drain", "the default drain (twice the longest time limit or deadline) is %s, past the bound of 3650d; give run.drain", fmtMinutes(d.cfg.Run.Drain))
	}
	var total int64
	for _, dis := range d.cfg.City.Districts {
		for _, st := range dis.Streets {
			for _, c := range st.Communities {
				total += int64(c.Population)
			}
		}
	}
	if total > maxPopulation {
		d.problem(d.posOf("city"), "city", "%s", fmt.Sprintf("the city has %d residents (after run.scale); at most %d: each resident is held in memory", total, maxPopulation))
	}
}

// NameProblem says why a scenario or experiment name cannot name an output
// directory (out/NAME-sSEED, out/NAME), or "": a name must be one path
// component — no "/" or "\\", not "." or "..", not starting with "." or
// "-" — without control characters, at most 200 bytes.
func NameProblem(name string) string {
	switch {
	case name == "":
		return "empty name"
	case len(name) > 200:
		return fmt.Sprintf("name of %d bytes: at most 200", len(name))
	case strings.ContainsAny(name, `/\`):
		return fmt.Sprintf("%q: a name may not contain / or \\ (it names the output directory)", name)
	case name == "." || name == ".." || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "-"):
		return fmt.Sprintf("%q: a name may not start with \".\" or \"-\" (it names the output directory)", name)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Sprintf("%q: a name may not contain control characters such as newlines", name)
	}
	return ""
}
