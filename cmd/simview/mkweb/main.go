// Command mkweb builds the browser version of the viewer into
// cmd/simview/web, where `simview --web` embeds it from:
//
//  1. a bitmap atlas of every glyph the viewer can show (the labels of the
//     shipped scenarios and of the interface, in English and Chinese),
//     rendered from the CJK font found here, into viz/glyph/atlas.bin (the
//     browser has no font files);
//  2. GOOS=js GOARCH=wasm go build -tags viewer ./cmd/simview → web/main.wasm;
//  3. a copy of $(go env GOROOT)/lib/wasm/wasm_exec.js.
//
// Run it from anywhere inside the module, then build simview:
//
//	go run ./cmd/simview/mkweb && go build -tags viewer -o simview ./cmd/simview
//
// The outputs are not committed (.gitignore); scripts/test.sh runs this.
package main

import (
	"bytes"
	"fmt"
	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/viz/glyph"
	"github.com/tiaokuai/tiaokuai/viz/raster"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mkweb:", err)
		os.Exit(1)
	}
}

func goEnv(key string) (string, error) {
	out, err := exec.Command("go", "env", key).Output()
	return strings.TrimSpace(string(out)), err
}

func run() error {
	gomod, err := goEnv("GOMOD")
	if err != nil || gomod == "" || gomod == os.DevNull {
		return fmt.Errorf("run inside the module (go env GOMOD: %q, %v)", gomod, err)
	}
	root := filepath.Dir(gomod)
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return err
	}

	// 1. The glyph atlas.
	path := glyph.Find()
	if path == "" {
		return fmt.Errorf("no CJK font found: apt-get install fonts-noto-cjk, or set %s", glyph.FontEnv)
	}
	sizes := raster.Sizes()
	set, err := glyph.OpenFile(path, sizes)
	if err != nil {
		return err
	}
	var text strings.Builder
	for r := rune(0x20); r < 0x7f; r++ {
		text.WriteRune(r)
	}
	text.WriteString("×…·–—←→▶□%（）：，。、")
	text.WriteString(scene.AllText())
	for _, in := range scenarios.Shipped() {
		data, err := scenarios.ReadShipped(in.Name)
		if err != nil {
			return err
		}
		text.Write(data)
	}
	var runes []rune
	for _, r := range text.String() {
		if r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0) {
			runes = append(runes, r)
		}
	}
	atlas := glyph.MakeAtlas(set, sizes, runes)
	data, err := atlas.Encode()
	if err != nil {
		return err
	}
	atlasPath := filepath.Join(root, "viz", "glyph", "atlas.bin")
	if err := writeIfChanged(atlasPath, data); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "mkweb: %s: %d glyphs × %d sizes from %s (%d bytes)\n", atlasPath, len(atlas.Faces[0].Runes), len(sizes), path, len(data))

	// 2. The WebAssembly build.
	webDir := filepath.Join(root, "cmd", "simview", "web")
	wasm := filepath.Join(webDir, "main.wasm")
	cmd := exec.Command("go", "build", "-tags", "viewer", "-trimpath", "-ldflags", "-s -w", "-o", wasm, "./cmd/simview")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("GOOS=js GOARCH=wasm go build: %v", err)
	}
	if st, err := os.Stat(wasm); err == nil {
		fmt.Fprintf(os.Stderr, "mkweb: %s (%d bytes)\n", wasm, st.Size())
	}

	// 3. wasm_exec.js from this Go.
	js, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		js, err = os.ReadFile(filepath.Join(goroot, "misc", "wasm", "wasm_exec.js"))
	}
	if err != nil {
		return err
	}
	if err := writeIfChanged(filepath.Join(webDir, "wasm_exec.js"), js); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "mkweb: done; now: go build -tags viewer ./cmd/simview && simview --web")
	return nil
}

// writeIfChanged keeps the file's time when its content is the same, so
// the Go build cache stays warm.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return atomicfile.Write(path, data)
}
