package scenarios

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
)

// TestLeverTableCoversSchema keeps model.LeverTable the one list of
// levers: every key of [platform] and [responsibility] is a lever or
// explicitly not one (model.NotLevers), never both; the table has no other
// rows, in the order of the sections' fields (the order of CostKinds, so of
// the cost-item error message); a cost item may price each lever; a share
// lever is checked as a share and bounce_limit as a count ≥ 0; FORMAT.md's
// [[cost.item]] paragraph names every kind; and the viewer's lever keys
// are distinct digits.
func TestLeverTableCoversSchema(t *testing.T) {
	var schema []string
	ct := reflect.TypeFor[model.Config]()
	for i := range ct.NumField() {
		f := ct.Field(i)
		if sec := f.Tag.Get("toml"); sec == "platform" || sec == "responsibility" {
			_, keys := tomlFields(f.Type)
			for _, k := range keys {
				schema = append(schema, sec+"."+k)
			}
		}
	}
	if len(schema) == 0 {
		t.Fatal("no [platform] or [responsibility] keys found")
	}
	var rows []string
	for i := range model.LeverTable {
		rows = append(rows, model.LeverTable[i].Key)
	}
	for _, k := range schema {
		lever := slices.Contains(rows, k)
		why, not := model.NotLevers[k]
		switch {
		case lever && not:
			t.Errorf("%s is in LeverTable and in NotLevers", k)
		case !lever && !not:
			t.Errorf("%s is neither in LeverTable nor in NotLevers: decide whether it is a lever", k)
		case not && why == "":
			t.Errorf("NotLevers gives no reason for %s", k)
		}
	}
	for k := range model.NotLevers {
		if !slices.Contains(schema, k) {
			t.Errorf("NotLevers lists %s, not a key of the schema", k)
		}
	}
	var inSchema []string // the rows' keys in schema order
	for _, k := range schema {
		if slices.Contains(rows, k) {
			inSchema = append(inSchema, k)
		}
	}
	if !slices.Equal(rows, inSchema) {
		t.Errorf("LeverTable rows %v, want the schema's levers in field order %v", rows, inSchema)
	}

	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	para := regexp.MustCompile("(?s)### `\\[\\[cost\\.item\\]\\]`\n(.*?)\n\n").FindSubmatch(doc)
	if para == nil {
		t.Fatal("FORMAT.md has no [[cost.item]] section")
	}
	for _, k := range model.CostKinds {
		if !strings.Contains(string(para[1]), "`"+k+"`") {
			t.Errorf("FORMAT.md's [[cost.item]] paragraph does not name `%s`", k)
		}
	}

	digits := map[string]string{}
	for i := range model.LeverTable {
		lv := &model.LeverTable[i]
		if !slices.Contains(costWhat, lv.Name()) {
			t.Errorf("a cost item may not price %s", lv.Key)
		}
		r, ruled := rules[lv.Key]
		switch lv.Kind() {
		case model.LeverShare:
			if !ruled || r.check(-0.1) == "" || r.check(1.1) == "" || r.check(0) != "" || r.check(1) != "" {
				t.Errorf("%s: a share lever without the share rule", lv.Key)
			}
		case model.LeverLimit:
			if !ruled || r.check(-1) == "" || r.check(0) != "" || r.check(5) != "" {
				t.Errorf("%s: a limit without the rule ≥ 0", lv.Key)
			}
		case model.LeverBool:
			if ruled {
				t.Errorf("%s: a boolean lever with a number rule", lv.Key)
			}
		}
		for _, k := range strings.Fields(lv.View.Keys) {
			if len(k) != 1 || k[0] < '0' || k[0] > '9' {
				t.Errorf("%s: viewer key %q is not a digit", lv.Key, k)
			}
			if other, ok := digits[k]; ok {
				t.Errorf("viewer key %s flips both %s and %s", k, other, lv.Key)
			}
			digits[k] = lv.Key
		}
	}
}
