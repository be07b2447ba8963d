// Package chart draws tiaokuai's charts as PNG or SVG. It is the only
// package that imports gonum.org/v1/plot.
//
// Every chart is built in two steps. A constructor (Latency, Visits,
// TimeSeries, Response, WorkloadMap, Lorenz, Forest, CostEffect, Sobol)
// takes plain data — slices and small structs, never files — checks it
// (NaN, ±Inf and empty inputs are errors that say which series and which
// value), and computes what will be drawn: a Chart, a list of Layers of
// plain numbers (the cumulative shares of an ECDF, the stacked shares of a
// bar, the cells of a heat map, the points of a Lorenz curve, the packages
// on a cost frontier). Render then draws exactly those layers. Tests check
// the layers against hand-computed numbers and the rendered images for
// size and content.
//
// Every axis has a label and a unit. Series are told apart by a colour
// scheme whose colours differ in lightness as well as hue, by dash
// patterns and by marker shapes, so charts stay readable in greyscale
// print; sequential scales (visits, workload) run from light to dark.
//
// Text may be Chinese (district and street names often are). A CJK font is
// found at run time: the file named by $TIAOKUAI_CJK_FONT, else Debian's
// fonts-noto-cjk (Noto Sans CJK SC) or another common CJK font. Without
// one, charts still render in Liberation Sans and Chart.Warnings says which
// text will show as empty boxes and how to install a font. Labels come in
// English or Simplified Chinese (Options.Lang).
package chart
