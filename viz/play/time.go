package play

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/model/calendar"
)

// ParseTime reads a simulated time or span as a sum of elapsed durations
// ("1w2d9h30m", "36h", "90s") and returns minutes.
func ParseTime(s string) (float64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, fmt.Errorf("play: empty time")
	}
	var total float64
	for s != "" {
		i := 0
		for i < len(s) && (s[i] == '.' || ('0' <= s[i] && s[i] <= '9')) {
			i++
		}
		j := i
		for j < len(s) && 'a' <= s[j] && s[j] <= 'z' {
			j++
		}
		if i == 0 || j == i {
			return 0, fmt.Errorf("play: time %q: want a sum like 1w2d9h30m", s)
		}
		if _, err := strconv.ParseFloat(s[:i], 64); err != nil {
			return 0, fmt.Errorf("play: time %q: %v", s, err)
		}
		d, err := calendar.ParseDuration(s[:j])
		if err != nil {
			return 0, err
		}
		if d.Unit != calendar.Elapsed {
			return 0, fmt.Errorf("play: time %q: use elapsed units (w, d, h, m, s)", s[:j])
		}
		total += d.Value
		s = s[j:]
	}
	return total, nil
}

// NearestSpeed is the index of the speed setting closest to factor
// (simulated seconds per real second).
func NearestSpeed(factor float64) int {
	best := 0
	for i, v := range Speeds {
		if abs(v-factor) < abs(Speeds[best]-factor) {
			best = i
		}
	}
	return best
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
