package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// FuzzSetRun sets one parameter of the shipped classroom scenario to an
// arbitrary value (--set PATH=VALUE) and runs the model for a simulated day
// with a small live-entity bound: sim must exit 0, 1 or 2 — never panic
// (exit 3) — and finish in bounded time. Run it with
//
//	go test ./cmd/sim -run '^$' -fuzz FuzzSetRun -fuzztime 10m -parallel 1 -fuzzminimizetime 5s
func FuzzSetRun(f *testing.F) {
	for _, s := range [][2]string{
		{"hotline.operators", "0"},
		{"hotline.operators_schedule", `["Mon-Sun 00:00-24:00 = 0"]`},
		{"department.police.windows_schedule", `["Mon-Sun 00:00-24:00 = 0"]`},
		{"hall.windows_schedule", `["Mon-Sun 00:00-24:00 = 0"]`},
		{"platform.one_window", "true"},
		{"demand.elasticity", "1000000"},
		{"demand.elasticity", "-10"},
		{"matter.birth.rate_per_1000", "1e300"},
		{"matter.birth.rate", "1e8"},
		{"ticket.0.rate_per_1000", "1000"},
		{"grassroots.resident_rate_per_1000", "1000"},
		{"grassroots.community_workers_per_10k", "0"},
		{"department.civil.task.0.per_week", "10000"},
		{"shock", `[{name="s", start="0s", end="1d", multiplier=1000}]`},
		{"intervention", `[{name="i", at="1h", set={"platform.one_window"=true}}]`},
		{"hotline.redial_p", "1"},
		{"responsibility.bounce_limit", "1000000"},
		{"matter.startup.step.0.window_time", `"exp(1e300m)"`},
		{"matter.startup.step.0.window_time", `"const(0s)"`},
		{"ticket.0.work", `"lognormal(1e9h, 100)"`},
		{"citizens.b0", "1e308"},
		{"adaptation.learning_rate", "1"},
		{"hotline.patience", `"0s"`},
		{"matter.birth.time_limit", `"1e-9wd"`},
		{"calendars.office", `["Mon 00:00-00:01"]`},
	} {
		f.Add(s[0], s[1])
	}
	out := f.TempDir()
	f.Fuzz(func(t *testing.T, path, value string) {
		if strings.ContainsAny(path, "\n=") {
			return // not one --set: the flag would split it differently
		}
		// Keys that size the city build up to 10⁸ residents (the bound),
		// seconds to minutes of work: past the fuzzer's limit of a few
		// seconds an input, and covered by TestGuardProbes.
		for _, k := range []string{"scale", "population", "streets", "communities_per_street", "district"} {
			if strings.Contains(path, k) {
				return
			}
		}
		args := []string{"run", "classroom", "-q", "--out", out, "--max-live", "50000",
			"--set", path + "=" + value,
			"--set", "run.warmup=0s", "--set", `run.horizon="1d"`, "--set", "run.drain=0s"}
		var so, se bytes.Buffer
		start := time.Now()
		code := run(args, &so, &se)
		if code == 3 || code < 0 || code > 3 {
			t.Fatalf("sim %q: exit %d\n%s", args, code, se.String())
		}
		if el := time.Since(start); el > 2*time.Minute {
			t.Fatalf("sim %q took %v", args, el)
		}
	})
}
