package twin

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

// TestFragmentAlwaysLoads: whatever the records, the fragment sim fit
// writes loads (passes sim check): every case open, one record, every
// delay zero, delays of decades, nearly all open with a few closures
// minutes apart, a single area, categories that slug to the same name.
func TestFragmentAlwaysLoads(t *testing.T) {
	const head = "id,created,closed,cat,agency,area\n"
	row := func(i int, created int64, closed string, cat string) string {
		return fmt.Sprintf("%d,%d,%s,%s,ag,a%d\n", i, created, closed, cat, i%3)
	}
	gen := func(n int, f func(i int) string) string {
		var b strings.Builder
		b.WriteString(head)
		for i := range n {
			b.WriteString(f(i))
		}
		return b.String()
	}
	t0 := int64(1700000000)
	cases := map[string]string{
		"all open":   gen(500, func(i int) string { return row(i, t0+int64(i)*600, "", "x") }),
		"one record": gen(1, func(i int) string { return row(i, t0, fmt.Sprint(t0+60), "x") }),
		"zero delays": gen(300, func(i int) string {
			return row(i, t0+int64(i)*60, fmt.Sprint(t0+int64(i)*60), "x")
		}),
		"decades": gen(300, func(i int) string {
			return row(i, t0+int64(i), fmt.Sprint(t0+int64(i)+int64(i%7+1)*40*365*86400), "x")
		}),
		"nearly all open": gen(3000, func(i int) string {
			if i%100 == 0 {
				return row(i, t0+int64(i)*60, fmt.Sprint(t0+int64(i)*60+300), "x")
			}
			return row(i, t0+int64(i)*60, "", "x")
		}),
		"same slugs": gen(400, func(i int) string {
			return row(i, t0+int64(i)*60, fmt.Sprint(t0+int64(i)*60+3600), []string{"A b", "a-B", "a/b", "A  B"}[i%4])
		}),
	}
	m := mapping(t, "time_format = \"unix\"\n[columns]\nid = \"id\"\ncreated = \"created\"\nclosed = \"closed\"\ncategory = \"cat\"\nagency = \"agency\"\narea = \"area\"\n")
	dir := t.TempDir()
	for name, data := range cases {
		rs := NewRecords(m)
		if err := rs.Read(name, strings.NewReader(data)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res, err := Fit(rs, FitOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var frag bytes.Buffer
		WriteFragment(&frag, res, "always", FragmentOptions{BaseTickets: []string{"consultation", "food-market", "noise", "construction"},
			BaseDistricts: []string{"old-town", "new-town"}, Population: 20000})
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".toml")
		os.WriteFile(p, frag.Bytes(), 0o644)
		if _, _, err := scenarios.Load(p, nil); err != nil {
			t.Errorf("%s: the fragment does not load: %v", name, err)
		}
	}
}
