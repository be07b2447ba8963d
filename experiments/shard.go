package experiments

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is one of Count deterministic parts of a sweep: the points p with
// p mod Count = Index. The zero value (and Count 1) is the whole sweep.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// Whole says whether the shard is the whole sweep.
func (s Shard) Whole() bool { return s.Count <= 1 }

// Has says whether point p belongs to the shard.
func (s Shard) Has(p int) bool { return s.Whole() || p%s.Count == s.Index }

func (s Shard) String() string {
	if s.Whole() {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Dir is the shard's directory inside a sweep's output directory.
func (s Shard) Dir() string {
	w := len(strconv.Itoa(s.Count - 1))
	return fmt.Sprintf("shard-%0*d-of-%d", w, s.Index, s.Count)
}

// ParseShard reads "i/n" with 0 ≤ i < n.
func ParseShard(text string) (Shard, error) {
	a, b, ok := strings.Cut(text, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("experiments: bad shard %q: want i/n with 0 ≤ i < n, like 0/4", text)
	}
	return Shard{Index: i, Count: n}, nil
}

// ShardFromEnv picks the shard of a cluster job from its environment: a
// Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, and
// SLURM_ARRAY_TASK_MIN and _STEP when the array does not start at 0 or has
// a step) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with the
// number of shards in TIAOKUAI_SHARDS). It returns ok = false outside
// both, and says where the shard came from.
func ShardFromEnv(getenv func(string) string) (s Shard, from string, ok bool, err error) {
	num := func(key string) (int, error) {
		v, err := strconv.Atoi(strings.TrimSpace(getenv(key)))
		if err != nil {
			return 0, fmt.Errorf("experiments: %s=%q is not an integer", key, getenv(key))
		}
		return v, nil
	}
	if getenv("SLURM_ARRAY_TASK_ID") != "" {
		id, err := num("SLURM_ARRAY_TASK_ID")
		if err != nil {
			return s, "", false, err
		}
		n, err := num("SLURM_ARRAY_TASK_COUNT")
		if err != nil {
			return s, "", false, err
		}
		lo, step := 0, 1
		if getenv("SLURM_ARRAY_TASK_MIN") != "" {
			if lo, err = num("SLURM_ARRAY_TASK_MIN"); err != nil {
				return s, "", false, err
			}
		}
		if getenv("SLURM_ARRAY_TASK_STEP") != "" {
			if step, err = num("SLURM_ARRAY_TASK_STEP"); err != nil {
				return s, "", false, err
			}
		}
		if step < 1 || (id-lo)%step != 0 {
			return s, "", false, fmt.Errorf("experiments: Slurm array task %d is not on the array's grid (min %d, step %d)", id, lo, step)
		}
		s = Shard{Index: (id - lo) / step, Count: n}
		if s.Index < 0 || s.Index >= n {
			return s, "", false, fmt.Errorf("experiments: Slurm array task %d is shard %d of %d: use an array like --array=0-%d", id, s.Index, n, n-1)
		}
		return s, fmt.Sprintf("Slurm array task %d of %d", id, n), true, nil
	}
	if getenv("JOB_COMPLETION_INDEX") != "" {
		i, err := num("JOB_COMPLETION_INDEX")
		if err != nil {
			return s, "", false, err
		}
		if getenv("TIAOKUAI_SHARDS") == "" {
			return s, "", false, fmt.Errorf("experiments: JOB_COMPLETION_INDEX is set but TIAOKUAI_SHARDS is not: set it to the Job's completions")
		}
		n, err := num("TIAOKUAI_SHARDS")
		if err != nil {
			return s, "", false, err
		}
		if n < 1 || i < 0 || i >= n {
			return s, "", false, fmt.Errorf("experiments: JOB_COMPLETION_INDEX=%d is outside TIAOKUAI_SHARDS=%d", i, n)
		}
		return Shard{Index: i, Count: n}, fmt.Sprintf("Kubernetes completion index %d of %d", i, n), true, nil
	}
	return s, "", false, nil
}
