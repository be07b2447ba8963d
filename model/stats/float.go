package stats

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
)

// Float is a number whose JSON form writes an undefined value as null:
// JSON has no NaN or ±Inf, and a mean of nothing (NaN) must not read back
// as 0, a real value. MarshalJSON writes NaN and ±Inf as null and any other
// value exactly as encoding/json writes a float64; UnmarshalJSON reads null
// as NaN. The outputs are written (experiments) and read back (the report)
// through it.
type Float float64

// MarshalJSON writes f as encoding/json writes a float64, or null when f is
// NaN or ±Inf.
func (f Float) MarshalJSON() ([]byte, error) {
	if !Finite(float64(f)) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(f))
}

// UnmarshalJSON reads a JSON number, or null as NaN.
func (f *Float) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	x, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	*f = Float(x)
	return nil
}
