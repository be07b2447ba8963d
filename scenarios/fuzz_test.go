package scenarios

import (
	"os"
	"reflect"
	"testing"
)

// FuzzLoad feeds arbitrary scenario text and --set values to the loader: it must never
// panic, and whatever it accepts must survive Encode → Load unchanged. Run
// it with
//
//	go test ./scenarios -run '^$' -fuzz FuzzLoad -fuzztime 30s -fuzzminimizetime 2s
//
// (with the default minimisation time of a minute per new input the
// fuzzer looks stalled for long stretches).
func FuzzLoad(f *testing.F) {
	f.Add(city, "")
	f.Add(base, "department.housing.windows=4")
	f.Add(city+dept+"[[matter]]\nname = \"buy\"\nstep = [{ department = \"housing\", items = [] }]\n", `matter.buy.step.0.window_time="exp(10m)"`)
	f.Add(city+"[[intervention]]\nname = \"x\"\nat = \"10d\"\nset = { \"platform.one_window\" = true }\n", "run.scale=0.5")
	f.Add("extend = \"classroom\"\n[platform]\nonline = true\n", "city.district.old-town.literacy_mean=0.3")
	for _, name := range []string{"testdata/good/full.toml", "testdata/good/empty-lists.toml", "classroom.toml"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(string(data), "")
		}
	}
	for _, c := range badCases {
		set := ""
		if len(c.sets) > 0 {
			set = c.sets[0]
		}
		f.Add(c.files["a.toml"], set)
	}
	src := Source{ReadFile: memSource(map[string]string{
		"times.csv": "1\n2\n3\n",
	}).ReadFile}
	f.Fuzz(func(t *testing.T, text, set string) {
		var sets []string
		if set != "" {
			sets = []string{set}
		}
		cfg, res, err := src.LoadBytes("fuzz.toml", []byte(text), sets)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		cfg2, res2, err := src.LoadBytes("fuzz.toml", res.Canonical, nil)
		if err != nil {
			t.Fatalf("canonical form does not load: %v\n%s", err, res.Canonical)
		}
		if !reflect.DeepEqual(cfg, cfg2) {
			t.Fatalf("round trip differs: %v", diff(cfg, cfg2))
		}
		if res.Hash != res2.Hash {
			t.Fatalf("hash differs")
		}
	})
}
