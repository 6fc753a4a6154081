package watches

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale/internal/knowledge/knowledgetest"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// The watches and webhook queue tables behave the same on every engine.
func TestEngines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, _, k := knowledgetest.OpenDSN(t, dsn)
		s := &Service{Store: db, Knowledge: k, Objects: db}
		w, _, err := s.Add(ctx, KindSector, "communication", "https://example.org/hook")
		if err != nil {
			t.Fatal(err)
		}
		if ws, err := db.Watches(ctx); err != nil || len(ws) != 1 || ws[0].State == "{}" {
			t.Fatalf("watches = %+v, %v", ws, err)
		}
		// The webhook queue: queued with the watch's state, claimed by one
		// worker only, due again when it failed, gone when delivered.
		d := &store.Delivery{ID: "d1", WatchID: w.ID, Body: `{"event":"watch.added"}`, NextAt: "2026-11-20T09:00:00.000000000Z", Created: "2026-11-20T09:00:00.000000000Z"}
		if err := db.QueueDelivery(ctx, `{"attackers":{}}`, d); err != nil {
			t.Fatal(err)
		}
		if ws, _ := db.Watches(ctx); ws[0].State != `{"attackers":{}}` {
			t.Errorf("state not recorded with the delivery: %s", ws[0].State)
		}
		due, err := db.Deliveries(ctx, "2026-11-20T09:00:01.000000000Z", false, 0)
		if err != nil || len(due) != 1 {
			t.Fatalf("due = %+v, %v", due, err)
		}
		stale := *due[0]
		if ok, err := db.ClaimDelivery(ctx, due[0], "2026-11-20T09:01:00.000000000Z"); err != nil || !ok || due[0].Attempts != 1 {
			t.Fatalf("claim = %v, %v, %+v", ok, err, due[0])
		}
		if ok, err := db.ClaimDelivery(ctx, &stale, "2026-11-20T09:01:00.000000000Z"); err != nil || ok {
			t.Fatalf("second claim = %v, %v", ok, err)
		}
		if err := db.SettleDelivery(ctx, "d1", false, "2026-11-20T09:00:10.000000000Z", "webhook answered 503", false); err != nil {
			t.Fatal(err)
		}
		if due, err := db.Deliveries(ctx, "2026-11-20T09:00:05.000000000Z", false, 0); err != nil || len(due) != 0 {
			t.Fatalf("due before its retry = %+v, %v", due, err)
		}
		if due, err := db.Deliveries(ctx, "2026-11-20T09:00:10.000000000Z", false, 0); err != nil || len(due) != 1 || due[0].LastError != "webhook answered 503" || due[0].Attempts != 1 {
			t.Fatalf("due at its retry = %+v, %v", due, err)
		}
		if err := db.SettleDelivery(ctx, "d1", true, "", "", false); err != nil {
			t.Fatal(err)
		}
		if q, err := db.Deliveries(ctx, "", false, 0); err != nil || len(q) != 0 {
			t.Fatalf("queue after delivery = %+v, %v", q, err)
		}
		if err := db.QueueDelivery(ctx, `{}`, &store.Delivery{ID: "d2", WatchID: w.ID, Body: "{}", NextAt: "x", Created: "x"}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteWatch(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		if q, err := db.Deliveries(ctx, "", false, 0); err != nil || len(q) != 0 {
			t.Fatalf("a removed watch's deliveries = %+v, %v", q, err)
		}
	})
}
