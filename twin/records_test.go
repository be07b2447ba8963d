package twin

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

func mapping(t testing.TB, src string) *scenarios.Mapping {
	t.Helper()
	m, err := scenarios.ParseMapping("test.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// otherLayout is a mapping for a layout unlike LA's: semicolons, ISO-like
// timestamps without a zone in Asia/Shanghai, other column names, no agency
// column, a work-start column, blank closed times for open cases.
const otherLayout = `
name = "other"
base = "classroom"
comma = ";"
time_format = "2006-01-02 15:04"
time_zone = "Asia/Shanghai"
as_of = "2024-03-01 00:00"
[columns]
created = "受理时间"
closed = "办结时间"
work_start = "开始处理"
category = "诉求类型"
area = "街道"
`

// synthOther writes n cases of two categories with exponential
// interarrivals (rate per day) and gamma handling times (from work start),
// cases not closed by as_of left open; it returns the CSV.
func synthOther(n int, perDay float64, r *rand.Rand) []byte {
	var b bytes.Buffer
	b.WriteString("编号;受理时间;开始处理;办结时间;诉求类型;街道\n")
	loc, _ := time.LoadLocation("Asia/Shanghai")
	t := time.Date(2024, 1, 1, 0, 0, 0, 0, loc)
	asOf := time.Date(2024, 3, 1, 0, 0, 0, 0, loc)
	for i := range n {
		t = t.Add(time.Duration(r.ExpFloat64() / perDay * 24 * float64(time.Hour)))
		cat := "噪音"
		if i%4 == 0 {
			cat = "占道"
		}
		wait := time.Duration(r.Float64() * 30 * float64(time.Minute))
		// gamma(shape 2, mean 600 min) as a sum of two exponentials
		work := time.Duration((r.ExpFloat64() + r.ExpFloat64()) * 300 * float64(time.Minute))
		closed := t.Add(wait + work).Format("2006-01-02 15:04")
		if t.Add(wait + work).After(asOf) {
			closed = ""
		}
		fmt.Fprintf(&b, "%d;%s;%s;%s;%s;街道%d\n", i, t.Format("2006-01-02 15:04"), t.Add(wait).Format("2006-01-02 15:04"), closed, cat, i%3)
	}
	return b.Bytes()
}

// TestOtherLayout: a synthetic layout unlike LA's is read through its
// mapping; rates and the handling time (from the work-start column) come
// back within sampling error.
func TestOtherLayout(t *testing.T) {
	m := mapping(t, otherLayout)
	data := synthOther(20000, 400, rand.New(rand.NewPCG(7, 8)))
	rs := NewRecords(m)
	if err := rs.Read("other.csv", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if rs.Rows != 20000 || rs.Used != 20000 {
		t.Fatalf("rows %d used %d, want 20000", rs.Rows, rs.Used)
	}
	res, err := Fit(rs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unreliable {
		t.Errorf("%.1f days flagged unreliable", res.SpanDays)
	}
	var total float64
	for _, c := range res.Categories {
		total += c.PerDay
		if len(c.Areas) != 3 {
			t.Errorf("%s: %d areas, want 3", c.Name, len(c.Areas))
		}
	}
	// 20,000 arrivals: relative sd of the rate ≈ 0.7%
	if math.Abs(total/400-1) > 0.03 {
		t.Errorf("total rate %.1f/day, want 400", total)
	}
	for _, c := range res.Cells {
		if c.Agency != "agency" {
			t.Errorf("agency %q without an agency column", c.Agency)
		}
		g := c.Delay.Candidates[2]
		// minutes are truncated by the timestamp format: ±1 min on 600
		if math.Abs(g.Mean/600-1) > 0.04 || math.Abs(g.CV/math.Sqrt(0.5)-1) > 0.06 {
			t.Errorf("%s: gamma mean %.1f cv %.3f, want 600, 0.707", c.Ticket, g.Mean, g.CV)
		}
		if c.Delay.BestAIC != 2 {
			t.Errorf("%s: AIC chose %s, want gamma", c.Ticket, c.Delay.Candidates[c.Delay.BestAIC].Family)
		}
	}
	var frag bytes.Buffer
	if err := WriteFragment(&frag, res, "fitted-other", FragmentOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`extend = "classroom"`, `owner = "agency"`, `name = "fit-all"`} {
		if !strings.Contains(frag.String(), want) {
			t.Errorf("fragment lacks %s", want)
		}
	}
}

// TestBadRows: each kind of broken row is counted under its reason, and
// the good rows are still used.
func TestBadRows(t *testing.T) {
	m := mapping(t, `
time_format = "2006-01-02 15:04"
[columns]
created = "c"
closed = "d"
category = "k"
area = "a"
status = "s"
`)
	csv := "c,d,k,a,s\n" +
		"2024-01-01 10:00,2024-01-01 12:00,x,n1,Closed\n" + // good
		"2024-01-01 11:00,2024-01-01 13:00,x,n1,Closed\n" + // good
		"yesterday,2024-01-01 12:00,x,n1,Closed\n" + // created unparseable
		",2024-01-01 12:00,x,n1,Closed\n" + // created blank
		"2024-01-01 10:00,2024-01-01 09:00,x,n1,Closed\n" + // closed before created
		"2024-01-01 10:00,soon,x,n1,Closed\n" + // closed unparseable
		"2024-01-01 10:00,2024-01-01 12:00,,n1,Closed\n" + // blank category
		"2024-01-01 10:00,2024-01-01 12:00,x,,Closed\n" + // blank area
		"2024-01-01 10:00,2024-01-01 12:00\n" + // short
		"2024-01-01 10:00,\"2024-01-01 12:00\"x,x,n1,Closed\n" + // malformed CSV
		"2024-01-02 10:00,,x,n1,Open\n" // open: censored
	rs := NewRecords(m)
	if err := rs.Read("bad.csv", strings.NewReader(csv)); err != nil {
		t.Fatal(err)
	}
	want := map[BadReason]int{BadCreated: 1, BadCreatedBlank: 1, BadClosedBeforeCreated: 1, BadClosed: 1, BadCategory: 1, BadArea: 1, BadShort: 1, BadCSV: 1}
	for r := BadReason(0); r < numBad; r++ {
		if rs.Bad[r] != want[r] {
			t.Errorf("%s: %d, want %d", r, rs.Bad[r], want[r])
		}
	}
	if rs.Rows != 11 || rs.Used != 6 {
		t.Errorf("rows %d used %d, want 11 and 6", rs.Rows, rs.Used)
	}
	res, err := Fit(rs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Cells[0]
	if c.Handled != 3 || c.Censored != 1 {
		t.Errorf("handled %d censored %d, want 3 and 1", c.Handled, c.Censored)
	}
	if ex := rs.Examples[BadCreated]; len(ex) != 1 || ex[0] != `bad.csv:4: "yesterday"` {
		t.Errorf("examples of %s: %q", BadCreated, ex)
	}
	var rep bytes.Buffer
	WriteReport(&rep, res)
	if !strings.Contains(rep.String(), "| closed before created (kept as an arrival, no delay) | 1 | bad.csv:6:") {
		t.Errorf("report does not count the bad rows:\n%s", rep.String())
	}
}

func TestEmptyAndMissingColumns(t *testing.T) {
	m := mapping(t, "[columns]\ncreated = \"c\"\ncategory = \"k\"\nclosed = \"Closed Date\"\n")
	rs := NewRecords(m)
	err := rs.Read("empty.csv", strings.NewReader(""))
	if err == nil || !strings.Contains(err.Error(), "empty.csv: empty file") {
		t.Errorf("empty file: %v", err)
	}
	err = rs.Read("x.csv", strings.NewReader("c,k,ClosedDate\n"))
	if err == nil || !strings.Contains(err.Error(), `columns.closed = "Closed Date"`) || !strings.Contains(err.Error(), "the header has: c, k, ClosedDate") {
		t.Errorf("missing column: %v", err)
	}
	m2 := mapping(t, "[columns]\ncreated = \"c\"\ncategory = \"k\"\n")
	rs = NewRecords(m2)
	if err := rs.Read("h.csv", strings.NewReader("c,k\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := Fit(rs, FitOptions{}); err == nil || !strings.Contains(err.Error(), "no usable records") {
		t.Errorf("header only: %v", err)
	}
}

// TestLAExcerpt: the shipped LA mapping reads the excerpt; its counts are
// those of the file (checked by hand with awk).
func TestLAExcerpt(t *testing.T) {
	m, err := scenarios.LoadMapping("mappings/la311.toml")
	if err != nil {
		t.Fatal(err)
	}
	rs := NewRecords(m)
	if err := rs.ReadFile("testdata/la311-excerpt.csv"); err != nil {
		t.Fatal(err)
	}
	if rs.Rows != 300 || rs.Used != 300 {
		t.Fatalf("rows %d used %d, want 300", rs.Rows, rs.Used)
	}
	res, err := Fit(rs, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Unreliable {
		t.Error("a few hours of data not flagged unreliable")
	}
	n := 0
	for _, c := range res.Cells {
		n += c.N
		if !strings.Contains(c.Ticket, "--") {
			t.Errorf("ticket name %q", c.Ticket)
		}
	}
	if n != 300 {
		t.Errorf("cells hold %d records, want 300", n)
	}
	if loc := rs.Start.Location().String(); loc != "America/Los_Angeles" {
		t.Errorf("zone %s", loc)
	}
}

// BenchmarkReadLA measures reading and counting on the LA layout (the
// excerpt repeated); records/s is reported.
func BenchmarkReadLA(b *testing.B) {
	m, err := scenarios.LoadMapping("mappings/la311.toml")
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile("testdata/la311-excerpt.csv")
	if err != nil {
		b.Fatal(err)
	}
	nl := bytes.IndexByte(raw, '\n')
	var data bytes.Buffer
	data.Write(raw[:nl+1])
	for range 100 {
		data.Write(raw[nl+1:])
	}
	rows := 0
	b.SetBytes(int64(data.Len()))
	for b.Loop() {
		rs := NewRecords(m)
		if err := rs.Read("la.csv", bytes.NewReader(data.Bytes())); err != nil {
			b.Fatal(err)
		}
		if _, err := Fit(rs, FitOptions{}); err != nil {
			b.Fatal(err)
		}
		rows += rs.Rows
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "records/s")
}

// TestReservoirBounded: a cell offered 2.5 × ReservoirCap durations keeps
// exactly ReservoirCap, a uniform sample (its mean within 1% of the
// population's).
func TestReservoirBounded(t *testing.T) {
	var c cell
	r := rand.New(rand.NewPCG(9, 9))
	n := ReservoirCap * 5 / 2
	for i := range n {
		c.offer(float64(i), false, r)
	}
	if len(c.x) != ReservoirCap || c.seen != n {
		t.Fatalf("kept %d of %d", len(c.x), c.seen)
	}
	var s float64
	for _, x := range c.x {
		s += x
	}
	if m := s / float64(len(c.x)); math.Abs(m/(float64(n-1)/2)-1) > 0.01 {
		t.Errorf("reservoir mean %.0f, population mean %.0f", m, float64(n-1)/2)
	}
}
