package report

import (
	"slices"
	"strings"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

// Change is one parameter that differs between two scenarios; an empty
// value means the key is absent from that scenario.
type Change struct {
	Key          string
	Base, Reform string
}

// ParamChanges lists the parameters in which a scenario differs from the
// baseline: from their resolved forms (run directories), or from their
// settings (sweep points, which share one base). Names and descriptions
// are left out.
func ParamChanges(base, reform *Scenario) []Change {
	if base.Resolved == "" || reform.Resolved == "" {
		return setChanges(base, reform)
	}
	bk, bv := scenarios.Settings(base.Resolved)
	rk, rv := scenarios.Settings(reform.Resolved)
	skip := func(k string) bool { return k == "name" || k == "description" }
	var out []Change
	seen := map[string]bool{}
	for _, k := range bk {
		seen[k] = true
		if skip(k) {
			continue
		}
		if r, ok := rv[k]; !ok || r != bv[k] {
			out = append(out, Change{Key: k, Base: bv[k], Reform: r})
		}
	}
	for _, k := range rk {
		if !seen[k] && !skip(k) {
			out = append(out, Change{Key: k, Reform: rv[k]})
		}
	}
	return out
}

// setChanges compares the --set values of two sweep points.
func setChanges(base, reform *Scenario) []Change {
	split := func(sets []string) ([]string, map[string]string) {
		var keys []string
		m := map[string]string{}
		for _, s := range sets {
			k, v, _ := strings.Cut(s, "=")
			if _, dup := m[k]; !dup {
				keys = append(keys, k)
			}
			m[k] = v
		}
		return keys, m
	}
	bk, bv := split(base.Sets)
	rk, rv := split(reform.Sets)
	var out []Change
	for _, k := range bk {
		if rv[k] != bv[k] {
			out = append(out, Change{Key: k, Base: bv[k], Reform: rv[k]})
		}
	}
	for _, k := range rk {
		if !slices.Contains(bk, k) {
			out = append(out, Change{Key: k, Reform: rv[k]})
		}
	}
	if base.Name != reform.Name {
		out = append([]Change{{Key: "(base scenario)", Base: base.Name, Reform: reform.Name}}, out...)
	}
	return out
}
