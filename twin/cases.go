package twin

import (
	"encoding/csv"
	"slices"

	"github.com/tiaokuai/tiaokuai/model"
)

// CaseColumns is the header of a per-case table.
var CaseColumns = []string{"case", "entity", "type", "created", "work_start", "closed", "status", "department", "street"}

type caseKey struct {
	e  model.Entity
	id int64
}

type openCase struct {
	order        int
	typ          string
	created      float64
	start        float64 // −1: not started
	dept, street string
}

// casesLog writes one row per case when it ends.
type casesLog struct {
	*logFile
	cw    *csv.Writer
	names *Names
	open  map[caseKey]*openCase
	seq   int
	n     int64
}

// NewCases creates path and returns an observer writing one row per case
// (CaseColumns), the layout `sim fit` reads with mappings/tiaokuai-cases.toml:
// created is the arrival; work_start the first service start (matters) or
// the acceptance by the final handler (tickets); closed the completion,
// resolution, closure at intake or abandonment, which status names (cases
// still open at the end are written last with status "open" and no closed
// time). department is the final handler's department, or "street" or
// "community" for territorial handling. A row is written when its case ends, so memory holds the cases
// in flight.
func NewCases(path string, names *Names) (EventLog, error) {
	lf, err := createLog(path)
	if err != nil {
		return nil, err
	}
	l := &casesLog{logFile: lf, cw: csv.NewWriter(lf.w), names: names, open: map[caseKey]*openCase{}}
	l.cw.Write(CaseColumns)
	return l, nil
}

func stamp(t float64) string {
	if t < 0 {
		return ""
	}
	return string(appendStamp(nil, t))
}

func (l *casesLog) Observe(j *model.Journey) {
	k := caseKey{j.Entity, j.ID}
	c := l.open[k]
	if c == nil {
		if j.Kind != model.JArrival {
			return
		}
		l.seq++
		c = &openCase{order: l.seq, typ: l.names.TypeName(j), created: j.T, start: -1}
		l.open[k] = c
	}
	kind, _, dept, street := l.names.Unit(j.Unit)
	if dept == "" && (kind == "street" || kind == "community") {
		dept = kind // territorial handling: the agency is the street or community
	}
	if c.street == "" {
		c.street = street
	}
	switch j.Kind {
	case model.JServiceStart:
		if c.start < 0 {
			c.start = j.T
		}
	case model.JAccept:
		c.start, c.dept = j.T, dept
	case model.JComplete, model.JResolution, model.JIntake, model.JAbandon:
		if dept != "" {
			c.dept = dept
		}
		l.write(k, c, stamp(j.T), j.Kind.String())
		delete(l.open, k)
	}
}

func (l *casesLog) write(k caseKey, c *openCase, closed, status string) {
	l.cw.Write([]string{entityName(k.e)[:1] + CaseID(k.id), entityName(k.e), c.typ, stamp(c.created), stamp(c.start), closed, status, c.dept, c.street})
	l.n++
}

func (l *casesLog) Events() int64 { return l.n }

func (l *casesLog) Close() error {
	rest := make([]caseKey, 0, len(l.open))
	for k := range l.open {
		rest = append(rest, k)
	}
	slices.SortFunc(rest, func(a, b caseKey) int { return l.open[a].order - l.open[b].order })
	for _, k := range rest {
		l.write(k, l.open[k], "", "open")
	}
	l.cw.Flush()
	return l.close(l.cw.Error())
}
