package experiments

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
)

// The writer and the reader of the output files are one walk: what
// jsonBytes writes, DecodeJSON reads back to the same value, an undefined
// number (NaN) included, which encoding/json could neither write nor read.
func TestJSONRoundTripKeepsNaN(t *testing.T) {
	in := &model.Results{Scenario: "s", Seed: 7, WarmupDays: 14, HorizonDays: math.NaN(), Population: 3}
	in.Matters.Overall = model.Group{Name: "all", Arrived: 5, LatencyMean: math.NaN(), LatencyP90: 2.5,
		VisitCounts: [7]int64{1, 2, 3}, Histogram: []model.HistBin{{Lo: 0, Hi: 0.5, Count: 4}}}
	in.Matters.ByType = []model.Group{{Name: "a", OnTimeShare: math.NaN()}}
	in.Offices = []model.UnitStats{{Name: "o", Utilisation: 0.25, SojournMean: math.Inf(1)}}
	b := jsonBytes(in)
	for _, want := range []string{`"horizon_days": null`, `"latency_mean_days": null`, `"on_time_share": null`, `"sojourn_mean_min": null`, `"latency_p90_days": 2.5`, `"halls": []`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("summary JSON lacks %s", want)
		}
	}
	out := new(model.Results)
	if err := DecodeJSON(b, out); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(out.HorizonDays) || !math.IsNaN(out.Matters.Overall.LatencyMean) || !math.IsNaN(out.Matters.ByType[0].OnTimeShare) {
		t.Errorf("null did not read back as NaN: %v %v %v", out.HorizonDays, out.Matters.Overall.LatencyMean, out.Matters.ByType[0].OnTimeShare)
	}
	// ±Inf is written as null too, so it reads back as NaN
	if !math.IsNaN(out.Offices[0].SojournMean) {
		t.Errorf("+Inf read back as %v, want NaN", out.Offices[0].SojournMean)
	}
	// everything else is as written: writing the value read back gives the same bytes
	if again := jsonBytes(out); string(again) != string(b) {
		t.Errorf("write(read(write(x))) differs from write(x):\n%s\n%s", again, b)
	}
	if out.Matters.Overall.VisitCounts != in.Matters.Overall.VisitCounts || !reflect.DeepEqual(out.Matters.Overall.Histogram, in.Matters.Overall.Histogram) {
		t.Errorf("arrays or slices changed: %v %v", out.Matters.Overall.VisitCounts, out.Matters.Overall.Histogram)
	}
}

// A finite number is written exactly as encoding/json writes a float64,
// so the files did not change when the writer moved here.
func TestJSONNumbersAsEncodingJSON(t *testing.T) {
	type row struct {
		X float64 `json:"x"`
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -3, 1e20, 1e21, 1e-6, 1e-7, 123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1, 2.5e-300, -7e22} {
		want, err := json.MarshalIndent(row{x}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonBytes(row{x}); string(got) != string(want)+"\n" {
			t.Errorf("%v: wrote %s, encoding/json writes %s", x, got, want)
		}
		var back row
		if err := DecodeJSON(want, &back); err != nil || math.Float64bits(back.X) != math.Float64bits(x) {
			t.Errorf("%v: read back %v (%v)", x, back.X, err)
		}
	}
}

// The reader names the path of a value of the wrong kind.
func TestDecodeJSONBadInput(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"matters": {"overall": {"arrived": "five"}}}`, "matters.overall.arrived: want int64, got string"},
		{`{"matters": {"by_type": [{"name": 3}]}}`, "matters.by_type[0].name: want string, got json.Number"},
		{`{"matters": {"overall": {"latency_p90_days": true}}}`, "matters.overall.latency_p90_days: want float64, got bool"},
		{`{"seed": -1}`, "seed: want an unsigned integer, got -1"},
		{`{"population": 2.5}`, "population: want an integer, got 2.5"},
		{`{"offices": {}}`, "offices: want slice, got map[string]interface {}"},
		{`{"warmup_days": 1e999}`, `warmup_days: strconv.ParseFloat: parsing "1e999": value out of range`},
	} {
		err := DecodeJSON([]byte(c.in), new(model.Results))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.in, err, c.want)
		}
	}
	if err := DecodeJSON([]byte(`{}`), model.Results{}); err == nil {
		t.Error("DecodeJSON into a non-pointer: no error")
	}
}
