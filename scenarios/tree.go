package scenarios

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/BurntSushi/toml"
)

// pos is where a value was last set.
type pos struct {
	file string
	line int
}

// node is one value of the loosely decoded scenario, with its position. A
// node is a table (tab != nil), an array of tables (isList), or a leaf (val:
// string, int64, float64, bool, a date-time, or []any for a plain array).
type node struct {
	pos    pos
	tab    map[string]*node
	isList bool
	list   []*node
	val    any
}

func (n *node) isTable() bool { return n.tab != nil }

// name returns the element's "name" key when it is a string, or its
// "what" key for elements without a name (cost items are named by what
// they price).
func (n *node) name() (string, bool) {
	if n == nil || n.tab == nil {
		return "", false
	}
	c, ok := n.tab["name"]
	if !ok {
		c, ok = n.tab["what"]
	}
	if !ok {
		return "", false
	}
	s, ok := c.val.(string)
	return s, ok
}

func sortedKeys(m map[string]*node) []string {
	return slices.Sorted(maps.Keys(m))
}

// build converts a decoded TOML value into nodes, taking lines from idx;
// a key the index does not know takes its parent's line.
func build(v any, path []string, file string, idx lineIndex, line int) *node {
	if l, ok := idx[pathKey(path)]; ok {
		line = l
	}
	n := &node{pos: pos{file, line}}
	switch v := v.(type) {
	case map[string]any:
		n.tab = make(map[string]*node, len(v))
		for k, c := range v {
			n.tab[k] = build(c, append(path[:len(path):len(path)], k), file, idx, line)
		}
	case []map[string]any:
		n.isList = true
		for i, c := range v {
			n.list = append(n.list, build(c, append(path[:len(path):len(path)], strconv.Itoa(i)), file, idx, line))
		}
	case []any:
		if len(v) > 0 && allTables(v) {
			n.isList = true
			for i, c := range v {
				n.list = append(n.list, build(c, append(path[:len(path):len(path)], strconv.Itoa(i)), file, idx, line))
			}
		} else {
			n.val = v
		}
	default:
		n.val = v
	}
	return n
}

func allTables(v []any) bool {
	for _, e := range v {
		if _, ok := e.(map[string]any); !ok {
			return false
		}
	}
	return true
}

// merge lays over onto base: tables key by key, lists of named elements by
// name (an element whose name is new, or repeated within over, is
// appended), anything else replaced.
func merge(base, over *node) *node {
	switch {
	case base == nil:
		return over
	case base.isTable() && over.isTable():
		for k, o := range over.tab {
			base.tab[k] = merge(base.tab[k], o)
		}
		return base
	case base.isList && over.isList && namedList(over):
		// By a map of base's names (the first of each, as findNamed): linear
		// in the lengths, where a search per element was quadratic.
		at := make(map[string]int, len(base.list))
		for j, e := range base.list {
			if en, ok := e.name(); ok {
				if _, dup := at[en]; !dup {
					at[en] = j
				}
			}
		}
		seen := map[string]bool{}
		for _, o := range over.list {
			name, _ := o.name()
			if seen[name] {
				base.list = append(base.list, o)
				continue
			}
			seen[name] = true
			if j, ok := at[name]; ok {
				base.list[j] = merge(base.list[j], o)
			} else {
				base.list = append(base.list, o)
			}
		}
		return base
	default:
		return over
	}
}

// namedList says whether every element of a list has a string name.
func namedList(n *node) bool {
	for _, e := range n.list {
		if _, ok := e.name(); !ok {
			return false
		}
	}
	return len(n.list) > 0
}

func findNamed(list *node, name string) int {
	for j, e := range list.list {
		if en, ok := e.name(); ok && en == name {
			return j
		}
	}
	return -1
}

func listNames(list *node) []string {
	var names []string
	for _, e := range list.list {
		if en, ok := e.name(); ok {
			names = append(names, en)
		}
	}
	return names
}

// pathError is a fault in a remove or --set path.
type pathError struct{ msg string }

func (e *pathError) Error() string { return e.msg }

// lookup follows a dotted path to the node holding its last segment:
// tables by key, list elements by name or, failing that, by index. It
// returns the container and the last segment. With create, missing tables
// on the way are made (for --set); missing list elements are always an
// error.
func lookup(root *node, segs []string, create bool, at pos) (*node, string, error) {
	cur := root
	for i, seg := range segs[:len(segs)-1] {
		next, err := child(cur, seg, segs[:i], create, at)
		if err != nil {
			return nil, "", err
		}
		cur = next
	}
	return cur, segs[len(segs)-1], nil
}

func child(cur *node, seg string, before []string, create bool, at pos) (*node, error) {
	where := joinPath(before)
	switch {
	case cur.isTable():
		c, ok := cur.tab[seg]
		if !ok {
			if !create {
				return nil, &pathError{fmt.Sprintf("no key %q in %s%s", seg, orTop(where), suggest(seg, sortedKeys(cur.tab)))}
			}
			c = &node{pos: at, tab: map[string]*node{}}
			cur.tab[seg] = c
		}
		return c, nil
	case cur.isList:
		if j := findNamed(cur, seg); j >= 0 {
			return cur.list[j], nil
		}
		if j, err := strconv.Atoi(seg); err == nil && j >= 0 && j < len(cur.list) {
			return cur.list[j], nil
		}
		kind := "element"
		if len(before) > 0 {
			kind = before[len(before)-1]
		}
		names := listNames(cur)
		if len(names) == 0 {
			return nil, &pathError{fmt.Sprintf("no %s %s in %s (it has %d, numbered from 0)", kind, seg, orTop(joinPath(before[:max(0, len(before)-1)])), len(cur.list))}
		}
		return nil, &pathError{fmt.Sprintf("no %s named %q%s", kind, seg, suggest(seg, names))}
	default:
		return nil, &pathError{fmt.Sprintf("%s is a value, not a table", orTop(where))}
	}
}

func orTop(p string) string {
	if p == "" {
		return "the top level"
	}
	return p
}

// removePath deletes a list element (or a key, which then takes its
// default) named by a remove path.
func removePath(root *node, segs []string) error {
	cont, last, err := lookup(root, segs, false, pos{})
	if err != nil {
		return err
	}
	if cont.isTable() {
		if _, ok := cont.tab[last]; !ok {
			return &pathError{fmt.Sprintf("no key %q in %s%s", last, orTop(joinPath(segs[:len(segs)-1])), suggest(last, sortedKeys(cont.tab)))}
		}
		delete(cont.tab, last)
		return nil
	}
	if !cont.isList {
		return &pathError{fmt.Sprintf("%s is a value, not a table", joinPath(segs[:len(segs)-1]))}
	}
	j := findNamed(cont, last)
	if j < 0 {
		if k, err := strconv.Atoi(last); err == nil && k >= 0 && k < len(cont.list) {
			j = k
		}
	}
	if j < 0 {
		_, err := child(cont, last, segs[:len(segs)-1], false, pos{})
		return err
	}
	cont.list = slices.Delete(cont.list, j, j+1)
	return nil
}

// setPath applies one --set: the value replaces (or adds) the key.
func setPath(root *node, segs []string, v *node) error {
	cont, last, err := lookup(root, segs, true, v.pos)
	if err != nil {
		return err
	}
	switch {
	case cont.isTable():
		if old, ok := cont.tab[last]; ok && old.isTable() && v.isTable() {
			merge(old, v)
			return nil
		}
		cont.tab[last] = v
		return nil
	case cont.isList:
		j := findNamed(cont, last)
		if j < 0 {
			if k, err := strconv.Atoi(last); err == nil && k >= 0 && k < len(cont.list) {
				j = k
			}
		}
		if j < 0 {
			_, err := child(cont, last, segs[:len(segs)-1], false, v.pos)
			return err
		}
		if !v.isTable() {
			return &pathError{fmt.Sprintf("%s is a table; set one of its keys", joinPath(segs))}
		}
		cont.list[j] = merge(cont.list[j], v)
		return nil
	default:
		return &pathError{fmt.Sprintf("%s is a value, not a table", joinPath(segs[:len(segs)-1]))}
	}
}

// parseSetValue reads the right-hand side of a --set as a TOML value, or as
// a plain string when that fails.
func parseSetValue(text string) *node {
	var m map[string]any
	if _, err := toml.Decode("v = "+text, &m); err == nil {
		if v, ok := m["v"]; ok {
			return build(v, nil, SetFile, nil, 0)
		}
	}
	return &node{pos: pos{SetFile, 0}, val: text}
}

// splitPath splits a dotted path; empty segments are an error.
func splitPath(p string) ([]string, error) {
	var segs []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '.' {
			if i == start {
				return nil, &pathError{fmt.Sprintf("bad path %q: empty segment", p)}
			}
			segs = append(segs, p[start:i])
			start = i + 1
		}
	}
	return segs, nil
}

func joinPath(segs []string) string {
	s := ""
	for i, seg := range segs {
		if i > 0 {
			s += "."
		}
		s += seg
	}
	return s
}

// describe names a decoded value's type and value for messages.
func describe(n *node) string {
	switch {
	case n.isTable():
		return "a table"
	case n.isList:
		return "an array of tables"
	}
	switch v := n.val.(type) {
	case string:
		return fmt.Sprintf("string %q", v)
	case int64:
		return fmt.Sprintf("integer %d", v)
	case float64:
		return "float " + formatFloat(v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case []any:
		return "an array"
	case time.Time:
		return "a date-time"
	}
	return fmt.Sprintf("%T", n.val)
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
