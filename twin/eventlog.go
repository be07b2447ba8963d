package twin

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/model"
)

// EventLog is an Observer that writes journey events to a file as they
// happen. Write errors are sticky and returned by Close.
type EventLog interface {
	model.Observer
	// Events is the number of events written so far.
	Events() int64
	// Close flushes and completes the file.
	Close() error
}

// CSVColumns is the header of a CSV event log.
var CSVColumns = []string{"time_min", "time", "event", "entity", "case", "type", "citizen", "unit_kind", "unit", "department", "street", "visit", "channel"}

// csvLog writes one row per journey event.
type csvLog struct {
	*logFile
	names *Names
	buf   []byte
	n     int64
}

// NewCSV creates path and returns an observer writing a CSV event log to
// it: one row per event, columns CSVColumns. case is PROCESS.NUMBER (see
// CaseID); visit is a matter's visits so far or a ticket's bounces.
func NewCSV(path string, names *Names) (EventLog, error) {
	lf, err := createLog(path)
	if err != nil {
		return nil, err
	}
	l := &csvLog{logFile: lf, names: names}
	l.write([]byte(strings.Join(CSVColumns, ",") + "\n"))
	return l, nil
}

// appendField appends s, quoted as CSV quotes (RFC 4180) if it needs to be.
func appendField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\n\r") {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func (l *csvLog) Observe(j *model.Journey) {
	if l.err != nil {
		return
	}
	kind, unit, dept, street := l.names.Unit(j.Unit)
	b := l.buf[:0]
	b = strconv.AppendFloat(b, j.T, 'f', 3, 64)
	b = append(b, ',')
	b = appendStamp(b, j.T)
	b = append(b, ',')
	b = append(b, j.Kind.String()...)
	b = append(b, ',')
	b = append(b, entityName(j.Entity)...)
	b = append(b, ',')
	b = append(b, CaseID(j.ID)...)
	b = append(b, ',')
	b = appendField(b, l.names.TypeName(j))
	b = append(b, ',')
	if j.Citizen >= 0 {
		b = strconv.AppendInt(b, int64(j.Citizen), 10)
	}
	b = append(b, ',')
	b = append(b, kind...)
	b = append(b, ',')
	b = appendField(b, unit)
	b = append(b, ',')
	b = appendField(b, dept)
	b = append(b, ',')
	b = appendField(b, street)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(j.Visit), 10)
	b = append(b, ',')
	if j.Entity == model.EntityMatter {
		b = append(b, j.Channel.String()...)
	}
	b = append(b, '\n')
	l.buf = b
	l.write(b)
	l.n++
}

func (l *csvLog) Events() int64 { return l.n }

func (l *csvLog) Close() error { return l.close(nil) }

// ocelLog writes an OCEL 2.0 JSON log. Events stream into the file; objects
// stream into a temporary file beside it as they first appear (matters and
// tickets at arrival, citizens at first sight, departments and streets at
// the start) and are appended at Close, so memory holds only a bit per
// citizen.
type ocelLog struct {
	*logFile
	objs     *os.File
	ow       *bufio.Writer
	names    *Names
	citizens []uint64 // bitset of citizens written
	buf      []byte
	n        int64 // events written
	objects  int64 // objects written
	err      error
}

// NewOCEL creates path and returns an observer writing an OCEL 2.0 JSON
// object-centric event log with object types citizen, matter, ticket,
// department and street.
func NewOCEL(path string, names *Names) (EventLog, error) {
	lf, err := createLog(path)
	if err != nil {
		return nil, err
	}
	objs, err := os.CreateTemp(filepath.Dir(path), ".ocel-objects-*")
	if err != nil {
		lf.close(ErrAborted)
		os.Remove(path)
		return nil, fmt.Errorf("twin: %w", err)
	}
	l := &ocelLog{logFile: lf, objs: objs, ow: bufio.NewWriterSize(objs, 1<<16), names: names}
	w := l.w
	w.WriteString(`{"objectTypes":[`)
	w.WriteString(`{"name":"citizen","attributes":[]},`)
	w.WriteString(`{"name":"matter","attributes":[{"name":"type","type":"string"}]},`)
	w.WriteString(`{"name":"ticket","attributes":[{"name":"type","type":"string"}]},`)
	w.WriteString(`{"name":"department","attributes":[]},`)
	w.WriteString(`{"name":"street","attributes":[]}],"eventTypes":[`)
	for k := model.JArrival; k <= model.JReopen; k++ { // every journey kind, the last one last
		if k > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, `{"name":%q,"attributes":[{"name":"unit","type":"string"},{"name":"visit","type":"integer"},{"name":"channel","type":"string"}]}`, k.String())
	}
	w.WriteString(`],"events":[`)
	for _, d := range names.Departments {
		l.object("d:"+d, "department", "", "", "")
	}
	for _, s := range names.Streets {
		l.object("s:"+s, "street", "", "", "")
	}
	return l, nil
}

// object writes one object; typ, when set, is its type attribute and
// citizen, when set, a relationship.
func (l *ocelLog) object(id, otype, typ, citizen, t string) {
	b := l.buf[:0]
	if l.objects > 0 {
		b = append(b, ',')
	}
	b = append(b, `{"id":`...)
	b = strconv.AppendQuote(b, id)
	b = append(b, `,"type":"`...)
	b = append(b, otype...)
	b = append(b, `","attributes":[`...)
	if typ != "" {
		b = append(b, `{"name":"type","time":"`...)
		b = append(b, t...)
		b = append(b, `","value":`...)
		b = strconv.AppendQuote(b, typ)
		b = append(b, '}')
	}
	b = append(b, `],"relationships":[`...)
	if citizen != "" {
		b = append(b, `{"objectId":"`...)
		b = append(b, citizen...)
		b = append(b, `","qualifier":"citizen"}`...)
	}
	b = append(b, "]}\n"...)
	l.buf = b
	if _, err := l.ow.Write(b); err != nil && l.err == nil {
		l.err = err
	}
	l.objects++
}

func (l *ocelLog) Observe(j *model.Journey) {
	if l.err != nil {
		return
	}
	ts := string(appendStamp(nil, j.T))
	prefix := "m:"
	if j.Entity == model.EntityTicket {
		prefix = "t:"
	}
	caseObj := prefix + CaseID(j.ID)
	cit := ""
	if j.Citizen >= 0 {
		cit = "c:" + strconv.Itoa(int(j.Citizen))
		w, bit := int(j.Citizen)/64, uint64(1)<<(uint(j.Citizen)%64)
		for len(l.citizens) <= w {
			l.citizens = append(l.citizens, 0)
		}
		if l.citizens[w]&bit == 0 {
			l.citizens[w] |= bit
			l.object(cit, "citizen", "", "", "")
		}
	}
	if j.Kind == model.JArrival {
		l.object(caseObj, entityName(j.Entity), l.names.TypeName(j), cit, ts)
	}
	_, unit, dept, street := l.names.Unit(j.Unit)
	b := l.buf[:0]
	if l.n > 0 {
		b = append(b, ',')
	}
	b = append(b, `{"id":"e`...)
	b = strconv.AppendInt(b, l.n+1, 10)
	b = append(b, `","type":"`...)
	b = append(b, j.Kind.String()...)
	b = append(b, `","time":"`...)
	b = append(b, ts...)
	b = append(b, `","attributes":[{"name":"unit","value":`...)
	b = strconv.AppendQuote(b, unit)
	b = append(b, `},{"name":"visit","value":"`...) // the schema's values are strings; the type says integer
	b = strconv.AppendInt(b, int64(j.Visit), 10)
	b = append(b, `"}`...)
	if j.Entity == model.EntityMatter {
		b = append(b, `,{"name":"channel","value":"`...)
		b = append(b, j.Channel.String()...)
		b = append(b, `"}`...)
	}
	b = append(b, `],"relationships":[{"objectId":`...)
	b = strconv.AppendQuote(b, caseObj)
	b = append(b, `,"qualifier":"case"}`...)
	if cit != "" {
		b = append(b, `,{"objectId":"`...)
		b = append(b, cit...)
		b = append(b, `","qualifier":"citizen"}`...)
	}
	if dept != "" {
		b = append(b, `,{"objectId":`...)
		b = strconv.AppendQuote(b, "d:"+dept)
		b = append(b, `,"qualifier":"department"}`...)
	}
	if street != "" {
		b = append(b, `,{"objectId":`...)
		b = strconv.AppendQuote(b, "s:"+street)
		b = append(b, `,"qualifier":"street"}`...)
	}
	b = append(b, "]}\n"...)
	l.buf = b
	l.write(b)
	l.n++
}

func (l *ocelLog) Events() int64 { return l.n }

func (l *ocelLog) Close() error {
	err := l.err
	defer os.Remove(l.objs.Name())
	if e := l.ow.Flush(); err == nil {
		err = e
	}
	if err == nil {
		l.write([]byte(`],"objects":[`))
		_, err = l.objs.Seek(0, io.SeekStart)
		if err == nil && l.err == nil {
			_, err = io.Copy(l.w, l.objs)
		}
		l.write([]byte("]}\n"))
	}
	l.objs.Close()
	return l.close(err)
}
