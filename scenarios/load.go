package scenarios

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/tiaokuai/tiaokuai/model"
)

//go:embed *.toml
var shippedFS embed.FS

// shippedPrefix marks a shipped scenario in file names and messages.
const shippedPrefix = "shipped:"

// Source says where scenario files come from. The zero value reads files
// from disk and knows the shipped scenarios.
type Source struct {
	// ReadFile reads a file on disk (scenarios, bases they extend, and
	// distribution files). Default ReadInput (regular files of at most
	// MaxInputBytes).
	ReadFile func(name string) ([]byte, error)
	// NoShipped hides the shipped scenarios (for tests).
	NoShipped bool
}

// File is one file read to build a scenario.
type File struct {
	Name    string // as in messages: a path, or "shipped:NAME.toml"
	Shipped bool
	Extends string // the file's extend value as written, "" for none
	SHA256  string // hex digest of the file's bytes
}

// Resolved records how a Config was built, for `sim check` and the run
// manifest.
type Resolved struct {
	Files     []File   // the file loaded first, then the base it extends, and so on
	Sets      []string // the --set values applied, in order
	Scale     float64  // the run.scale folded into populations and rates (Config.Run.Scale is then 1)
	Canonical []byte   // Encode of the Config
	Hash      string   // hex sha256 of Canonical
}

// Load reads a scenario with the default Source.
func Load(nameOrPath string, sets []string) (*model.Config, *Resolved, error) {
	return Source{}.Load(nameOrPath, sets)
}

// LoadBytes reads a scenario from memory with the default Source; name is
// used in messages, for the default scenario name, and to resolve extend
// and distribution files relative to it.
func LoadBytes(name string, data []byte, sets []string) (*model.Config, *Resolved, error) {
	return Source{}.LoadBytes(name, data, sets)
}

// Load reads a scenario: nameOrPath is a file on disk or, when no such file
// exists, the name of a shipped scenario (with or without ".toml"). It
// applies extend, remove and then sets ("key=value"), validates everything
// and resolves it. Every fault in the input is reported in one *Error.
func (s Source) Load(nameOrPath string, sets []string) (*model.Config, *Resolved, error) {
	l := s.loader()
	f, err := l.open(nameOrPath)
	if err != nil {
		return nil, nil, err
	}
	return l.run(f, sets)
}

// LoadBytes is Load of a scenario held in memory.
func (s Source) LoadBytes(name string, data []byte, sets []string) (*model.Config, *Resolved, error) {
	l := s.loader()
	return l.run(&srcFile{name: name, dir: filepath.Dir(name), id: diskID(name), data: data}, sets)
}

type srcFile struct {
	name    string // display name
	dir     string // directory on disk for relative paths; "" when shipped
	shipped bool
	id      string // identity for cycle detection
	data    []byte
	idx     lineIndex
}

type loader struct {
	src   Source
	probs []Problem
	files map[string]*srcFile // by display name
	// topNamed says whether the file loaded first gives a name.
	topNamed bool
}

func (s Source) loader() *loader {
	if s.ReadFile == nil {
		s.ReadFile = ReadInput
	}
	return &loader{src: s, files: map[string]*srcFile{}}
}

func (l *loader) problem(p pos, key, format string, args ...any) {
	l.probs = append(l.probs, Problem{File: p.file, Line: p.line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) fail() error {
	return &Error{Problems: sortProblems(l.probs)}
}

// open finds the top-level scenario: disk first, then shipped.
func (l *loader) open(nameOrPath string) (*srcFile, error) {
	data, err := l.src.ReadFile(nameOrPath)
	if err == nil {
		return &srcFile{name: nameOrPath, dir: filepath.Dir(nameOrPath), id: diskID(nameOrPath), data: data}, nil
	}
	if f := l.shipped(nameOrPath); f != nil {
		return f, nil
	}
	msg := fmt.Sprintf("no such file, and no shipped scenario of that name%s", suggest(strings.TrimSuffix(nameOrPath, ".toml"), l.shippedNames()))
	if !errors.Is(err, fs.ErrNotExist) {
		msg = fmt.Sprintf("cannot read: %v", unwrapPathErr(err))
	}
	l.problem(pos{file: nameOrPath}, "", "%s", msg)
	return nil, l.fail()
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func diskID(name string) string {
	if abs, err := filepath.Abs(name); err == nil {
		return abs
	}
	return filepath.Clean(name)
}

func (l *loader) shippedNames() []string {
	if l.src.NoShipped {
		return nil
	}
	var names []string
	for _, in := range Shipped() {
		names = append(names, in.Name)
	}
	return names
}

// shipped returns the shipped scenario called name, or nil.
func (l *loader) shipped(name string) *srcFile {
	if l.src.NoShipped || strings.ContainsAny(name, `/\`) {
		return nil
	}
	base := strings.TrimSuffix(name, ".toml")
	data, err := ReadShipped(base)
	if err != nil {
		return nil
	}
	return &srcFile{name: shippedPrefix + base + ".toml", shipped: true, id: shippedPrefix + base, data: data}
}

// run composes, decodes and resolves a scenario whose top file is f.
func (l *loader) run(f *srcFile, sets []string) (*model.Config, *Resolved, error) {
	res := &Resolved{Sets: slices.Clone(sets)}
	root := l.compose(f, nil, res)
	if len(l.probs) > 0 {
		return nil, nil, l.fail()
	}
	if !l.topNamed {
		delete(root.tab, "name") // a scenario is named by its own file, not its base's
	}
	for _, set := range sets {
		l.applySet(root, set)
	}
	defaultName := strings.TrimSuffix(path.Base(filepath.ToSlash(strings.TrimPrefix(f.name, shippedPrefix))), ".toml")
	cfg, scale := l.decode(root, defaultName)
	if len(l.probs) > 0 {
		return nil, nil, l.fail()
	}
	res.Scale = scale
	res.Canonical = Encode(cfg)
	sum := sha256.Sum256(res.Canonical)
	res.Hash = hex.EncodeToString(sum[:])
	return cfg, res, nil
}

// compose parses f and, recursively, the base it extends; it returns the
// merged tree (nil after a problem).
func (l *loader) compose(f *srcFile, chain []string, res *Resolved) *node {
	chain = append(chain, f.name)
	l.files[f.name] = f
	sum := sha256.Sum256(f.data)
	rec := File{Name: f.name, Shipped: f.shipped, SHA256: hex.EncodeToString(sum[:])}
	res.Files = append(res.Files, rec)
	recIdx := len(res.Files) - 1

	root := l.parse(f)
	if root == nil {
		return nil
	}
	if len(chain) == 1 {
		_, l.topNamed = root.tab["name"]
	}
	var base *node
	if ext, ok := root.tab["extend"]; ok {
		delete(root.tab, "extend")
		name, isStr := ext.val.(string)
		switch {
		case !isStr:
			l.problem(ext.pos, "extend", "expected a file or shipped scenario name, got %s", describe(ext))
		case name == "":
			l.problem(ext.pos, "extend", "empty name")
		default:
			res.Files[recIdx].Extends = name
			bf := l.resolveExtend(f, name, ext.pos)
			if bf == nil {
				break
			}
			for i, c := range chain {
				if l.files[c] != nil && l.files[c].id == bf.id {
					cyc := append(slices.Clone(chain[i:]), bf.name)
					l.problem(ext.pos, "extend", "extend cycle: %s", strings.Join(cyc, " → "))
					return nil
				}
			}
			base = l.compose(bf, chain, res)
			if base == nil {
				return nil
			}
		}
	}
	var removes []*node
	if rm, ok := root.tab["remove"]; ok {
		delete(root.tab, "remove")
		items, isArr := rm.val.([]any)
		if !isArr {
			l.problem(rm.pos, "remove", "expected an array of paths like [\"department.transport\"], got %s", describe(rm))
		} else {
			for i, it := range items {
				s, isPath := it.(string)
				p := rm.pos
				if line, found := l.lineOf(f, []string{"remove", fmt.Sprint(i)}); found {
					p.line = line
				}
				if !isPath {
					l.problem(p, "remove", "expected a path string, got %s", describe(&node{val: it}))
					continue
				}
				removes = append(removes, &node{pos: p, val: s})
			}
		}
	}
	if base == nil {
		for _, r := range removes {
			l.problem(r.pos, "remove", "%q: nothing to remove from: this file does not extend another", r.val)
		}
		return root
	}
	for _, r := range removes {
		segs, err := splitPath(r.val.(string))
		if err == nil {
			err = removePath(base, segs)
		}
		if err != nil {
			l.problem(r.pos, "remove", "%q: %v", r.val, err)
		}
	}
	return merge(base, root)
}

// lineOf looks a raw path up in f's line index.
func (l *loader) lineOf(f *srcFile, path []string) (int, bool) {
	line, ok := f.idx[pathKey(path)]
	return line, ok
}

// parse decodes one file into a tree, reporting a syntax error.
func (l *loader) parse(f *srcFile) *node {
	if line := checkNesting(f.data); line > 0 {
		l.problem(pos{f.name, line}, "", "arrays and inline tables nest more than %d deep", MaxNesting)
		return nil
	}
	var m map[string]any
	if _, err := toml.Decode(string(f.data), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if msg == "" {
				msg = pe.Error()
			}
			msg = strings.TrimSuffix(strings.ToLower(msg[:1])+msg[1:], ".")
			line := pe.Position.Line
			if st := pe.Position.Start; st >= 0 && st < len(f.data) {
				// the decoder counts a newline it stopped at into the next line
				line = 1 + bytes.Count(f.data[:st], []byte("\n"))
			}
			l.problem(pos{f.name, line}, "", "syntax error: %s", msg)
		} else {
			l.problem(pos{f.name, 0}, "", "syntax error: %v", err)
		}
		return nil
	}
	if m == nil {
		m = map[string]any{}
	}
	f.idx = indexLines(string(f.data))
	return build(m, nil, f.name, f.idx, 0)
}

// resolveExtend finds a base: next to the extending file on disk, then
// among the shipped scenarios.
func (l *loader) resolveExtend(from *srcFile, name string, at pos) *srcFile {
	if !from.shipped {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(from.dir, name)
		}
		data, err := l.src.ReadFile(p)
		if err == nil {
			return &srcFile{name: p, dir: filepath.Dir(p), id: diskID(p), data: data}
		}
		if !errors.Is(err, fs.ErrNotExist) {
			l.problem(at, "extend", "cannot read %q: %v", p, unwrapPathErr(err))
			return nil
		}
	}
	if bf := l.shipped(name); bf != nil {
		return bf
	}
	where := "next to this file"
	if from.shipped {
		where = "among the shipped scenarios"
	}
	l.problem(at, "extend", "no file %q %s and no shipped scenario of that name%s", name, where, suggest(strings.TrimSuffix(name, ".toml"), l.shippedNames()))
	return nil
}

// applySet applies one "key=value".
func (l *loader) applySet(root *node, set string) {
	key, text, ok := strings.Cut(set, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		l.problem(pos{SetFile, 0}, set, "expected key=value")
		return
	}
	segs, err := splitPath(key)
	if err == nil && (segs[0] == "extend" || segs[0] == "remove") {
		err = &pathError{"extend and remove cannot be set"}
	}
	if err == nil && !utf8.ValidString(text) {
		err = &pathError{"the value is not valid UTF-8"}
	}
	if err == nil {
		err = setPath(root, segs, parseSetValue(strings.TrimSpace(text)))
	}
	if err != nil {
		l.problem(pos{SetFile, 0}, key, "%v", err)
	}
}

// readData reads a file named in a scenario (a distribution's data file),
// relative to the scenario file.
func (l *loader) readData(file string) func(string) ([]byte, error) {
	f := l.files[file]
	return func(name string) ([]byte, error) {
		if f != nil && f.shipped {
			return fs.ReadFile(shippedFS, path.Clean(name))
		}
		if f != nil && !filepath.IsAbs(name) {
			name = filepath.Join(f.dir, name)
		}
		return l.src.ReadFile(name)
	}
}

// Info describes a shipped scenario.
type Info struct {
	Name        string // without ".toml"
	Description string
}

// Shipped lists the scenarios embedded in the binary, sorted by name.
func Shipped() []Info {
	entries, err := fs.ReadDir(shippedFS, ".")
	if err != nil {
		return nil
	}
	var out []Info
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".toml") {
			continue
		}
		in := Info{Name: strings.TrimSuffix(e.Name(), ".toml")}
		if data, err := fs.ReadFile(shippedFS, e.Name()); err == nil {
			var top struct {
				Description string `toml:"description"`
			}
			if _, err := toml.Decode(string(data), &top); err == nil {
				in.Description = top.Description
			}
		}
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b Info) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// ReadShipped returns the text of a shipped scenario (name with or without
// ".toml").
func ReadShipped(name string) ([]byte, error) {
	base := strings.TrimSuffix(name, ".toml")
	if base == "" || strings.ContainsAny(base, `/\`) {
		return nil, fmt.Errorf("scenarios: no shipped scenario %q", name)
	}
	data, err := fs.ReadFile(shippedFS, base+".toml")
	if err != nil {
		return nil, fmt.Errorf("scenarios: no shipped scenario %q", name)
	}
	return data, nil
}

// Sets collects repeated --set key=value command-line flags (flag.Value)
// for Load.
type Sets []string

func (s *Sets) String() string { return strings.Join(*s, " ") }

// Set adds one key=value.
func (s *Sets) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want key=value, got %q", v)
	}
	*s = append(*s, v)
	return nil
}
