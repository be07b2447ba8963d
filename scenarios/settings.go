package scenarios

import (
	"bufio"
	"strconv"
	"strings"
)

// Settings reads a canonical resolved scenario (Resolved.Canonical, kept
// as "resolved" in a run's manifest.json: the text Encode writes, one key
// per line, one header per table) into dotted keys and raw values. Elements of arrays of tables
// are named by their first key when it is name or what
// (department.housing.windows, cost.item.one_window.annual), else by their
// index (matter.birth.step.0.window_time): the names --set uses.
func Settings(src string) (keys []string, vals map[string]string) {
	vals = map[string]string{}
	latest := map[string]string{} // array-of-tables header → path of its current element
	counts := map[string]int{}
	resolve := func(h string) string {
		seg := strings.Split(h, ".")
		for n := len(seg); n > 0; n-- {
			if p, ok := latest[strings.Join(seg[:n], ".")]; ok {
				return strings.Join(append([]string{p}, seg[n:]...), ".")
			}
		}
		return h
	}
	path := ""
	pendingHeader := "" // an element whose first key may name it
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "[["):
			h := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "[["), "]]"))
			parent, last := "", h
			if i := strings.LastIndex(h, "."); i >= 0 {
				parent, last = resolve(h[:i]), h[i+1:]
			}
			base := last
			if parent != "" {
				base = parent + "." + last
			}
			path = base + "." + strconv.Itoa(counts[base])
			counts[base]++
			latest[h] = path
			pendingHeader = h
			continue
		case strings.HasPrefix(line, "["):
			path = resolve(strings.TrimSpace(strings.Trim(line, "[]")))
			pendingHeader = ""
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if pendingHeader != "" {
			if k == "name" || k == "what" {
				if name, err := strconv.Unquote(v); err == nil {
					path = path[:strings.LastIndex(path, ".")+1] + name
					latest[pendingHeader] = path
				}
			}
			pendingHeader = ""
		}
		key := k
		if path != "" {
			key = path + "." + k
		}
		if _, dup := vals[key]; !dup {
			keys = append(keys, key)
		}
		vals[key] = v
	}
	return keys, vals
}

// Layout reads the positions (km) of the streets and communities of a
// canonical resolved scenario (as Settings does), with the streets'
// display labels.
func Layout(resolved string) (streets map[string][2]float64, labels map[string]string, communities [][2]float64) {
	keys, vals := Settings(resolved)
	streets, labels = map[string][2]float64{}, map[string]string{}
	for _, k := range keys {
		if !strings.HasSuffix(k, ".position") || !strings.HasPrefix(k, "city.district.") {
			continue
		}
		seg := strings.Split(strings.TrimSuffix(k, ".position"), ".")
		p, ok := parsePair(vals[k])
		if !ok {
			continue
		}
		switch {
		case len(seg) == 7 && seg[5] == "community":
			communities = append(communities, p)
		case len(seg) == 5 && seg[3] == "street":
			streets[seg[4]] = p
			if l, err := strconv.Unquote(vals[strings.TrimSuffix(k, "position")+"label"]); err == nil && l != "" {
				labels[seg[4]] = l
			}
		}
	}
	return streets, labels, communities
}

func parsePair(v string) ([2]float64, bool) {
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(v, "[") || !strings.HasSuffix(v, "]") {
		return [2]float64{}, false
	}
	parts := strings.Split(strings.Trim(v, "[]"), ",")
	if len(parts) != 2 {
		return [2]float64{}, false
	}
	x, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	return [2]float64{x, y}, err1 == nil && err2 == nil
}
