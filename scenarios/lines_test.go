package scenarios

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

const tricky = `# comment
a = 1 # trailing
"quoted.key" = 2
b.c . d = 3
e = """
multi ] } [[x]]
line"""
f = [
  1,
  2, # comment ]
  [3, 4],
]
g = { h = 1, i = { j = "}" } }
[t]
k = 'lit # not a comment'
[[arr]]
x = 1
[[arr.sub]]
y = 2
[[arr]]
x = 3
[[arr.sub]]
y = 4
[[arr.sub]]
y = 5
[ t2 . "q.k" ]
z = 1989-05-27 07:32:00
w = '''
'''
v = 2
`

func TestIndexLines(t *testing.T) {
	var m map[string]any
	if _, err := toml.Decode(tricky, &m); err != nil {
		t.Fatalf("test input is not TOML: %v", err)
	}
	idx := indexLines(tricky)
	for _, c := range []struct {
		path string // segments separated by "/"
		line int
	}{
		{"a", 2}, {"quoted.key", 3}, {"b", 4}, {"b/c/d", 4}, {"e", 5},
		{"f", 8}, {"f/0", 9}, {"f/1", 10}, {"f/2", 11}, {"f/2/1", 11},
		{"g", 13}, {"g/h", 13}, {"g/i/j", 13},
		{"t", 14}, {"t/k", 15},
		{"arr", 16}, {"arr/0", 16}, {"arr/0/x", 17}, {"arr/0/sub/0", 18}, {"arr/0/sub/0/y", 19},
		{"arr/1", 20}, {"arr/1/x", 21}, {"arr/1/sub/0/y", 23}, {"arr/1/sub/1", 24}, {"arr/1/sub/1/y", 25},
		{"t2/q.k/z", 27}, {"t2/q.k/w", 28}, {"t2/q.k/v", 30},
	} {
		got, ok := idx[pathKey(strings.Split(c.path, "/"))]
		if !ok || got != c.line {
			t.Errorf("%s: line %d (found %v), want %d", c.path, got, ok, c.line)
		}
	}
}

// TestIndexLinesTotal: the scanner never panics or stalls, whatever the text.
func TestIndexLinesTotal(t *testing.T) {
	for _, s := range []string{"", "[", "[[", "a", "a =", `a = "`, "a = '''", "a = [", "a = {", "a.=1", "= 1", "[a.]\n", "\"", "a = [{b = [{c = 1}]}]"} {
		indexLines(s)
	}
}
