//go:build !js

package main

import (
	"embed"
	"errors"
	"fmt"
	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
)

// web holds the browser version: index.html (committed), and main.wasm
// and wasm_exec.js, made by `go run ./cmd/simview/mkweb` (not committed).
//
//go:embed web
var web embed.FS

func webFS() (fs.FS, error) {
	sub, err := fs.Sub(web, "web")
	if err != nil {
		return nil, err
	}
	for _, f := range []string{"index.html", "main.wasm", "wasm_exec.js"} {
		if _, err := fs.Stat(sub, f); err != nil {
			return nil, fmt.Errorf("the browser build is missing %s: run `go run ./cmd/simview/mkweb`, then rebuild simview", f)
		}
	}
	return sub, nil
}

// serveWeb serves (or, with --export, writes) the browser version.
func serveWeb(c *config) error {
	sub, err := webFS()
	if err != nil {
		return err
	}
	if c.export != "" {
		return exportTo(sub, c.export)
	}
	host, _, err := net.SplitHostPort(c.addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("--addr must be a loopback address (127.0.0.1:PORT); to publish, use --export DIR and a static file server")
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "simview: serving the browser viewer at http://%s/ (Ctrl-C stops)\n", ln.Addr())
	mux := http.NewServeMux()
	files := http.FileServer(http.FS(sub))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
	return http.Serve(ln, mux)
}

func exportTo(sub fs.FS, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "simview: wrote %s (%d bytes)\n", out, len(data))
		return atomicfile.Write(out, data)
	})
}
