package experiments

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// sanitize converts plain data (structs, slices, arrays, maps with string
// keys, numbers, strings, bools) into values that encoding/json accepts,
// writing floats as stats.Float (NaN and ±Inf as null), nil slices as []
// and keeping struct fields in declaration order.
func sanitize(v any) any { return sanitizeValue(reflect.ValueOf(v)) }

func sanitizeValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return sanitizeValue(v.Elem())
	case reflect.Float32, reflect.Float64:
		return stats.Float(v.Float()) // NaN and ±Inf as null
	case reflect.Struct:
		var o ordered
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name, opts, ok := jsonField(t.Field(i))
			if !ok {
				continue
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && fv.IsZero() {
				continue
			}
			o = append(o, kv{name, sanitizeValue(fv)})
		}
		return o
	case reflect.Slice:
		if v.IsNil() {
			return []any{}
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = sanitizeValue(v.Index(i))
		}
		return out
	case reflect.Map:
		out := make(map[string]any, v.Len())
		it := v.MapRange()
		for it.Next() {
			out[it.Key().String()] = sanitizeValue(it.Value())
		}
		return out
	default:
		return v.Interface()
	}
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
