package drafts_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/drafts"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// newService wires drafts as the program does: the ingest service, which
// builds them and embeds their service, on a store holding the starter
// knowledge, audited in the store's log.
func newService(t *testing.T) *ingest.Service {
	t.Helper()
	db, im, k := knowledgetest.Open(t)
	s := ingest.New(db, k, im)
	s.Audit = auth.New(db).AuditFrom
	return s
}

// withClock gives s a clock that moves one second per call, from a fixed
// time.
func withClock(s *ingest.Service) *ingest.Service {
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	return s
}

// sampleText is the shared sample text of that name.
func sampleText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(testutil.SharedFile(t, "samples/"+name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// newsText is the telecom records theft story.
func newsText(t *testing.T) string {
	return sampleText(t, "telecom-records-theft-news.txt")
}

var analyst = telltale.Reviewer{Name: "ana", Role: "analyst", Remote: "test"}

const newsTitle = "Cybercrime group hacked telecommunications to steal phone records"

func ingestNews(t *testing.T, s *ingest.Service) *telltale.ReportSummary {
	t.Helper()
	res, err := s.Ingest(context.Background(), ingest.Document{Text: newsText(t), Title: newsTitle}, false)
	if err != nil {
		t.Fatal(err)
	}
	return res.Report
}

func itemOf(sum *telltale.ReportSummary, kind string) *telltale.DraftItem {
	for i := range sum.Items {
		if sum.Items[i].Kind == kind {
			return &sum.Items[i]
		}
	}
	return nil
}

func auditActions(t *testing.T, s *ingest.Service) []string {
	t.Helper()
	entries, err := s.Store.(*store.DB).Audit(context.Background(), store.AuditFilter{User: analyst.Name})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Action)
	}
	slices.Sort(out)
	return out
}

// wantAudit checks that the analyst's actions in the audit log are want,
// in any order.
func wantAudit(t *testing.T, s *ingest.Service, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := auditActions(t, s); !slices.Equal(got, want) {
		t.Errorf("audit = %v, want %v", got, want)
	}
}

// A reviewer drops an item, links the unnamed group to a known actor,
// fixes the title and accepts: the accepted knowledge is the reviewed
// draft's, and every step is in the audit log.
func TestReviewDraft(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	sum := ingestNews(t, s)
	id := sum.ReportID

	queue, err := s.Queue(ctx, drafts.StatusDraft)
	if err != nil || len(queue) != 1 || queue[0].ReportID != id || queue[0].Unknown == 0 || queue[0].Items != len(sum.Items) {
		t.Fatalf("queue = %+v, %v; want the one draft with its unnamed group", queue, err)
	}

	t.Run("Roles", func(t *testing.T) {
		if _, err := s.RemoveItem(ctx, telltale.Reviewer{Name: "rita", Role: "reader"}, id, sum.Items[0].Key); telltale.ErrorCode(err) != telltale.EFORBIDDEN {
			t.Errorf("reader: err = %v, want EFORBIDDEN", err)
		}
		if _, err := s.AcceptAs(ctx, telltale.Reviewer{}, id); telltale.ErrorCode(err) != telltale.EUNAUTHORIZED {
			t.Errorf("nobody: err = %v, want EUNAUTHORIZED", err)
		}
	})

	country := itemOf(sum, "country")
	if country == nil || len(country.Spans) == 0 {
		t.Fatalf("no country item with spans in %+v", sum.Items)
	}
	sum, err = s.RemoveItem(ctx, analyst, id, country.Key)
	if err != nil {
		t.Fatal(err)
	}
	if drafts.FindItem(sum, country.Key) != nil || !slices.Contains(sum.Review.Removed, country.Key) {
		t.Errorf("after removing %s: items %+v, review %+v", country.Key, sum.Items, sum.Review)
	}
	for _, c := range sum.Countries {
		if c.Name == country.Label {
			t.Errorf("removed country %s still linked", c.Name)
		}
	}
	if _, err := s.RemoveItem(ctx, analyst, id, "country:Atlantis"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("unknown item: err = %v, want ENOTFOUND", err)
	}

	sum, err = s.LinkActor(ctx, analyst, id, "unnamed", "LightBasin")
	if err != nil {
		t.Fatal(err)
	}
	var lb *telltale.ActorRow
	for i, a := range sum.Actors {
		if a.New {
			t.Errorf("still an unnamed actor after linking: %+v", a)
		}
		if a.Name == "LightBasin" {
			lb = &sum.Actors[i]
		}
	}
	if lb == nil || !lb.Strong {
		t.Fatalf("actors = %+v, want LightBasin linked", sum.Actors)
	}
	if len(sum.Relationships) == 0 {
		t.Fatal("no relationships after linking")
	}
	for _, r := range sum.Relationships {
		if strings.HasPrefix(r.SourceName, "Unnamed actor") || strings.HasPrefix(r.TargetName, "Unnamed actor") {
			t.Errorf("relationship %+v still about the unnamed group", r)
		}
	}
	if _, err := s.LinkActor(ctx, analyst, id, "unnamed", "No Such Group"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("unknown actor: err = %v, want ENOTFOUND", err)
	}

	sum, err = s.EditMetadata(ctx, analyst, id, telltale.DraftMetadata{Title: "Phone records stolen from 13 carriers", Publisher: "Example News", Published: "2021-10-19", SourceURL: "https://news.example/records"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ReportID != id || sum.Title != "Phone records stolen from 13 carriers" || sum.Publisher != "Example News" || !strings.HasPrefix(sum.Published, "2021-10-19") || sum.URL != "https://news.example/records" {
		t.Errorf("metadata = %+v", sum)
	}
	if sum.Review == nil || sum.Review.Linked["unnamed"] == "" || len(sum.Review.Removed) != 1 {
		t.Errorf("the metadata edit lost the review: %+v", sum.Review)
	}
	if _, err := s.EditMetadata(ctx, analyst, id, telltale.DraftMetadata{Title: "x", Published: "yesterday"}); telltale.ErrorCode(err) != telltale.EINVALID {
		t.Errorf("bad date: err = %v, want EINVALID", err)
	}

	res, err := s.AcceptAs(ctx, analyst, id)
	if err != nil || res.Import == nil || res.Import.Added == 0 {
		t.Fatalf("accept = %+v, %v", res, err)
	}
	objs, err := s.Store.Objects(ctx, telltale.ObjectFilter{IDs: []string{id}})
	if err != nil || len(objs) != 1 || objs[0].Name != "Phone records stolen from 13 carriers" {
		t.Fatalf("accepted report = %+v, %v", objs, err)
	}
	if _, err := s.RemoveItem(ctx, analyst, id, sum.Items[0].Key); telltale.ErrorCode(err) != telltale.ECONFLICT {
		t.Errorf("editing an accepted report: err = %v, want ECONFLICT", err)
	}
	wantAudit(t, s, drafts.AuditLink, drafts.AuditMetadata, drafts.AuditRemove, drafts.AuditAccept)
}

// Editing items: an actor mention re-pointed to another known actor, a
// claim's polarity.
func TestEditDraftItems(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	text := "APT41 breached three telecommunications providers in Japan. The operation is likely linked to China."
	res, err := s.Ingest(ctx, ingest.Document{Text: text, Title: "edit test"}, false)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Report.ReportID
	actor := itemOf(res.Report, "actor")
	if actor == nil {
		t.Fatalf("no actor in %+v", res.Report.Items)
	}
	sum, err := s.EditItem(ctx, analyst, id, actor.Key, "MuddyWater")
	if err != nil {
		t.Fatal(err)
	}
	if it := itemOf(sum, "actor"); it == nil || it.Label != "MuddyWater" || it.Origin != actor.Key {
		t.Errorf("edited actor item = %+v", it)
	}
	if len(sum.Actors) == 0 || sum.Actors[0].Name != "MuddyWater" || !sum.Actors[0].Strong {
		t.Errorf("actors = %+v, want MuddyWater linked", sum.Actors)
	}
	if _, err := s.EditItem(ctx, analyst, id, itemOf(sum, "actor").Key, "Nobody At All"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("unknown actor: err = %v, want ENOTFOUND", err)
	}
	if claim := itemOf(sum, "claim"); claim != nil {
		sum, err = s.EditItem(ctx, analyst, id, claim.Key, "negated")
		if err != nil {
			t.Fatal(err)
		}
		if got := itemOf(sum, "claim").Value; got != "negated" {
			t.Errorf("claim polarity = %q, want negated", got)
		}
		if _, err := s.EditItem(ctx, analyst, id, claim.Key, "sure"); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("bad polarity: err = %v, want EINVALID", err)
		}
	}
	if c := itemOf(sum, "country"); c != nil {
		if _, err := s.EditItem(ctx, analyst, id, c.Key, "France"); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("editing a country: err = %v, want EINVALID", err)
		}
	}
}

// Regression: a rejected report could never be reviewed again (accepting
// said to ingest it again; ingesting it again said unchanged, and with
// --accept did nothing without a word). Reopen puts it back in the queue.
func TestReopenRejectedDraft(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	sum := ingestNews(t, s)
	id := sum.ReportID
	if _, err := s.RejectAs(ctx, analyst, id); err != nil {
		t.Fatal(err)
	}
	_, err := s.Accept(ctx, id)
	if telltale.ErrorCode(err) != telltale.ECONFLICT || !strings.Contains(err.Error(), "reopen") {
		t.Errorf("accept rejected: err = %v, want ECONFLICT saying to reopen", err)
	}
	if _, err := s.Ingest(ctx, ingest.Document{Text: newsText(t), Title: newsTitle}, true); telltale.ErrorCode(err) != telltale.ECONFLICT {
		t.Errorf("ingest --accept of a rejected text: err = %v, want ECONFLICT", err)
	}
	reopened, err := s.Reopen(ctx, analyst, id)
	if err != nil || reopened.Status != drafts.StatusDraft {
		t.Fatalf("reopen = %+v, %v", reopened, err)
	}
	if q, _ := s.Queue(ctx, drafts.StatusDraft); len(q) != 1 || q[0].ReportID != id {
		t.Errorf("queue after reopening = %+v", q)
	}
	res, err := s.AcceptAs(ctx, analyst, id)
	if err != nil || res.Import == nil || res.Import.Added == 0 {
		t.Fatalf("accept after reopening = %+v, %v", res, err)
	}
	if _, err := s.Reopen(ctx, analyst, id); telltale.ErrorCode(err) != telltale.ECONFLICT {
		t.Errorf("reopen accepted: err = %v, want ECONFLICT", err)
	}
	wantAudit(t, s, drafts.AuditAccept, drafts.AuditReject, drafts.AuditReopen)
}

// A service not wired to an audit log refuses every review action before
// it changes anything, so no change goes unaudited (the role checks come
// first: nobody learns more than before).
func TestReviewNeedsAuditLog(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	sum := ingestNews(t, s)
	id := sum.ReportID
	s.Audit = nil
	key, meta := sum.Items[0].Key, telltale.DraftMetadata{Title: "Other"}
	for name, act := range map[string]func() error{
		"remove": func() error { _, err := s.RemoveItem(ctx, analyst, id, key); return err },
		"edit":   func() error { _, err := s.EditMetadata(ctx, analyst, id, meta); return err },
		"accept": func() error { _, err := s.AcceptAs(ctx, analyst, id); return err },
		"reject": func() error { _, err := s.RejectAs(ctx, analyst, id); return err },
		"reopen": func() error { _, err := s.Reopen(ctx, analyst, id); return err },
	} {
		if err := act(); telltale.ErrorCode(err) != telltale.EUNAVAILABLE {
			t.Errorf("%s without an audit log: %v, want EUNAVAILABLE", name, err)
		}
	}
	if _, err := s.RemoveItem(ctx, telltale.Reviewer{Name: "rita", Role: telltale.RoleReader}, id, key); telltale.ErrorCode(err) != telltale.EFORBIDDEN {
		t.Errorf("a reader without an audit log: %v, want EFORBIDDEN", err)
	}
	d, err := s.Draft(ctx, id)
	if err != nil || d.Status != drafts.StatusDraft || d.Title != sum.Title || len(d.Items) != len(sum.Items) || !d.Review.Empty() {
		t.Errorf("draft after refused actions: %+v, %v; want it unchanged", d, err)
	}
	if got := auditActions(t, s); len(got) != 0 {
		t.Errorf("audit = %v, want nothing", got)
	}
}

// An indicator's correction is an indicator of its type, written whole:
// a defanged one is refanged and normalised; a value that is no indicator,
// or one of another type, is refused and the draft keeps its value.
func TestEditIndicatorChecked(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	text := "LightBasin breached two mobile carriers; its implant called home to 185.225.74.51 and to hxxp://cdn-sync[.]net/p.php."
	res, err := s.Ingest(ctx, ingest.Document{Text: text, Title: "indicator edit test"}, false)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Report.ReportID
	key := "indicator:185.225.74.51"
	for _, bad := range []string{"not-an-ip", "999.1.1.1", "185.225.74.52 and more", "cdn-sync.net"} {
		if _, err := s.EditItem(ctx, analyst, id, key, bad); telltale.ErrorCode(err) != telltale.EINVALID {
			t.Errorf("edit to %q: err = %v, want EINVALID", bad, err)
		}
	}
	sum, err := s.EditItem(ctx, analyst, id, key, "185.225.74[.]52")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range sum.Items {
		if it.Kind == "indicator" {
			got = append(got, it.Value)
		}
	}
	if !slices.Contains(got, "185.225.74.52") || slices.Contains(got, "185.225.74.51") {
		t.Errorf("indicators after the edit: %q", got)
	}
	sum, err = s.EditItem(ctx, analyst, id, "indicator:http://cdn-sync.net/p.php", "hxxp://CDN-Sync[.]net/q.php")
	if err != nil {
		t.Fatal(err)
	}
	if it := findKind(sum, "indicator", "http://cdn-sync.net/q.php"); it == nil {
		t.Errorf("the URL's correction is not normalised: %+v", sum.Items)
	}
}

func findKind(sum *telltale.ReportSummary, kind, value string) *telltale.DraftItem {
	for i := range sum.Items {
		if sum.Items[i].Kind == kind && sum.Items[i].Value == value {
			return &sum.Items[i]
		}
	}
	return nil
}
