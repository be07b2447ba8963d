// Package i18n is the one home of the languages the outputs speak: the
// Lang type, parsing of --lang, and Text, a string in every language.
// Catalogues are Go values of Text next to the code that shows them (the
// scene's messages, the charts' words, the report's KPI names, the levers'
// labels in model.Levers); a new string is one Text where it is used.
//
// Adding a language is a constant here, its names in Parse, and its string
// in every Text (In falls back to English where a Text has none).
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language of labels, charts and reports. The zero value is
// English.
type Lang uint8

// The languages.
const (
	English Lang = iota
	Chinese      // Simplified Chinese
	NumLangs
)

// Langs are the languages, in order.
var Langs = []Lang{English, Chinese}

// codes are the languages' codes as --lang takes them.
var codes = [NumLangs]string{English: "en", Chinese: "zh"}

// String is the language's code ("en", "zh").
func (l Lang) String() string {
	if l < NumLangs {
		return codes[l]
	}
	return fmt.Sprintf("Lang(%d)", uint8(l))
}

// Next is the language after l, wrapping round (the viewer's L key).
func (l Lang) Next() Lang { return (l + 1) % NumLangs }

// Parse reads a --lang value: "en" or "zh" (also "english"; "cn", "zh-cn",
// "chinese"; any case). The empty string is English.
func Parse(s string) (Lang, error) {
	switch strings.ToLower(s) {
	case "en", "english", "":
		return English, nil
	case "zh", "cn", "zh-cn", "chinese":
		return Chinese, nil
	}
	return English, fmt.Errorf("unknown language %q (want en or zh)", s)
}

// Text is one string in every language, indexed by Lang.
type Text [NumLangs]string

// T is the Text of an English and a Chinese string.
func T(en, zh string) Text { return Text{English: en, Chinese: zh} }

// In is the text in language l; the English where l has none.
func (t Text) In(l Lang) string {
	if l < NumLangs && t[l] != "" {
		return t[l]
	}
	return t[English]
}
