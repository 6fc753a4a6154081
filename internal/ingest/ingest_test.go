package ingest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// newService opens a temp SQLite store with the starter knowledge and a
// clock that moves one second per call.
func newService(t testing.TB) *Service {
	t.Helper()
	db, im, k := knowledgetest.Open(t)
	s := New(db, k, im)
	s.Audit = auth.New(db).AuditFrom
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	return s
}

func sample(t testing.TB, name string) string {
	t.Helper()
	testutil.SharedDir(t)
	b, err := os.ReadFile(filepath.Join(testutil.SharedDir(t), "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// bundleOf decodes a draft bundle, validating every object.
func bundleOf(t *testing.T, s *Service, reportID string) []map[string]any {
	t.Helper()
	_, bundle, err := s.Show(context.Background(), reportID)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal([]byte(bundle), &b); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, raw := range b.Objects {
		o, err := stix.Parse(raw)
		if err != nil {
			t.Fatalf("parse %s: %v", raw, err)
		}
		if err := stix.Validate(o); err != nil {
			t.Errorf("invalid %s: %v", o.ID, err)
		}
		var m map[string]any
		json.Unmarshal(raw, &m)
		out = append(out, m)
	}
	return out
}

func TestIngestTelecomNews(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	text, res := ingestNewsSample(t, s)
	r := res.Report
	if res.Outcome != Created || r.Status != StatusDraft {
		t.Errorf("outcome, status = %s, %s; want created, draft", res.Outcome, r.Status)
	}
	if r.MainSector != "communication" {
		t.Errorf("main sector = %q, want communication", r.MainSector)
	}
	if len(r.Victims) == 0 || r.Victims[0].Value != 13 || r.Victims[0].Sector != "Telecommunications" {
		t.Errorf("victims = %+v, want 13 telecommunications companies", r.Victims)
	}
	for _, want := range []string{"call records", "SMS", "metadata"} {
		if !slices.Contains(r.StolenData, want) {
			t.Errorf("stolen data = %v, want %q", r.StolenData, want)
		}
	}
	for _, want := range []string{"CrowdStrike", "Reuters", "Cybersecurity and Infrastructure Security Agency"} {
		if !slices.Contains(r.SourcesQuoted, want) {
			t.Errorf("sources quoted = %v, want %q", r.SourcesQuoted, want)
		}
	}
	// China is where the group may come from, never where victims are.
	china := false
	for _, c := range r.Countries {
		if c.Name == "China" {
			china = true
			if !slices.Contains(c.Roles, extract.RoleOrigin) || slices.Contains(c.Roles, extract.RoleTarget) {
				t.Errorf("China's roles = %v; want origin, not target", c.Roles)
			}
		}
	}
	if !china {
		t.Errorf("countries = %+v; want China", r.Countries)
	}
	var hedged, negated int
	for _, c := range r.Claims {
		switch c.Polarity {
		case extract.Hedged:
			hedged++
		case extract.Negated:
			negated++
			if !strings.HasPrefix(c.KeptAs, "note--") {
				t.Errorf("negated claim kept as %q, want a note", c.KeptAs)
			}
		}
	}
	if hedged == 0 || negated == 0 {
		t.Errorf("claims: %d hedged, %d negated; want both", hedged, negated)
	}

	objs := bundleOf(t, s, r.ReportID)
	var report map[string]any
	notes := 0
	for _, o := range objs {
		switch o["type"] {
		case "report":
			report = o
		case "note":
			if o["x_telltale_polarity"] == extract.Negated && strings.Contains(o["content"].(string), "does not claim a link") {
				notes++
			}
		case "relationship":
			rt := o["relationship_type"]
			conf := o["confidence"].(float64)
			if (rt == "attributed-to" || rt == "originates-from") && (conf >= ConfidenceSameSentence || o["x_telltale_polarity"] != extract.Hedged) {
				t.Errorf("attribution not kept as hedged: %v", o)
			}
			if o["x_telltale_report_ref"] != r.ReportID {
				t.Errorf("relationship %v lacks x_telltale_report_ref", o["id"])
			}
		}
	}
	if notes == 0 {
		t.Error("the vendor's negation is not kept as a note quoting it")
	}
	if report == nil || report["x_telltale_text"] != text || report["x_telltale_status"] != StatusDraft {
		t.Fatalf("report object missing its text or draft status")
	}
	refs := report["object_refs"].([]any)
	comm, _ := knowledge.SectorByKey("communication")
	if !slices.Contains(refs, any(comm.ID)) {
		t.Errorf("object_refs lack the Communication sector")
	}

	t.Run("DraftChangesNoLandscape", func(t *testing.T) {
		land, err := s.Knowledge.Landscape(ctx, "communication")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range land.Attackers {
			if strings.HasPrefix(a.Name, "Unnamed actor") {
				t.Errorf("a draft shows in the landscape: %s", a.Name)
			}
		}
	})
	t.Run("ReingestUnchanged", func(t *testing.T) {
		again, err := s.Ingest(ctx, Document{Text: text, Title: "another title"}, false)
		if err != nil || again.Outcome != Unchanged || again.Report.ReportID != r.ReportID {
			t.Fatalf("re-ingest = %+v, %v; want unchanged %s", again, err, r.ReportID)
		}
		drafts, _ := s.Drafts(ctx, "")
		if len(drafts) != 1 {
			t.Errorf("%d drafts, want 1", len(drafts))
		}
	})
}

func TestIngestSectorPage(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	text := sample(t, "communication-sector-page.txt")
	page := "/handbook/communication"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	res, err := s.Ingest(ctx, Document{Text: text, URL: srv.URL + page, Title: "Communication"}, true)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if r.Status != StatusAccepted || res.Import == nil || res.Import.Added == 0 {
		t.Fatalf("status %s, import %+v; want accepted with objects added", r.Status, res.Import)
	}
	if !slices.Contains(r.UnknownActors, "Green Leakers") {
		t.Errorf("unknown actors %q; want the group the page introduces («Green Leakers»)", r.UnknownActors)
	}
	for _, c := range r.Victims {
		if c.Value >= 1000000 {
			t.Errorf("victim count %q: the page speaks of millions of businesses in general", c.Phrase)
		}
	}
	wantActors := map[string]string{"MuddyWater": "intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75", "APT-C-23": "intrusion-set--686b9fa7-c1eb-5512-b142-91c5e4568d6c"}
	for name, id := range wantActors {
		found := false
		for _, rel := range r.Relationships {
			sec, ok := knowledge.SectorByID(rel.Target)
			if rel.Type == "targets" && rel.Source == id && ok && (sec.Key == "communication" || slices.Contains(knowledge.Ancestors(sec.Key), "communication")) {
				found = true
			}
		}
		if !found {
			t.Errorf("no targets relationship from %s to a Communication sector: %+v", name, r.Relationships)
		}
	}
	land, err := s.Knowledge.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	for name := range wantActors {
		ok := false
		for _, a := range land.Attackers {
			if a.Name != name {
				continue
			}
			for _, src := range a.Sources {
				if src.URL == srv.URL+page {
					ok = true
				}
			}
		}
		if !ok {
			t.Errorf("landscape: %s not shown with the page as source", name)
		}
	}
}

// TestNewsOriginHedgedAndDisputed: after the news sample is accepted,
// the unnamed group's origin is China only as hedged (a journalist's
// "potentially based in China") and disputed (CrowdStrike "does not claim
// a link"), in the landscape row and on the actor, never asserted.
func TestNewsOriginHedgedAndDisputed(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	res, err := s.Ingest(ctx, Document{Text: sample(t, "telecom-records-theft-news.txt"), Title: "Telecom records theft"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Status != StatusAccepted {
		t.Fatalf("status %s, want accepted", res.Report.Status)
	}
	const name = "Unnamed actor: Telecom records theft"
	land, err := s.Knowledge.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	var row *telltale.Attacker
	for i, a := range land.Attackers {
		if a.Name == name {
			row = &land.Attackers[i]
		}
	}
	if row == nil {
		t.Fatalf("the unnamed group is not an attacker of Communication")
	}
	if row.Origin != "CN" || row.OriginStatus != telltale.OriginDisputed || !row.OriginHedged {
		t.Errorf("row origin = %q %q hedged=%v; want CN disputed and hedged", row.Origin, row.OriginStatus, row.OriginHedged)
	}
	pols := map[string]bool{}
	for _, src := range row.OriginSources {
		pols[src.Polarity] = true
	}
	if !pols[extract.Hedged] || !pols[extract.Negated] || pols[extract.Asserted] {
		t.Errorf("row origin sources = %+v; want hedged and negated ones, no asserted", row.OriginSources)
	}
	a, err := s.Knowledge.Actor(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if a.OriginStatus != telltale.OriginDisputed || len(a.Origin) != 1 || !a.Origin[0].Hedged || len(a.Origin[0].Against) == 0 {
		t.Fatalf("actor origin = %s %+v; want China, hedged and disputed", a.OriginStatus, a.Origin)
	}
	for _, src := range a.Origin[0].Sources {
		if src.Polarity != extract.Hedged || src.Confidence >= ConfidenceSameSentence {
			t.Errorf("origin source %+v; want hedged with a low confidence", src)
		}
	}
	for _, c := range a.Claims {
		if c.Relation == "" || c.Object != "China" {
			t.Errorf("claim %+v; want China with its relation", c)
		}
	}
	// The text names no victim's country: "it is not clear whether any
	// of the targets were US companies", and the US agency it quotes.
	if len(a.Targets.Countries) != 0 {
		t.Errorf("the unnamed group targets %+v; the text names no victim's country", a.Targets.Countries)
	}
	crowdstrike := false
	for _, src := range a.Origin[0].Against {
		if !strings.HasPrefix(src.ObjectID, "note--") {
			t.Errorf("against %+v; want a note", src)
		}
		crowdstrike = crowdstrike || src.By == "CrowdStrike"
	}
	if !crowdstrike {
		t.Errorf("against = %+v; want CrowdStrike's negation", a.Origin[0].Against)
	}
}

// Weak mentions (a common word that is an alias) never become links.
func TestWeakActorMentions(t *testing.T) {
	for _, c := range []struct {
		form string
		want bool
	}{{"ATK51", true}, {"MuddyWater", true}, {"APT-C-23", true}, {"Lazarus Group", true}, {"hacking", false}, {"comment", false}, {"Global", false}, {"Turla", false}} {
		if got := strongForm(c.form) != ""; got != c.want {
			t.Errorf("strongForm(%q) = %v, want %v", c.form, got, c.want)
		}
	}
}

// TestIngestUnknownOperation: a group named after its malware, which the
// knowledge holds as malware only, is listed as an unknown actor and
// linked to nothing; the malware is linked.
func TestIngestUnknownOperation(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	malware := `{"type":"bundle","id":"bundle--5d0ee0a5-5b1d-4bd0-9a3c-6c6f6a3c1f11","objects":[{"type":"malware","spec_version":"2.1","id":"malware--8b1f5c1e-5d3c-4c4e-9d6a-1f0a0f9c2a77","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"DarkSide","is_family":true}]}`
	if _, err := s.Importer.Import(ctx, strings.NewReader(malware), "darkside", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Ingest(ctx, Document{Text: "DarkSide affiliates breached a pipeline operator and deployed the DarkSide ransomware.", Title: "t"}, false)
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Report
	if !slices.Equal(sum.UnknownActors, []string{"DarkSide"}) {
		t.Errorf("unknown actors = %q, want [DarkSide]", sum.UnknownActors)
	}
	for _, a := range sum.Actors {
		t.Errorf("actor %q linked; want none", a.Name)
	}
	if len(sum.Malware) != 1 || sum.Malware[0].Name != "DarkSide" {
		t.Errorf("malware = %+v, want DarkSide", sum.Malware)
	}
}

// TestIngestRefusesBinary: a document whose text holds NUL bytes (a
// program or an archive read as text by a caller that did not check) is
// refused with EINVALID, and no draft is stored.
func TestIngestRefusesBinary(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	_, err := s.Ingest(ctx, Document{Text: "APT28 targeted telecom carriers\x00\x01ELF", Title: "bin"}, false)
	if telltale.ErrorCode(err) != telltale.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	if _, err := s.ByHash(ctx, textHash("APT28 targeted telecom carriers\x00\x01ELF")); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("a draft was stored for refused text: %v", err)
	}
}

// TestKnownActorsActivityIsNotUnnamed: a report that attributes its
// campaign to a known actor and counts its victims makes no "Unnamed
// actor"; the actor it names is linked.
func TestKnownActorsActivityIsNotUnnamed(t *testing.T) {
	s := newService(t)
	text := "LightBasin campaign against carriers\n\nThe campaign compromised 13 telecom companies in Asia. " +
		"The researchers attribute the campaign to LightBasin with high confidence."
	res, err := s.Ingest(context.Background(), Document{Text: text, Title: "LightBasin campaign"}, false)
	if err != nil {
		t.Fatal(err)
	}
	linked := false
	for _, a := range res.Report.Actors {
		if strings.HasPrefix(a.Name, "Unnamed actor") {
			t.Errorf("got %s: the campaign is LightBasin's", a.Name)
		}
		linked = linked || a.Name == "LightBasin"
	}
	if !linked {
		t.Errorf("actors %+v; want LightBasin linked", res.Report.Actors)
	}
}

// Regression: ingesting a text again with --title, --publisher,
// --published or --source-url ignored them ("unchanged").
func TestIngestAgainRestatesMetadata(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	text := "APT41 breached three telecommunications providers in Japan."
	first, err := s.Ingest(ctx, Document{Text: text}, false)
	if err != nil {
		t.Fatal(err)
	}
	doc := Document{Text: text, Title: "APT41 in Japanese telecoms", Publisher: "Example Vendor", Published: "2024-05-06", URL: "https://vendor.example/apt41", Restate: true}
	again, err := s.Ingest(ctx, doc, false)
	if err != nil {
		t.Fatal(err)
	}
	got := again.Report
	if again.Outcome != Updated || got.ReportID != first.Report.ReportID || got.Title != doc.Title || got.Publisher != doc.Publisher ||
		!strings.HasPrefix(got.Published, "2024-05-06") || got.URL != doc.URL {
		t.Errorf("ingest again = %s %+v", again.Outcome, got)
	}
	same, err := s.Ingest(ctx, doc, false)
	if err != nil || same.Outcome != Unchanged {
		t.Errorf("the same metadata again: %+v, %v; want unchanged", same, err)
	}
	// A feed (no Restate) never rewrites a draft.
	feed, err := s.Ingest(ctx, Document{Text: text, Title: "Other"}, false)
	if err != nil || feed.Outcome != Unchanged || feed.Report.Title != doc.Title {
		t.Errorf("feed item of the same text: %+v, %v", feed, err)
	}
	if _, err := s.Accept(ctx, got.ReportID); err != nil {
		t.Fatal(err)
	}
	doc.Title = "Renamed after acceptance"
	if _, err := s.Ingest(ctx, doc, false); telltale.ErrorCode(err) != telltale.ECONFLICT {
		t.Errorf("restating an accepted report: err = %v, want ECONFLICT", err)
	}
}

// TestFocusedOnKnownActorMakesNoUnnamed: a report about a known actor
// (named three times and more often than any unnamed group is spoken of)
// that mentions "Chinese hackers" in passing makes no "Unnamed actor";
// with the actor named once, the unnamed group the text describes is
// made.
func TestFocusedOnKnownActorMakesNoUnnamed(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		unnamed    bool
	}{
		{"Focused", "LightBasin returns\n\nLightBasin compromised 13 telecom companies in Asia. " +
			"LightBasin used new implants. Chinese hackers are possibly involved, one source says. LightBasin kept its servers.", false},
		{"NamedInPassing", "Carriers breached\n\nA group compromised 13 telecom companies in Asia. " +
			"Chinese hackers are possibly involved, one source says. The tools resemble those of LightBasin.", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newService(t)
			res, err := s.Ingest(context.Background(), Document{Text: tc.text, Title: tc.name}, false)
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, a := range res.Report.Actors {
				got = got || strings.HasPrefix(a.Name, "Unnamed actor")
			}
			if got != tc.unnamed {
				t.Errorf("unnamed actor made: %v, want %v (actors %+v, claims %+v)", got, tc.unnamed, res.Report.Actors, res.Report.Claims)
			}
		})
	}
}

// A group the text names that the knowledge does not hold ("a cluster we
// track as Copper Heron") is the new actor, by that name, with what the
// text claims of it; a later report that names it links to it.
func TestIngestCoinedGroupIsTheNewActor(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	first, err := s.Ingest(ctx, Document{Title: "Intrusions at two carriers", Text: "Since March a cluster we track as Copper Heron has breached two mobile operators in Estonia. " +
		"Copper Heron is probably based in Belarus."}, false)
	if err != nil {
		t.Fatal(err)
	}
	sum := first.Report
	var heron string
	for _, a := range sum.Actors {
		if a.New {
			if a.Name != "Copper Heron" {
				t.Errorf("new actor %q, want Copper Heron", a.Name)
			}
			heron = a.ID
		}
	}
	if heron == "" || len(sum.UnknownActors) != 0 {
		t.Fatalf("actors %+v, unknown %q: want Copper Heron new and no unknown actor", sum.Actors, sum.UnknownActors)
	}
	origin := false
	for _, r := range sum.Relationships {
		origin = origin || r.Source == heron && r.Type == "originates-from" && r.TargetName == "Belarus"
	}
	if !origin {
		t.Errorf("relationships %+v, want Copper Heron originates-from Belarus", sum.Relationships)
	}
	if _, err := s.Accept(ctx, sum.ReportID); err != nil {
		t.Fatal(err)
	}
	second, err := s.Ingest(ctx, Document{Title: "Copper Heron again", Text: "Copper Heron phished a carrier in Latvia in May."}, false)
	if err != nil {
		t.Fatal(err)
	}
	linked := false
	for _, a := range second.Report.Actors {
		linked = linked || a.ID == heron && !a.New
	}
	if !linked {
		t.Errorf("second report's actors %+v, want Copper Heron (%s) linked", second.Report.Actors, heron)
	}
}

// A report about mobile carriers that names its actor in another sentence
// has the actor target Telecommunications, the sector as precisely as the
// report names it (and so Communication), not only the top-level sector.
func TestTopicSectorAsPreciseAsTheText(t *testing.T) {
	s := newService(t)
	text := "Intruders spent two years inside mobile carriers in Asia and copied call records from several mobile network operators.\n\n" +
		"The researchers attribute the activity to LightBasin with high confidence."
	res, err := s.Ingest(context.Background(), Document{Text: text, Title: "Carrier intrusions"}, false)
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, r := range res.Report.Relationships {
		if r.Type == "targets" && r.SourceName == "LightBasin" {
			targets = append(targets, r.TargetName)
		}
	}
	if !slices.Contains(targets, "Telecommunications") || slices.Contains(targets, "Communication") {
		t.Errorf("LightBasin targets %q, want Telecommunications", targets)
	}
}
