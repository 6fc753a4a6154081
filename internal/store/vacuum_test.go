package store_test

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale/internal/store"
)

// TestVacuum: the pages a dropped table leaves are given back, the
// objects stay, and a SQLite file ends in WAL mode with 8 KB pages.
func TestVacuum(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "Kept"))
		seq, err := db.LastSeq(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// 10 MB of rows in a table then dropped: free pages.
		fill := `INSERT INTO filler SELECT repeat('x', 100000) FROM generate_series(1, 100)`
		if db.Engine() == "sqlite" {
			fill = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 100) INSERT INTO filler SELECT printf('%.*c', 100000, 'x') FROM n`
		}
		for _, q := range []string{`CREATE TABLE filler (b TEXT)`, fill, `DROP TABLE filler`} {
			if _, err := db.SQL().ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		before, after, err := db.Vacuum(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if db.Engine() == "sqlite" && after >= before-5_000_000 {
			t.Errorf("size %d -> %d bytes, want 10 MB of dropped rows given back", before, after)
		}
		if db.Engine() == "postgres" && after > before {
			t.Errorf("size %d -> %d bytes, want no growth", before, after)
		}
		if got, err := db.LastSeq(ctx); err != nil || got != seq {
			t.Errorf("last sequence %d, %v; want %d", got, err, seq)
		}
		if o, err := db.Object(ctx, isID); err != nil || o == nil {
			t.Errorf("object after vacuum: %v, %v", o, err)
		}
		if db.Engine() == "sqlite" {
			var mode string
			var page int
			if err := db.SQL().QueryRowContext(ctx, `SELECT journal_mode, page_size FROM pragma_journal_mode(), pragma_page_size()`).Scan(&mode, &page); err != nil {
				t.Fatal(err)
			}
			if mode != "wal" || page != 8192 {
				t.Errorf("journal mode %s, page size %d; want wal and 8192", mode, page)
			}
		}
	})
}
