package experiments

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// The output files' JSON (summary.json, compare.json, the manifests, …) is
// written (jsonBytes) and read back (DecodeJSON, used by the report) by one
// walk over the Go value in JSON's shape: struct fields by their json tags
// in declaration order, slices, arrays, pointers and string-keyed maps, with
// every float as stats.Float — NaN and ±Inf written as null, null read as
// NaN — and a nil slice written as []. encoding/json alone cannot do this
// for plain float64 fields: it refuses NaN, and it reads null into a float
// as 0, which looks like a real value. The KPI types (model.Results and the
// rest) keep plain float64 fields; this walk is the one place that knows
// how their JSON looks, for the writer and the reader alike.

// jsonBytes marshals v with NaN and ±Inf written as null (JSON has no
// NaN), indented, with a final newline.
func jsonBytes(v any) []byte {
	tree, _ := jsonWalk{}.value(reflect.ValueOf(v), nil, "")
	b, err := json.MarshalIndent(tree, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("experiments: marshal: %v", err)) // only plain data is marshalled
	}
	return append(b, '\n')
}

// DecodeJSON reads JSON written by this package into v (a pointer), the
// inverse of the writer: fields by their json tags, null floats as NaN.
// Keys that v has no field for are ignored; fields the JSON lacks keep
// their value.
func DecodeJSON(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("experiments: DecodeJSON needs a non-nil pointer, got %T", v)
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var tree any
	if err := d.Decode(&tree); err != nil {
		return err
	}
	_, err := jsonWalk{read: true}.value(rv.Elem(), tree, "")
	return err
}

// jsonWalk is the one walk of both directions. Writing, value returns the
// JSON tree of v (x is unused); reading, it sets v from the tree x (as
// decoded with UseNumber) and returns nil.
type jsonWalk struct{ read bool }

func (w jsonWalk) value(v reflect.Value, x any, path string) (any, error) {
	if w.read && x == nil { // null: NaN for a float, otherwise leave v as it is
		if k := v.Kind(); k == reflect.Float32 || k == reflect.Float64 {
			return nil, w.float(v, json.Number("null"), path)
		}
		return nil, nil
	}
	bad := func() error {
		return fmt.Errorf("%s: want %s, got %T", strings.TrimPrefix(path, "."), v.Kind(), x)
	}
	at := strings.TrimPrefix(path, ".")
	switch v.Kind() {
	case reflect.Invalid:
		return nil, nil
	case reflect.Pointer:
		if w.read {
			p := reflect.New(v.Type().Elem())
			if _, err := w.value(p.Elem(), x, path); err != nil {
				return nil, err
			}
			v.Set(p)
			return nil, nil
		}
		if v.IsNil() {
			return nil, nil
		}
		return w.value(v.Elem(), nil, path)
	case reflect.Interface:
		if w.read {
			v.Set(reflect.ValueOf(x))
			return nil, nil
		}
		if v.IsNil() {
			return nil, nil
		}
		return w.value(v.Elem(), nil, path)
	case reflect.Float32, reflect.Float64:
		if w.read {
			n, ok := x.(json.Number)
			if !ok {
				return nil, bad()
			}
			return nil, w.float(v, n, path)
		}
		return stats.Float(v.Float()), nil // NaN and ±Inf as null
	case reflect.Struct:
		m, ok := x.(map[string]any)
		if w.read && !ok {
			return nil, bad()
		}
		var o ordered
		t := v.Type()
		for i := range t.NumField() {
			name, opts, ok := jsonField(t.Field(i))
			if !ok {
				continue
			}
			fv := v.Field(i)
			if w.read {
				if val, ok := m[name]; ok {
					if _, err := w.value(fv, val, path+"."+name); err != nil {
						return nil, err
					}
				}
				continue
			}
			if strings.Contains(opts, "omitempty") && fv.IsZero() {
				continue
			}
			val, _ := w.value(fv, nil, path+"."+name)
			o = append(o, kv{name, val})
		}
		if w.read {
			return nil, nil
		}
		return o, nil
	case reflect.Slice, reflect.Array:
		if !w.read {
			if v.Kind() == reflect.Slice && v.IsNil() {
				return []any{}, nil
			}
			out := make([]any, v.Len())
			for i := range out {
				out[i], _ = w.value(v.Index(i), nil, "")
			}
			return out, nil
		}
		a, ok := x.([]any)
		if !ok {
			return nil, bad()
		}
		n := len(a)
		if v.Kind() == reflect.Slice {
			v.Set(reflect.MakeSlice(v.Type(), n, n))
		} else {
			n = min(n, v.Len())
		}
		for i := range n {
			if _, err := w.value(v.Index(i), a[i], path+"["+strconv.Itoa(i)+"]"); err != nil {
				return nil, err
			}
		}
		return nil, nil
	case reflect.Map:
		if !w.read {
			out := make(map[string]any, v.Len())
			for it := v.MapRange(); it.Next(); {
				out[it.Key().String()], _ = w.value(it.Value(), nil, "")
			}
			return out, nil
		}
		m, ok := x.(map[string]any)
		if !ok || v.Type().Key().Kind() != reflect.String {
			return nil, bad()
		}
		out := reflect.MakeMapWithSize(v.Type(), len(m))
		for k, val := range m {
			e := reflect.New(v.Type().Elem()).Elem()
			if _, err := w.value(e, val, path+"."+k); err != nil {
				return nil, err
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), e)
		}
		v.Set(out)
		return nil, nil
	case reflect.String:
		if !w.read {
			return v.Interface(), nil
		}
		s, ok := x.(string)
		if !ok {
			return nil, bad()
		}
		v.SetString(s)
	case reflect.Bool:
		if !w.read {
			return v.Interface(), nil
		}
		b, ok := x.(bool)
		if !ok {
			return nil, bad()
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !w.read {
			return v.Interface(), nil
		}
		n, ok := x.(json.Number)
		if !ok {
			return nil, bad()
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			f, ferr := n.Float64()
			if ferr != nil || f != math.Trunc(f) {
				return nil, fmt.Errorf("%s: want an integer, got %s", at, n)
			}
			i = int64(f)
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if !w.read {
			return v.Interface(), nil
		}
		n, ok := x.(json.Number)
		if !ok {
			return nil, bad()
		}
		u, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: want an unsigned integer, got %s", at, n)
		}
		v.SetUint(u)
	default:
		if !w.read {
			return v.Interface(), nil
		}
	}
	return nil, nil
}

// float reads a JSON number, or null, into a float field as stats.Float
// does: null as NaN.
func (jsonWalk) float(v reflect.Value, n json.Number, path string) error {
	var f stats.Float
	if err := f.UnmarshalJSON([]byte(n)); err != nil {
		return fmt.Errorf("%s: %w", strings.TrimPrefix(path, "."), err)
	}
	v.SetFloat(float64(f))
	return nil
}

// jsonField returns the JSON name and options of a struct field as
// encoding/json would use them; ok is false for fields JSON leaves out.
func jsonField(sf reflect.StructField) (name, opts string, ok bool) {
	if !sf.IsExported() {
		return "", "", false
	}
	name, opts, _ = strings.Cut(sf.Tag.Get("json"), ",")
	if name == "-" {
		return "", "", false
	}
	if name == "" {
		name = sf.Name
	}
	return name, opts, true
}

type kv struct {
	k string
	v any
}

// ordered is a JSON object whose keys keep their order.
type ordered []kv

func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
