package drafts_test

import (
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/drafts"
	"github.com/telltale-cti/telltale/internal/ingest"
	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// The drafts table behaves the same on every engine (feeds and watches:
// their packages' engine tests).
func TestEngines(t *testing.T) {
	page := sampleText(t, "communication-sector-page.txt")
	storetest.Run(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, im, k := knowledgetest.OpenDSN(t, dsn)
		s := withClock(ingest.New(db, k, im))

		first, err := s.Ingest(ctx, ingest.Document{Text: page, URL: "https://example.org/sector/communication"}, true)
		if err != nil || first.Import == nil || first.Import.Added == 0 {
			t.Fatalf("ingest --accept = %+v, %v", first, err)
		}
		second, err := s.Ingest(ctx, ingest.Document{Text: strings.Replace(page, "(0)", "(2)", 1), URL: "https://example.org/sector/communication"}, false)
		if err != nil || second.Outcome != drafts.Versioned || second.Report.ReportID != first.Report.ReportID {
			t.Fatalf("corrected page = %+v, %v", second, err)
		}
		if ds, err := s.Service.Store.ReportDrafts(ctx, first.Report.ReportID); err != nil || len(ds) != 2 || ds[0].Status != drafts.StatusDraft || ds[1].Status != drafts.StatusAccepted {
			t.Fatalf("versions = %+v, %v", ds, err)
		}
		if sum, err := s.Reject(ctx, first.Report.ReportID); err != nil || sum.Status != drafts.StatusRejected {
			t.Fatalf("reject = %+v, %v", sum, err)
		}
		res, err := s.Enrich(ctx)
		if err != nil || res.Import == nil {
			t.Fatalf("enrich = %+v, %v", res, err)
		}
	})
}
