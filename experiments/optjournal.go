package experiments

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// optJournal keeps the tracked KPIs of every run of a search, by the run's
// resolved scenario hash and seed, one line per run appended as it
// finishes. A search started again replays the same steps and takes what
// the journal has; a cut last line is ignored. Shards of one search each
// append to their own file in the same directory and read the others'.
type optJournal struct {
	dir    string
	header string
	f      *os.File
	own    string
	vals   map[string][]float64
	others map[string]int64 // other journals read so far: name → offset
	sync   time.Time
	waited time.Time
}

const optJournalPrefix = "journal"

func openOptJournal(dir string, sh Shard, header string) (*optJournal, error) {
	name := optJournalPrefix + ".txt"
	if !sh.Whole() {
		name = fmt.Sprintf("%s-%s.txt", optJournalPrefix, sh.Dir())
	}
	j := &optJournal{dir: dir, header: header, own: name, vals: map[string][]float64{}, others: map[string]int64{}}
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		off, err := j.load(name, data)
		if err != nil {
			return nil, err
		}
		if off == 0 {
			off = int64(len(header) + 1)
			data = []byte(header + "\n")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				return nil, fmt.Errorf("experiments: %w", err)
			}
		}
		// cut a partial last line (a killed run) so appends start clean
		if err := os.Truncate(path, off); err != nil {
			return nil, fmt.Errorf("experiments: %w", err)
		}
	case os.IsNotExist(err):
		if err := os.WriteFile(path, []byte(header+"\n"), 0o644); err != nil {
			return nil, fmt.Errorf("experiments: %w", err)
		}
	default:
		return nil, fmt.Errorf("experiments: %w", err)
	}
	j.f, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	if err := j.readOthers(); err != nil {
		j.f.Close()
		return nil, err
	}
	return j, nil
}

// load reads complete lines of a journal and returns how many bytes they
// take.
func (j *optJournal) load(name string, data []byte) (int64, error) {
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return 0, nil // not even the header yet
	}
	if string(data[:nl]) != j.header {
		return 0, fmt.Errorf("experiments: %s is the journal of another search (%q); use another --out, or remove the directory to start again", filepath.Join(j.dir, name), string(data[:nl]))
	}
	off := int64(nl + 1)
	rest := data[nl+1:]
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return off, nil // a cut last line is left for the writer to overwrite… or ignored
		}
		line := string(rest[:i])
		rest = rest[i+1:]
		off += int64(i + 1)
		key, vs, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		var vals []float64
		for _, s := range strings.Split(vs, ",") {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				v = math.NaN()
			}
			vals = append(vals, v)
		}
		j.vals[key] = vals
	}
}

func (j *optJournal) get(key string) ([]float64, bool) {
	v, ok := j.vals[key]
	return v, ok
}

func (j *optJournal) put(key string, vals []float64) error {
	var b strings.Builder
	b.WriteString(key)
	b.WriteByte('\t')
	for i, v := range vals {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	}
	b.WriteByte('\n')
	if _, err := io.WriteString(j.f, b.String()); err != nil {
		return fmt.Errorf("experiments: writing the journal: %w", err)
	}
	j.vals[key] = vals
	if time.Since(j.sync) > 2*time.Second {
		j.sync = time.Now()
		return j.f.Sync()
	}
	return nil
}

// readOthers reads what the other shards' journals have added.
func (j *optJournal) readOthers() error {
	ents, err := os.ReadDir(j.dir)
	if err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	var names []string
	for _, e := range ents {
		n := e.Name()
		if n != j.own && strings.HasPrefix(n, optJournalPrefix) && strings.HasSuffix(n, ".txt") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		f, err := os.Open(filepath.Join(j.dir, n))
		if err != nil {
			return fmt.Errorf("experiments: %w", err)
		}
		data, err := io.ReadAll(bufio.NewReader(f))
		f.Close()
		if err != nil {
			return fmt.Errorf("experiments: %w", err)
		}
		if _, err := j.load(n, data); err != nil {
			return err
		}
		j.others[n] = int64(len(data))
	}
	return nil
}

// waitOthers waits a moment for other shards and reads their journals.
func (j *optJournal) waitOthers() error {
	if j.waited.IsZero() {
		j.waited = time.Now()
	}
	time.Sleep(300 * time.Millisecond)
	return j.readOthers()
}

func (j *optJournal) close() error {
	if j.f == nil {
		return nil
	}
	err := j.f.Sync()
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	j.f = nil
	return err
}
