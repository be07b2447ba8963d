// Command simview runs a scenario live in a window (ebiten): the city
// with its citizens, tickets and loads, a side panel with the clock, KPIs,
// charts and levers, and keys to pause, change speed, step, restart on
// the same seed, flip levers and compare two runs side by side.
//
//	simview [SCENARIO] [--seed N] [--set k=v ...] [--vs SCENARIO2 [--set2 k=v ...]]
//	        [--lang en|zh] [--speed 600] [--start 1w8h]
//	simview --web [--addr 127.0.0.1:8080]   # the same viewer in the browser (WebAssembly)
//	simview --export DIR                   # the browser version as static files
//
// The window needs the build tag "viewer" (it imports ebiten, which needs
// cgo and X11 headers, and a display at run time):
//
//	go run -tags viewer ./cmd/simview classroom
//
// Built without the tag, simview is pure Go and only serves or exports the
// browser version (--web, --export), so it runs on a server with no
// display; with the tag it does both.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/viz/play"
)

// config is what the flags say.
type config struct {
	spec       play.Spec
	opt        play.Options
	web        bool
	addr       string
	export     string
	frames     int64
	screenshot string
	vsync      bool
}

func parse(args []string) (*config, error) {
	fs := flag.NewFlagSet("simview", flag.ContinueOnError)
	var sets, sets2 scenarios.Sets
	fs.Var(&sets, "set", "override a parameter (repeatable)")
	fs.Var(&sets2, "set2", "override a parameter of the --vs scenario (repeatable)")
	vs := fs.String("vs", "", "a second scenario side by side (split screen), same seed")
	seed := fs.Uint64("seed", 0, "run seed (default: the scenario's)")
	lang := fs.String("lang", "en", "labels: en or zh (L switches)")
	speed := fs.Float64("speed", 600, "simulated seconds per real second (nearest of 1 … 86400)")
	start := fs.String("start", "1w8h", "simulated time to start at (from Monday 00:00 of day 1)")
	c := &config{}
	fs.BoolVar(&c.web, "web", false, "serve the browser version on --addr instead of opening a window")
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address for --web")
	fs.StringVar(&c.export, "export", "", "write the browser version's static files to this directory and exit")
	fs.Int64Var(&c.frames, "frames", 0, "quit after this many frames (0: run until closed)")
	fs.StringVar(&c.screenshot, "screenshot", "", "with --frames: save the last frame as PNG")
	fs.BoolVar(&c.vsync, "vsync", true, "wait for the display's refresh")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) > 1 {
		return nil, fmt.Errorf("want at most one scenario, got %d", len(pos))
	}
	name := "classroom"
	if len(pos) == 1 {
		name = pos[0]
	}
	c.spec = play.Spec{Scenario: name, Sets: sets, Seed: *seed}
	if *vs != "" {
		c.opt.Vs = &play.Spec{Scenario: *vs, Sets: sets2, Seed: *seed}
	}
	var err error
	if c.opt.Lang, err = i18n.Parse(*lang); err != nil {
		return nil, err
	}
	if c.opt.Start, err = play.ParseTime(*start); err != nil {
		return nil, err
	}
	c.opt.Speed = *speed
	c.opt.W, c.opt.H = 1280, 720
	return c, nil
}

func main() {
	c, err := parse(os.Args[1:])
	if err == flag.ErrHelp {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "simview:", err)
		os.Exit(2)
	}
	if c.export != "" || c.web {
		if err := serveWeb(c); err != nil {
			fmt.Fprintln(os.Stderr, "simview:", err)
			os.Exit(1)
		}
		return
	}
	if err := runWindow(c); err != nil {
		fmt.Fprintln(os.Stderr, "simview:", err)
		os.Exit(1)
	}
}
