package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/experiments"
)

func optSummary(winner bool) *experiments.OptimizeSummary {
	s := &experiments.OptimizeSummary{Experiment: "x", Method: "cmaes", Robustness: "worst", Level: 0.95, Worlds: 2,
		Objectives: []string{"min matters.overall.visits_mean"}, Constraints: []string{"cost.total ≤ 700"},
		Levers: []string{"one_window", "data_sharing"}, Screen: []string{"run.scale=0.25"}, Generations: 3, Candidates: 20,
		ScreenRuns: 120, FullRuns: 48, RaceLevel: 0.9958, RaceReps: 12, Winner: winner, Tied: []int{},
		Finalists: []experiments.Finalist{
			{Candidate: 7, Levers: []string{"true", "0.37476426588457146"}, Replications: 12, Value: []float64{2.50}, HalfWidth: []float64{0.02}, Cost: 650, Feasible: true, Status: "best", Diff: math.NaN()},
			{Candidate: 3, Levers: []string{"false", "1"}, Replications: 12, Value: []float64{2.53}, HalfWidth: []float64{0.03}, Cost: 600, Feasible: true, Status: "worse"},
		}}
	if !winner {
		s.Tied = []int{7, 3}
		s.Finalists[1].Status = "tied"
	}
	return s
}

// The section says what was searched, at which fidelity, and how sure the
// ranking is, in both languages; a tie is reported as a tie.
func TestBuildOptimize(t *testing.T) {
	for _, tc := range []struct {
		lang   Lang
		winner bool
		want   []string
	}{
		{English, true, []string{"Best packages under budget", "worst case over 2 worlds", "cost.total ≤ 700", "cheaper fidelity (run.scale=0.25) in 120 runs", "48 runs", "candidate 7 is best", "99.6% each, 95% overall", "0.3748"}},
		{Chinese, true, []string{"预算内的最佳改革方案", "最坏情况", "较低精度（run.scale=0.25）", "候选方案 7 最优", "单次 99.6%，总体 95%", "12 次全精度重复"}},
		{English, false, []string{"candidates 7, 3 cannot be told apart within 12 replications", "not sure", "tied with the best"}},
		{Chinese, false, []string{"候选方案 7、3 在 12 次重复内无法区分", "排序并不可靠", "与最优并列"}},
	} {
		r, err := BuildOptimize(optSummary(tc.winner), Options{Lang: tc.lang})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := r.Markdown(&b, "charts"); err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(b.String(), `\_`, "_")
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s (winner %v): the report does not say %q:\n%s", tc.lang, tc.winner, w, text)
			}
		}
		if len(r.Sections[0].Figures) != 1 {
			t.Errorf("%s: %d figures, want the frontier", tc.lang, len(r.Sections[0].Figures))
		}
	}
}

// A two-objective front: how many neighbours differ, or that it is one
// package.
func TestBuildOptimizeFront(t *testing.T) {
	s := optSummary(false)
	s.Objectives = append(s.Objectives, "max matters.overall.online_share")
	for i := range s.Finalists {
		s.Finalists[i].Value = append(s.Finalists[i].Value, 0.5)
		s.Finalists[i].HalfWidth = append(s.Finalists[i].HalfWidth, 0.01)
		s.Finalists[i].Status, s.Finalists[i].Pareto = "front", true
	}
	for _, tc := range []struct {
		lang       Lang
		pairs, sep int
		want       string
	}{
		{English, 3, 1, "1 of 3 neighbouring pairs on the confirmed front differ in every objective"},
		{Chinese, 3, 1, "3 对相邻方案中有 1 对在每个目标上都有差异"},
		{English, 0, 0, "the confirmed front is one package, candidate 7"},
		{Chinese, 0, 0, "确认的前沿只有一个方案，即候选方案 7"},
	} {
		s.FrontPairs, s.FrontSeparated = tc.pairs, tc.sep
		r, err := BuildOptimize(s, Options{Lang: tc.lang})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Sections[0].Paragraphs[2]; !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q does not say %q", tc.lang, got, tc.want)
		}
	}
}
