package stats

import (
	"encoding/json"
	"math"
	"testing"
)

// TestFloatJSON: NaN and ±Inf are written as null and null reads back as
// NaN; every other value is written byte for byte as encoding/json writes
// a float64 and reads back exactly.
func TestFloatJSON(t *testing.T) {
	for _, x := range []float64{0, -0.5, 1, 1e21, 1e-7, 123456.789, math.MaxFloat64, math.SmallestNonzeroFloat64, 2.0 / 3} {
		got, err := json.Marshal(Float(x))
		want, _ := json.Marshal(x)
		if err != nil || string(got) != string(want) {
			t.Errorf("Float(%v) writes %s (%v), want %s", x, got, err, want)
		}
		var back Float
		if err := json.Unmarshal(got, &back); err != nil || float64(back) != x {
			t.Errorf("%s reads back as %v (%v), want %v", got, back, err, x)
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got, err := json.Marshal(struct{ V Float }{Float(x)}); err != nil || string(got) != `{"V":null}` {
			t.Errorf("Float(%v) writes %s (%v), want null", x, got, err)
		}
	}
	var v struct{ A, B Float }
	if err := json.Unmarshal([]byte(`{"A": null, "B": 2.5}`), &v); err != nil || !math.IsNaN(float64(v.A)) || v.B != 2.5 {
		t.Errorf("read %+v (%v), want A NaN and B 2.5", v, err)
	}
	if err := json.Unmarshal([]byte(`{"A": "1"}`), &v); err == nil {
		t.Error("a string read as a number")
	}
}
