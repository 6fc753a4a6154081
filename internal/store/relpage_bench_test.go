package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/store/storetest"
)

// Relationships of BenchmarkRelationshipPage's store: benchHot of them
// indicate one intrusion set (the most indicated one of bench-scale's
// 1,000,000 objects has 35,108), stored among benchRels relationships to
// benchOthers other intrusion sets, as a feed interleaves them.
const (
	benchRels   = 175_000
	benchHot    = 35_000
	benchOthers = 2_000
)

// BenchmarkRelationshipPage reads pages of the relationships to an
// object that has benchHot of them (issue 17: the object page and object
// API of the intrusion set a feed indicates most): the count alone, the
// count and the first page, the count and page 300, for the object page's
// filter (every relationship to it) and the actor indicators' one
// (indicates, from indicators). "first" is the first page read by a newly
// opened store (an empty page cache on SQLite, as a server's first
// request), the opening not timed.
func BenchmarkRelationshipPage(b *testing.B) {
	ctx := context.Background()
	for _, engine := range storetest.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			dsn := storetest.DSN(b, engine)
			fillRelationships(b, dsn)
			db := openDSN(b, dsn)
			for _, f := range []struct {
				name string
				f    telltale.RelationshipFilter
			}{
				{"to", telltale.RelationshipFilter{Target: isID}},
				{"indicators", telltale.RelationshipFilter{Target: isID, Type: "indicates", SourceTypes: []string{"indicator"}}},
			} {
				for _, c := range []struct {
					name          string
					offset, limit int
				}{{"count", 0, 0}, {"page1", 0, 20}, {"page300", 299 * 20, 20}} {
					b.Run(f.name+"/"+c.name, func(b *testing.B) {
						for b.Loop() {
							if _, n, err := db.RelationshipPage(ctx, f.f, c.offset, c.limit); err != nil || n < benchHot*8/10 {
								b.Fatalf("%d relationships, %v", n, err)
							}
						}
					})
				}
				b.Run(f.name+"/first", func(b *testing.B) {
					for b.Loop() {
						b.StopTimer()
						fresh, err := store.Open(ctx, dsn, false)
						if err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
						_, _, err = fresh.RelationshipPage(ctx, f.f, 0, 20)
						b.StopTimer()
						fresh.Close()
						if err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
					}
				})
			}
		})
	}
}

// fillRelationships stores benchRels relationships at dsn, every fifth
// to isID (a hundredth of those revoked), the others to benchOthers
// other intrusion sets, from indicators (a tenth of isID's from malware).
func fillRelationships(b *testing.B, dsn string) {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, true)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const perTx = 20_000
	for lo := 0; lo < benchRels; lo += perTx {
		tx, err := db.Begin(ctx, "bench", "stix")
		if err != nil {
			b.Fatal(err)
		}
		for i := lo; i < min(lo+perTx, benchRels); i++ {
			target, revoked := fmt.Sprintf("intrusion-set--%08x-2222-4222-8222-000000000000", i%benchOthers), false
			if i%5 == 0 {
				target, revoked = isID, i%500 == 0
			}
			source := fmt.Sprintf("indicator--%08x-1111-4111-8111-000000000000", i)
			if i%50 == 5 {
				source = fmt.Sprintf("malware--%08x-1111-4111-8111-000000000000", i)
			}
			o, err := stix.Parse([]byte(relationship(fmt.Sprintf("relationship--%08x-0000-4000-8000-000000000000", i),
				"2020-01-01T00:00:00.000Z", source, "indicates", target, revoked)))
			if err == nil {
				_, err = tx.Put(ctx, o)
			}
			if err != nil {
				tx.Rollback()
				b.Fatal(err)
			}
		}
		if err := tx.Commit(ctx, &telltale.ImportResult{}); err != nil {
			b.Fatal(err)
		}
	}
}
