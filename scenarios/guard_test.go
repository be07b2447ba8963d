package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func namedNodes(n int, prefix string) *node {
	l := &node{isList: true}
	for i := range n {
		l.list = append(l.list, &node{tab: map[string]*node{"name": {val: fmt.Sprintf("%s%d", prefix, i)}}})
	}
	return l
}

// Merging named lists is linear: 40,000 [[item]] over 40,000 took 39 s
// when each element was searched for (issue 14, item 8); by map it takes
// milliseconds, so a bound of ten seconds tells the two apart even on a busy
// machine.
func TestMergeLinear(t *testing.T) {
	const n = 40_000
	base, over := namedNodes(n, "it"), namedNodes(n, "it")
	over.list = append(over.list, namedNodes(1, "new").list...)
	over.list = append(over.list, namedNodes(1, "it").list...) // a repeat within over: appended
	start := time.Now()
	got := merge(base, over)
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("merging %d named elements took %v", n, el)
	}
	if len(got.list) != n+2 {
		t.Fatalf("merged %d elements, want %d", len(got.list), n+2)
	}
	if name, _ := got.list[n].name(); name != "new0" {
		t.Errorf("element %d is %q, want the new one appended", n, name)
	}
}

// The same through Load: a file of 40,000 [[item]] extending another of
// 40,000 loads in bounded time.
func TestMergeLinearLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 80,000 items")
	}
	var a, b strings.Builder
	a.WriteString(city + dept)
	b.WriteString("extend = \"a.toml\"\n")
	for i := range 40_000 {
		fmt.Fprintf(&a, "[[item]]\nname = \"it%d\"\nowner = \"housing\"\n", i)
		fmt.Fprintf(&b, "[[item]]\nname = \"it%d\"\nowner = \"housing\"\n", i)
	}
	start := time.Now()
	cfg, _, err := memSource(map[string]string{"a.toml": a.String(), "b.toml": b.String()}).Load("b.toml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Items) != 40_000 {
		t.Errorf("%d items", len(cfg.Items))
	}
	t.Logf("40,000 [[item]] over 40,000 loaded in %v", time.Since(start))
	if el := time.Since(start); el > time.Minute {
		t.Errorf("took %v", el)
	}
}

func TestCheckNesting(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, c := range []struct {
		text string
		line int
	}{
		{"x = " + deep(64), 0},
		{"x = " + deep(65), 1},
		{"a = 1\n\nx = " + deep(100_000), 3},
		{"x = " + strings.Repeat("{a=", 65) + "1" + strings.Repeat("}", 65), 1},
		{`x = "` + strings.Repeat("[", 1000) + `"`, 0},               // in a string
		{`x = '` + strings.Repeat("{", 1000) + `'`, 0},               // in a literal string
		{"x = \"\"\"\n" + strings.Repeat("[", 1000) + "\n\"\"\"", 0}, // in a multi-line string
		{"# " + strings.Repeat("[", 1000) + "\nx = 1", 0},            // in a comment
		{"[a]\n[[b]]\n[[b]]\nx = [[1], [2]]", 0},                     // headers do not add up
		{`x = "\"` + strings.Repeat("[", 100) + `"`, 0},              // an escaped quote
	} {
		if got := checkNesting([]byte(c.text)); got != c.line {
			t.Errorf("checkNesting(%.40q) = %d, want %d", c.text, got, c.line)
		}
	}
}

func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.toml")
	os.WriteFile(ok, []byte("name = \"x\"\n"), 0o644)
	big := filepath.Join(dir, "big.toml")
	f, _ := os.Create(big)
	f.Truncate(MaxInputBytes + 1)
	f.Close()
	for _, c := range []struct {
		name, want string
	}{
		{ok, ""},
		{big, "too large"},
		{dir, "not a regular file (a directory)"},
		{"/dev/zero", "not a regular file (a device)"},
		{filepath.Join(dir, "none.toml"), "no such file"},
	} {
		_, err := ReadInput(c.name)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := LoadMapping("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("LoadMapping(/dev/zero): %v", err)
	}
	exp := filepath.Join(dir, "exp.toml")
	os.WriteFile(exp, []byte("name = \"e\"\nbase = \"classroom\"\nx = "+strings.Repeat("[", 1000)+strings.Repeat("]", 1000)+"\n"), 0o644)
	if _, err := LoadExperiment(exp); err == nil || !strings.Contains(err.Error(), "exp.toml:3: arrays and inline tables nest more than 64 deep") {
		t.Errorf("LoadExperiment of a deep file: %v", err)
	}
	if _, err := LoadExperiment("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("LoadExperiment(/dev/zero): %v", err)
	}
}

func TestNameProblem(t *testing.T) {
	for name, bad := range map[string]bool{
		"midcity": false, "reform-one-window": false, "城市": false, "a.b": false,
		"": true, "../../escaped": true, "a/b": true, `a\b`: true, "..": true, ".hidden": true,
		"-rf": true, "a\nb": true, "a\x00b": true, strings.Repeat("x", 201): true,
	} {
		if got := NameProblem(name) != ""; got != bad {
			t.Errorf("NameProblem(%q) = %q", name, NameProblem(name))
		}
	}
}
