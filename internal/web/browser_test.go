package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's Chromium (scripts/install-chromium)
// with chromedp. Outside CI they skip when it is missing; under CI
// (CI=true) they fail, so they never silently stop running.

const chromiumPath = "/usr/bin/chromium"

var browserOnce struct {
	sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    error
}

// browser returns a new tab of the package's one headless Chromium.
func browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	exe := os.Getenv("TELLTALE_CHROMIUM")
	if exe == "" {
		exe = chromiumPath
	}
	if _, err := os.Stat(exe); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Chromium not found at %s: run scripts/install-chromium", exe)
		}
		t.Skipf("Chromium not found at %s: run scripts/install-chromium to run the browser tests", exe)
	}
	browserOnce.Do(func() {
		dir, err := os.MkdirTemp("", "telltale-chromium-")
		if err != nil {
			browserOnce.err = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exe), chromedp.UserDataDir(dir),
			chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("hide-scrollbars", true), chromedp.Flag("mute-audio", true),
			chromedp.WindowSize(1280, 900),
		}
		alloc, _ := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(alloc)
		if err := chromedp.Do(ctx); err != nil {
			browserOnce.err = err
			cancel()
			return
		}
		browserOnce.ctx, browserOnce.cancel = ctx, cancel
	})
	if browserOnce.err != nil {
		t.Fatalf("start Chromium: %v", browserOnce.err)
	}
	tab, cancel := chromedp.NewContext(browserOnce.ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	// Every JavaScript dialog (alert, confirm) is a test failure: no page
	// of ours opens one, so one means injected script ran.
	if err := chromedp.Listen(tab, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			t.Errorf("a JavaScript dialog opened: %q", d.Message)
			go chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}); err != nil {
		t.Fatal(err)
	}
	tab, cancelTimeout := context.WithTimeout(tab, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return tab
}

// artefacts is where the browser tests leave screenshots.
func artefacts(t *testing.T) string {
	dir := os.Getenv("TELLTALE_ARTEFACTS")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "test-artefacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	act(t, ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	png := value(t, ctx, chromedp.FullScreenshot(100))
	path := filepath.Join(artefacts(t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// act runs browser steps, failing the test on the first error.
func act(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// value runs one browser action that returns a value.
func value[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// call sends one protocol command to the tab.
func call[P, R any](t *testing.T, ctx context.Context, cmd cdp.Command[P, R], params P) {
	t.Helper()
	if _, err := chromedp.Call(ctx, cmd, params); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return value(t, ctx, chromedp.Text(chromedp.CSS(sel)))
}

// cliSectorCount runs `telltale sector KEY --json` on the test database
// and returns its attacker count.
func cliSectorCount(t *testing.T, dbPath, key string) int {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	bin := filepath.Join(t.TempDir(), "telltale")
	build := exec.Command("go", "build", "-o", bin, "./cmd/telltale")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build telltale: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "sector", key, "--json", "--db", dbPath).Output()
	if err != nil {
		t.Fatalf("telltale sector %s --json: %v", key, err)
	}
	var l struct {
		AttackerCount int `json:"attacker_count"`
	}
	if err := json.Unmarshal(out, &l); err != nil {
		t.Fatalf("telltale sector --json: %v", err)
	}
	return l.AttackerCount
}

type axeViolation struct {
	ID          string `json:"id"`
	Impact      string `json:"impact"`
	Description string `json:"description"`
	Nodes       []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// checkAxe runs axe-core's WCAG 2.1 A and AA rules on the page.
func checkAxe(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	axe, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	act(t, ctx, chromedp.Evaluate[chromedp.Void](string(axe)))
	res := value(t, ctx, chromedp.Evaluate[struct {
		Passes     []struct{ ID string } `json:"passes"`
		Violations []axeViolation        `json:"violations"`
	}](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => ({passes: r.passes.map(p => ({ID: p.id})), violations: r.violations}))`,
		chromedp.EvalAwaitPromise))
	if len(res.Passes) < 10 {
		t.Errorf("%s: axe checked only %d rules", what, len(res.Passes))
	}
	for _, v := range res.Violations {
		var targets []string
		for i, n := range v.Nodes {
			if i == 3 {
				targets = append(targets, "…")
				break
			}
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		t.Errorf("%s: axe %s (%s): %s at %s", what, v.ID, v.Impact, v.Description, strings.Join(targets, ", "))
	}
}

func dark(t *testing.T, ctx context.Context, on bool) {
	scheme := "light"
	if on {
		scheme = "dark"
	}
	call(t, ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
}

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	a := newApp(t)
	// A technique used by MuddyWater, so the heatmap has a cell to open.
	a.importJSON(t,
		`{"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--a62a8db3-f23a-4d8f-afd6-9dbc77e7813b","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"Spearphishing Attachment","kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"initial-access"}],"external_references":[{"source_name":"mitre-attack","external_id":"T1566.001","url":"https://attack.mitre.org/techniques/T1566/001"}]}`,
		`{"type":"relationship","spec_version":"2.1","id":"relationship--3b5f1c2d-4e6f-4a7b-8c9d-0e1f2a3b4c5d","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","relationship_type":"uses","source_ref":"intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75","target_ref":"attack-pattern--a62a8db3-f23a-4d8f-afd6-9dbc77e7813b"}`,
		xssObject)
	// 60 indicators of MuddyWater: its page lists them 50 at a time, and
	// the search box still suggests MuddyWater first for "Muddy" (the
	// full-text search ranks "muddy-1.example" before it).
	var indicators []string
	for n := 1; n <= 60; n++ {
		indicators = append(indicators,
			fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08d-3333-4333-8333-333333333333","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"muddy-%d.example","pattern":"[domain-name:value = 'muddy-%d.example']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","confidence":60}`, n, n, n),
			fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%08d-4444-4444-8444-444444444444","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"indicates","source_ref":"indicator--%08d-3333-4333-8333-333333333333","target_ref":"intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75"}`, n, n))
	}
	a.importJSON(t, indicators...)
	base := a.ts.URL
	dark(t, ctx, false)

	t.Run("ActorIndicators", func(t *testing.T) {
		act(t, ctx, chromedp.Navigate(base+"/actors/MuddyWater"), chromedp.WaitVisible(chromedp.CSS("#indicators")))
		rows := func() int {
			return value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#indicators tbody tr").length`))
		}
		if n := rows(); n != 50 {
			t.Errorf("first page: %d indicators, want 50", n)
		}
		checkAxe(t, ctx, "actor page with indicators")
		act(t, ctx, chromedp.Click(chromedp.CSS(`nav[aria-label="Indicators pages"] a[rel="next"]`)), chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Indicators pages"] a[rel="prev"]`)))
		if n, txt := rows(), text(t, ctx, "#indicators tbody"); n != 10 || !strings.Contains(txt, "muddy-60.example") {
			t.Errorf("second page: %d indicators (%.80q), want the last 10", n, txt)
		}
	})

	t.Run("SectorCountMatchesCLI", func(t *testing.T) {
		act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#attackers-table")))
		count := value(t, ctx, chromedp.AttributeValue(chromedp.CSS(".attacker-count"), "data-count"))
		title := text(t, ctx, "h1")
		want := cliSectorCount(t, a.db.Path(), "communication")
		if count.Value != fmt.Sprint(want) || !strings.Contains(title, fmt.Sprintf("Communication — %d attackers", want)) {
			t.Errorf("page says %q (%s), telltale sector --json says %d", title, count.Value, want)
		}
		screenshot(t, ctx, "sector-communication")
		checkAxe(t, ctx, "sector page")
	})

	t.Run("SearchATK51LandsOnMuddyWater", func(t *testing.T) {
		act(t, ctx,
			chromedp.Navigate(base+"/sectors"),
			chromedp.WaitVisible(chromedp.CSS("#q")),
			// "/" focuses the search box from anywhere on the page.
			chromedp.KeyEvent("/"),
		)
		if focused := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); focused != "q" {
			t.Errorf("after '/', focus is on %q", focused)
		}
		act(t, ctx,
			chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`),
			chromedp.SendKeys(chromedp.CSS("#q"), "Muddy"),
			chromedp.WaitVisible(chromedp.CSS("#suggestions li")),
		)
		suggestions := value(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#suggestions li")].map(li => li.textContent)`))
		if len(suggestions) == 0 || !strings.Contains(suggestions[0], "MuddyWater") {
			t.Errorf("suggestions for Muddy: %q", suggestions)
		}
		screenshot(t, ctx, "search-suggestions")
		act(t, ctx,
			chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`),
			chromedp.SendKeys(chromedp.CSS("#q"), "ATK51"),
			chromedp.Submit(chromedp.CSS("#q")),
			chromedp.WaitVisible(chromedp.CSS(".facts")),
		)
		if h1, kicker := text(t, ctx, "h1"), text(t, ctx, ".kicker"); h1 != "MuddyWater" || !strings.Contains(kicker, "ATK51") {
			t.Errorf("landed on %q (%q)", h1, kicker)
		}
		screenshot(t, ctx, "actor-muddywater")
		checkAxe(t, ctx, "actor page")

		act(t, ctx, chromedp.Navigate(base+"/search?q=telecom"), chromedp.WaitVisible(chromedp.CSS("#search-summary")))
		screenshot(t, ctx, "search-telecom")
		checkAxe(t, ctx, "search page")
	})

	t.Run("HeatmapCellShowsAttackers", func(t *testing.T) {
		cell := chromedp.CSS(`a.cell[href$="/techniques/T1566.001"]`)
		act(t, ctx,
			chromedp.Navigate(base+"/sectors/communication"),
			chromedp.WaitVisible(cell),
			chromedp.Click(cell),
			chromedp.WaitVisible(chromedp.CSS("#technique-attackers")),
		)
		if names := text(t, ctx, "#technique-attackers"); !strings.Contains(names, "MuddyWater") {
			t.Errorf("attackers of T1566.001: %q", names)
		}
		checkAxe(t, ctx, "technique page")
	})

	t.Run("NoInjectedScriptRuns", func(t *testing.T) {
		for _, path := range []string{"/objects/" + xssID, "/search?q=xsstest&all=1", "/objects/" + xssID + "/versions"} {
			act(t, ctx, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("footer")), chromedp.Sleep(200*time.Millisecond))
			ran := value(t, ctx, chromedp.Evaluate[bool](`window.__xss !== undefined`))
			injected := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('img[src="x"], svg, [onerror], [onmouseover], [onload], script:not([src]), a[href^="javascript:"]').length`))
			if ran || injected != 0 {
				t.Errorf("%s: injected script ran=%v, injected elements=%d", path, ran, injected)
			}
		}
		// The payload is on the page as text.
		act(t, ctx, chromedp.Navigate(base+"/objects/"+xssID))
		if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "<img src=x") {
			t.Errorf("name not shown as text: %q", h1)
		}
		screenshot(t, ctx, "object-xss")
		checkAxe(t, ctx, "object page")
	})

	t.Run("Upload", func(t *testing.T) {
		bundle := filepath.Join(t.TempDir(), "upload.json")
		if err := os.WriteFile(bundle, []byte(`{"type":"bundle","id":"bundle--2c1b8e38-0f4a-4b7e-9f3e-5d2a7c1e9f10","objects":[
		{"type":"malware","spec_version":"2.1","id":"malware--8c5f3e2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Browser upload","is_family":true},
		{"type":"malware","id":"broken"}]}`), 0o644); err != nil {
			t.Fatal(err)
		}
		// Anonymous: the form is there but disabled, with the reason.
		act(t, ctx, chromedp.Navigate(base+"/import"))
		if note := text(t, ctx, ".notice"); !strings.Contains(note, "Sign in to import") {
			t.Errorf("anonymous import page: %q", note)
		}
		checkAxe(t, ctx, "import page (anonymous)")

		// As an analyst: the test authenticator recognises the header.
		call(t, ctx, network.Enable, network.EnableParams{})
		call(t, ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"X-Test-User": "analyst"}})
		defer call(t, ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{}})
		act(t, ctx,
			chromedp.Navigate(base+"/import"),
			chromedp.WaitEnabled(chromedp.CSS("#file")),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{bundle}),
			chromedp.Click(chromedp.CSS(`#import-form button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#import-result [data-stat="added"]`)),
		)
		added, rejected := text(t, ctx, `#import-result [data-stat="added"]`), text(t, ctx, `#import-result [data-stat="rejected"]`)
		if reasons := text(t, ctx, "#import-result table"); added != "1" || rejected != "1" || !strings.Contains(reasons, "broken") {
			t.Errorf("summary: added %q, rejected %q, reasons %q", added, rejected, reasons)
		}
		screenshot(t, ctx, "import-summary")
		checkAxe(t, ctx, "import summary")
	})

	t.Run("DarkAndPhone", func(t *testing.T) {
		// The actor page at 1400 px in both themes (the sector, draft and
		// report pages are shot at that width by their own tests).
		act(t, ctx, chromedp.EmulateViewport(1400, 900), chromedp.Navigate(base+"/actors/MuddyWater"), chromedp.WaitVisible(chromedp.CSS(".facts")))
		screenshot(t, ctx, "actor-muddywater-1400")
		dark(t, ctx, true)
		act(t, ctx, chromedp.Navigate(base+"/sectors/communication"), chromedp.WaitVisible(chromedp.CSS("#attackers-table")))
		screenshot(t, ctx, "sector-communication-dark")
		checkAxe(t, ctx, "sector page, dark")
		act(t, ctx, chromedp.Navigate(base+"/actors/MuddyWater"), chromedp.WaitVisible(chromedp.CSS(".facts")))
		screenshot(t, ctx, "actor-muddywater-dark")
		checkAxe(t, ctx, "actor page, dark")
		dark(t, ctx, false)
		act(t, ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(base+"/sectors/communication"),
			chromedp.WaitVisible(chromedp.CSS("#attackers-table")),
		)
		if value(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)) {
			t.Error("the sector page scrolls sideways on a phone")
		}
		screenshot(t, ctx, "sector-communication-phone")
		act(t, ctx, chromedp.ResetViewport())
	})
}
