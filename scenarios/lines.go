package scenarios

import (
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// lineIndex maps a full key path (array elements by index) to the line where
// it is defined. The TOML decoder reports lines only for syntax errors, so
// this small scanner walks the text again; it runs only on text the decoder
// has accepted, and stays total (never panics, always advances) on any text.
type lineIndex map[string]int

// pathKey joins path segments for lineIndex and for the decoder's maps.
// Segments may themselves contain dots (quoted keys), hence the separator.
func pathKey(path []string) string { return strings.Join(path, "\x00") }

type lineScanner struct {
	s      string
	i      int
	line   int
	idx    lineIndex
	arrays map[string]int // indexed path of an array of tables → elements so far
}

func indexLines(src string) lineIndex {
	sc := &lineScanner{s: src, line: 1, idx: lineIndex{}, arrays: map[string]int{}}
	sc.document()
	return sc.idx
}

func (sc *lineScanner) peek(off int) byte {
	if sc.i+off < len(sc.s) {
		return sc.s[sc.i+off]
	}
	return 0
}

func (sc *lineScanner) advance() {
	if sc.i < len(sc.s) {
		if sc.s[sc.i] == '\n' {
			sc.line++
		}
		sc.i++
	}
}

func (sc *lineScanner) record(path []string, line int) {
	k := pathKey(path)
	if _, ok := sc.idx[k]; !ok {
		sc.idx[k] = line
	}
}

// skipSpace skips blanks and comments, and newlines too when nl is set.
func (sc *lineScanner) skipSpace(nl bool) {
	for sc.i < len(sc.s) {
		switch c := sc.s[sc.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			sc.advance()
		case c == '\n' && nl:
			sc.advance()
		case c == '#':
			for sc.i < len(sc.s) && sc.s[sc.i] != '\n' {
				sc.i++
			}
		default:
			return
		}
	}
}

func (sc *lineScanner) skipLine() {
	for sc.i < len(sc.s) && sc.s[sc.i] != '\n' {
		sc.i++
	}
}

func (sc *lineScanner) document() {
	var table []string
	for sc.i < len(sc.s) {
		sc.skipSpace(true)
		if sc.i >= len(sc.s) {
			return
		}
		start := sc.i
		line := sc.line
		if sc.peek(0) == '[' {
			array := sc.peek(1) == '['
			sc.advance()
			if array {
				sc.advance()
			}
			sc.skipSpace(false)
			key := sc.key()
			table = sc.resolve(key, array)
			for j := 1; j <= len(table); j++ {
				sc.record(table[:j], line)
			}
			sc.skipLine()
		} else {
			sc.keyval(table, line)
		}
		if sc.i == start {
			sc.advance() // never stall on text the scanner does not understand
		}
	}
}

// resolve turns a header's dotted key into an indexed path: every prefix
// that is an array of tables gets its current element, and a new [[array]]
// element is counted.
func (sc *lineScanner) resolve(key []string, array bool) []string {
	var path []string
	for j, seg := range key {
		path = append(path, seg)
		k := pathKey(path)
		n, isArray := sc.arrays[k]
		if j == len(key)-1 && array {
			sc.arrays[k] = n + 1
			path = append(path, strconv.Itoa(n))
			continue
		}
		if isArray && n > 0 {
			path = append(path, strconv.Itoa(n-1))
		}
	}
	return path
}

func (sc *lineScanner) keyval(prefix []string, line int) {
	key := sc.key()
	if len(key) == 0 {
		sc.skipLine()
		return
	}
	path := append(append([]string{}, prefix...), key...)
	for j := len(prefix) + 1; j <= len(path); j++ {
		sc.record(path[:j], line)
	}
	sc.skipSpace(false)
	if sc.peek(0) != '=' {
		sc.skipLine()
		return
	}
	sc.advance()
	sc.skipSpace(false)
	sc.value(path)
}

// key reads a dotted key: bare, "basic" or 'literal' segments.
func (sc *lineScanner) key() []string {
	var segs []string
	for sc.i < len(sc.s) {
		sc.skipSpace(false)
		switch c := sc.peek(0); {
		case c == '"' || c == '\'':
			start := sc.i
			sc.str(c)
			segs = append(segs, unquoteKey(sc.s[start:sc.i]))
		case isBare(c):
			start := sc.i
			for sc.i < len(sc.s) && isBare(sc.s[sc.i]) {
				sc.i++
			}
			segs = append(segs, sc.s[start:sc.i])
		default:
			return segs
		}
		sc.skipSpace(false)
		if sc.peek(0) != '.' {
			return segs
		}
		sc.advance()
	}
	return segs
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// unquoteKey decodes a quoted key by asking the TOML decoder itself.
func unquoteKey(tok string) string {
	var m map[string]any
	if _, err := toml.Decode("k = "+tok, &m); err == nil {
		if s, ok := m["k"].(string); ok {
			return s
		}
	}
	if len(tok) >= 2 {
		return tok[1 : len(tok)-1]
	}
	return tok
}

// str skips one string starting at the quote q (single- or multi-line).
func (sc *lineScanner) str(q byte) {
	if sc.peek(1) == q && sc.peek(2) == q {
		sc.advance()
		sc.advance()
		sc.advance()
		for sc.i < len(sc.s) {
			if q == '"' && sc.peek(0) == '\\' {
				sc.advance()
				sc.advance()
				continue
			}
			if sc.peek(0) == q && sc.peek(1) == q && sc.peek(2) == q {
				sc.advance()
				sc.advance()
				sc.advance()
				for k := 0; k < 2 && sc.peek(0) == q; k++ {
					sc.advance()
				}
				return
			}
			sc.advance()
		}
		return
	}
	sc.advance()
	for sc.i < len(sc.s) {
		c := sc.peek(0)
		if c == '\n' {
			return
		}
		if q == '"' && c == '\\' {
			sc.advance()
			sc.advance()
			continue
		}
		sc.advance()
		if c == q {
			return
		}
	}
}

func (sc *lineScanner) value(path []string) {
	sc.record(path, sc.line)
	switch c := sc.peek(0); c {
	case '"', '\'':
		sc.str(c)
	case '[':
		sc.advance()
		for n := 0; sc.i < len(sc.s); n++ {
			sc.skipSpace(true)
			if sc.peek(0) == ']' {
				sc.advance()
				return
			}
			start := sc.i
			sc.value(append(append([]string{}, path...), strconv.Itoa(n)))
			sc.skipSpace(true)
			if sc.peek(0) == ',' {
				sc.advance()
			} else if sc.peek(0) != ']' && sc.i == start {
				sc.advance()
			}
		}
	case '{':
		sc.advance()
		for sc.i < len(sc.s) {
			sc.skipSpace(true)
			if sc.peek(0) == '}' {
				sc.advance()
				return
			}
			start := sc.i
			sc.keyval(path, sc.line)
			sc.skipSpace(true)
			if sc.peek(0) == ',' {
				sc.advance()
			} else if sc.peek(0) != '}' && sc.i == start {
				sc.advance()
			}
		}
	default:
		for sc.i < len(sc.s) {
			switch sc.s[sc.i] {
			case ',', ']', '}', '#', '\n':
				return
			}
			sc.i++
		}
	}
}
