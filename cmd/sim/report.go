package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
	"github.com/tiaokuai/tiaokuai/viz/report"
)

func cmdReport(args []string, stdout, stderr io.Writer) error {
	const synopsis = "DIR... [-o report.html] [--lang en|zh]"
	fs := newFlagSet("report", stderr, synopsis)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: sim report %s\n\nWrites a policy report of `sim run` directories (the first scenario is the baseline;\nseveral seeds of a scenario are its replications) or of one sweep or compare directory, or of one sim optimize directory (best packages under budget):\none self-contained HTML file, and beside it the same in Markdown (FILE.md) with its\ncharts in FILE-charts/.\n\nflags:\n", synopsis)
		fs.PrintDefaults()
	}
	out := fs.String("o", "report.html", "the HTML file to write")
	lang := fs.String("lang", "en", "language: en (English) or zh (Simplified Chinese)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim report: %v", err)
	}
	if len(pos) == 0 {
		return usageErr("sim report: want at least one output directory")
	}
	language, err := i18n.Parse(*lang)
	if err != nil {
		return usageErr("sim report: --lang wants en or zh, got %q", *lang)
	}
	if ext := strings.ToLower(filepath.Ext(*out)); ext != ".html" && ext != ".htm" {
		return usageErr("sim report: -o wants an .html file name, got %q", *out)
	}
	st, err := report.Load(pos...)
	if err != nil {
		return inputErr(err)
	}
	warnNonFinite(stderr, pos)
	r, err := report.Build(st, report.Options{Lang: language, Command: "sim report " + strings.Join(args, " ")})
	if err != nil {
		return inputErr(err)
	}
	written, err := writeReport(r, *out)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, w := range r.Warnings {
		if !seen[w] {
			seen[w] = true
			fmt.Fprintln(stderr, "sim: warning:", w)
		}
	}
	if st.Optimize != nil {
		fmt.Fprintf(stdout, "report of the policy search %s written to %s\n", st.Optimize.Experiment, strings.Join(written, ", "))
		return nil
	}
	fmt.Fprintf(stdout, "report of %d scenario(s) written to %s\n", len(st.Scenarios), strings.Join(written, ", "))
	return nil
}

// writeReport writes FILE.html, FILE.md and FILE-charts/*.png, returning
// what it wrote.
func writeReport(r *report.Report, htmlPath string) ([]string, error) {
	if dir := filepath.Dir(htmlPath); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	var h bytes.Buffer
	if err := r.HTML(&h); err != nil {
		return nil, err
	}
	if err := atomicfile.Write(htmlPath, h.Bytes()); err != nil {
		return nil, err
	}
	stem := strings.TrimSuffix(htmlPath, filepath.Ext(htmlPath))
	imgDir := stem + "-charts"
	var md bytes.Buffer
	imgs, err := r.Markdown(&md, filepath.Base(imgDir))
	if err != nil {
		return nil, err
	}
	if len(imgs) > 0 {
		if err := os.MkdirAll(imgDir, 0o755); err != nil {
			return nil, err
		}
		for name, b := range imgs {
			if err := atomicfile.Write(filepath.Join(imgDir, name), b); err != nil {
				return nil, err
			}
		}
	}
	if err := atomicfile.Write(stem+".md", md.Bytes()); err != nil {
		return nil, err
	}
	written := []string{htmlPath, stem + ".md"}
	if len(imgs) > 0 {
		written = append(written, imgDir+"/")
	}
	return written, nil
}
