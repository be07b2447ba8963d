package report

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

// decodeJSON decodes data into v (a pointer to a struct) by its json tags,
// reading floating-point fields as stats.Float, null as NaN: the outputs
// write an undefined number (a mean of nothing) as null, and encoding/json
// would leave it 0, which reads as a real value.
func decodeJSON(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var tree any
	if err := d.Decode(&tree); err != nil {
		return err
	}
	return fill(reflect.ValueOf(v).Elem(), tree, "")
}

func fill(v reflect.Value, x any, path string) error {
	if x == nil {
		switch v.Kind() {
		case reflect.Float32, reflect.Float64:
			return setFloat(v, []byte("null"), path)
		}
		return nil
	}
	bad := func() error { return fmt.Errorf("%s: want %s, got %T", strings.TrimPrefix(path, "."), v.Kind(), x) }
	switch v.Kind() {
	case reflect.Struct:
		m, ok := x.(map[string]any)
		if !ok {
			return bad()
		}
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if val, ok := m[name]; ok {
				if err := fill(v.Field(i), val, path+"."+name); err != nil {
					return err
				}
			}
		}
	case reflect.Slice:
		a, ok := x.([]any)
		if !ok {
			return bad()
		}
		s := reflect.MakeSlice(v.Type(), len(a), len(a))
		for i := range a {
			if err := fill(s.Index(i), a[i], path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Array:
		a, ok := x.([]any)
		if !ok {
			return bad()
		}
		for i := range min(len(a), v.Len()) {
			if err := fill(v.Index(i), a[i], path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		if err := fill(p.Elem(), x, path); err != nil {
			return err
		}
		v.Set(p)
	case reflect.String:
		s, ok := x.(string)
		if !ok {
			return bad()
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := x.(bool)
		if !ok {
			return bad()
		}
		v.SetBool(b)
	case reflect.Float32, reflect.Float64:
		n, ok := x.(json.Number)
		if !ok {
			return bad()
		}
		return setFloat(v, []byte(n), path)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := x.(json.Number)
		if !ok {
			return bad()
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			f, ferr := n.Float64()
			if ferr != nil || f != math.Trunc(f) {
				return fmt.Errorf("%s: want an integer, got %s", path, n)
			}
			i = int64(f)
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := x.(json.Number)
		if !ok {
			return bad()
		}
		u, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil {
			return fmt.Errorf("%s: want an unsigned integer, got %s", path, n)
		}
		v.SetUint(u)
	case reflect.Interface:
		v.Set(reflect.ValueOf(x))
	}
	return nil
}

// setFloat reads a JSON number or null into a float field as stats.Float
// does: null as NaN.
func setFloat(v reflect.Value, raw []byte, path string) error {
	var f stats.Float
	if err := f.UnmarshalJSON(raw); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	v.SetFloat(float64(f))
	return nil
}
