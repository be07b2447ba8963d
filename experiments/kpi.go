package experiments

import (
	"math"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/model"
)

// FlattenKPIs returns every scalar KPI of a run as dotted names and values,
// in a deterministic order: the Results value is walked by reflection over
// its json tags, nested structs joined with dots, slices of named groups
// keyed by each element's name ("matters.by_type.birth.visits_mean",
// "offices.housing@east.utilisation"), maps by sorted key. Numbers and
// booleans (0 or 1) are kept; strings, histograms and other arrays are
// skipped, and so is the seed (a column of its own). New KPI fields of
// model.Results appear without any change here.
func FlattenKPIs(r *model.Results) (names []string, values []float64) {
	var f flattener
	f.walk("", reflect.ValueOf(r))
	return f.names, f.values
}

type flattener struct {
	names  []string
	values []float64
}

// skipKPI lists top-level fields that are not KPIs of a sweep row.
var skipKPI = map[string]bool{"seed": true}

func (f *flattener) add(name string, x float64) {
	f.names = append(f.names, name)
	f.values = append(f.values, x)
}

func (f *flattener) walk(prefix string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			f.walk(prefix, v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			name, _, ok := jsonField(t.Field(i))
			if !ok {
				continue
			}
			if prefix == "" && skipKPI[name] {
				continue
			}
			f.walk(join(prefix, name), v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		et := v.Type().Elem()
		for et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if et.Kind() != reflect.Struct {
			return // histograms, counts by bin: not scalar KPIs
		}
		key := nameField(et)
		if key < 0 {
			return
		}
		seen := map[string]int{}
		for i := range v.Len() {
			e := v.Index(i)
			for e.Kind() == reflect.Pointer {
				if e.IsNil() {
					break
				}
				e = e.Elem()
			}
			if e.Kind() != reflect.Struct {
				continue
			}
			name := e.Field(key).String()
			seen[name]++
			if k := seen[name]; k > 1 {
				name += "~" + strconv.Itoa(k)
			}
			f.walk(join(prefix, name), e)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys)
		for _, k := range keys {
			f.walk(join(prefix, k), v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())))
		}
	case reflect.Float32, reflect.Float64:
		f.add(prefix, v.Float())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.add(prefix, float64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f.add(prefix, float64(v.Uint()))
	case reflect.Bool:
		if v.Bool() {
			f.add(prefix, 1)
		} else {
			f.add(prefix, 0)
		}
	}
}

// nameField returns the index of the field naming a slice element: a
// string field tagged "name", else "what" or "id"; -1 when there is none.
func nameField(t reflect.Type) int {
	for _, want := range []string{"name", "what", "id"} {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if sf.IsExported() && sf.Type.Kind() == reflect.String && tag == want {
				return i
			}
		}
	}
	return -1
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// matchKPI says whether a KPI name matches a pattern of the experiment's
// output.kpis: "*" matches any run of characters (dots included), "?" one
// character; everything else matches itself.
func matchKPI(pattern, name string) bool {
	if !strings.ContainsAny(pattern, "*?[\\") || strings.Contains(name, "/") {
		return pattern == name
	}
	// path.Match's "*" stops only at "/", so it crosses dots.
	ok, err := path.Match(pattern, name)
	return err == nil && ok
}

// formatNumber writes a value for CSV: integers without an exponent,
// other numbers in the shortest form that reads back exactly, NaN and ±Inf
// as an empty field.
func formatNumber(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return ""
	case x == math.Trunc(x) && math.Abs(x) < 1e15:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
