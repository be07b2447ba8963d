package experiments

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Output files of a sweep, written from the journal(s) in (point,
// replication) order.
const (
	runsCSV     = "runs.csv"
	runsParquet = "runs.parquet"
	seriesPQ    = "timeseries.parquet"
	pointsCSV   = "points.csv"
)

// journalSet finds the runs of a plan in one journal (a sweep) or in one
// per shard (a merge).
type journalSet struct {
	js    []*journal
	shard func(point int) int // which journal holds a point
}

func (s journalSet) of(point int) *journal { return s.js[s.shard(point)] }

// writeOutputs writes runs.csv, runs.parquet, timeseries.parquet and
// points.csv into dir from the journals of a complete plan. Each file is
// written to a temporary name and renamed when all are complete. Memory is
// one run and one point's statistics, whatever the number of runs.
func writeOutputs(plan *Plan, js []*journal, dir string) error {
	set := journalSet{js: js, shard: func(p int) int { return p % len(js) }}
	// How many replications each point has, and the KPI columns: the union
	// of the points' KPI names in order of first appearance.
	type schemaKey struct {
		j  int
		id uint32
	}
	var kpis []string
	seen := map[string]bool{}
	known := map[schemaKey]bool{}
	nrep := make([]int, len(plan.Points))
	reason := make([]string, len(plan.Points))
	var missing []string
	for p := range plan.Points {
		j := set.of(p)
		d, ok := j.done[p]
		if !ok {
			missing = append(missing, strconv.Itoa(p))
			continue
		}
		nrep[p], reason[p] = d.n, d.reason
		for r := range d.n {
			ref, ok := j.runs[runKey(p, r)]
			if !ok {
				return fmt.Errorf("experiments: point %d is settled at %d replications but replication %d is not in %s", p, d.n, r, j.path)
			}
			rec, err := j.readRunHead(ref)
			if err != nil {
				return err
			}
			k := schemaKey{set.shard(p), rec}
			if known[k] {
				continue
			}
			known[k] = true
			for _, n := range j.schemas[rec] {
				if !seen[n] {
					seen[n] = true
					kpis = append(kpis, n)
				}
			}
		}
	}
	if len(missing) > 0 {
		if len(missing) > 10 {
			missing = append(missing[:10], "…")
		}
		return fmt.Errorf("experiments: the sweep is not finished: points %s have no final replication count", strings.Join(missing, ", "))
	}
	// Keep the KPIs the output patterns select.
	var keep []string
	for _, pat := range plan.Output.KPIs {
		if _, err := filepath.Match(pat, ""); err != nil {
			return fmt.Errorf("experiments: output.kpis: bad pattern %q", pat)
		}
		n := 0
		for _, k := range kpis {
			if matchKPI(pat, k) {
				n++
			}
		}
		if n == 0 && len(kpis) > 0 {
			return fmt.Errorf("experiments: output.kpis: pattern %q matches no KPI (there are %d, like %q)", pat, len(kpis), kpis[0])
		}
	}
	for _, k := range kpis {
		for _, pat := range plan.Output.KPIs {
			if matchKPI(pat, k) {
				keep = append(keep, k)
				break
			}
		}
	}
	col := map[string]int{}
	for i, k := range keep {
		col[k] = i
	}
	maps := map[schemaKey][]int{} // output KPI column → index in the record's values, or -1
	mapping := func(j int, id uint32) []int {
		k := schemaKey{j, id}
		if m, ok := maps[k]; ok {
			return m
		}
		m := make([]int, len(keep))
		for i := range m {
			m[i] = -1
		}
		for i, n := range set.js[j].schemas[id] {
			if c, ok := col[n]; ok {
				m[c] = i
			}
		}
		maps[k] = m
		return m
	}

	w, err := newOutputWriter(plan, keep, dir)
	if err != nil {
		return err
	}
	defer w.abort()
	acc := make([]stats.Moments, len(keep))
	vals := make([]float64, len(keep))
	for p := range plan.Points {
		for i := range acc {
			acc[i] = stats.Moments{}
		}
		j := set.of(p)
		for r := range nrep[p] {
			rec, err := j.readRun(j.runs[runKey(p, r)], plan.Output.Timeseries)
			if err != nil {
				return err
			}
			m := mapping(set.shard(p), rec.schema)
			for i, k := range m {
				vals[i] = nan
				if k >= 0 {
					vals[i] = rec.values[k]
				}
				if x := vals[i]; x == x && x-x == 0 {
					acc[i].Add(x)
				}
			}
			if err := w.run(&plan.Points[p], rec, vals); err != nil {
				return err
			}
		}
		if err := w.point(&plan.Points[p], nrep[p], reason[p], acc, plan.Replications.Level); err != nil {
			return err
		}
	}
	return w.commit()
}

// readRunHead returns the schema id of a run without decoding its values.
func (j *journal) readRunHead(ref runRef) (uint32, error) {
	var p [1 + 4 + 4 + 8 + 4]byte
	if _, err := j.f.ReadAt(p[:], ref.off); err != nil {
		return 0, fmt.Errorf("experiments: reading %s: %w", j.path, err)
	}
	d := decoder{b: p[:]}
	if d.u8() != recRun {
		return 0, fmt.Errorf("experiments: %s: index points at a record that is not a run", j.path)
	}
	d.u32()
	d.u32()
	d.u64()
	return d.u32(), nil
}

// outputWriter streams the output files to temporary names.
type outputWriter struct {
	plan   *Plan
	kpis   []string
	dir    string
	files  []*os.File
	bufs   []*bufio.Writer
	final  []string
	runs   *csv.Writer
	points *csv.Writer
	rpq    *pqWriter
	spq    *pqWriter
	rec    []string
	closed bool
}

func newOutputWriter(plan *Plan, kpis []string, dir string) (*outputWriter, error) {
	w := &outputWriter{plan: plan, kpis: kpis, dir: dir}
	open := func(name string) (*bufio.Writer, error) {
		f, err := os.CreateTemp(dir, "."+name+".tmp*")
		if err != nil {
			return nil, fmt.Errorf("experiments: %w", err)
		}
		b := bufio.NewWriterSize(f, 1<<16)
		w.files = append(w.files, f)
		w.bufs = append(w.bufs, b)
		w.final = append(w.final, filepath.Join(dir, name))
		return b, nil
	}
	head := []string{"point", "lever_set", "world", "replication", "seed", "scenario"}
	for _, c := range plan.Columns {
		head = append(head, c.Name)
	}
	b, err := open(runsCSV)
	if err != nil {
		return nil, err
	}
	w.runs = csv.NewWriter(b)
	w.runs.Write(append(slices.Clone(head), kpis...))

	b, err = open(pointsCSV)
	if err != nil {
		w.abort()
		return nil, err
	}
	w.points = csv.NewWriter(b)
	phead := []string{"point", "lever_set", "world", "scenario"}
	for _, c := range plan.Columns {
		phead = append(phead, c.Name)
	}
	w.points.Write(append(phead, "replications", "stop", "kpi", "n", "mean", "sd", "half_width", "ci_low", "ci_high"))

	b, err = open(runsParquet)
	if err != nil {
		w.abort()
		return nil, err
	}
	cols := []pqColumn{{"point", pqInt64}, {"lever_set", pqInt64}, {"world", pqInt64}, {"replication", pqInt64}, {"seed", pqInt64}, {"scenario", pqString}}
	cols = append(cols, pointColumns(plan)...)
	for _, k := range kpis {
		cols = append(cols, pqColumn{k, pqDouble})
	}
	w.rpq = newPQWriter(b, cols, 256, 64<<10)
	w.rpq.start()

	if plan.Output.Timeseries {
		b, err = open(seriesPQ)
		if err != nil {
			w.abort()
			return nil, err
		}
		scols := []pqColumn{{"point", pqInt64}, {"replication", pqInt64}, {"seed", pqInt64}, {"day", pqInt64}, {"phase", pqString}}
		for _, c := range dailyColumns {
			k := pqDouble
			if c.integer {
				k = pqInt64
			}
			scols = append(scols, pqColumn{c.name, k})
		}
		w.spq = newPQWriter(b, scols, 1<<15, 64<<10)
		w.spq.start()
	}
	return w, nil
}

func pointColumns(plan *Plan) []pqColumn {
	var out []pqColumn
	for _, c := range plan.Columns {
		k := pqString
		switch c.Type {
		case "number":
			k = pqDouble
		case "bool":
			k = pqBool
		}
		out = append(out, pqColumn{c.Name, k})
	}
	return out
}

// run writes one run's row and daily series.
func (w *outputWriter) run(pt *Point, rec *runRecord, vals []float64) error {
	w.rec = w.rec[:0]
	w.rec = append(w.rec, strconv.Itoa(pt.ID), strconv.Itoa(pt.LeverSet), strconv.Itoa(pt.World), strconv.Itoa(rec.rep), strconv.FormatUint(rec.seed, 10), pt.Scenario)
	for _, v := range pt.Values {
		w.rec = append(w.rec, valueText(v))
	}
	for _, v := range vals {
		w.rec = append(w.rec, formatNumber(v))
	}
	if err := w.runs.Write(w.rec); err != nil {
		return err
	}
	q := w.rpq
	q.setInt(0, int64(pt.ID))
	q.setInt(1, int64(pt.LeverSet))
	q.setInt(2, int64(pt.World))
	q.setInt(3, int64(rec.rep))
	q.setInt(4, int64(rec.seed))
	q.setString(5, pt.Scenario)
	c := 6
	for _, v := range pt.Values {
		q.setValue(c, v)
		c++
	}
	for _, v := range vals {
		q.setDouble(c, v)
		c++
	}
	if err := q.writeRow(); err != nil {
		return err
	}
	if w.spq == nil {
		return nil
	}
	s := w.spq
	for _, d := range rec.days {
		s.setInt(0, int64(pt.ID))
		s.setInt(1, int64(rec.rep))
		s.setInt(2, int64(rec.seed))
		s.setInt(3, int64(d.day))
		s.setString(4, d.phase)
		for i, c := range dailyColumns {
			x := nan
			if i < len(d.values) {
				x = d.values[i]
			}
			if c.integer {
				s.setInt(5+i, int64(x))
			} else {
				s.setDouble(5+i, x)
			}
		}
		if err := s.writeRow(); err != nil {
			return err
		}
	}
	return nil
}

// point writes a point's statistics, one row per KPI.
func (w *outputWriter) point(pt *Point, n int, reason string, acc []stats.Moments, level float64) error {
	head := []string{strconv.Itoa(pt.ID), strconv.Itoa(pt.LeverSet), strconv.Itoa(pt.World), pt.Scenario}
	for _, v := range pt.Values {
		head = append(head, valueText(v))
	}
	head = append(head, strconv.Itoa(n), reason)
	for i, k := range w.kpis {
		m := &acc[i]
		mean, sd, half := ciOf(m, level)
		row := append(slices.Clone(head), k, strconv.FormatInt(m.N(), 10), formatNumber(mean), formatNumber(sd), formatNumber(half), formatNumber(mean-half), formatNumber(mean+half))
		if err := w.points.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// ciOf returns the mean, sd and confidence half-width of accumulated
// values (NaN where undefined), as meanCI does for a slice.
func ciOf(m *stats.Moments, level float64) (mean, sd, half float64) {
	mean, sd, half = m.Mean(), m.SD(), nan
	if n := m.N(); n >= 2 {
		half = tHalf(level, n) * sd
	}
	return mean, sd, half
}

// commit finishes every file and renames them into place.
func (w *outputWriter) commit() error {
	w.runs.Flush()
	w.points.Flush()
	errs := []error{w.runs.Error(), w.points.Error(), w.rpq.close()}
	if w.spq != nil {
		errs = append(errs, w.spq.close())
	}
	// Sync the files at once rather than one after another: each waits on
	// the disk, not the CPU.
	ferrs := make([][]error, len(w.bufs))
	var wg sync.WaitGroup
	for i, b := range w.bufs {
		wg.Go(func() {
			ferrs[i] = []error{b.Flush(), w.files[i].Chmod(0o644), w.files[i].Sync(), w.files[i].Close()}
		})
	}
	wg.Wait()
	for _, e := range ferrs {
		errs = append(errs, e...)
	}
	w.closed = true
	if err := errors.Join(errs...); err != nil {
		w.remove()
		return fmt.Errorf("experiments: writing outputs: %w", err)
	}
	for i, f := range w.files {
		if err := os.Rename(f.Name(), w.final[i]); err != nil {
			w.remove()
			return fmt.Errorf("experiments: %w", err)
		}
	}
	return nil
}

func (w *outputWriter) remove() {
	for _, f := range w.files {
		os.Remove(f.Name())
	}
}

// abort removes the temporary files unless committed.
func (w *outputWriter) abort() {
	if w.closed {
		return
	}
	for _, q := range []*pqWriter{w.rpq, w.spq} {
		if q != nil && q.ch != nil {
			q.close() // stop its goroutine; the file is removed below
		}
	}
	for _, f := range w.files {
		f.Close()
	}
	w.remove()
	w.closed = true
}
