package experiments

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strings"
	"time"
)

// The journal (journal.bin in a sweep's directory) is where a sweep
// commits each finished run: an append-only file of records, each framed
// as [length u32][CRC-32C u32][payload], written with one write call. A
// record whose frame is short or whose checksum fails — the last one of a
// killed sweep — ends the journal: it is cut off when the sweep resumes and
// never read as data. The output files are written from the journal in
// (point, replication) order, so the order in which runs finished, the
// number of workers and any interruption leave no trace in them.
const (
	journalName  = "journal.bin"
	journalMagic = "tiaokuai-journal/1"

	recHeader = 1 // magic, plan hash, daily column names
	recSchema = 2 // a list of KPI names, given an id
	recRun    = 3 // one finished run
	recDone   = 4 // a point's final number of replications and why

	maxRecord = 1 << 30
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// runRecord is one finished run as kept in the journal.
type runRecord struct {
	point, rep int
	seed       uint64
	schema     uint32
	values     []float64
	days       []dayRecord
}

type dayRecord struct {
	day    int32
	phase  string
	values []float64
}

type runRef struct {
	off int64 // of the payload
	n   uint32
}

type doneRec struct {
	n      int
	reason string
}

// journal is one journal file, open for reading and, in a sweep, appending.
type journal struct {
	path     string
	f        *os.File
	size     int64
	writable bool
	lastSync time.Time

	runs       map[uint64]runRef
	schemas    map[uint32][]string
	schemaIDs  map[string]uint32
	done       map[int]doneRec
	daily      []string // daily column names
	headerHash string
	truncated  int64 // bytes of a partial last record cut off on open
	buf        []byte
}

func runKey(point, rep int) uint64 { return uint64(point)<<32 | uint64(uint32(rep)) }

// createOrOpenJournal opens the journal at path for appending, creating it
// for plan hash when absent. An existing journal must be of the same plan.
func createOrOpenJournal(path, hash string) (*journal, error) {
	if _, err := os.Stat(path); err == nil {
		j, err := openJournal(path, true)
		if err != nil {
			return nil, err
		}
		if got := j.hash(); got != hash {
			j.close()
			return nil, fmt.Errorf("experiments: %s holds runs of another experiment (plan %.12s, this one is %.12s): use another --out, or remove the directory to start again", path, got, hash)
		}
		return j, nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	if err := lockJournal(f); err != nil {
		f.Close()
		return nil, err
	}
	j := newJournal(path, f, true)
	j.daily = dailyNames()
	var b []byte
	b = append(b, recHeader)
	b = putString(b, journalMagic)
	b = putString(b, hash)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(j.daily)))
	for _, n := range j.daily {
		b = putString(b, n)
	}
	j.headerHash = hash
	if err := j.append(b); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

func newJournal(path string, f *os.File, writable bool) *journal {
	return &journal{path: path, f: f, writable: writable, runs: map[uint64]runRef{}, schemas: map[uint32][]string{},
		schemaIDs: map[string]uint32{}, done: map[int]doneRec{}}
}

func dailyNames() []string {
	var out []string
	for _, c := range dailyColumns {
		out = append(out, c.name)
	}
	return out
}

// openJournal reads a journal's index. Opened for writing, a partial last
// record is cut off; opened for reading, it is ignored.
func openJournal(path string, writable bool) (*journal, error) {
	flag := os.O_RDONLY
	if writable {
		flag = os.O_RDWR
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	if writable {
		if err := lockJournal(f); err != nil {
			f.Close()
			return nil, err
		}
	}
	j := newJournal(path, f, writable)
	if err := j.scan(); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

func (j *journal) hash() string { return j.headerHash }

// scan reads every complete record and stops at the first that is not.
func (j *journal) scan() error {
	r := bufio.NewReaderSize(j.f, 1<<16)
	var off int64
	var frame [8]byte
	first := true
	for {
		if _, err := io.ReadFull(r, frame[:]); err != nil {
			break
		}
		n := binary.LittleEndian.Uint32(frame[:4])
		sum := binary.LittleEndian.Uint32(frame[4:])
		if n == 0 || n > maxRecord {
			break
		}
		if cap(j.buf) < int(n) {
			j.buf = make([]byte, n)
		}
		p := j.buf[:n]
		if _, err := io.ReadFull(r, p); err != nil {
			break
		}
		if crc32.Checksum(p, crcTable) != sum {
			break
		}
		if first {
			if err := j.readHeader(p); err != nil {
				return err
			}
			first = false
		} else if err := j.index(p, off+8); err != nil {
			break
		}
		off += 8 + int64(n)
	}
	if first {
		return fmt.Errorf("experiments: %s is not a sweep journal", j.path)
	}
	st, err := j.f.Stat()
	if err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	if st.Size() > off {
		j.truncated = st.Size() - off
		if j.writable {
			if err := j.f.Truncate(off); err != nil {
				return fmt.Errorf("experiments: cutting the partial last record of %s: %w", j.path, err)
			}
		}
	}
	j.size = off
	return nil
}

func (j *journal) readHeader(p []byte) error {
	d := decoder{b: p}
	if d.u8() != recHeader || d.str() != journalMagic {
		return fmt.Errorf("experiments: %s is not a sweep journal", j.path)
	}
	j.headerHash = d.str()
	nd := int(d.u16())
	for range nd {
		j.daily = append(j.daily, d.str())
	}
	if d.err != nil {
		return fmt.Errorf("experiments: %s: bad header", j.path)
	}
	return nil
}

// index records one record of the journal in the maps.
func (j *journal) index(p []byte, off int64) error {
	d := decoder{b: p}
	switch d.u8() {
	case recSchema:
		id := d.u32()
		n := int(d.u32())
		names := make([]string, 0, n)
		for range n {
			names = append(names, d.str())
		}
		if d.err != nil {
			return d.err
		}
		j.schemas[id] = names
		j.schemaIDs[strings.Join(names, "\x00")] = id
	case recRun:
		point, rep := int(d.u32()), int(d.u32())
		if d.err != nil {
			return d.err
		}
		j.runs[runKey(point, rep)] = runRef{off: off, n: uint32(len(p))}
	case recDone:
		point, n := int(d.u32()), int(d.u32())
		reason := d.str()
		if d.err != nil {
			return d.err
		}
		j.done[point] = doneRec{n, reason}
	default:
		return errors.New("unknown record")
	}
	return nil
}

// append writes one record (payload p) with a single write call.
func (j *journal) append(p []byte) error {
	if !j.writable {
		return errors.New("experiments: journal opened read-only")
	}
	frame := make([]byte, 8, 8+len(p))
	binary.LittleEndian.PutUint32(frame[:4], uint32(len(p)))
	binary.LittleEndian.PutUint32(frame[4:], crc32.Checksum(p, crcTable))
	frame = append(frame, p...)
	if _, err := j.f.WriteAt(frame, j.size); err != nil {
		return fmt.Errorf("experiments: writing %s: %w", j.path, err)
	}
	off := j.size + 8
	j.size += int64(len(frame))
	if len(p) > 0 && p[0] != recHeader {
		if err := j.index(p, off); err != nil {
			return err
		}
	}
	// A record survives the process being killed as soon as it is
	// written; syncing now and then bounds what a machine crash can take.
	if time.Since(j.lastSync) > 2*time.Second {
		j.lastSync = time.Now()
		return j.f.Sync()
	}
	return nil
}

// schemaID returns the id of a list of KPI names, recording it if new.
func (j *journal) schemaID(names []string) (uint32, error) {
	key := strings.Join(names, "\x00")
	if id, ok := j.schemaIDs[key]; ok {
		return id, nil
	}
	id := uint32(len(j.schemas))
	var b []byte
	b = append(b, recSchema)
	b = binary.LittleEndian.AppendUint32(b, id)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(names)))
	for _, n := range names {
		b = putString(b, n)
	}
	if err := j.append(b); err != nil {
		return 0, err
	}
	return id, nil
}

// addRun commits one finished run.
func (j *journal) addRun(rec *runRecord) error {
	b := j.buf[:0]
	b = append(b, recRun)
	b = binary.LittleEndian.AppendUint32(b, uint32(rec.point))
	b = binary.LittleEndian.AppendUint32(b, uint32(rec.rep))
	b = binary.LittleEndian.AppendUint64(b, rec.seed)
	b = binary.LittleEndian.AppendUint32(b, rec.schema)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(rec.values)))
	for _, v := range rec.values {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(rec.days)))
	for _, d := range rec.days {
		b = binary.LittleEndian.AppendUint32(b, uint32(d.day))
		b = putString(b, d.phase)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(d.values)))
		for _, v := range d.values {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	j.buf = b
	return j.append(b)
}

// addDone records a point's final replication count.
func (j *journal) addDone(point, n int, reason string) error {
	var b []byte
	b = append(b, recDone)
	b = binary.LittleEndian.AppendUint32(b, uint32(point))
	b = binary.LittleEndian.AppendUint32(b, uint32(n))
	b = putString(b, reason)
	return j.append(b)
}

// readRun reads a committed run; with days false the daily series is
// skipped.
func (j *journal) readRun(ref runRef, days bool) (*runRecord, error) {
	p := make([]byte, ref.n)
	if _, err := j.f.ReadAt(p, ref.off); err != nil {
		return nil, fmt.Errorf("experiments: reading %s: %w", j.path, err)
	}
	d := decoder{b: p}
	if d.u8() != recRun {
		return nil, fmt.Errorf("experiments: %s: index points at a record that is not a run", j.path)
	}
	rec := &runRecord{point: int(d.u32()), rep: int(d.u32()), seed: d.u64(), schema: d.u32()}
	nv := int(d.u32())
	if nv > len(p)/8 {
		return nil, fmt.Errorf("experiments: %s: bad run record", j.path)
	}
	rec.values = make([]float64, nv)
	for i := range rec.values {
		rec.values[i] = math.Float64frombits(d.u64())
	}
	if days {
		nd := int(d.u32())
		for range nd {
			if d.err != nil {
				break
			}
			dr := dayRecord{day: int32(d.u32()), phase: d.str()}
			nc := int(d.u16())
			dr.values = make([]float64, nc)
			for i := range dr.values {
				dr.values[i] = math.Float64frombits(d.u64())
			}
			rec.days = append(rec.days, dr)
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("experiments: %s: bad run record: %v", j.path, d.err)
	}
	return rec, nil
}

func (j *journal) close() error {
	if j.f == nil {
		return nil
	}
	var err error
	if j.writable {
		err = j.f.Sync()
	}
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	j.f = nil
	return err
}

func putString(b []byte, s string) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// decoder reads little-endian fields, remembering the first overrun.
type decoder struct {
	b   []byte
	err error
}

var errShort = errors.New("short record")

func (d *decoder) take(n int) []byte {
	if d.err != nil || n > len(d.b) || n < 0 {
		d.err = errShort
		if n >= 0 && n <= 8 {
			return make([]byte, n)
		}
		return nil
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p
}

func (d *decoder) u8() byte    { return d.take(1)[0] }
func (d *decoder) u16() uint16 { return binary.LittleEndian.Uint16(d.take(2)) }
func (d *decoder) u32() uint32 { return binary.LittleEndian.Uint32(d.take(4)) }
func (d *decoder) u64() uint64 { return binary.LittleEndian.Uint64(d.take(8)) }
func (d *decoder) str() string { return string(d.take(int(d.u32()))) }
