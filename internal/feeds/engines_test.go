package feeds

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// The feeds tables behave the same on every engine.
func TestEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, _, _ := knowledgetest.OpenDSN(t, dsn)
		s := &Service{Store: db}
		f, err := s.Add(ctx, "https://example.org/feed.xml")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddFeedItem(ctx, f.ID, "guid-1", "report--00000000-0000-4000-8000-000000000001", "2026-11-20T09:00:00.000Z"); err != nil {
			t.Fatal(err)
		}
		if seen, err := db.FeedItemSeen(ctx, f.ID, "guid-1"); err != nil || !seen {
			t.Fatalf("seen = %v, %v", seen, err)
		}
		if err := db.DeleteFeed(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
	})
}
