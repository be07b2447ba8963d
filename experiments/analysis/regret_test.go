package analysis

import (
	"math"
	"testing"
)

// A textbook case: three policies in three worlds, costs (smaller is
// better). Maximin-style caution picks C (worst cost 7), the best average
// picks A, minimax regret picks B, whose largest regret (2) is smallest.
func TestMinimaxRegret(t *testing.T) {
	cost := [][]float64{
		{1, 4, 10}, // A
		{3, 5, 8},  // B
		{6, 7, 6},  // C
	}
	rg, err := MinimaxRegret(cost, false)
	if err != nil {
		t.Fatal(err)
	}
	wantTable := [][]float64{{0, 0, 4}, {2, 1, 2}, {5, 3, 0}}
	for l := range wantTable {
		for w := range wantTable[l] {
			if rg.Table[l][w] != wantTable[l][w] {
				t.Errorf("regret[%d][%d] = %v, want %v", l, w, rg.Table[l][w], wantTable[l][w])
			}
		}
	}
	if rg.Max[0] != 4 || rg.Max[1] != 2 || rg.Max[2] != 5 || rg.Best != 1 {
		t.Errorf("max regret %v, best %d; want [4 2 5], 1", rg.Max, rg.Best)
	}

	// The same outcomes as benefits (larger is better): negated costs give
	// the same regrets and choice.
	benefit := [][]float64{{-1, -4, -10}, {-3, -5, -8}, {-6, -7, -6}}
	rg2, err := MinimaxRegret(benefit, true)
	if err != nil {
		t.Fatal(err)
	}
	for l := range wantTable {
		for w := range wantTable[l] {
			if rg2.Table[l][w] != wantTable[l][w] {
				t.Errorf("benefit regret[%d][%d] = %v, want %v", l, w, rg2.Table[l][w], wantTable[l][w])
			}
		}
	}
	if rg2.Best != 1 {
		t.Errorf("benefit: best %d, want 1", rg2.Best)
	}
}

// Ties go to the lowest index, and one lever set has no regret.
func TestMinimaxRegretTiesAndSingle(t *testing.T) {
	rg, err := MinimaxRegret([][]float64{{1, 2}, {2, 1}}, true)
	if err != nil || rg.Best != 0 || rg.Max[0] != 1 || rg.Max[1] != 1 {
		t.Errorf("tie: %+v, %v", rg, err)
	}
	rg, err = MinimaxRegret([][]float64{{5, 7, 9}}, false)
	if err != nil || rg.Best != 0 || rg.Max[0] != 0 {
		t.Errorf("single lever set: %+v, %v", rg, err)
	}
}

func TestMinimaxRegretErrors(t *testing.T) {
	for name, bad := range map[string][][]float64{
		"no lever sets": nil,
		"no worlds":     {{}},
		"ragged":        {{1, 2}, {1}},
		"NaN":           {{1, math.NaN()}},
		"Inf":           {{1, 2}, {math.Inf(1), 0}},
	} {
		if _, err := MinimaxRegret(bad, true); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
