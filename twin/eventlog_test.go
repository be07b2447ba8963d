package twin

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

func short(t testing.TB) *model.Config {
	cfg, _, err := scenarios.Load("classroom", []string{`run.warmup="1w"`, `run.horizon="2w"`, `run.drain="2w"`})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestEventLogs: both logs hold every event, in time order; every OCEL
// relationship names an object of the log; the results of the run are
// those of a run without an observer.
func TestEventLogs(t *testing.T) {
	cfg := short(t)
	dir := t.TempDir()
	names := NewNames(cfg)
	cl, err := NewCSV(filepath.Join(dir, "ev.csv"), names)
	if err != nil {
		t.Fatal(err)
	}
	ol, err := NewOCEL(filepath.Join(dir, "ev.json"), names)
	if err != nil {
		t.Fatal(err)
	}
	xl, err := NewXES(filepath.Join(dir, "ev.xes"), names)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	obs := model.ObserverFunc(func(j *model.Journey) { n++; cl.Observe(j); ol.Observe(j); xl.Observe(j) })
	_, _, err = experiments.Run(experiments.RunSpec{Config: cfg, Seed: 3, Observer: obs, OutDir: filepath.Join(dir, "with")})
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ol.Close(); err != nil {
		t.Fatal(err)
	}
	if err := xl.Close(); err != nil {
		t.Fatal(err)
	}
	_, _, err = experiments.Run(experiments.RunSpec{Config: short(t), Seed: 3, OutDir: filepath.Join(dir, "without")})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "with", "summary.json"))
	b, _ := os.ReadFile(filepath.Join(dir, "without", "summary.json"))
	if len(a) < 1000 || string(a) != string(b) {
		t.Error("observing the run changed its results")
	}
	if n < 1000 {
		t.Fatalf("only %d events", n)
	}
	f, _ := os.Open(filepath.Join(dir, "ev.csv"))
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(rows)-1) != n || cl.Events() != n {
		t.Errorf("CSV has %d rows, %d events observed", len(rows)-1, n)
	}
	prev, prevS := -1.0, ""
	kinds := map[string]bool{}
	for _, r := range rows[1:] {
		tm, _ := strconv.ParseFloat(r[0], 64)
		if tm < prev {
			t.Fatalf("time goes back: %v after %v", tm, prev)
		}
		// fixed-width RFC 3339: the strings sort as the times do
		if len(r[1]) != len(TimeLayout) || r[1] < prevS {
			t.Fatalf("time %q after %q", r[1], prevS)
		}
		prev, prevS = tm, r[1]
		kinds[r[2]] = true
	}
	for _, k := range []string{"arrival", "queue_join", "service_start", "complete", "dispatch", "resolution"} {
		if !kinds[k] {
			t.Errorf("no %s event in the log", k)
		}
	}
	validateOCEL(t, filepath.Join(dir, "ev.json"))
	checkXES(t, filepath.Join(dir, "ev.xes"), n)
	var log struct {
		ObjectTypes []struct{ Name string }
		EventTypes  []struct{ Name string }
		Objects     []struct{ ID, Type string }
		Events      []struct {
			ID, Type, Time string
			Relationships  []struct{ ObjectID, Qualifier string }
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "ev.json"))
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("OCEL JSON: %v", err)
	}
	if int64(len(log.Events)) != n || len(log.ObjectTypes) != 5 || len(log.EventTypes) != 19 { // every journey kind, parked and reopen included
		t.Errorf("OCEL: %d events (want %d), %d object types, %d event types", len(log.Events), n, len(log.ObjectTypes), len(log.EventTypes))
	}
	ids := map[string]string{}
	for _, o := range log.Objects {
		if _, dup := ids[o.ID]; dup {
			t.Fatalf("object %s twice", o.ID)
		}
		ids[o.ID] = o.Type
	}
	types := map[string]bool{}
	for _, e := range log.Events {
		for _, r := range e.Relationships {
			ty, ok := ids[r.ObjectID]
			if !ok {
				t.Fatalf("event %s names object %s, not in the log", e.ID, r.ObjectID)
			}
			types[ty] = true
		}
	}
	for _, ty := range []string{"citizen", "matter", "ticket", "department", "street"} {
		if !types[ty] {
			t.Errorf("no event relates to a %s", ty)
		}
	}
}

// TestTrace: a traced case's events all belong to it and it ends.
func TestTrace(t *testing.T) {
	cfg := short(t)
	ids, err := FirstCases(cfg, 1, model.EntityTicket, 3)
	if err != nil || len(ids) != 3 {
		t.Fatalf("first cases: %v %v", ids, err)
	}
	tr, err := Trace(cfg, 1, model.EntityTicket, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Done || tr.Events[0].Kind != model.JArrival {
		t.Fatalf("trace of %s: done %v, %d events", CaseID(ids[0]), tr.Done, len(tr.Events))
	}
	for _, e := range tr.Events {
		if e.ID != ids[0] || e.Entity != model.EntityTicket {
			t.Fatalf("foreign event %+v", e)
		}
	}
	if id, ok := ParseCaseID(CaseID(ids[1])); !ok || id != ids[1] {
		t.Errorf("case ID round trip: %s → %d", CaseID(ids[1]), id)
	}
}

// BenchmarkRunEvents compares a run with and without a CSV event log.
func BenchmarkRunEvents(b *testing.B) {
	cfg := short(b)
	for _, log := range []bool{false, true} {
		b.Run("log="+strconv.FormatBool(log), func(b *testing.B) {
			for b.Loop() {
				spec := experiments.RunSpec{Config: cfg, Seed: 1}
				var l EventLog
				if log {
					l, _ = NewCSV(filepath.Join(b.TempDir(), "e.csv"), NewNames(cfg))
					spec.Observer = l
				}
				if _, _, err := experiments.Run(spec); err != nil {
					b.Fatal(err)
				}
				if l != nil {
					l.Close()
				}
			}
		})
	}
}

func TestAppendField(t *testing.T) {
	for in, want := range map[string]string{"plain": "plain", `a,b`: `"a,b"`, `say "hi"`: `"say ""hi"""`} {
		if got := string(appendField(nil, in)); got != want {
			t.Errorf("%q → %s, want %s", in, got, want)
		}
		r, err := csv.NewReader(strings.NewReader(string(appendField(nil, in)) + "\n")).Read()
		if err != nil || r[0] != in {
			t.Errorf("%q does not read back: %v %v", in, r, err)
		}
	}
}

// validateOCEL validates an OCEL log against the OCEL 2.0 specification's
// JSON schema (testdata/ocel20-schema.json), formats (date-time) asserted.
func validateOCEL(t *testing.T, path string) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile("testdata/ocel20-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		msg := err.Error()
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		t.Errorf("%s does not validate against the OCEL 2.0 schema: %s", path, msg)
	}
}

// checkXES reads an XES log back: n events in all, one trace per case, each
// trace's events in time order with fixed-width timestamps; and, where
// xmllint is installed (scripts/test.sh installs it), validates it against
// the IEEE 1849-2016 schema.
func checkXES(t *testing.T, path string, n int64) {
	t.Helper()
	type attr struct {
		Key   string `xml:"key,attr"`
		Value string `xml:"value,attr"`
	}
	type event struct {
		Strings []attr `xml:"string"`
		Dates   []attr `xml:"date"`
	}
	var log struct {
		Traces []struct {
			Strings []attr  `xml:"string"`
			Events  []event `xml:"event"`
		} `xml:"trace"`
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, &log); err != nil {
		t.Fatalf("XES: %v", err)
	}
	var events int64
	cases := map[string]bool{}
	for _, tr := range log.Traces {
		name := tr.Strings[0].Value
		if tr.Strings[0].Key != "concept:name" || cases[name] {
			t.Fatalf("trace %q: duplicate or unnamed", name)
		}
		cases[name] = true
		prev := ""
		for _, e := range tr.Events {
			ts := e.Dates[0].Value
			if len(ts) != len(TimeLayout) || ts < prev {
				t.Fatalf("trace %s: time %q after %q", name, ts, prev)
			}
			prev = ts
			events++
		}
	}
	if events != n || len(log.Traces) < 100 {
		t.Errorf("XES: %d events in %d traces, %d observed", events, len(log.Traces), n)
	}
	xl, err := exec.LookPath("xmllint")
	if err != nil {
		t.Log("xmllint not installed: XES schema validation left to scripts/test.sh")
		return
	}
	out, err := exec.Command(xl, "--noout", "--schema", "testdata/xes-ieee-1849-2016.xsd", path).CombinedOutput()
	if err != nil {
		msg := string(out)
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		t.Errorf("xmllint: %v: %s", err, msg)
	}
}
