package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/taxii"
	"github.com/telltale-cti/telltale/internal/testutil"
)

func TestIngestCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ingest.db")
	news := filepath.Join(testutil.SharedDir(t), "samples", "telecom-records-theft-news.txt")
	var id string
	t.Run("IngestJSON", func(t *testing.T) {
		out, _, err := run(t, db, "ingest", "--json", "--title", "Telecom records theft", news)
		if err != nil {
			t.Fatal(err)
		}
		var res ingest.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if res.Outcome != ingest.Created || res.Report.Status != ingest.StatusDraft || len(res.Report.Claims) == 0 || res.Report.Claims[0].Polarity == "" {
			t.Fatalf("ingest --json = %s", out)
		}
		id = res.Report.ReportID
	})
	t.Run("ReingestUnchanged", func(t *testing.T) {
		out, _, err := run(t, db, "ingest", news)
		if err != nil || !strings.HasPrefix(out, "unchanged: "+id) {
			t.Fatalf("ingest again = %s, %v", out, err)
		}
	})
	t.Run("ListShowAccept", func(t *testing.T) {
		out, _, err := run(t, db, "report", "list")
		if err != nil || !strings.Contains(out, id) || !strings.HasPrefix(out, "draft") {
			t.Fatalf("report list = %s, %v", out, err)
		}
		if out, _, err = run(t, db, "report", "show", id); err != nil || !strings.Contains(out, "[negated]") {
			t.Fatalf("report show = %s, %v", out, err)
		}
		if out, _, err = run(t, db, "report", "accept", id); err != nil || !strings.Contains(out, "accepted") {
			t.Fatalf("report accept = %s, %v", out, err)
		}
	})
	t.Run("WatchAddList", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		defer srv.Close()
		out, _, err := run(t, db, "watch", "add", "--sector", "communication", "--webhook", srv.URL)
		if err != nil || !strings.Contains(out, "secret") {
			t.Fatalf("watch add = %s, %v", out, err)
		}
		out, _, err = run(t, db, "watch", "list", "--json")
		if err != nil || strings.Contains(out, "secret") || !strings.Contains(out, "communication") {
			t.Fatalf("watch list = %s, %v (the secret must not be listed)", out, err)
		}
	})
	t.Run("FeedAddList", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>`)
		}))
		defer srv.Close()
		// A feed on a private address needs --allow-private-fetch, which
		// the refusal names.
		_, errOut, err := run(t, db, "feed", "add", srv.URL+"/feed.xml")
		if err == nil || exitCodes[telltale.ErrorCode(err)] != 2 || !strings.Contains(errOut+err.Error(), "--allow-private-fetch") {
			t.Fatalf("feed add on loopback without the flag: %v %s", err, errOut)
		}
		if _, _, err := run(t, db, "feed", "add", "--allow-private-fetch", srv.URL+"/feed.xml"); err != nil {
			t.Fatal(err)
		}
		out, _, err := run(t, db, "feed", "list")
		if err != nil || !strings.Contains(out, srv.URL+"/feed.xml") || !strings.Contains(out, "not polled yet") || strings.Contains(out, " ok") {
			t.Fatalf("feed list = %s, %v", out, err)
		}
		// An unreachable feed is refused (the network: exit 6).
		dead := httptest.NewServer(http.NotFoundHandler())
		deadURL := dead.URL + "/feed.xml"
		dead.Close()
		if _, _, err := run(t, db, "feed", "add", "--allow-private-fetch", deadURL); err == nil || exitCodes[telltale.ErrorCode(err)] != 6 {
			t.Fatalf("feed add of an unreachable URL: %v (exit %d), want exit 6", err, exitCodes[telltale.ErrorCode(err)])
		}
	})
	t.Run("URLCorrectionIsNewVersion", func(t *testing.T) {
		page := "<html><head><title>Comms</title></head><body><article><h1>Communication</h1><p>Several APT threat actors such as ATK51 or ATK66 (APT-C-23) have played a major role in attacks on telecommunications operators using WhatsApp or even Telegram. %s</p></article></body></html>"
		extra := ""
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, page, extra)
		}))
		defer srv.Close()
		out, _, err := run(t, db, "ingest", "--json", "--accept", "--allow-private-fetch", srv.URL+"/sector/communication")
		var first ingest.Result
		if err != nil || json.Unmarshal([]byte(out), &first) != nil || first.Report.URL != srv.URL+"/sector/communication" || first.Import == nil {
			t.Fatalf("ingest URL = %s, %v", out, err)
		}
		extra = "The page was corrected to count two attackers."
		out, _, err = run(t, db, "ingest", "--json", "--accept", "--allow-private-fetch", srv.URL+"/sector/communication")
		var second ingest.Result
		if err != nil || json.Unmarshal([]byte(out), &second) != nil {
			t.Fatalf("ingest corrected URL = %s, %v", out, err)
		}
		if second.Outcome != ingest.Versioned || second.Report.ReportID != first.Report.ReportID || second.Import.Updated == 0 {
			t.Errorf("corrected page: outcome %s, id %s (first %s), import %+v", second.Outcome, second.Report.ReportID, first.Report.ReportID, second.Import)
		}
	})
}

// TestStartIngest: serve's poller makes drafts of a feed's new items, and
// reads the knowledge as an anonymous reader does: a draft, which any
// reader of drafts may open, links no actor that only a TLP:RED object
// names (here an alias the story uses), and still links the public one.
func TestStartIngest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "serve.db")
	const redID = "intrusion-set--0d3c6a53-3a57-4c0e-9d5f-2a8f0c6b7e11"
	red := `{"type": "bundle", "id": "bundle--6f1f1d3e-8d0e-4a55-9c62-0b2f5b1f0a01", "objects": [{"type": "intrusion-set", "spec_version": "2.1",
"id": "` + redID + `", "created": "2026-11-01T00:00:00.000Z", "modified": "2026-11-01T00:00:00.000Z",
"name": "Crimson Heron", "aliases": ["Heron Crew"], "object_marking_refs": ["` + telltale.TLP1Red + `"]}]}`
	bundle := filepath.Join(dir, "red.json")
	if err := os.WriteFile(bundle, []byte(red), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, db, "import", bundle); err != nil {
		t.Fatal(err)
	}
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>http://example.org/</link><description>d</description>
<item><title>Telecom breach</title><link>http://news.example.org/a</link><guid>a</guid><description>APT-C-23 and Heron Crew spied on telecommunications customers.</description></item></channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, feed) }))
	defer srv.Close()
	if _, _, err := run(t, db, "feed", "add", "--allow-private-fetch", srv.URL); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := openServing(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	m.startIngest(ctx, a, slog.New(slog.NewTextHandler(io.Discard, nil)), true)
	if a.Importer.AfterCommit == nil {
		t.Fatal("imports do not check watches")
	}
	for i := 0; i < 500; i++ {
		if ds, _ := a.DB.Drafts(ctx, "draft", 0); len(ds) == 1 {
			d := ds[0]
			if strings.Contains(d.Bundle, redID) || strings.Contains(d.Summary, "Crimson Heron") {
				t.Errorf("the feed's draft links the TLP:RED actor: %s", d.Summary)
			}
			if !strings.Contains(d.Summary, "APT-C-23") {
				t.Errorf("the feed's draft lost the public actor: %s", d.Summary)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the poller made no draft from the feed")
}

// TestNewsOriginCLI: after `telltale ingest --accept` of the news sample,
// `telltale sector communication --json` and `telltale actor --json` say
// the unnamed group's origin is China hedged and disputed (origin_status),
// never asserted, and the text output shows "CN? disputed", never a plain
// CN for it.
func TestNewsOriginCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "origin.db")
	news := filepath.Join(testutil.SharedDir(t), "samples", "telecom-records-theft-news.txt")
	if _, _, err := run(t, db, "ingest", "--accept", "--title", "Telecom records theft", news); err != nil {
		t.Fatal(err)
	}
	const name = "Unnamed actor: Telecom records theft"
	out, _, err := run(t, db, "sector", "communication", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var land struct {
		Attackers []map[string]any `json:"attackers"`
	}
	if err := json.Unmarshal([]byte(out), &land); err != nil {
		t.Fatal(err)
	}
	var row map[string]any
	for _, a := range land.Attackers {
		if a["name"] == name {
			row = a
		}
		if a["origin_status"] == nil && a["origin"] != nil {
			t.Errorf("%s has an origin without origin_status", a["name"])
		}
	}
	if row == nil {
		t.Fatalf("%s is not in the sector's attackers: %s", name, out)
	}
	if row["origin"] != "CN" || row["origin_status"] != "disputed" || row["origin_hedged"] != true {
		t.Errorf("sector --json row: origin %v, origin_status %v, origin_hedged %v; want CN, disputed, hedged", row["origin"], row["origin_status"], row["origin_hedged"])
	}
	out, _, err = run(t, db, "actor", name, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var actor struct {
		OriginStatus string `json:"origin_status"`
		Origin       []struct {
			ExtID   string           `json:"external_id"`
			Status  string           `json:"status"`
			Hedged  bool             `json:"hedged"`
			Sources []map[string]any `json:"sources"`
			Against []map[string]any `json:"against"`
		} `json:"origin"`
	}
	if err := json.Unmarshal([]byte(out), &actor); err != nil {
		t.Fatal(err)
	}
	if actor.OriginStatus != "disputed" || len(actor.Origin) != 1 || actor.Origin[0].ExtID != "CN" || !actor.Origin[0].Hedged || len(actor.Origin[0].Against) == 0 {
		t.Errorf("actor --json origin: %s", out)
	}
	for _, s := range actor.Origin[0].Sources {
		if s["polarity"] != "hedged" {
			t.Errorf("origin source %v is not hedged", s)
		}
	}
	out, _, err = run(t, db, "sector", "communication", "--top", "100")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, name) && !strings.Contains(line, "CN? disputed") {
			t.Errorf("sector text row: %q; want CN? disputed", line)
		}
	}
	out, _, err = run(t, db, "actor", name)
	if err != nil || !strings.Contains(out, "China? (disputed)") || !strings.Contains(out, "negated") {
		t.Errorf("actor text = %s, %v; want China? (disputed) and the negation", out, err)
	}
	checkTAXIIOrigin(t, db, name)
}

// checkTAXIIOrigin reads the Communication sector's TAXII collection as
// serve serves it: the group called name has no origin relationship but
// hedged ones of low confidence, and a note disputes it.
func checkTAXIIOrigin(t *testing.T, db, name string) {
	t.Helper()
	_, hs := serveDB(t, db)
	status, body := callAs(t, hs, "", "GET", "/taxii2/api/collections/"+taxii.SectorCollectionID("communication")+"/objects/?limit=10000", "", taxii.MediaTAXII, nil)
	if status != http.StatusOK {
		t.Fatalf("TAXII objects: %d %s", status, body)
	}
	var env struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		t.Fatal(err)
	}
	var actorID string
	for _, o := range env.Objects {
		if o["type"] == "intrusion-set" && o["name"] == name {
			actorID, _ = o["id"].(string)
		}
	}
	if actorID == "" {
		t.Fatalf("%s is not in the sector's TAXII collection", name)
	}
	origins, notes := 0, 0
	for _, o := range env.Objects {
		switch {
		case o["type"] == "relationship" && o["source_ref"] == actorID && (o["relationship_type"] == "originates-from" || o["relationship_type"] == "attributed-to"):
			origins++
			if c, _ := o["confidence"].(float64); o["x_telltale_polarity"] != "hedged" || c > 30 {
				t.Errorf("TAXII origin relationship of %s: polarity %v, confidence %v; want hedged, at most 30", name, o["x_telltale_polarity"], o["confidence"])
			}
		case o["type"] == "note" && strings.Contains(fmt.Sprint(o["object_refs"]), actorID):
			notes++
		}
	}
	if origins == 0 || notes == 0 {
		t.Errorf("TAXII: %d origin relationships and %d notes of %s; want the hedged origin and the notes that dispute it", origins, notes, name)
	}
}
