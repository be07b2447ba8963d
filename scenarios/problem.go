package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// SetFile is the File of a Problem caused by a --set value.
const SetFile = "--set"

// Problem is one thing wrong with a scenario: where it is and what was
// expected.
type Problem struct {
	File string // the file as named to Load, "shipped:NAME.toml", or SetFile
	Line int    // 1-based; 0 when the problem has no single line
	Key  string // the full key path, list elements by name ("department.housing.windows")
	Msg  string
}

// String returns "file:line: key: msg", leaving out what is unknown. A
// problem in a --set value reads "--set key: msg".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.File == SetFile {
		if p.Key != "" {
			b.WriteString(" ")
			b.WriteString(p.Key)
		}
	} else {
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		if p.Key != "" {
			b.WriteString(": ")
			b.WriteString(p.Key)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is every problem found in a scenario. Load returns it for any fault
// in user input (files, --set values).
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("scenarios: ")
	if len(e.Problems) == 1 {
		b.WriteString(e.Problems[0].String())
		return b.String()
	}
	fmt.Fprintf(&b, "%d problems:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return b.String()
}

// sortProblems orders problems by file, then line, then key, and drops
// exact duplicates. --set problems come last, in the order given.
func sortProblems(ps []Problem) []Problem {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		as, bs := a.File == SetFile, b.File == SetFile
		if as != bs {
			if as {
				return 1
			}
			return -1
		}
		if as {
			return 0
		}
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Key, b.Key))
	})
	return slices.Compact(ps)
}

// suggest returns ` (did you mean "x"?)` when one candidate is close to
// word, else "".
func suggest(word string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		if c == word {
			continue
		}
		d := editDistance(strings.ToLower(word), strings.ToLower(c))
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		return ""
	}
	limit := max(1, min(len(word), len(best))/3)
	if bestD > limit && !(len(word) >= 3 && strings.HasPrefix(best, word)) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Damerau (optimal string alignment) distance of a and b
// in bytes.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return max(len(a), len(b))
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// quoteList renders names as "a", "b", "c" for messages, eliding long lists.
func quoteList(names []string) string {
	const most = 12
	var b strings.Builder
	for i, n := range names {
		if i == most {
			fmt.Fprintf(&b, ", … (%d more)", len(names)-most)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", n)
	}
	return b.String()
}
