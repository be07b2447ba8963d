package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/tiaokuai/tiaokuai/experiments"
)

func cmdMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge", stderr, "DIR... [--out DIR]")
	out := fs.String("out", "", "where to write the merged outputs (default: the directory holding the shards)")
	quiet := fs.Bool("q", false, "print nothing on success")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim merge: %v", err)
	}
	if len(pos) == 0 {
		return usageErr("sim merge: want the sweep's directory, or its shard directories")
	}
	dirs := experiments.ShardDirs(pos)
	dest := *out
	if dest == "" {
		parent := filepath.Dir(filepath.Clean(dirs[0]))
		for _, d := range dirs[1:] {
			if filepath.Dir(filepath.Clean(d)) != parent {
				return usageErr("sim merge: the shards are in different directories; say where the merged outputs go with --out")
			}
		}
		dest = parent
	}
	tm, err := experiments.Merge(dirs, dest)
	if err != nil {
		return inputErr(err)
	}
	if !*quiet {
		fmt.Fprintf(stdout, "merged %d shards (%d runs) into %s\n", len(tm.Shards), tm.Runs, dest)
	}
	return nil
}
