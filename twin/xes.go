package twin

import (
	"encoding/xml"
	"slices"
	"strconv"

	"github.com/tiaokuai/tiaokuai/model"
)

// xesLog writes the case view as an XES (IEEE 1849-2016) log: one trace per
// case (matter or ticket), written when the case ends (cases still open at
// the end of the run last, in arrival order), its events in time order.
// Memory holds the events of the cases in flight.
type xesLog struct {
	*logFile
	names *Names
	open  map[caseKey]*xesCase
	seq   int
	n     int64
	buf   []byte
}

type xesCase struct {
	order  int
	typ    string
	events []model.Journey
}

// NewXES creates path and returns an observer writing the case view as XES
// (IEEE 1849-2016), the format ProM, Disco, pm4py and Celonis read: a
// trace per case with concept:name (the case, as in the CSV logs), entity
// and type; an event per journey event with concept:name (the event
// kind), time:timestamp, lifecycle:transition "complete", org:resource (the
// unit), department, street, visit and, for matters, channel.
func NewXES(path string, names *Names) (EventLog, error) {
	lf, err := createLog(path)
	if err != nil {
		return nil, err
	}
	l := &xesLog{logFile: lf, names: names, open: map[caseKey]*xesCase{}}
	l.write([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xes.features="">
<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
<global scope="trace">
<string key="concept:name" value="__INVALID__"/>
</global>
<global scope="event">
<string key="concept:name" value="__INVALID__"/>
<date key="time:timestamp" value="1970-01-01T00:00:00.000Z"/>
<string key="lifecycle:transition" value="complete"/>
</global>
<classifier name="Activity" keys="concept:name"/>
<string key="concept:name" value="tiaokuai"/>
`))
	return l, nil
}

func (l *xesLog) Observe(j *model.Journey) {
	k := caseKey{j.Entity, j.ID}
	c := l.open[k]
	if c == nil {
		if j.Kind != model.JArrival {
			return
		}
		l.seq++
		c = &xesCase{order: l.seq, typ: l.names.TypeName(j)}
		l.open[k] = c
	}
	c.events = append(c.events, *j)
	switch j.Kind {
	case model.JComplete, model.JResolution, model.JIntake, model.JAbandon:
		l.trace(k, c)
		delete(l.open, k)
	}
}

// attr appends <tag key="key" value="value"/>, the value escaped.
func attr(b []byte, tag, key, value string) []byte {
	b = append(b, '<')
	b = append(b, tag...)
	b = append(b, ` key="`...)
	b = append(b, key...)
	b = append(b, `" value="`...)
	b = appendEscaped(b, value)
	return append(b, "\"/>\n"...)
}

func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<', '>', '&', '"', '\'', '\n', '\r', '\t':
			w := xmlWriter{b}
			xml.EscapeText(&w, []byte{c})
			b = w.b
		default:
			b = append(b, c)
		}
	}
	return b
}

type xmlWriter struct{ b []byte }

func (w *xmlWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

func (l *xesLog) trace(k caseKey, c *xesCase) {
	b := l.buf[:0]
	b = append(b, "<trace>\n"...)
	b = attr(b, "string", "concept:name", entityName(k.e)[:1]+CaseID(k.id))
	b = attr(b, "string", "entity", entityName(k.e))
	b = attr(b, "string", "type", c.typ)
	for i := range c.events {
		j := &c.events[i]
		_, unit, dept, street := l.names.Unit(j.Unit)
		b = append(b, "<event>\n"...)
		b = attr(b, "string", "concept:name", j.Kind.String())
		b = append(b, `<date key="time:timestamp" value="`...)
		b = appendStamp(b, j.T)
		b = append(b, "\"/>\n"...)
		b = attr(b, "string", "lifecycle:transition", "complete")
		if unit != "" {
			b = attr(b, "string", "org:resource", unit)
		}
		if dept != "" {
			b = attr(b, "string", "department", dept)
		}
		if street != "" {
			b = attr(b, "string", "street", street)
		}
		b = attr(b, "int", "visit", strconv.Itoa(int(j.Visit)))
		if j.Entity == model.EntityMatter {
			b = attr(b, "string", "channel", j.Channel.String())
		}
		b = append(b, "</event>\n"...)
	}
	b = append(b, "</trace>\n"...)
	l.buf = b
	l.write(b)
	l.n += int64(len(c.events))
}

func (l *xesLog) Events() int64 { return l.n }

func (l *xesLog) Close() error {
	rest := make([]caseKey, 0, len(l.open))
	for k := range l.open {
		rest = append(rest, k)
	}
	slices.SortFunc(rest, func(a, b caseKey) int { return l.open[a].order - l.open[b].order })
	for _, k := range rest {
		l.trace(k, l.open[k])
	}
	l.write([]byte("</log>\n"))
	return l.close(nil)
}
