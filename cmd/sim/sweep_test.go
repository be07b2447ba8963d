package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const testExp = `
name = "kill-test"
base = "classroom"
[set]
"run.horizon" = "4w"
[[lever]]
path = "platform.one_window"
values = [false, true]
[[uncertainty]]
path = "citizens.b0"
values = [-3.5, -2.5]
[replications]
n = 40
`

var (
	buildOnce sync.Once
	simBin    string
	buildErr  error
)

// buildSim compiles the sim command once for the package's tests.
func buildSim(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sim-test-")
		if err != nil {
			buildErr = err
			return
		}
		simBin = filepath.Join(dir, "sim")
		cmd := exec.Command("go", "build", "-o", simBin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return simBin
}

// TestClusterShards: deploy/slurm/sweep.sbatch run as a Slurm array task
// would run it (its environment, without Slurm), and the binary in a
// Kubernetes Indexed Job's environment, pick their shards up without flags;
// merged, both equal a local sweep.
func TestClusterShards(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildSim(t)
	exp := filepath.Join(t.TempDir(), "exp.toml")
	os.WriteFile(exp, []byte(strings.Replace(testExp, "n = 40", "n = 2", 1)), 0o644)
	local, slurm, k8s := t.TempDir(), t.TempDir(), t.TempDir()
	var so, se bytes.Buffer
	if code := run([]string{"sweep", exp, "-q", "--out", local}, &so, &se); code != 0 {
		t.Fatalf("local sweep: %s", se.String())
	}
	script := filepath.Join("..", "..", "deploy", "slurm", "sweep.sbatch")
	for i := range 3 {
		cmd := exec.Command("bash", script, exp, slurm)
		cmd.Env = append(os.Environ(), "SIM="+bin, "SLURM_ARRAY_TASK_ID="+strconv.Itoa(i+4), "SLURM_ARRAY_TASK_MIN=4", "SLURM_ARRAY_TASK_COUNT=3")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), fmt.Sprintf("shard %d/3 done", i)) {
			t.Fatalf("sweep.sbatch as task %d: %v\n%s", i+4, err, out)
		}
		cmd = exec.Command(bin, "sweep", exp, "-q", "--out", k8s)
		cmd.Env = append(os.Environ(), "JOB_COMPLETION_INDEX="+strconv.Itoa(i), "TIAOKUAI_SHARDS=3")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sweep as completion index %d: %v\n%s", i, err, out)
		}
	}
	for _, dir := range []string{slurm, k8s} {
		if _, err := os.Stat(filepath.Join(dir, "shard-2-of-3", "journal.bin")); err != nil {
			t.Fatalf("no shard 2 in %s", dir)
		}
		if code := run([]string{"merge", "-q", dir}, &so, &se); code != 0 {
			t.Fatalf("merge %s: %s", dir, se.String())
		}
		for _, f := range []string{"runs.csv", "runs.parquet", "timeseries.parquet", "points.csv", "manifest.json"} {
			if a, b := readFile(t, filepath.Join(local, f)), readFile(t, filepath.Join(dir, f)); a != b {
				t.Errorf("%s of the merged shards differs from the local sweep", f)
			}
		}
	}
	// The Kubernetes manifest keeps TIAOKUAI_SHARDS equal to completions.
	yaml := readFile(t, filepath.Join("..", "..", "deploy", "k8s", "sweep-job.yaml"))
	c := regexp.MustCompile(`completions:\s*(\d+)`).FindStringSubmatch(yaml)
	n := regexp.MustCompile(`TIAOKUAI_SHARDS\s*\n\s*value:\s*"(\d+)"`).FindStringSubmatch(yaml)
	if c == nil || n == nil || c[1] != n[1] || !strings.Contains(yaml, "completionMode: Indexed") {
		t.Errorf("sweep-job.yaml: completions %v, TIAOKUAI_SHARDS %v, want equal in an Indexed Job", c, n)
	}
}

// TestKillAndResume: a sweep killed with SIGKILL midway and started again
// with the same command ends with the same files as an uninterrupted one,
// with every run once.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildSim(t)
	exp := filepath.Join(t.TempDir(), "exp.toml")
	os.WriteFile(exp, []byte(testExp), 0o644)
	ref, killed := t.TempDir(), t.TempDir()

	var so, se bytes.Buffer
	if code := run([]string{"sweep", exp, "-q", "--workers", "2", "--out", ref}, &so, &se); code != 0 {
		t.Fatalf("reference sweep: exit %d: %s", code, se.String())
	}

	cmd := exec.Command(bin, "sweep", exp, "--workers", "2", "--out", killed)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(killed, "journal.bin")
	deadline := time.Now().Add(60 * time.Second)
	for {
		// a run with its daily series takes about 20 kB of journal
		if st, err := os.Stat(journal); err == nil && st.Size() > 200<<10 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the sweep wrote no runs within a minute")
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the sweep was not killed (it finished first?): %v", err)
	}
	if _, err := os.Stat(filepath.Join(killed, "runs.csv")); err == nil {
		t.Fatal("a killed sweep left a runs.csv")
	}

	out, err := exec.Command(bin, "sweep", exp, "--workers", "2", "--out", killed).CombinedOutput()
	if err != nil {
		t.Fatalf("resumed sweep: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`(\d+) runs \(and (\d+) resumed`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("the resumed sweep resumed nothing:\n%s", out)
	}
	ran, resumed := atoi(m[1]), atoi(m[2])
	if ran+resumed != 160 || ran == 0 || resumed == 0 {
		t.Errorf("resumed sweep ran %d and resumed %d, want 160 in all, some of each", ran, resumed)
	}
	t.Logf("killed after %d runs were committed; the restarted sweep ran the other %d", resumed, ran)
	for _, f := range []string{"runs.csv", "runs.parquet", "timeseries.parquet", "points.csv", "manifest.json"} {
		a, err := os.ReadFile(filepath.Join(ref, f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(killed, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the uninterrupted and the killed-and-resumed sweep", f)
		}
	}
	if n := strings.Count(readFile(t, filepath.Join(killed, "runs.csv")), "\n"); n != 161 {
		t.Errorf("runs.csv has %d lines, want a header and 160 rows", n)
	}
}

func atoi(b []byte) int {
	n, _ := strconv.Atoi(string(b))
	return n
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSweepCommands(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("base = \"classroom\"\n[[lever]]\npath = \"platform.one_windw\"\nvalues = [true]\n"), 0o644)
	exp := filepath.Join(dir, "exp.toml")
	os.WriteFile(exp, []byte(strings.Replace(testExp, "n = 40", "n = 2", 1)), 0o644)
	out := filepath.Join(dir, "out")
	cases := []struct {
		args []string
		code int
		want string // in stderr, or stdout on success
	}{
		{[]string{"sweep"}, 2, "want one experiment"},
		{[]string{"sweep", bad}, 2, `bad.toml:4: lever.platform.one_windw.values.0: platform.one_windw: unknown key (did you mean "one_window"?)`},
		{[]string{"sweep", exp, "--shard", "3/3"}, 2, "bad shard"},
		{[]string{"sweep", exp, "--plan"}, 0, "4 points (2 lever sets × 2 worlds × 1 bases)"},
		{[]string{"sweep", exp, "--out", out, "--shard", "0/2"}, 0, "shard 0/2 done"},
		{[]string{"merge", out}, 2, "missing shard 1/2"},
		{[]string{"sweep", exp, "--out", out, "--shard", "1/2"}, 0, "sim merge"},
		{[]string{"merge", out}, 0, "merged 2 shards (8 runs)"},
		{[]string{"merge"}, 2, "want the sweep's directory"},
		{[]string{"compare", "classroom"}, 2, "want a baseline and at least one reform"},
		{[]string{"compare", "classroom", "x", "--reps", "3", "--precision", "a=1"}, 2, "exclude each other"},
		{[]string{"compare", "classroom", "x", "--precision", "a=-1"}, 2, "positive number"},
		{[]string{"compare", "classroom", "no-such-reform", "--out", filepath.Join(dir, "c")}, 2, "no-such-reform"},
	}
	for _, c := range cases {
		var so, se bytes.Buffer
		code := run(c.args, &so, &se)
		text := se.String()
		if c.code == 0 {
			text = so.String()
		}
		if code != c.code || !strings.Contains(text, c.want) {
			t.Errorf("sim %v: exit %d, stdout %q, stderr %q; want exit %d and %q", c.args, code, so.String(), se.String(), c.code, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "runs.parquet")); err != nil {
		t.Error("merge wrote no runs.parquet")
	}
}
