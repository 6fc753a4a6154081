package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/store"
)

// TAXII pages over every version by seq; added_after becomes a position;
// a deleted version's number is never handed out again, so a cursor past
// it still sees what comes next.
func TestVersionsPaging(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		clock := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"), ipv4(1))
		clock = clock.Add(time.Hour)
		put(t, db, intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater"), ipv4(2))
		all, err := db.Versions(ctx, store.VersionFilter{Match: store.VersionMatch{All: true}})
		if err != nil || len(all) != 4 {
			t.Fatalf("all versions: %d, %v", len(all), err)
		}
		var got []string
		var after int64
		for {
			page, err := db.Versions(ctx, store.VersionFilter{AfterSeq: after, Limit: 1, Match: store.VersionMatch{All: true}})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			got = append(got, page[0].ID+" "+page[0].Modified)
			after = page[0].Seq
		}
		if len(got) != 4 {
			t.Errorf("paged %v, want 4 versions", got)
		}
		seq, err := db.SeqAddedBy(ctx, clock.Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		later, _ := db.Versions(ctx, store.VersionFilter{AfterSeq: seq, Match: store.VersionMatch{All: true}})
		if len(later) != 2 {
			t.Errorf("added after the first import: %d versions, want 2", len(later))
		}
		last, _ := db.LastSeq(ctx)
		if last != all[3].Seq {
			t.Errorf("LastSeq = %d, want %d", last, all[3].Seq)
		}
		// Delete the newest version; the next import must come after it.
		if n, err := db.DeleteVersions(ctx, "ipv4-addr--00000002-0000-4000-8000-000000000000", store.VersionMatch{All: true}, nil); err != nil || n != 1 {
			t.Fatalf("delete: %d, %v", n, err)
		}
		put(t, db, ipv4(3))
		next, _ := db.Versions(ctx, store.VersionFilter{AfterSeq: last})
		if len(next) != 1 || next[0].Seq <= last {
			t.Errorf("after deleting the newest version, the next import got %v (after %d)", next, last)
		}
		if _, err := db.Object(ctx, "ipv4-addr--00000002-0000-4000-8000-000000000000"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Errorf("deleted object: %v", err)
		}
	})
}

// VersionSeqs finds every version of the ids given, and a Seqs filter
// reads exactly those positions, latest versions or all of them; an empty
// one reads nothing.
func TestVersionSeqs(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		put(t, db, intrusionSet(isID, "2021-01-01T00:00:00.000Z", "MuddyWater"), ipv4(1))
		put(t, db, ipv4(2), intrusionSet(isID, "2022-01-01T00:00:00.000Z", "MuddyWater"), ipv4(3))
		all, err := db.Versions(ctx, store.VersionFilter{Match: store.VersionMatch{All: true}})
		if err != nil || len(all) != 5 {
			t.Fatalf("all versions: %d, %v", len(all), err)
		}
		seqs, err := db.VersionSeqs(ctx, []string{isID, all[1].ID, "indicator--00000000-0000-4000-8000-000000000009"})
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{all[0].Seq, all[1].Seq, all[3].Seq}
		if !slices.Equal(seqs, want) {
			t.Fatalf("seqs %v, want %v (versions %v)", seqs, want, all)
		}
		for _, m := range []store.VersionMatch{{All: true}, {}} {
			got, err := db.Versions(ctx, store.VersionFilter{Seqs: seqs, Match: m})
			if err != nil {
				t.Fatal(err)
			}
			var gotSeqs []int64
			for _, o := range got {
				gotSeqs = append(gotSeqs, o.Seq)
			}
			if m.All && !slices.Equal(gotSeqs, want) || !m.All && !slices.Equal(gotSeqs, []int64{all[1].Seq, all[3].Seq}) {
				t.Errorf("match %+v: read %v", m, gotSeqs)
			}
		}
		if got, err := db.Versions(ctx, store.VersionFilter{Seqs: []int64{}}); err != nil || len(got) != 0 {
			t.Errorf("no positions: %d versions, %v", len(got), err)
		}
	})
}

func TestKnowledgeCache(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		if err := db.CachePut(ctx, 7, map[string][]byte{"a": []byte(`{"x":1}`), "b": []byte("é")}); err != nil {
			t.Fatal(err)
		}
		if err := db.CachePut(ctx, 8, map[string][]byte{"a": []byte(`{"x":2}`)}); err != nil {
			t.Fatal(err)
		}
		seq, body, found, err := db.CacheGet(ctx, "a")
		if err != nil || !found || seq != 8 || string(body) != `{"x":2}` {
			t.Errorf("a = %d %s %v %v", seq, body, found, err)
		}
		if _, _, found, _ := db.CacheGet(ctx, "b"); found {
			t.Errorf("stale entry kept")
		}
	})
}

// SeqAddedBy bisects the sequence (no index of date_added): it finds the
// last version added by any time, across imports of different sizes and
// the gaps deletions leave, as reading every version would.
func TestSeqAddedByBisects(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		clock := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		n := 0
		for _, size := range []int{1, 7, 2, 40, 1, 13, 3} {
			var objs []string
			for range size {
				n++
				objs = append(objs, ipv4(n))
			}
			put(t, db, objs...)
			clock = clock.Add(time.Hour)
		}
		for _, i := range []int{1, 2, 9, 10, 11, 12, 30, n} {
			if _, err := db.DeleteVersions(ctx, fmt.Sprintf("ipv4-addr--%08x-0000-4000-8000-000000000000", i), store.VersionMatch{All: true}, nil); err != nil {
				t.Fatal(err)
			}
		}
		all, err := db.Versions(ctx, store.VersionFilter{Match: store.VersionMatch{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		probes := []time.Time{clock.Add(-100 * time.Hour), clock.Add(time.Hour)}
		for _, v := range all {
			at, err := time.Parse("2006-01-02T15:04:05.000000Z", v.DateAdded)
			if err != nil {
				t.Fatal(err)
			}
			probes = append(probes, at, at.Add(-time.Microsecond), at.Add(30*time.Minute))
		}
		// The index of date_added is gone (migration 0301).
		q := `SELECT COUNT(*) FROM sqlite_master WHERE name = 'objects_date_added'`
		if db.Engine() == "postgres" {
			q = `SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'objects_date_added' AND schemaname = current_schema()`
		}
		var indexes int
		if err := db.SQL().QueryRowContext(ctx, q).Scan(&indexes); err != nil || indexes != 0 {
			t.Fatalf("objects_date_added: %d, %v", indexes, err)
		}
		for _, at := range probes {
			var want int64
			for _, v := range all {
				if v.DateAdded <= at.UTC().Format("2006-01-02T15:04:05.000000Z") {
					want = max(want, v.Seq)
				}
			}
			got, err := db.SeqAddedBy(ctx, at)
			if err != nil || got != want {
				t.Fatalf("SeqAddedBy(%s) = %d, %v; want %d", at.Format(time.RFC3339Nano), got, err, want)
			}
		}
	})
}
