package scenarios

import (
	"errors"
	"strings"
	"testing"
)

func TestMappingDefaults(t *testing.T) {
	m, err := ParseMapping("dir/city.toml", []byte("[columns]\ncreated = \"c\"\ncategory = \"k\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "city" || m.Base != "classroom" || m.TimeFormat != "rfc3339" || m.Comma != "," ||
		m.MinCategoryRecords != 500 || m.MinSpanDays != 14 || len(m.OpenStatuses) != 1 || m.Location().String() != "UTC" {
		t.Errorf("defaults: %+v", m)
	}
	if _, err := m.ParseTime("2024-01-02T03:04:05Z"); err != nil {
		t.Error(err)
	}
}

// TestMappingProblems: every problem of a mapping is reported at once,
// with file, line and key.
func TestMappingProblems(t *testing.T) {
	src := `time_zone = "Mars/Olympus"
comma = ";;"
as_of = "yesterday"
colour = "red"
[columns]
category = "k"
creatd = "c"
`
	_, err := ParseMapping("m.toml", []byte(src))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error, got %v", err)
	}
	want := []string{
		`m.toml:1: time_zone: unknown time zone "Mars/Olympus"`,
		`m.toml:2: comma: want one character, got ";;"`,
		`m.toml:3: as_of: not a time`,
		`m.toml:4: colour: unknown key`,
		`m.toml:7: columns.creatd: unknown key`,
		`m.toml: columns.created: required`,
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %q in:\n%s", w, msg)
		}
	}
	if _, err := ParseMapping("s.toml", []byte("[columns\n")); err == nil || !strings.Contains(err.Error(), "s.toml:1: syntax error") {
		t.Errorf("syntax: %v", err)
	}
}
