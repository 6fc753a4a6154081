package main

import (
	"context"
	"fmt"
	"github.com/telltale-cti/telltale/internal/testutil"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exit is the process exit code Main.report gives err.
func exit(err error) int {
	if err == nil {
		return 0
	}
	return (&Main{Stderr: &strings.Builder{}}).report(err)
}

// TestExitCodes: the exit codes the README documents (2 invalid input,
// 6 unavailable) for network failures, refused addresses, imports that
// keep nothing and feed polls that all fail.
func TestExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "exit.db")
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL + "/bundle.json"
	dead.Close()

	t.Run("ImportUnreachable", func(t *testing.T) {
		_, _, err := run(t, db, "import", "--allow-private-fetch", deadURL)
		if got := exit(err); got != 6 {
			t.Errorf("import of an unreachable URL exits %d (%v), want 6", got, err)
		}
	})
	t.Run("ImportPrivateNamesTheFlag", func(t *testing.T) {
		_, errOut, err := run(t, db, "import", "http://10.0.0.1/bundle.json")
		if got := exit(err); got != 2 || !strings.Contains(errOut, "--allow-private-fetch") {
			t.Errorf("import of a private URL exits %d, says %q; want 2 naming --allow-private-fetch", got, errOut)
		}
	})
	t.Run("ImportNotFound", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		defer srv.Close()
		_, _, err := run(t, db, "import", "--allow-private-fetch", srv.URL+"/none.json")
		if got := exit(err); got != 3 {
			t.Errorf("import of a 404 URL exits %d (%v), want 3", got, err)
		}
	})
	t.Run("ImportAllRejected", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.json")
		os.WriteFile(bad, []byte(`[{"type":"malware","id":"malware--bad"},{"type":"malware","id":"malware--worse"}]`), 0o600)
		out, errOut, err := run(t, db, "import", bad)
		if got := exit(err); got != 2 || !strings.Contains(errOut, "rejected") {
			t.Errorf("import with every object rejected exits %d (%q), want 2", got, errOut)
		}
		if strings.Contains(out, "the other objects were imported") || !strings.Contains(out, "nothing was imported") {
			t.Errorf("import with every object rejected says %q", out)
		}
		// One good object among bad ones is a partial import: exit 0.
		mixed := filepath.Join(t.TempDir(), "mixed.json")
		os.WriteFile(mixed, []byte(`[{"type":"malware","id":"malware--bad"},`+
			`{"type":"malware","spec_version":"2.1","id":"malware--9b19d6b4-cfcb-492f-8ca8-8449e7331599","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","name":"M","is_family":true}]`), 0o600)
		if _, _, err := run(t, db, "import", mixed); exit(err) != 0 {
			t.Errorf("a partial import exits %d (%v), want 0", exit(err), err)
		}
	})
	t.Run("FeedPollAllFailed", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>`)
		}))
		if _, _, err := run(t, db, "feed", "add", "--allow-private-fetch", srv.URL+"/feed.xml"); err != nil {
			t.Fatal(err)
		}
		srv.Close()
		for _, json := range []bool{false, true} {
			args := []string{"feed", "poll", "--allow-private-fetch"}
			if json {
				args = append(args, "--json")
			}
			out, _, err := run(t, db, args...)
			if got := exit(err); got != 6 {
				t.Errorf("%v: every feed failed but exit %d (%v): %s", args, got, err, out)
			}
		}
	})
}

// TestGlobalFlagsBeforeCommand: --db, --json and --quiet may come before
// the command's name.
func TestGlobalFlagsBeforeCommand(t *testing.T) {
	db := newDB(t, "global.db")
	m := &Main{Stdin: strings.NewReader(""), Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }}
	if err := m.Run(context.Background(), []string{"--db", db, "--json", "stats"}); err != nil {
		t.Fatalf("telltale --db X --json stats: %v", err)
	}
	out := m.Stdout.(*strings.Builder).String()
	if !strings.Contains(out, `"objects"`) {
		t.Errorf("stats --json printed %q", out)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("--db before the command was not used: %v", err)
	}
	m.Stdout = &strings.Builder{}
	if err := m.Run(context.Background(), []string{"--db=" + db, "search", "--limit", "1", "MuddyWater"}); err != nil {
		t.Fatalf("telltale --db=X search: %v", err)
	}
	if err := m.Run(context.Background(), []string{"--bogus", "stats"}); exit(err) != 2 {
		t.Errorf("an unknown flag before the command: %v", err)
	}
}

// TestGlobalFlagsBeforeVerb: the common flags before the command's name
// count for commands that take a verb too (actor suggest, user list,
// token list), which read their verb before parsing flags.
func TestGlobalFlagsBeforeVerb(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, "verb.db")
	text := filepath.Join(dir, "story.txt")
	if err := os.WriteFile(text, []byte("A group broke into 13 telecommunications carriers since 2016 and stole call records."), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--db", db, "--json", "actor", "suggest", text},
		{"--db", db, "actor", "suggest", "--json", text},
		{"--db=" + db, "user", "list"},
		{"--db", db, "token", "list"},
	} {
		m := &Main{Stdin: strings.NewReader(""), Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }}
		if err := m.Run(context.Background(), args); err != nil {
			t.Errorf("telltale %s: %v", strings.Join(args, " "), err)
			continue
		}
		if args[2] == "--json" && !strings.Contains(m.Stdout.(*strings.Builder).String(), `"candidates"`) {
			t.Errorf("telltale %s printed %q", strings.Join(args, " "), m.Stdout.(*strings.Builder).String())
		}
	}
}

// TestHelpFormat: every command's -h prints the same format: usage lines
// naming the command, its summary, and its flags (or how to see them).
func TestHelpFormat(t *testing.T) {
	for _, c := range commandList() {
		t.Run(c.name, func(t *testing.T) {
			var errOut strings.Builder
			m := &Main{Stdin: strings.NewReader(""), Stdout: &strings.Builder{}, Stderr: &errOut, Getenv: func(string) string { return "" }}
			err := m.Run(context.Background(), []string{c.name, "-h"})
			if got := exit(err); got != 0 {
				t.Errorf("exit %d (%v)", got, err)
			}
			help := errOut.String()
			summary := strings.ToUpper(c.summary[:1]) + c.summary[1:] + "."
			if !strings.HasPrefix(help, "Usage: telltale "+c.name+" ") || !strings.Contains(help, "\n\n"+summary+"\n") {
				t.Errorf("help:\n%s", help)
			}
			if !strings.Contains(help, "\nFlags:\n") && !strings.Contains(help, "SUBCOMMAND -h") {
				t.Errorf("help lists no flags:\n%s", help)
			}
		})
	}
}

// TestSearchPages: search says how many match in all and can page.
func TestSearchPages(t *testing.T) {
	db := newDB(t, "search.db")
	out, _, err := run(t, db, "search", "--limit", "2", "group")
	if err != nil {
		t.Fatal(err)
	}
	var full []string
	lines := strings.Split(strings.TrimSpace(out), "\n")
	footer := lines[len(lines)-1]
	var n int
	if _, err := fmt.Sscanf(footer, "1-2 of %d (--page 2 for more)", &n); err != nil || n <= 2 {
		t.Fatalf("footer %q (%v)", footer, err)
	}
	for page := 1; ; page++ {
		out, _, err := run(t, db, "search", "--limit", "2", "--page", fmt.Sprint(page), "group")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if strings.HasPrefix(lines[0], "page ") {
			break
		}
		full = append(full, lines[:len(lines)-1]...)
		if page > 100 {
			t.Fatal("no last page")
		}
	}
	if len(full) != n {
		t.Errorf("the pages hold %d results, the footer says %d", len(full), n)
	}
	seen := map[string]bool{}
	for _, l := range full {
		if seen[l] {
			t.Errorf("%q on two pages", l)
		}
		seen[l] = true
	}
}

// TestSearchNamesTheActor: a search that names an actor says so first, and
// each intrusion set found says which actor it belongs to, so ATT&CK's and
// the galaxy's objects of one name read as one actor.
func TestSearchNamesTheActor(t *testing.T) {
	db := newDB(t, "search-actor.db")
	if _, _, err := run(t, db, "import", "--quiet", testutil.SharedFile(t, "data/misp-galaxy/clusters/threat-actor.json")); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, db, "search", "gallium")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != `actor GALLIUM: telltale actor "gallium"` {
		t.Errorf("first line %q", lines[0])
	}
	objects := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "intrusion-set") && strings.Contains(l, " GALLIUM ") {
			objects++
			if !strings.HasSuffix(l, "[actor GALLIUM]") {
				t.Errorf("%q does not name its actor", l)
			}
		}
	}
	if objects < 2 {
		t.Errorf("%d GALLIUM objects found:\n%s", objects, out)
	}
}
