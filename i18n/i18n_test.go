package i18n

import "testing"

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Lang
	}{{"en", English}, {"", English}, {"English", English}, {"zh", Chinese}, {"ZH-CN", Chinese}, {"cn", Chinese}, {"chinese", Chinese}} {
		got, err := Parse(c.in)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"fr", "e", "zh_TW "} {
		if _, err := Parse(bad); err == nil || err.Error() != `unknown language "`+bad+`" (want en or zh)` {
			t.Errorf("Parse(%q): error %v", bad, err)
		}
	}
	// every language reads back from its code
	for _, l := range Langs {
		if got, err := Parse(l.String()); err != nil || got != l {
			t.Errorf("Parse(%v.String()) = %v, %v", l, got, err)
		}
	}
	if len(Langs) != int(NumLangs) {
		t.Errorf("Langs lists %d of %d languages", len(Langs), NumLangs)
	}
}

func TestTextIn(t *testing.T) {
	x := T("day", "天")
	if x.In(English) != "day" || x.In(Chinese) != "天" {
		t.Errorf("In: %q %q", x.In(English), x.In(Chinese))
	}
	// a missing translation, or a language out of range, gives the English
	if got := (Text{English: "only English"}).In(Chinese); got != "only English" {
		t.Errorf("fallback: %q", got)
	}
	if got := x.In(NumLangs + 3); got != "day" {
		t.Errorf("out of range: %q", got)
	}
	if Chinese.Next() != English || English.Next() != Chinese {
		t.Error("Next does not cycle through the languages")
	}
}
