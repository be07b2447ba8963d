package scenarios

import (
	"os"
	"reflect"
	"testing"
)

// FuzzLoad feeds arbitrary scenario text to the loader: it must never
// panic, and whatever it accepts must survive Encode → Load unchanged. Run
// it with
//
//	go test ./scenarios -run '^$' -fuzz FuzzLoad -fuzztime 30s
func FuzzLoad(f *testing.F) {
	f.Add(city)
	f.Add(base)
	f.Add(city + dept + "[[matter]]\nname = \"buy\"\nstep = [{ department = \"housing\", items = [] }]\n")
	f.Add(city + "[[intervention]]\nname = \"x\"\nat = \"10d\"\nset = { \"platform.one_window\" = true }\n")
	f.Add("extend = \"classroom\"\n[platform]\nonline = true\n")
	for _, name := range []string{"testdata/good/full.toml", "classroom.toml"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(string(data))
		}
	}
	for _, c := range badCases {
		f.Add(c.files["a.toml"])
	}
	src := Source{ReadFile: memSource(map[string]string{
		"times.csv": "1\n2\n3\n",
	}).ReadFile}
	f.Fuzz(func(t *testing.T, text string) {
		cfg, res, err := src.LoadBytes("fuzz.toml", []byte(text), nil)
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
