//go:build !js

package main

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/i18n"
)

func TestParse(t *testing.T) {
	c, err := parse([]string{"midcity", "--lang", "zh", "--speed", "3600", "--set", "platform.one_window=true", "--vs", "classroom", "--start", "2w9h"})
	if err != nil {
		t.Fatal(err)
	}
	if c.spec.Scenario != "midcity" || len(c.spec.Sets) != 1 || c.opt.Vs == nil || c.opt.Vs.Scenario != "classroom" {
		t.Errorf("spec %+v vs %+v", c.spec, c.opt.Vs)
	}
	if c.opt.Lang != i18n.Chinese || c.opt.Speed != 3600 || c.opt.Start != 2*10080+9*60 {
		t.Errorf("options %+v", c.opt)
	}
	if c, err := parse(nil); err != nil || c.spec.Scenario != "classroom" || c.addr != "127.0.0.1:8080" {
		t.Errorf("defaults: %+v %v", c, err)
	}
	for _, bad := range [][]string{{"a", "b"}, {"--lang", "fr"}, {"--start", "soon"}, {"--set", "novalue"}} {
		if _, err := parse(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// The browser build is embedded: the page, the WebAssembly and its loader
// are served (the .wasm as application/wasm) and exported as static files.
// Needs `go run ./cmd/simview/mkweb` first (cmd/simview/ci.sh runs it).
func TestWebEmbedded(t *testing.T) {
	sub, err := webFS()
	if err != nil {
		t.Skip(err)
	}
	srv := httptest.NewServer(http.FileServer(http.FS(sub)))
	defer srv.Close()
	for path, want := range map[string]string{"/": "text/html", "/main.wasm": "application/wasm", "/wasm_exec.js": "javascript"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), want) {
			t.Errorf("%s: %d %s, want %s", path, res.StatusCode, res.Header.Get("Content-Type"), want)
		}
	}
	dir := t.TempDir()
	if err := exportTo(sub, dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "main.wasm", "wasm_exec.js"} {
		a, _ := fs.ReadFile(sub, f)
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || len(a) == 0 || string(a) != string(b) {
			t.Errorf("exported %s differs (%v)", f, err)
		}
	}
	if err := serveWeb(&config{web: true, addr: "0.0.0.0:0"}); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("a non-loopback address was accepted: %v", err)
	}
}
