package scenarios

import (
	"errors"

	"github.com/tiaokuai/tiaokuai/model/arrival"
)

// newProfile builds an hour-of-day and day-of-week profile from weights
// (nil = flat), each normalised to mean 1.
// TODO: use arrival.NewProfile once it exists.
func newProfile(hours, weekdays []float64) (arrival.Profile, error) {
	var p arrival.Profile
	if err := normalise(p.Hour[:], hours); err != nil {
		return p, err
	}
	if err := normalise(p.Weekday[:], weekdays); err != nil {
		return p, err
	}
	return p, nil
}

func normalise(out, w []float64) error {
	if w == nil {
		for i := range out {
			out[i] = 1
		}
		return nil
	}
	if len(w) != len(out) {
		return errors.New("wrong number of weights")
	}
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	if !(sum > 0) {
		return errors.New("weights must have a positive sum")
	}
	for i, x := range w {
		out[i] = x * float64(len(out)) / sum
	}
	return nil
}
