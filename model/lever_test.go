package model_test

import (
	"testing"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model"
)

// TestLeverTableReadsAndWrites: every row reads and writes its own field
// (and no other), by the kind its Go type gives, and is named in every
// language.
func TestLeverTableReadsAndWrites(t *testing.T) {
	want := map[string]model.LeverKind{
		"platform.one_window": model.LeverBool, "platform.data_sharing": model.LeverShare,
		"responsibility.bounce_limit": model.LeverLimit, "responsibility.whistle": model.LeverBool,
	}
	for i := range model.LeverTable {
		lv := &model.LeverTable[i]
		if k, ok := want[lv.Key]; ok && lv.Kind() != k {
			t.Errorf("%s: kind %d, want %d", lv.Key, lv.Kind(), k)
		}
		for _, l := range i18n.Langs {
			if lv.Label[l] == "" {
				t.Errorf("%s has no label in %v", lv.Key, l)
			}
		}
		var l model.Levers
		var r model.Responsibility
		x := 0.3
		if lv.Kind() != model.LeverShare {
			x = 1
		}
		lv.Set(&l, &r, x)
		if got := lv.Value(l, r); got != x {
			t.Errorf("%s: set %v, read %v", lv.Key, x, got)
		}
		for j := range model.LeverTable { // the others are untouched
			if o := &model.LeverTable[j]; j != i && o.Value(l, r) != 0 {
				t.Errorf("setting %s changed %s to %v", lv.Key, o.Key, o.Value(l, r))
			}
		}
	}
	var l model.Levers
	r := model.Responsibility{BounceLimit: 3, Clarity: 0.25}
	if lv := model.LeverByName("bounce_limit"); lv == nil || lv.Value(l, r) != 3 {
		t.Errorf("bounce_limit: %v", lv)
	}
	if lv := model.LeverByName("clarity"); lv == nil || lv.Value(l, r) != 0.25 || lv.Name() != "clarity" {
		t.Errorf("clarity: %v", lv)
	}
	if model.LeverByName("windows") != nil || model.LeverByName("api_failure") != nil {
		t.Error("LeverByName found a lever that is not one")
	}
}
