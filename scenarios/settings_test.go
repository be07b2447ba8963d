package scenarios

import (
	"strings"
	"testing"
)

const settingsCanonical = `# Canonical scenario
name = "t"
description = "test"

[run]
seed = 1

[[city.district]]
name = "east"
label = "东区"
position = [1.0, 2.0]

[[city.district.street]]
name = "e1"
label = "东一街道"
workers = 10
position = [1.5, 2.5]

[[city.district.street.community]]
name = "e1-c1"
position = [1.4, 2.4]

[[department]]
name = "housing"
windows = 4

[[matter]]
name = "birth"

[[matter.step]]
department = "health"

[[matter.step]]
department = "police"

[[cost.item]]
what = "one_window"
annual = 2e5
`

func TestSettings(t *testing.T) {
	keys, vals := Settings(settingsCanonical)
	want := map[string]string{
		"run.seed":                             "1",
		"city.district.east.label":             `"东区"`,
		"city.district.east.street.e1.workers": "10",
		"city.district.east.street.e1.community.e1-c1.position": "[1.4, 2.4]",
		"department.housing.windows":                            "4",
		"matter.birth.step.1.department":                        `"police"`,
		"cost.item.one_window.annual":                           "2e5",
	}
	for k, v := range want {
		if vals[k] != v {
			t.Errorf("%s = %q, want %q (keys %q)", k, vals[k], v, keys)
		}
	}
	st, labels, coms := Layout(settingsCanonical)
	if st["e1"] != [2]float64{1.5, 2.5} || labels["e1"] != "东一街道" || len(coms) != 1 || coms[0] != [2]float64{1.4, 2.4} {
		t.Errorf("Layout: positions %v %v %v", st, labels, coms)
	}
}

// TestSettingsAreSetNames: the names Settings gives are the names --set
// uses. Every setting of the resolved classroom (loaded from its canonical
// text, where generated streets are written out), set to the value
// Settings read, leaves the scenario as it was (same hash); a changed
// value of a named street is read back under the same name.
func TestSettingsAreSetNames(t *testing.T) {
	_, res, err := Load("classroom", nil)
	if err != nil {
		t.Fatal(err)
	}
	keys, vals := Settings(string(res.Canonical))
	if len(keys) < 100 {
		t.Fatalf("%d settings", len(keys))
	}
	for _, k := range keys {
		_, again, err := LoadBytes("canonical.toml", res.Canonical, []string{k + "=" + vals[k]})
		if err != nil {
			t.Errorf("--set %s=%s: %v", k, vals[k], err)
			continue
		}
		if again.Hash != res.Hash {
			t.Errorf("--set %s=%s changed the scenario", k, vals[k])
		}
	}
	var street string
	for _, k := range keys {
		if strings.HasPrefix(k, "city.district.") && strings.HasSuffix(k, ".workers") && strings.Contains(k, ".street.") {
			street = k
			break
		}
	}
	if street == "" {
		t.Fatal("no street workers among the settings")
	}
	_, changed, err := LoadBytes("canonical.toml", res.Canonical, []string{street + "=" + vals[street] + "7"})
	if err != nil {
		t.Fatal(err)
	}
	if _, v := Settings(string(changed.Canonical)); v[street] != vals[street]+"7" {
		t.Errorf("%s = %s after --set %s=%s7", street, v[street], street, vals[street])
	}
}
