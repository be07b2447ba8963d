package main

import (
	"flag"
	"os"
	"runtime"
	"strconv"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// expArgs is what sim sweep and sim optimize take from their command line
// alike: the experiment file (loaded), the root seed, the shard and the
// number of workers.
type expArgs struct {
	path      string
	src       scenarios.Source
	e         *scenarios.Experiment
	shard     experiments.Shard
	shardFrom string // "--shard", or the environment variable it came from
	workers   int
}

// parseExpArgs parses the flags of command cmd ("sweep", "optimize"),
// loads the one experiment file named and applies --seed, --shard (or the
// shard of a Slurm array or Kubernetes Indexed Job) and --workers.
func parseExpArgs(cmd string, fs *flag.FlagSet, args []string, workers *int, seed, shardFlag *string) (*expArgs, error) {
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return nil, err
		}
		return nil, usageErr("sim %s: %v", cmd, err)
	}
	if len(pos) != 1 {
		return nil, usageErr("sim %s: want one experiment file, got %d arguments", cmd, len(pos))
	}
	if *workers < 0 {
		return nil, usageErr("sim %s: --workers wants a positive number, got %d", cmd, *workers)
	}
	a := &expArgs{path: pos[0], src: experiments.CachedSource(), workers: *workers}
	if a.e, err = a.src.LoadExperiment(a.path); err != nil {
		return nil, inputErr(err)
	}
	if *seed != "" {
		s, err := strconv.ParseUint(*seed, 10, 64)
		if err != nil {
			return nil, usageErr("sim %s: --seed wants a non-negative integer, got %q", cmd, *seed)
		}
		a.e.Seed = s
	}
	if *shardFlag != "" {
		if a.shard, err = experiments.ParseShard(*shardFlag); err != nil {
			return nil, usageErr("sim %s: %v", cmd, err)
		}
		a.shardFrom = "--shard"
	} else {
		s, from, ok, err := experiments.ShardFromEnv(os.Getenv)
		if err != nil {
			return nil, usageErr("sim %s: %v", cmd, err)
		}
		if ok {
			a.shard, a.shardFrom = s, from
		}
	}
	if a.workers == 0 {
		a.workers = runtime.GOMAXPROCS(0)
	}
	return a, nil
}
