package ingest

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// The drafts table behaves the same on every engine (feeds and watches:
// their packages' engine tests).
func TestEngines(t *testing.T) {
	page := sample(t, "communication-sector-page.txt")
	storetest.Run(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := store.Open(ctx, dsn, true)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.Fold = knowledge.Fold
		im := &importer.Importer{Store: db}
		if _, err := im.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
			t.Fatal(err)
		}
		s := New(db, knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}}), im)
		clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }

		first, err := s.Ingest(ctx, Document{Text: page, URL: "https://example.org/sector/communication"}, true)
		if err != nil || first.Import == nil || first.Import.Added == 0 {
			t.Fatalf("ingest --accept = %+v, %v", first, err)
		}
		second, err := s.Ingest(ctx, Document{Text: strings.Replace(page, "(0)", "(2)", 1), URL: "https://example.org/sector/communication"}, false)
		if err != nil || second.Outcome != Versioned || second.Report.ReportID != first.Report.ReportID {
			t.Fatalf("corrected page = %+v, %v", second, err)
		}
		if ds, err := s.Store.ReportDrafts(ctx, first.Report.ReportID); err != nil || len(ds) != 2 || ds[0].Status != StatusDraft || ds[1].Status != StatusAccepted {
			t.Fatalf("versions = %+v, %v", ds, err)
		}
		if sum, err := s.Reject(ctx, first.Report.ReportID); err != nil || sum.Status != StatusRejected {
			t.Fatalf("reject = %+v, %v", sum, err)
		}
		res, err := s.Enrich(ctx)
		if err != nil || res.Import == nil {
			t.Fatalf("enrich = %+v, %v", res, err)
		}
	})
}
