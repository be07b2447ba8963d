package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/stats"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// visitsTown is a purpose-built scenario for the closed form of
// docs/ODD.md §6.2: one district, three departments, five items with
// different owners and sharing levels. %s is replaced by extra TOML.
const visitsTown = `
name = "visits-town"
[run]
warmup = "1w"
horizon = "26w"
[city]
[[city.district]]
name = "d"
population = 20000
streets = 1
communities_per_street = 2
[citizens]
b0 = -2
[grassroots]
shares_data = 0.8
[hall]
windows = 40
[platform]
data_sharing = 0.5
api_failure = 0.2
[[department]]
name = "a"
windows = 20
[[department]]
name = "b"
windows = 20
shares_data = 1
[[department]]
name = "c"
windows = 20
shares_data = 0.5
[[item]]
name = "i1"
owner = "b"
[[item]]
name = "i2"
owner = "b"
[[item]]
name = "i3"
owner = "c"
[[item]]
name = "i4"
owner = "community"
[[item]]
name = "i5"
owner = "a"
[[matter]]
name = "m"
rate = 100
rework = 0.2
collect = "%s"
online_eligible = true
time_limit = "20wd"
[[matter.step]]
department = "a"
window_time = "exp(10m)"
back_office = "2h"
items = ["i1", "i3", "i5"]
[[matter.step]]
department = "b"
window_time = "exp(10m)"
back_office = "1h"
items = ["i2", "i4", "i5"]
%s
`

func load(t testing.TB, src string, sets ...string) *model.Config {
	t.Helper()
	cfg, _, err := scenarios.LoadBytes("test.toml", []byte(src), sets)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// expectedVisits is docs/ODD.md §6.2's closed form for visitsTown. Owners:
// b holds i1 (needed by step a; shares 1) — i2 is owned by b and needed
// only by step b, so it is never drawn; c holds i3 (shares 0.5); the
// community holds i4 (0.8); i5 is owned by a and needed by steps a and b, so
// it is drawn once (shares 1).
func expectedVisits(ds, fail float64, k float64, rework float64, c float64) float64 {
	miss := func(shares float64) float64 { return 1 - ds*shares*(1-fail) }
	ownerB := miss(1)
	ownerC := miss(0.5)
	ownerCom := miss(0.8)
	ownerA := miss(1) // i5 for step b
	return ownerB + ownerC + ownerCom + ownerA + k/(1-rework) + c
}

// visitsOf runs cfg and returns batch means of visits per completed matter
// (in completion order) and the list by channel.
func visitsOf(t testing.TB, cfg *model.Config, seed uint64) (*stats.BatchMeans, map[model.Channel]*stats.Moments) {
	t.Helper()
	bm := stats.NewBatchMeans(500)
	by := map[model.Channel]*stats.Moments{}
	obs := model.ObserverFunc(func(j *model.Journey) {
		if j.Kind == model.JComplete {
			bm.Add(float64(j.Visit))
			if by[j.Channel] == nil {
				by[j.Channel] = &stats.Moments{}
			}
			by[j.Channel].Add(float64(j.Visit))
		}
	})
	m, err := model.New(cfg, seed, model.Options{Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	if r := m.Run(); r.Matters.Overall.OpenAtEnd != 0 {
		t.Fatalf("%d matters still open at the end: the test scenario is overloaded", r.Matters.Overall.OpenAtEnd)
	}
	return bm, by
}

// TestVisitsClosedForm: mean visits match docs/ODD.md §6.2 in fragmented,
// one-window and online modes with several collections, inside the 99% CI
// of batch means (docs/ODD.md §1).
func TestVisitsClosedForm(t *testing.T) {
	cases := []struct {
		name    string
		collect string
		extra   string
		k, c    float64
		channel model.Channel
	}{
		{"fragmented/in-person", "in-person", "", 2, 1, model.Fragmented},
		{"fragmented/mail", "mail", "", 2, 0, model.Fragmented},
		{"one-window/in-person", "in-person", "[platform]\none_window = true", 1, 1, model.OneWindow},
		{"one-window/parallel/e-licence", "e-licence", "[platform]\none_window = true\nparallel_approval = true", 1, 0, model.OneWindow},
		// b0 = 50: every citizen goes online.
		{"online/in-person", "in-person", "[platform]\nonline = true", 0, 1, model.Online},
		{"online/mail", "mail", "[platform]\nonline = true", 0, 0, model.Online},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(visitsTown, tc.collect, "")
			sets := []string{}
			if tc.extra != "" {
				src = fmt.Sprintf(visitsTown, tc.collect, "")
				switch tc.channel {
				case model.OneWindow:
					sets = append(sets, "platform.one_window=true")
					if tc.name == "one-window/parallel/e-licence" {
						sets = append(sets, "platform.parallel_approval=true")
					}
				case model.Online:
					sets = append(sets, "platform.online=true", "citizens.b0=50")
				}
			}
			cfg := load(t, src, sets...)
			bm, by := visitsOf(t, cfg, 42)
			want := expectedVisits(0.5, 0.2, tc.k, 0.2, tc.c)
			half := bm.HalfWidth(0.99)
			t.Logf("mean visits %.4f ± %.4f (99%%), closed form %.4f, %d batches", bm.Mean(), half, want, bm.Batches())
			if math.Abs(bm.Mean()-want) > half {
				t.Errorf("mean visits %.4f, closed form %.4f: outside the 99%% CI ± %.4f", bm.Mean(), want, half)
			}
			if len(by) != 1 || by[tc.channel] == nil {
				t.Errorf("channels used %v, want only %v", by, tc.channel)
			}
		})
	}
}
