package taxii_test

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/taxii"
)

func TestSectorCollection(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.im.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	k := f.k
	f.srv.Sectors = &taxii.BundleSectors{List: k.Sectors, BundleIDs: k.SectorBundleIDs, LastSeq: f.db.LastSeq, Seqs: f.db.VersionSeqs}

	var bundle bytes.Buffer
	if err := k.SectorBundle(ctx, "communication", &bundle); err != nil {
		t.Fatal(err)
	}
	var want []string
	dec := stix.NewDecoder(&bundle)
	for {
		raw, err := dec.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		o, _ := stix.Parse(raw)
		want = append(want, o.ID)
	}
	if len(want) < 10 {
		t.Fatalf("the communication landscape has %d objects", len(want))
	}

	r := f.get(taxii.RootPath+"collections/", "admin")
	id := taxii.SectorCollectionID("communication")
	if r.status != 200 || !bytes.Contains(r.body, []byte(id)) {
		t.Fatalf("collections: %d, no %s", r.status, id)
	}
	got := crawlIDs(t, f, id, 7)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("sector collection has %d objects, the landscape bundle %d", len(got), len(want))
	}
	if r := f.do("POST", objectsPath(id, nil), "admin", envelopeOf(indicator(1, "2024-01-01T00:00:00.000Z"))); r.status != 403 {
		t.Errorf("POST to a sector collection: %d", r.status)
	}
}

// TestSectorIDsByViewer: a sector's ids are kept per viewer, since the
// knowledge layer filters the bundle by the caller's clearance; the ids
// computed for one caller are never served to another with other
// clearance.
func TestSectorIDsByViewer(t *testing.T) {
	type viewer struct{}
	bundles := map[string]map[string]bool{
		"clear": {"identity--a": true},
		"amber": {"identity--a": true, "intrusion-set--b": true},
	}
	calls := 0
	s := &taxii.BundleSectors{
		BundleIDs: func(ctx context.Context, sector string) (map[string]bool, error) {
			calls++
			return bundles[ctx.Value(viewer{}).(string)], nil
		},
		LastSeq:   func(context.Context) (int64, error) { return 1, nil },
		ViewerKey: func(ctx context.Context) string { return ctx.Value(viewer{}).(string) },
	}
	for _, v := range []string{"clear", "amber", "clear", "amber"} {
		so, err := s.SectorObjects(context.WithValue(context.Background(), viewer{}, v), "communication")
		if err != nil {
			t.Fatal(err)
		}
		if len(so.IDs) != len(bundles[v]) {
			t.Errorf("%s reader got %v, want %v", v, so.IDs, bundles[v])
		}
	}
	if calls != 2 {
		t.Errorf("%d bundles computed for two viewers asking twice each, want 2", calls)
	}
}

// readRecorder is a store that records the id of every version Versions
// returns.
type readRecorder struct {
	taxii.Store
	read []string
}

func (r *readRecorder) Versions(ctx context.Context, f telltale.VersionFilter) ([]*telltale.Object, error) {
	objs, err := r.Store.Versions(ctx, f)
	for _, o := range objs {
		r.read = append(r.read, o.ID)
	}
	return objs, err
}

// TestSectorPagesReadOnlyTheSector: a sector collection's pages read the
// versions of the sector's objects, not every version stored after them
// (at a million objects, 14 s a page for the Communication collection
// when they did).
func TestSectorPagesReadOnlyTheSector(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.im.Import(ctx, bytes.NewReader(knowledge.StarterBundle()), "starter", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	var feed []string
	for i := range 1500 {
		feed = append(feed, indicator(i+1, "2024-01-01T00:00:00.000Z"))
	}
	f.importObjects(feed...)
	k := f.k
	f.srv.Sectors = &taxii.BundleSectors{List: k.Sectors, BundleIDs: k.SectorBundleIDs, LastSeq: f.db.LastSeq, Seqs: f.db.VersionSeqs}
	held, err := f.srv.Sectors.SectorObjects(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	rec := &readRecorder{Store: f.srv.Store}
	f.srv.Store = rec
	id := taxii.SectorCollectionID("communication")
	got := crawlIDs(t, f, id, 7)
	if len(got) != len(held.IDs) {
		t.Errorf("crawled %d objects of the %d of the landscape", len(got), len(held.IDs))
	}
	outside := 0
	for _, id := range rec.read {
		if !held.IDs[id] {
			outside++
		}
	}
	if outside > 0 {
		t.Errorf("the pages read %d versions, %d of them outside the sector", len(rec.read), outside)
	}
}

// crawlIDs reads a collection as admin, limit objects a page, and returns
// the ids it served.
func crawlIDs(t *testing.T, f *fixture, id string, limit int) []string {
	t.Helper()
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	var got []string
	for {
		r := f.get(objectsPath(id, q), "admin")
		var env envelope
		r.decode(t, &env)
		got = append(got, idsOf(t, env.Objects)...)
		if !env.More {
			return got
		}
		q.Set("next", env.Next)
	}
}
