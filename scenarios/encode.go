package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/dist"
)

// Encode returns the canonical TOML of a resolved Config: every key
// explicit, defaults filled in, generated streets and communities written
// out, and distributions, durations, calendars and staffing in their
// canonical string forms. Loading it gives a Config deep-equal to cfg. Its
// sha256 identifies a scenario in run manifests.
//
// Some keys are written only when they carry information: a matter's
// hall_time when it was given (otherwise the model derives it from the
// steps and platform.hall_factor), a ticket type's triage_accuracy and
// retriage_accuracy when given (otherwise the platform's applies), and
// nothing of [calendars], since every calendar is written out where it is
// used.
func Encode(cfg *model.Config) []byte {
	var b bytes.Buffer
	b.WriteString("# Canonical scenario: every key explicit. Written by the scenarios package; edit the source scenario instead.\n")
	encodeStruct(&b, "", "", reflect.ValueOf(cfg).Elem())
	return b.Bytes()
}

func encodeStruct(b *bytes.Buffer, header, schema string, rv reflect.Value) {
	t := rv.Type()
	// scalars first: TOML puts a table's own keys before its sub-tables
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("toml")
		if tag == "" || tag == "-" || isTableField(f.Type) {
			continue
		}
		if t == reflect.TypeFor[model.MatterType]() && tag == "hall_time" && !rv.FieldByName("HasHallTime").Bool() {
			continue
		}
		if t == reflect.TypeFor[model.TicketType]() && (tag == "triage_accuracy" || tag == "retriage_accuracy") && rv.Field(i).Float() < 0 {
			continue // not given: the platform's triage_accuracy
		}
		s := join(schema, tag)
		fmt.Fprintf(b, "%s = %s\n", tag, encodeField(s, rv.Field(i)))
		if sched := scheduleKey(t, tag); sched != "" {
			st := rv.FieldByName("Staffing").Interface().(calendar.Staffing)
			fmt.Fprintf(b, "%s = %s\n", sched, encodeStrings(st.Specs()))
		}
	}
	if t == reflect.TypeFor[model.Intervention]() {
		b.WriteString("set = {")
		for i, line := range rv.FieldByName("Set").Interface().([]string) {
			k, v, _ := strings.Cut(line, " = ")
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, " %s = %s", encodeString(k), v)
		}
		b.WriteString(" }\n")
	}
	// then sub-tables, then arrays of tables
	for pass := 0; pass < 2; pass++ {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("toml")
			if tag == "" || tag == "-" || !isTableField(f.Type) {
				continue
			}
			h := join(header, tag)
			s := join(schema, tag)
			if pass == 0 && f.Type.Kind() == reflect.Struct {
				fmt.Fprintf(b, "\n[%s]\n", h)
				encodeStruct(b, h, s, rv.Field(i))
			}
			if pass == 1 && f.Type.Kind() == reflect.Slice {
				list := rv.Field(i)
				for j := range list.Len() {
					fmt.Fprintf(b, "\n[[%s]]\n", h)
					encodeStruct(b, h, s+".*", list.Index(j))
				}
			}
		}
	}
}

// isTableField says whether a field is written as a [table] or [[array]].
func isTableField(t reflect.Type) bool {
	switch t {
	case distType, durationType, calendarType:
		return false
	}
	return t.Kind() == reflect.Struct || t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct
}

// scheduleKey names the staffing schedule written after a count field.
func scheduleKey(t reflect.Type, tag string) string {
	switch {
	case (t == reflect.TypeFor[model.Halls]() || t == reflect.TypeFor[model.Department]()) && tag == "windows":
		return "windows_schedule"
	case t == reflect.TypeFor[model.Hotline]() && tag == "operators":
		return "operators_schedule"
	}
	return ""
}

func encodeField(schema string, rv reflect.Value) string {
	if rules[schema].minutes {
		return encodeString(calendar.Duration{Value: rv.Float(), Unit: calendar.Elapsed}.String())
	}
	return encodeValue(rv)
}

// encodeValue writes one value as a TOML literal.
func encodeValue(rv reflect.Value) string {
	switch rv.Type() {
	case distType:
		return encodeString(rv.Interface().(dist.Dist).String())
	case durationType:
		return encodeString(rv.Interface().(calendar.Duration).String())
	case calendarType:
		c := rv.Interface().(*calendar.Calendar)
		if c == nil {
			return encodeString("24/7")
		}
		specs := c.Specs()
		if len(specs) == 1 && specs[0] == "24/7" {
			return encodeString("24/7")
		}
		return encodeStrings(specs)
	case levelType:
		return encodeString(levelNames[rv.Uint()])
	case collectType:
		return encodeString(collectNames[rv.Uint()])
	case priorityType:
		return encodeString(priorityNames[rv.Uint()])
	case urgencyType:
		return encodeString(urgencyNames[rv.Uint()])
	}
	switch rv.Kind() {
	case reflect.String:
		return encodeString(rv.String())
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool())
	case reflect.Int:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10)
	case reflect.Float64:
		return encodeFloat(rv.Float())
	case reflect.Array, reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.String {
			return encodeStrings(rv.Interface().([]string))
		}
		return encodeFloats(rv)
	}
	panic(fmt.Sprintf("scenarios: cannot encode %s", rv.Type()))
}

func encodeFloat(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".en") {
		s += ".0"
	}
	return s
}

func encodeFloats(rv reflect.Value) string {
	return inlineList("[", "]", rv.Len(), func(i int) string { return encodeFloat(rv.Index(i).Float()) })
}

func encodeStrings(ss []string) string {
	return inlineList("[", "]", len(ss), func(i int) string { return encodeString(ss[i]) })
}

// inlineList writes n items between open and close, separated by ", ": a
// TOML inline array or table.
func inlineList(open, close string, n int, item func(i int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = item(i)
	}
	return open + strings.Join(parts, ", ") + close
}

// encodeString writes a TOML basic string.
func encodeString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString(`\uFFFD`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
