package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExitCodes(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.toml")
	os.WriteFile(bad, []byte("name = \"x\"\n[platform]\ndata_sharing = 2\nbogus = 1\n"), 0o644)
	out := t.TempDir()
	cases := []struct {
		args []string
		code int
		want string // in stderr
	}{
		{nil, 2, "usage"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"run"}, 2, "want one scenario"},
		{[]string{"run", "classroom", "--seed", "x"}, 2, "--seed"},
		{[]string{"run", "no-such-scenario"}, 2, "no-such-scenario"},
		{[]string{"check", bad}, 2, "bad.toml:3"},
		{[]string{"check", bad}, 2, "bad.toml:4"},
		{[]string{"run", "classroom", "--set", "platform.data_sharing=7"}, 2, "data_sharing"},
		{[]string{"check", "-q", "classroom"}, 0, ""},
		{[]string{"scenarios"}, 0, ""},
		{[]string{"run", "classroom", "-q", "--horizon", "4w", "--out", out}, 0, ""},
	}
	for _, c := range cases {
		var so, se bytes.Buffer
		code := run(c.args, &so, &se)
		if code != c.code || !strings.Contains(se.String(), c.want) {
			t.Errorf("sim %v: exit %d, stderr %q; want exit %d and %q", c.args, code, se.String(), c.code, c.want)
		}
	}
	for _, f := range []string{"summary.json", "timeseries.csv", "ranking.csv", "manifest.json", "timing.json"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("sim run wrote no %s: %v", f, err)
		}
	}
}

func TestScenariosListsShipped(t *testing.T) {
	var so, se bytes.Buffer
	if code := run([]string{"scenarios"}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	for _, name := range []string{"classroom", "midcity", "midcity-s4-overall", "reform-one-window"} {
		if !strings.Contains(so.String(), name) {
			t.Errorf("sim scenarios does not list %s", name)
		}
	}
}
