package experiments

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// MergeTiming is the content of timing.json after a merge.
type MergeTiming struct {
	WallSeconds float64  `json:"wall_seconds"`
	Shards      []string `json:"shards"`
	Runs        int      `json:"runs"`
	Host        string   `json:"host"`
	GoVersion   string   `json:"go_version"`
}

// ShardDirs expands the arguments of `sim merge`: a directory that holds
// shard-* subdirectories stands for them; any other directory is a shard
// (or a whole sweep) itself.
func ShardDirs(args []string) []string {
	var out []string
	for _, a := range args {
		subs, _ := filepath.Glob(filepath.Join(a, "shard-*-of-*"))
		var shards []string
		for _, s := range subs {
			if _, err := os.Stat(filepath.Join(s, "manifest.json")); err == nil {
				shards = append(shards, s)
			}
		}
		if len(shards) > 0 {
			slices.Sort(shards)
			out = append(out, shards...)
		} else {
			out = append(out, a)
		}
	}
	return out
}

// Merge combines the shard directories of one sweep into out: exactly the
// files a sweep on one machine writes (timing.json aside). It refuses
// shards of another experiment or another version of tiaokuai, names
// missing shards, and refuses a shard that has not finished.
func Merge(dirs []string, out string) (*MergeTiming, error) {
	start := time.Now()
	if len(dirs) == 0 {
		return nil, errors.New("experiments: merge: no shard directories")
	}
	type shardDir struct {
		dir  string
		plan *Plan
	}
	var shards []shardDir
	for _, d := range dirs {
		data, err := os.ReadFile(filepath.Join(d, "manifest.json"))
		if err != nil {
			return nil, fmt.Errorf("experiments: merge: %s is not a sweep directory (no manifest.json)", d)
		}
		p, err := ReadPlan(data)
		if err != nil {
			return nil, fmt.Errorf("experiments: merge: %s: %w", d, err)
		}
		if p.Shard == nil {
			p.Shard = &Shard{0, 1}
		}
		shards = append(shards, shardDir{d, p})
	}
	first := shards[0]
	for _, s := range shards[1:] {
		switch {
		case s.plan.Version != first.plan.Version:
			return nil, fmt.Errorf("experiments: merge: %s was written by tiaokuai %s, %s by %s: shards must come from one version", s.dir, s.plan.Version, first.dir, first.plan.Version)
		case s.plan.Hash != first.plan.Hash:
			return nil, fmt.Errorf("experiments: merge: %s is a shard of experiment %q (plan %.12s), %s of %q (plan %.12s): shards must come from one experiment", s.dir, s.plan.Experiment, s.plan.Hash, first.dir, first.plan.Experiment, first.plan.Hash)
		case s.plan.Shard.Count != first.plan.Shard.Count:
			return nil, fmt.Errorf("experiments: merge: %s is shard %s, %s is shard %s: the sweep was split in two ways", s.dir, s.plan.Shard, first.dir, first.plan.Shard)
		}
	}
	n := first.plan.Shard.Count
	byIndex := make([]*shardDir, n)
	for i := range shards {
		s := &shards[i]
		if prev := byIndex[s.plan.Shard.Index]; prev != nil {
			return nil, fmt.Errorf("experiments: merge: %s and %s are both shard %s", prev.dir, s.dir, s.plan.Shard)
		}
		byIndex[s.plan.Shard.Index] = s
	}
	var missing []string
	for i, s := range byIndex {
		if s == nil {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("experiments: merge: missing shard %s of experiment %q (run `sim sweep … --shard i/%d` for each)", strings.Join(missing, ", "), first.plan.Experiment, n)
	}
	var js []*journal
	defer func() {
		for _, j := range js {
			j.close()
		}
	}()
	t := &MergeTiming{}
	for i, s := range byIndex {
		j, err := openJournal(filepath.Join(s.dir, journalName), false)
		if err != nil {
			return nil, fmt.Errorf("experiments: merge: shard %s: %w", s.plan.Shard, err)
		}
		js = append(js, j)
		if j.hash() != first.plan.Hash {
			return nil, fmt.Errorf("experiments: merge: %s holds runs of another plan than its manifest", s.dir)
		}
		settled, total := 0, 0
		for p := range s.plan.Points {
			if p%n != i {
				continue
			}
			total++
			if d, ok := j.done[p]; ok {
				settled++
				t.Runs += d.n
			}
		}
		if settled < total {
			return nil, fmt.Errorf("experiments: merge: shard %s (%s) is not finished: %d of %d points settled; run its sweep again to resume it", s.plan.Shard, s.dir, settled, total)
		}
		t.Shards = append(t.Shards, s.dir)
	}
	plan := *first.plan
	plan.Shard = nil
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	if data, err := os.ReadFile(filepath.Join(out, "manifest.json")); err == nil {
		if old, err := ReadPlan(data); err == nil && old.Shard == nil && (old.Hash != plan.Hash || old.Version != plan.Version) {
			return nil, fmt.Errorf("experiments: merge: %s holds the outputs of another sweep (experiment %q, plan %.12s): merge into another --out", out, old.Experiment, old.Hash)
		}
	}
	if err := writeOutputs(&plan, js, out); err != nil {
		return nil, err
	}
	if err := WriteAtomic(filepath.Join(out, "manifest.json"), plan.ManifestBytes()); err != nil {
		return nil, err
	}
	t.WallSeconds = time.Since(start).Seconds()
	t.Host, _ = os.Hostname()
	t.GoVersion = runtime.Version()
	if err := WriteAtomic(filepath.Join(out, "timing.json"), jsonBytes(t)); err != nil {
		return nil, err
	}
	return t, nil
}
