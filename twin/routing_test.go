package twin

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// routedExport is a synthetic export with a transfers column: three
// request types of 8,000 records each over 20 days, all closed, whose
// planted share transferred at least once is share and whose further
// transfers are geometric (each re-routing reaches the owner with
// probability again); each routing step — k + 1 of them for k transfers —
// takes hop hours on top of the handling delay.
type routedType struct {
	cat, agency  string
	share, again float64
	handling     func(r *rand.Rand) float64 // hours
}

var routedTypes = []routedType{
	{"pothole", "roads", 0.30, 0.6, func(r *rand.Rand) float64 { return (r.ExpFloat64() + r.ExpFloat64()) * 24 }},
	{"noise", "police", 0.10, 0.9, func(r *rand.Rand) float64 {
		if r.Float64() < 0.4 {
			return 48 + 24*r.Float64()
		}
		return 0.2 + 0.3*r.Float64()
	}},
	{"lights", "power", 0, 1, func(r *rand.Rand) float64 { return r.ExpFloat64() * 24 }},
}

func routedExport(seed uint64, hop float64) (data []byte, e2e map[string][]float64) {
	r := rand.New(rand.NewPCG(seed, 3))
	var b bytes.Buffer
	b.WriteString("id,created,closed,cat,agency,transfers\n")
	e2e = map[string][]float64{}
	t0 := int64(1700000000)
	for i := range 24000 {
		ty := routedTypes[i%3]
		created := t0 + int64(r.Float64()*20*86400)
		k := 0
		if r.Float64() < ty.share {
			k = 1
			for r.Float64() >= ty.again {
				k++
			}
		}
		d := ty.handling(r) + float64(k+1)*hop
		e2e[ty.cat+"--"+ty.agency] = append(e2e[ty.cat+"--"+ty.agency], d*60)
		fmt.Fprintf(&b, "%d,%d,%d,%s,%s,%d\n", i, created, created+int64(d*3600), ty.cat, ty.agency, k)
	}
	return b.Bytes(), e2e
}

const routedMapping = `
time_format = "unix"
as_of = "1710000000"
transfer_time = "4h"
[columns]
id = "id"
created = "created"
closed = "closed"
category = "cat"
agency = "agency"
transfers = "transfers"
`

// TestTwinRouting: a twin fitted from records with a transfers column
// routes each type as its records did — simulated share of tickets with
// ≥ 1 bounce within 0.03 of the planted share, bounces per ticket within
// 10% (or 0.02) of the planted mean — and, with a transfer_time of 4 h a
// routing step taken off each delay by the fit and put back as review time
// by the twin, reproduces the observed end-to-end median and p90 within
// 10% with at most 1% open at the end.
func TestTwinRouting(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a fitted twin")
	}
	m, err := scenarios.ParseMapping("routed.toml", []byte(routedMapping))
	if err != nil {
		t.Fatal(err)
	}
	data, e2e := routedExport(11, 4)
	rs := NewRecords(m)
	if err := rs.Read("routed.csv", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	res, err := Fit(rs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg, obs := runTwin(t, res, "2w", 5)
	byType := map[int][]float64{}
	bounces := map[int][]int{}
	for id, a := range obs.arrived {
		d, ok := obs.done[id]
		if !ok {
			d = math.Inf(1)
		}
		byType[obs.typ[id]] = append(byType[obs.typ[id]], d-a)
		if ok {
			bounces[obs.typ[id]] = append(bounces[obs.typ[id]], obs.bounces[id])
		}
	}
	for _, ty := range routedTypes {
		name := ty.cat + "--" + ty.agency
		ti := slices.IndexFunc(cfg.Tickets, func(tt model.TicketType) bool { return tt.Name == name })
		if ti < 0 {
			t.Fatalf("no ticket type %s", name)
		}
		bs := bounces[ti]
		any, sum := 0, 0
		for _, k := range bs {
			sum += k
			if k > 0 {
				any++
			}
		}
		share, mean := float64(any)/float64(len(bs)), float64(sum)/float64(len(bs))
		wantMean := ty.share / ty.again
		t.Logf("%-16s bounced %.4f (planted %.2f), bounces per ticket %.4f (planted %.4f), %d tickets", name, share, ty.share, mean, wantMean, len(bs))
		if math.Abs(share-ty.share) > 0.03 {
			t.Errorf("%s: %.4f of tickets bounced, planted %.2f", name, share, ty.share)
		}
		if d := math.Abs(mean - wantMean); d > 0.1*wantMean && d > 0.02 {
			t.Errorf("%s: %.4f bounces per ticket, planted %.4f", name, mean, wantMean)
		}
		xs := slices.Sorted(slices.Values(e2e[name]))
		q := func(p float64) float64 { return xs[int(p*float64(len(xs)-1)+0.5)] }
		checkTimes(t, name, byType[ti], q(0.5), q(0.9))
	}
}

// TestRoutingFragment: without a transfers column the fragment routes
// directly as before (no per-type routing, no review time); with one but a
// single agency, a department to be misrouted to is added; transfer_time
// without a transfers column and a bad transfers cell are reported.
func TestRoutingFragment(t *testing.T) {
	data, _ := routedExport(12, 0)
	frag := func(mapping string, data []byte) (string, *Records) {
		t.Helper()
		m, err := scenarios.ParseMapping("m.toml", []byte(mapping))
		if err != nil {
			t.Fatal(err)
		}
		rs := NewRecords(m)
		if err := rs.Read("r.csv", bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
		res, err := Fit(rs, FitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := WriteFragment(&b, res, "f", FragmentOptions{}); err != nil {
			t.Fatal(err)
		}
		return b.String(), rs
	}
	direct := strings.Replace(strings.Replace(routedMapping, "transfers = \"transfers\"\n", "", 1), "transfer_time = \"4h\"\n", "", 1)
	f, _ := frag(direct, data)
	if strings.Contains(f, "triage_accuracy = 0") || strings.Contains(f, "retriage_accuracy") || !strings.Contains(f, "review_time = \"0s\"") || strings.Contains(f, "bounce_limit") {
		t.Errorf("without a transfers column the fragment is not direct:\n%s", f)
	}
	one := bytes.ReplaceAll(bytes.ReplaceAll(data, []byte(",police,"), []byte(",roads,")), []byte(",power,"), []byte(",roads,"))
	one = append(one, "99999,1700000000,1700003600,pothole,roads,two\n"...)
	f, rs := frag(routedMapping, one)
	if !strings.Contains(f, `plausible = ["roads", "`+ElsewhereDept+`"]`) || !strings.Contains(f, "[[department]]\nname = \""+ElsewhereDept+"\"") {
		t.Errorf("a single agency with transfers has no department to be misrouted to:\n%s", f)
	}
	if rs.Bad[BadTransfers] != 1 || !strings.Contains(rs.BadSummary(), `transfers not a count (counted as 0): 1 (e.g. r.csv:24002: "two")`) {
		t.Errorf("bad transfers: %d, summary %q", rs.Bad[BadTransfers], rs.BadSummary())
	}
	if _, err := scenarios.ParseMapping("m.toml", []byte("transfer_time = \"4h\"\n"+direct)); err == nil || !strings.Contains(err.Error(), "transfer_time: needs columns.transfers") {
		t.Errorf("transfer_time without a transfers column: %v", err)
	}
	if _, err := scenarios.ParseMapping("m.toml", []byte(strings.Replace(routedMapping, `"4h"`, `"4 parsecs"`, 1))); err == nil || !strings.Contains(err.Error(), "transfer_time: want a duration") {
		t.Errorf("a bad transfer_time: %v", err)
	}
}
