package twin

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

// TestZoneAbbreviations: "EST"/"EDT" rows with an MST-style layout are read
// through a time_zone that uses them (to the right instant), and refused
// with an error naming file, line, column and abbreviation under one that
// does not (instead of being read as UTC).
func TestZoneAbbreviations(t *testing.T) {
	src := "c,k\n01/15/2024 09:00:00 EST,x\n07/15/2024 09:00:00 EDT,x\n"
	m := mapping(t, "time_format = \"01/02/2006 15:04:05 MST\"\ntime_zone = \"America/New_York\"\n[columns]\ncreated = \"c\"\ncategory = \"k\"\n")
	rs := NewRecords(m)
	if err := rs.Read("ny.csv", strings.NewReader(src)); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 1, 15, 14, 0, 0, 0, time.UTC); !rs.Start.Equal(want) {
		t.Errorf("EST read as %v, want %v", rs.Start.UTC(), want)
	}
	if want := time.Date(2024, 7, 15, 13, 0, 0, 0, time.UTC); !rs.End.Equal(want) {
		t.Errorf("EDT read as %v, want %v", rs.End.UTC(), want)
	}
	m = mapping(t, "time_format = \"01/02/2006 15:04:05 MST\"\ntime_zone = \"America/Los_Angeles\"\n[columns]\ncreated = \"c\"\ncategory = \"k\"\n")
	err := NewRecords(m).Read("ny.csv", strings.NewReader(src))
	if err == nil || !strings.Contains(err.Error(), `ny.csv:2: column "c": time-zone abbreviation "EST" is not one of time_zone "America/Los_Angeles"'s`) {
		t.Errorf("EST under Los Angeles: %v", err)
	}
	// rfc3339 without an offset: read in time_zone
	m = mapping(t, "time_zone = \"Asia/Shanghai\"\n[columns]\ncreated = \"c\"\ncategory = \"k\"\n")
	rs = NewRecords(m)
	if err := rs.Read("sh.csv", strings.NewReader("c,k\n2024-01-01T08:00:00,x\n2024-01-01 09:00:00.5,x\n")); err != nil || rs.Used != 2 {
		t.Fatalf("zone-less rfc3339: used %d, %v", rs.Used, err)
	}
	if want := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC); !rs.Start.Equal(want) {
		t.Errorf("read as %v, want %v", rs.Start.UTC(), want)
	}
	// unix seconds with a fraction
	m = mapping(t, "time_format = \"unix\"\n[columns]\ncreated = \"c\"\ncategory = \"k\"\n")
	rs = NewRecords(m)
	if err := rs.Read("u.csv", strings.NewReader("c,k\n1700000000.25,x\n1e400,x\n")); err != nil || rs.Used != 1 || rs.Bad[BadCreated] != 1 {
		t.Fatalf("unix with a fraction: used %d, bad %d, %v", rs.Used, rs.Bad[BadCreated], err)
	}
	if want := time.Unix(1700000000, 250_000_000); !rs.Start.Equal(want) {
		t.Errorf("read as %v, want %v", rs.Start, want)
	}
}

// TestNoUsableRecordsSaysWhy: when no row parses, the error lists the
// reasons with counts and examples.
func TestNoUsableRecordsSaysWhy(t *testing.T) {
	m := mapping(t, "time_format = \"2006-01-02 15:04\"\n[columns]\ncreated = \"c\"\ncategory = \"k\"\n")
	rs := NewRecords(m)
	if err := rs.Read("t.csv", strings.NewReader("c,k\n01/02/2024 10:00,x\n01/03/2024 10:00,x\n,x\n")); err != nil {
		t.Fatal(err)
	}
	_, err := Fit(rs, FitOptions{})
	for _, w := range []string{"no usable records", "created time unparseable: 2 (e.g. t.csv:2: \"01/02/2024 10:00\"; t.csv:3:", "created time blank: 1"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("want %q in %v", w, err)
		}
	}
}

// TestDuplicatesGzipBinary: a repeated id is dropped and counted; the same
// file given twice is refused; gzip is read; zip, PDF and NUL-bearing
// files are refused with a message that says what they are.
func TestDuplicatesGzipBinary(t *testing.T) {
	m := mapping(t, "time_format = \"unix\"\n[columns]\nid = \"id\"\ncreated = \"c\"\ncategory = \"k\"\n")
	src := "id,c,k\n1,1700000000,x\n2,1700000100,x\n1,1700000000,x\n3,1700000200,x\n"
	rs := NewRecords(m)
	if err := rs.Read("d.csv", strings.NewReader(src)); err != nil {
		t.Fatal(err)
	}
	if rs.Used != 3 || rs.Bad[BadDuplicate] != 1 || rs.Examples[BadDuplicate][0] != `d.csv:4: "1"` {
		t.Errorf("used %d, duplicates %d %q", rs.Used, rs.Bad[BadDuplicate], rs.Examples[BadDuplicate])
	}
	// the same rows in a second file are all duplicates
	if err := rs.Read("d2.csv", strings.NewReader(src)); err != nil || rs.Used != 3 || rs.Bad[BadDuplicate] != 5 {
		t.Errorf("second copy: used %d, duplicates %d, %v", rs.Used, rs.Bad[BadDuplicate], err)
	}
	dir := t.TempDir()
	plain := filepath.Join(dir, "r.csv")
	os.WriteFile(plain, []byte(src), 0o644)
	rs = NewRecords(m)
	if err := rs.ReadFile(plain); err != nil {
		t.Fatal(err)
	}
	if err := rs.ReadFile(filepath.Join(dir, ".", "r.csv")); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("the same file twice: %v", err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(src))
	zw.Close()
	rs = NewRecords(m)
	if err := rs.Read("r.csv.gz", &gz); err != nil || rs.Used != 3 {
		t.Errorf("gzip: used %d, %v", rs.Used, err)
	}
	for _, c := range []struct{ name, data, want string }{
		{"book.xlsx", "PK\x03\x04\x14\x00rest", "a zip archive (an .xlsx workbook?), not CSV"},
		{"r.pdf", "%PDF-1.7\n", "a PDF file, not CSV"},
		{"u16.csv", "i\x00d\x00,\x00c\x00", "a binary file (NUL bytes at its start)"},
		{"r.csv.xz", "\xfd7zXZ\x00\x00", "compressed (bzip2, xz or zstd)"},
	} {
		err := NewRecords(m).Read(c.name, strings.NewReader(c.data))
		if err == nil || !strings.Contains(err.Error(), c.name+": "+c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// TestMappingNonsense: negative and nonsensical mapping values are
// refused, all at once, with line and key.
func TestMappingNonsense(t *testing.T) {
	src := `min_span_days = -3
min_category_records = -1
time_format = "15:04"
open_statuses = ["Open", "Cancelled"]
drop_statuses = ["Cancelled"]
top_categories = -5
[types]
"x" = ""
[columns]
created = "c"
closed = "c"
category = "k"
`
	_, err := scenarios.ParseMapping("n.toml", []byte(src))
	for _, w := range []string{"n.toml:1: min_span_days: want a number of days ≥ 0, got -3", "n.toml:2: min_category_records", `n.toml:3: time_format: "15:04" is not a Go time layout with a year`,
		`n.toml:5: drop_statuses: "Cancelled" is also in open_statuses`, `n.toml:11: columns.closed: column "c" is already columns.created`, "n.toml:6: top_categories: want a number of categories in [1, 100000], got -5", `n.toml: types.x: not a ticket type name: ""`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("want %q in:\n%v", w, err)
		}
	}
}
