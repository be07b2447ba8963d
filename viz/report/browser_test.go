package report

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// BrowserEnv turns on TestReportInChromium; scripts/test.sh sets it after
// installing Chromium and fonts-noto-cjk. ArtifactsEnv names the directory
// the screenshots go to (default: a temporary directory, logged).
const (
	BrowserEnv   = "TIAOKUAI_BROWSER_TEST"
	ArtifactsEnv = "TIAOKUAI_ARTIFACTS"
)

// TestReportInChromium opens the report, in English and in Chinese, in
// headless Chromium (Debian's chromium, driven over the DevTools protocol
// on a pipe: no network, no npm), and checks that it loads with no console
// message of level warning or error, no uncaught exception, no failed
// request, and every chart decoded; then takes a full-page screenshot.
func TestReportInChromium(t *testing.T) {
	start := time.Now()
	if os.Getenv(BrowserEnv) == "" {
		t.Skipf("set %s=1 to open the report in headless Chromium (scripts/test.sh does)", BrowserEnv)
	}
	bin := os.Getenv("CHROMIUM")
	if bin == "" {
		for _, b := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(b); err == nil {
				bin = p
				break
			}
		}
	}
	if bin == "" {
		t.Fatal("no chromium on PATH (apt-get install chromium)")
	}
	s, err := Load(fixtures(t)...)
	if err != nil {
		t.Fatal(err)
	}
	art := os.Getenv(ArtifactsEnv)
	if art == "" {
		art = t.TempDir()
	}
	if err := os.MkdirAll(art, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("fixtures and setup: %v", time.Since(start))
	b, err := startBrowser(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	// the check itself: a broken page must fail it
	bad := filepath.Join(art, "broken.html")
	os.WriteFile(bad, []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title><link rel="icon" href="data:,"></head>`+
		`<body><img src="missing.png"><script>console.error("boom"); undefinedFunction();</script></body></html>`), 0o644)
	absBad, _ := filepath.Abs(bad)
	t0 := time.Now()
	res, err := b.load("file://"+absBad, 1000)
	t.Logf("broken page checked in %v", time.Since(t0))
	if err != nil {
		t.Fatal(err)
	}
	if all := strings.Join(res.problems, "\n"); !strings.Contains(all, "boom") || !strings.Contains(all, "undefinedFunction") || res.broken != 1 {
		t.Fatalf("the check misses a broken page's problems: %q, %d broken images", res.problems, res.broken)
	}
	os.Remove(bad)
	for _, lang := range []Lang{English, Chinese} {
		r, err := Build(s, Options{Lang: lang, Command: "go test ./viz/report"})
		if err != nil {
			t.Fatal(err)
		}
		var h bytes.Buffer
		if err := r.HTML(&h); err != nil {
			t.Fatal(err)
		}
		page := filepath.Join(art, "report-"+lang.String()+".html")
		if err := os.WriteFile(page, h.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		abs, _ := filepath.Abs(page)
		t1 := time.Now()
		res, err := b.load("file://"+abs, 1000)
		t.Logf("%s: loaded and shot in %v", lang, time.Since(t1))
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for _, p := range res.problems {
			t.Errorf("%s: %s", lang, p)
		}
		if res.images < 6 || res.broken > 0 {
			t.Errorf("%s: %d images, %d not decoded", lang, res.images, res.broken)
		}
		if res.title != r.Title {
			t.Errorf("%s: page title %q, want %q", lang, res.title, r.Title)
		}
		shot := filepath.Join(art, "report-"+lang.String()+".png")
		if err := os.WriteFile(shot, res.screenshot, 0o644); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(res.screenshot))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", lang, err)
		}
		if img.Bounds().Dx() != 1000 || img.Bounds().Dy() < 3000 {
			t.Errorf("%s: screenshot %v: want the whole page, 1000 px wide and long", lang, img.Bounds())
		}
		t.Logf("%s: loaded in Chromium with no console errors; %d charts; screenshot %s (%d×%d)", lang, res.images, shot, img.Bounds().Dx(), img.Bounds().Dy())
	}
}

// browser is a headless Chromium driven over --remote-debugging-pipe:
// JSON messages separated by NUL bytes, written to its fd 3 and read from
// its fd 4.
type browser struct {
	cmd     *exec.Cmd
	w       io.WriteCloser
	dir     string
	mu      sync.Mutex
	next    int
	waiting map[int]chan message
	events  chan message
	done    chan struct{}
	stderr  bytes.Buffer
}

type message struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func startBrowser(bin string) (*browser, error) {
	dir, err := os.MkdirTemp("", "chromium-profile")
	if err != nil {
		return nil, err
	}
	inR, inW, err := os.Pipe() // we write, Chromium reads (its fd 3)
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe() // Chromium writes (its fd 4), we read
	if err != nil {
		return nil, err
	}
	// the flags of shared/notes/PLATFORM.md: no network, no GPU
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir="+dir, "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{inR, outW}
	b := &browser{cmd: cmd, w: inW, dir: dir, waiting: map[int]chan message{}, events: make(chan message, 1024), done: make(chan struct{})}
	cmd.Stderr = &b.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	inR.Close()
	outW.Close()
	go b.read(outR)
	return b, nil
}

func (b *browser) read(r io.Reader) {
	defer close(b.done)
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		chunk, err := br.ReadBytes(0)
		if len(chunk) > 1 {
			var m message
			if json.Unmarshal(chunk[:len(chunk)-1], &m) == nil {
				if m.ID != 0 {
					b.mu.Lock()
					ch := b.waiting[m.ID]
					delete(b.waiting, m.ID)
					b.mu.Unlock()
					if ch != nil {
						ch <- m
					}
				} else {
					select {
					case b.events <- m:
					default: // never block the reader
					}
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// call sends a command and waits for its answer.
func (b *browser) call(session, method string, params any, result any) error {
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan message, 1)
	b.waiting[id] = ch
	b.mu.Unlock()
	p, _ := json.Marshal(params)
	msg, _ := json.Marshal(message{ID: id, Method: method, Params: p, SessionID: session})
	if _, err := b.w.Write(append(msg, 0)); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-time.After(30 * time.Second):
		return fmt.Errorf("%s: no answer from Chromium in 30 s (stderr: %s)", method, lastLines(b.stderr.String(), 5))
	case <-b.done:
		return fmt.Errorf("%s: Chromium exited (stderr: %s)", method, lastLines(b.stderr.String(), 5))
	}
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, " | ")
}

type loadResult struct {
	problems       []string
	images, broken int
	title          string
	screenshot     []byte
}

// load opens url in a new tab width CSS pixels wide, waits for the load
// event and a moment for late messages, and reports what went wrong.
func (b *browser) load(url string, width int) (*loadResult, error) {
	var tgt struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &tgt); err != nil {
		return nil, err
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call("", "Target.attachToTarget", map[string]any{"targetId": tgt.TargetID, "flatten": true}, &att); err != nil {
		return nil, err
	}
	s := att.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable", "Network.enable"} {
		if err := b.call(s, m, map[string]any{}, nil); err != nil {
			return nil, err
		}
	}
	if err := b.call(s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		return nil, err
	}
	// drop what came before the navigation
	for len(b.events) > 0 {
		<-b.events
	}
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	if err := b.call(s, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return nil, err
	}
	res := &loadResult{}
	if nav.ErrorText != "" {
		res.problems = append(res.problems, "navigation: "+nav.ErrorText)
	}
	loaded := false
	deadline := time.After(30 * time.Second)
	var settle <-chan time.Time
	for settle == nil || !loaded {
		select {
		case m := <-b.events:
			if m.SessionID != s {
				continue
			}
			if m.Method == "Page.loadEventFired" {
				loaded = true
				settle = time.After(500 * time.Millisecond)
				continue
			}
			if p := problem(m); p != "" {
				res.problems = append(res.problems, p)
			}
		case <-deadline:
			return nil, fmt.Errorf("the page did not load in 30 s")
		}
	}
	// late messages
	for wait := true; wait; {
		select {
		case m := <-b.events:
			if m.SessionID == s {
				if p := problem(m); p != "" {
					res.problems = append(res.problems, p)
				}
			}
		case <-settle:
			wait = false
		}
	}
	var ev struct {
		Result struct {
			Value string `json:"value"`
		} `json:"result"`
	}
	expr := `JSON.stringify({title: document.title, images: document.images.length,
		broken: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length})`
	if err := b.call(s, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &ev); err != nil {
		return nil, err
	}
	var info struct {
		Title          string `json:"title"`
		Images, Broken int
	}
	if err := json.Unmarshal([]byte(ev.Result.Value), &info); err != nil {
		return nil, fmt.Errorf("page info %q: %w", ev.Result.Value, err)
	}
	res.title, res.images, res.broken = info.Title, info.Images, info.Broken
	var lm struct {
		ContentSize struct {
			Width, Height float64
		} `json:"cssContentSize"`
	}
	if err := b.call(s, "Page.getLayoutMetrics", map[string]any{}, &lm); err != nil {
		return nil, err
	}
	var shot struct {
		Data string `json:"data"`
	}
	clip := map[string]any{"x": 0, "y": 0, "width": width, "height": lm.ContentSize.Height, "scale": 1}
	if err := b.call(s, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true, "clip": clip}, &shot); err != nil {
		return nil, err
	}
	var err error
	res.screenshot, err = base64.StdEncoding.DecodeString(shot.Data)
	return res, err
}

// problem describes an event that means the page did not load cleanly.
func problem(m message) string {
	switch m.Method {
	case "Runtime.exceptionThrown":
		return "uncaught exception: " + string(m.Params)
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
			Args []struct {
				Value any `json:"value"`
			} `json:"args"`
		}
		json.Unmarshal(m.Params, &p)
		if p.Type == "error" || p.Type == "warning" || p.Type == "assert" {
			return fmt.Sprintf("console.%s: %v", p.Type, p.Args)
		}
	case "Log.entryAdded":
		var p struct {
			Entry struct {
				Level, Text, URL, Source string
			} `json:"entry"`
		}
		json.Unmarshal(m.Params, &p)
		if p.Entry.Level == "error" || p.Entry.Level == "warning" {
			return fmt.Sprintf("console %s (%s): %s %s", p.Entry.Level, p.Entry.Source, p.Entry.Text, p.Entry.URL)
		}
	case "Network.loadingFailed":
		return "request failed: " + string(m.Params)
	}
	return ""
}

func (b *browser) close() {
	b.call("", "Browser.close", map[string]any{}, nil)
	b.w.Close()
	done := make(chan error, 1)
	go func() { done <- b.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		b.cmd.Process.Kill() // only the process this test started
		<-done
	}
	os.RemoveAll(b.dir)
}
