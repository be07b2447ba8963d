package scenarios

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// diff returns the paths where a and b differ (at most a few), comparing
// unexported fields too, like reflect.DeepEqual.
func diff(a, b any) []string {
	var out []string
	var walk func(path string, x, y reflect.Value)
	walk = func(path string, x, y reflect.Value) {
		if len(out) >= 5 {
			return
		}
		if x.IsValid() != y.IsValid() || (x.IsValid() && x.Type() != y.Type()) {
			out = append(out, path+": type differs")
			return
		}
		if !x.IsValid() {
			return
		}
		switch x.Kind() {
		case reflect.Pointer, reflect.Interface:
			if x.IsNil() || y.IsNil() {
				if x.IsNil() != y.IsNil() {
					out = append(out, path+": nil differs")
				}
				return
			}
			walk(path, x.Elem(), y.Elem())
		case reflect.Struct:
			for i := range x.NumField() {
				walk(path+"."+x.Type().Field(i).Name, x.Field(i), y.Field(i))
			}
		case reflect.Slice, reflect.Array:
			if x.Kind() == reflect.Slice && x.IsNil() != y.IsNil() {
				out = append(out, fmt.Sprintf("%s: nil %v vs %v", path, x.IsNil(), y.IsNil()))
				return
			}
			if x.Len() != y.Len() {
				out = append(out, fmt.Sprintf("%s: len %d vs %d", path, x.Len(), y.Len()))
				return
			}
			for i := range x.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), x.Index(i), y.Index(i))
			}
		case reflect.Map:
			if !reflect.DeepEqual(x.Interface(), y.Interface()) {
				out = append(out, path+": map differs")
			}
		default:
			if !reflect.DeepEqual(valueOf(x), valueOf(y)) {
				out = append(out, fmt.Sprintf("%s: %v vs %v", path, valueOf(x), valueOf(y)))
			}
		}
	}
	walk("", reflect.ValueOf(a), reflect.ValueOf(b))
	return out
}

// valueOf reads a value even from an unexported field.
func valueOf(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	case reflect.String:
		return v.String()
	}
	return v.Kind().String()
}

// schemaKeys lists the schema paths of the toml-tagged fields of t and of
// the structs they hold (list elements as "*"), below prefix.
func schemaKeys(prefix string, t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("toml")
		if tag == "" || tag == "-" {
			continue
		}
		p := join(prefix, tag)
		out = append(out, p)
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Struct:
			out = append(out, schemaKeys(p, ft)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, schemaKeys(p+".*", ft.Elem())...)
		}
	}
	return out
}

// checkDocumented fails for every key (a schema path) whose last segment
// the doc file does not document: pattern's first group matches the
// documented names.
func checkDocumented(t *testing.T, file, pattern string, keys []string) {
	t.Helper()
	doc, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]] = true
	}
	for _, k := range keys {
		if last := k[strings.LastIndexByte(k, '.')+1:]; !documented[last] {
			t.Errorf("%s does not document %s (`%s`)", file, k, last)
		}
	}
}
