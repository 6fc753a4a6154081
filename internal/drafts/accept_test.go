package drafts_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/drafts"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/stix"
)

// A rejected draft leaves nothing in the store and cannot be accepted.
func TestRejectLeavesNothing(t *testing.T) {
	s := withClock(newService(t))
	ctx := context.Background()
	r := ingestNews(t, s)
	sum, err := s.Reject(ctx, r.ReportID)
	if err != nil || sum.Status != drafts.StatusRejected {
		t.Fatalf("reject = %v, %v", sum, err)
	}
	if _, err := s.Accept(ctx, r.ReportID); telltale.ErrorCode(err) != telltale.ECONFLICT {
		t.Errorf("accept after reject: err = %v, want ECONFLICT", err)
	}
	objs, _ := s.Store.Objects(ctx, telltale.ObjectFilter{IDs: []string{r.ReportID}})
	if len(objs) != 0 {
		t.Errorf("a rejected draft is in the store")
	}
}

// An accepted page accepted again changes nothing; a corrected text at
// the same URL is a new version of the report, and what the correction
// dropped is revoked.
func TestAcceptCorrection(t *testing.T) {
	s := withClock(newService(t))
	ctx := context.Background()
	text := sampleText(t, "communication-sector-page.txt")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	url := srv.URL + "/handbook/communication"
	res, err := s.Ingest(ctx, ingest.Document{Text: text, URL: url, Title: "Communication"}, true)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if r.Status != drafts.StatusAccepted || res.Import == nil || res.Import.Added == 0 {
		t.Fatalf("status %s, import %+v; want accepted with objects added", r.Status, res.Import)
	}
	t.Run("AcceptAgainUnchanged", func(t *testing.T) {
		again, err := s.Accept(ctx, r.ReportID)
		if err != nil || again.Outcome != drafts.Unchanged {
			t.Fatalf("accept again = %+v, %v", again, err)
		}
	})
	t.Run("CorrectionIsNewVersion", func(t *testing.T) {
		fixed := strings.Replace(text, "(0) attackers", "(2) attackers", 1)
		res2, err := s.Ingest(ctx, ingest.Document{Text: fixed, URL: url, Title: "Communication"}, true)
		if err != nil {
			t.Fatal(err)
		}
		if res2.Outcome != drafts.Versioned || res2.Report.ReportID != r.ReportID || !laterTime(res2.Report.Modified, r.Modified) {
			t.Fatalf("correction: %s %s %s; want versioned %s after %s", res2.Outcome, res2.Report.ReportID, res2.Report.Modified, r.ReportID, r.Modified)
		}
		vs, err := s.Store.ObjectVersions(ctx, r.ReportID)
		if err != nil || len(vs) != 2 {
			t.Errorf("report versions = %d, %v; want 2", len(vs), err)
		}
		if res2.Import.Updated != 1 || res2.Import.Added != 0 {
			t.Errorf("correction import = %+v; want only the report updated", res2.Import)
		}
	})
	t.Run("CorrectionTakesBack", func(t *testing.T) {
		corrected := strings.Replace(text, "ATK51 or ATK66 (APT-C-23)", "ATK51", 1)
		res3, err := s.Ingest(ctx, ingest.Document{Text: corrected, URL: url, Title: "Communication"}, true)
		if err != nil {
			t.Fatal(err)
		}
		if res3.Import.Updated != 2 {
			t.Errorf("import = %+v; want the report and the revoked APT-C-23 relationship updated", res3.Import)
		}
		land, err := s.Knowledge.Landscape(ctx, "communication")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range land.Attackers {
			for _, src := range a.Sources {
				if a.Name == "APT-C-23" && src.URL == url {
					t.Errorf("APT-C-23 still backed by the corrected page")
				}
			}
		}
	})
}

// laterTime reports whether STIX timestamp a is after b.
func laterTime(a, b string) bool {
	ta, err1 := stix.ParseTime(a)
	tb, err2 := stix.ParseTime(b)
	return err1 == nil && err2 == nil && ta.After(tb)
}
