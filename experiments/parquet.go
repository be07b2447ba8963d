package experiments

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// pqKind is the type of a parquet column.
type pqKind byte

const (
	pqDouble pqKind = iota
	pqInt64
	pqBool
	pqString
)

type pqColumn struct {
	name string
	kind pqKind
}

// pqWriter writes rows of a fixed list of columns to a parquet file, in
// the given column order, as row groups of at most groupRows rows (so its
// memory is bounded whatever the number of rows). Its bytes are a pure
// function of the rows.
type pqWriter struct {
	w         *parquet.Writer
	cols      []pqColumn
	row       parquet.Row
	rows      int
	groupRows int
	ch        chan parquet.Row // rows for the writer's goroutine, after start
	done      chan error
}

// pageBytes is the page buffer of each column: parquet-go keeps one per
// column, so a wide file (hundreds of KPI columns) wants small pages.
func newPQWriter(out io.Writer, cols []pqColumn, groupRows, pageBytes int) *pqWriter {
	// parquet-go keeps a page buffer of pageBytes, and its pages in
	// chunks of 32 KiB, per column: a run table has thousands of KPI
	// columns, so cap each sum at 32 MiB (a column's data per row group,
	// groupRows values, still fits one page, so the file is the same).
	// 11,600 columns × (64 + 32) KiB made writing the outputs of a short
	// mid-size sweep take twice the CPU.
	per := max(min((32<<20)/max(1, len(cols)), 64<<10), 4<<10)
	pageBytes = min(pageBytes, per)
	// The schema comes from a struct type made at run time: struct fields
	// keep their order, where a parquet.Group sorts its fields by name.
	fields := make([]reflect.StructField, len(cols))
	for i, c := range cols {
		var t reflect.Type
		switch c.kind {
		case pqDouble:
			t = reflect.TypeFor[float64]()
		case pqInt64:
			t = reflect.TypeFor[int64]()
		case pqBool:
			t = reflect.TypeFor[bool]()
		default:
			t = reflect.TypeFor[string]()
		}
		name := strings.NewReplacer(",", "_", `"`, "_").Replace(c.name)
		fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: t, Tag: reflect.StructTag(fmt.Sprintf(`parquet:"%s"`, name))}
	}
	schema := parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Interface())
	w := parquet.NewWriter(out, schema, parquet.Compression(&parquet.Zstd), parquet.PageBufferSize(pageBytes),
		parquet.ColumnPageBuffers(parquet.NewChunkBufferPool(min(per, 32<<10))))
	return &pqWriter{w: w, cols: cols, row: make(parquet.Row, len(cols)), groupRows: groupRows}
}

// set puts column i of the current row.
func (p *pqWriter) setDouble(i int, x float64) {
	p.row[i] = parquet.DoubleValue(x).Level(0, 0, i)
}

func (p *pqWriter) setInt(i int, x int64) { p.row[i] = parquet.Int64Value(x).Level(0, 0, i) }

func (p *pqWriter) setBool(i int, x bool) { p.row[i] = parquet.BooleanValue(x).Level(0, 0, i) }

func (p *pqWriter) setString(i int, s string) {
	p.row[i] = parquet.ByteArrayValue([]byte(s)).Level(0, 0, i)
}

// setValue puts a point column's value by the column's kind.
func (p *pqWriter) setValue(i int, v any) {
	switch p.cols[i].kind {
	case pqDouble:
		x := math.NaN()
		switch t := v.(type) {
		case float64:
			x = t
		case int64:
			x = float64(t)
		}
		p.setDouble(i, x)
	case pqBool:
		b, _ := v.(bool)
		p.setBool(i, b)
	default:
		p.setString(i, valueText(v))
	}
}

// writeRow writes the current row; after start, it hands the row to the
// writer's goroutine and an error shows at close.
func (p *pqWriter) writeRow() error {
	if p.ch != nil {
		p.ch <- p.row
		p.row = make(parquet.Row, len(p.cols))
		return nil
	}
	return p.write(p.row)
}

func (p *pqWriter) write(row parquet.Row) error {
	if _, err := p.w.WriteRows([]parquet.Row{row}); err != nil {
		return err
	}
	p.rows++
	if p.rows%p.groupRows == 0 {
		return p.w.Flush()
	}
	return nil
}

// start makes the writer encode and compress rows (and close) on a
// goroutine of its own, so that this overlaps the caller's work: a sweep's
// outputs are written after its last run, while the other cores would
// otherwise idle. The file is the same.
func (p *pqWriter) start() {
	ch, done := make(chan parquet.Row, 16), make(chan error, 1)
	p.ch, p.done = ch, done
	go func() { // the channels are its own: close sets p.ch to nil
		var err error
		for row := range ch {
			if err == nil {
				err = p.write(row)
			}
		}
		if err == nil {
			err = p.w.Close()
		}
		done <- err
	}()
}

func (p *pqWriter) close() error {
	if p.ch != nil {
		close(p.ch)
		p.ch = nil
		return <-p.done
	}
	return p.w.Close()
}
