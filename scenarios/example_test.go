package scenarios_test

import (
	"fmt"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

func ExampleLoad() {
	// a shipped scenario, by name, with two overrides
	cfg, res, err := scenarios.Load("classroom", []string{"platform.one_window=true", "run.horizon=26w"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Name, cfg.Platform.OneWindow, cfg.Run.Horizon/(7*24*60), res.Files[0].Name, len(res.Hash))
	// Output: classroom true 26 shipped:classroom.toml 64
}

func ExampleLoad_setError() {
	_, _, err := scenarios.Load("testdata/good/full.toml", []string{"department.polise.windows=3"})
	fmt.Println(err)
	// Output: scenarios: --set department.polise.windows: no department named "polise" (did you mean "police"?)
}

func ExampleLoadBytes_problems() {
	src := `[[city.district]]
name = "east"
population = 1000
streets = 1
communities_per_street = 2

[platform]
data_sharing = 1.5
one_windw = true

[[department]]
name = "housing"
windows = "two"
`
	_, _, err := scenarios.LoadBytes("town.toml", []byte(src), nil)
	fmt.Println(err)
	// Output:
	// scenarios: 3 problems:
	// town.toml:8: platform.data_sharing: must be in [0, 1], got 1.5
	// town.toml:9: platform.one_windw: unknown key (did you mean "one_window"?)
	// town.toml:13: department.housing.windows: expected an integer, got string "two"
}
