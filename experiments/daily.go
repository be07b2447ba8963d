package experiments

import (
	"reflect"
	"strings"
	"unicode"

	"github.com/tiaokuai/tiaokuai/model"
)

// dailyColumn is one numeric column of the daily series of a sweep
// (timeseries.parquet), read from model.DayRow by reflection so that new
// daily fields appear without a change here.
type dailyColumn struct {
	name    string
	field   int
	integer bool
}

// dailyRename gives the names timeseries.csv uses where the snake-case
// field name would not say the unit (when TimeseriesColumns does not name
// every field).
var dailyRename = map[string]string{"LatencyMean": "latency_mean_days"}

var dailyColumns = func() []dailyColumn {
	var out []dailyColumn
	t := reflect.TypeFor[model.DayRow]()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() || sf.Name == "Day" || sf.Name == "Phase" {
			continue
		}
		c := dailyColumn{name: snake(sf.Name), field: i}
		if r, ok := dailyRename[sf.Name]; ok {
			c.name = r
		}
		switch sf.Type.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			c.integer = true
		case reflect.Float32, reflect.Float64:
		default:
			continue
		}
		out = append(out, c)
	}
	// Name the columns as timeseries.csv does, when it lists them all.
	if len(TimeseriesColumns) == len(out)+2 {
		for i := range out {
			out[i].name = TimeseriesColumns[i+2]
		}
	}
	return out
}()

// dailyValues appends a day's numeric columns to dst.
func dailyValues(dst []float64, r *model.DayRow) []float64 {
	v := reflect.ValueOf(r).Elem()
	for _, c := range dailyColumns {
		f := v.Field(c.field)
		switch {
		case f.CanInt():
			dst = append(dst, float64(f.Int()))
		case f.CanUint():
			dst = append(dst, float64(f.Uint()))
		default:
			dst = append(dst, f.Float())
		}
	}
	return dst
}

// snake turns "InProgress" into "in_progress".
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
