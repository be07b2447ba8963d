package twin

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

// TestTopCategories: 100,000 distinct categories (and 300 agencies, 1,000
// areas) are pooled beyond the top 200 categories, 100 agencies and 50
// areas: the heap after reading stays under 100 MB and the fragment under
// 1 MB, and it loads.
func TestTopCategories(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "many.csv")
	f, _ := os.Create(path)
	w := bufio.NewWriter(f)
	w.WriteString("id,created,closed,cat,agency,area\n")
	for i := range 200_000 {
		c := 1700000000 + i*10
		cat := fmt.Sprintf("category %d", (i/2)%100_000) // 100,000 of one record each
		if i%2 == 0 {
			cat = fmt.Sprintf("big %d", (i/2)%150) // 150 of 667 records each
		}
		fmt.Fprintf(w, "%d,%d,%d,%s,agency %d,area %d\n", i, c, c+600+i%7200, cat, i%300, i%1000)
	}
	w.Flush()
	f.Close()
	m := mapping(t, "time_format = \"unix\"\n[columns]\nid = \"id\"\ncreated = \"created\"\nclosed = \"closed\"\ncategory = \"cat\"\nagency = \"agency\"\narea = \"area\"\n")
	rs := NewRecords(m)
	if err := rs.ReadFiles([]string{path}); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapInuse > 100<<20 {
		t.Errorf("heap in use %d MB after reading", ms.HeapInuse>>20)
	}
	if rs.Pooled != [3]int{100_150 - 200, 200, 950} || rs.Used != 200_000 {
		t.Errorf("pooled %v, used %d", rs.Pooled, rs.Used)
	}
	res, err := Fit(rs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Categories) != 201 {
		t.Errorf("%d categories, want 200 and %q", len(res.Categories), OtherCategory)
	}
	var frag bytes.Buffer
	WriteFragment(&frag, res, "many", FragmentOptions{BaseDistricts: []string{"old-town", "new-town"}, Population: 20000})
	if frag.Len() > 1<<20 {
		t.Errorf("fragment of %d bytes", frag.Len())
	}
	fp := filepath.Join(dir, "many.toml")
	os.WriteFile(fp, frag.Bytes(), 0o644)
	if _, _, err := scenarios.Load(fp, nil); err != nil {
		t.Errorf("the fragment does not load: %v", err)
	}
	// under the limits ReadFiles reads once and agrees with Read
	a := NewRecords(mapping(t, otherLayout))
	b := NewRecords(mapping(t, otherLayout))
	data := synthOther(3000, 100, rand.New(rand.NewPCG(1, 1)))
	os.WriteFile(filepath.Join(dir, "o.csv"), data, 0o644)
	if err := a.ReadFiles([]string{filepath.Join(dir, "o.csv")}); err != nil {
		t.Fatal(err)
	}
	b.Read("o.csv", bytes.NewReader(data))
	if a.Used != b.Used || a.Pooled != [3]int{} || len(a.cats) != len(b.cats) {
		t.Errorf("ReadFiles used %d (pooled %v), Read %d", a.Used, a.Pooled, b.Used)
	}
}

// TestMappingTypes: categories mapped onto a base ticket type ([types])
// override it (rate the sum of theirs, the base's owner kept) instead of
// adding types; a type that is not in the base is refused by sim fit
// (cmd/sim).
func TestMappingTypes(t *testing.T) {
	m := mapping(t, strings.Replace(otherLayout, "[columns]", "[types]\n\"噪音\" = \"noise\"\n[columns]", 1))
	rs := NewRecords(m)
	rs.Read("o.csv", bytes.NewReader(synthOther(4000, 100, rand.New(rand.NewPCG(2, 2)))))
	res, err := Fit(rs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var noise *CellFit
	for i := range res.Cells {
		if res.Cells[i].Ticket == "noise" {
			noise = &res.Cells[i]
		}
	}
	if noise == nil || !noise.BaseType || noise.N != 3000 || noise.Delay == nil {
		t.Fatalf("no base type noise with 3000 records: %+v", noise)
	}
	var frag bytes.Buffer
	WriteFragment(&frag, res, "types", FragmentOptions{BaseTickets: []string{"consultation", "food-market", "noise", "construction"}})
	if strings.Contains(frag.String(), `"ticket.noise"`) || !strings.Contains(frag.String(), "name = \"noise\"\nrate_per_1000 = 0\n") {
		t.Errorf("fragment does not override noise:\n%s", frag.String()[:min(frag.Len(), 1500)])
	}
	fp := filepath.Join(t.TempDir(), "types.toml")
	os.WriteFile(fp, frag.Bytes(), 0o644)
	cfg, _, err := scenarios.Load(fp, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range cfg.Tickets {
		if tt.Name == "noise" && (tt.OwnerName != "territorial" || math.Abs(tt.Rate/noise.PerDay-1) > 1e-3) {
			t.Errorf("noise: owner %s, rate %g, want territorial and %g", tt.OwnerName, tt.Rate, noise.PerDay)
		}
	}
}
