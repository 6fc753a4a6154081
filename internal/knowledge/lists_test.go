package knowledge_test

import (
	"context"
	"slices"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// TestListsFull lists ATT&CK Enterprise, every MISP galaxy and the
// starter knowledge: every row is backed by some source, the actors that
// target Communication are the sector's attackers, and techniques are
// ATT&CK's.
func TestListsFull(t *testing.T) {
	ctx := context.Background()
	_, k := openFull(t)
	counts := map[string]int{}
	for _, kind := range telltale.ListKinds {
		rows, err := k.List(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		counts[kind] = len(rows)
		for _, r := range rows {
			if r.Sources < 1 || len(r.SourceKinds) == 0 || r.Name == "" {
				t.Errorf("%s %s (%s): %d sources, kinds %v", kind, r.Name, r.ID, r.Sources, r.SourceKinds)
				break
			}
		}
	}
	t.Logf("rows: %v", counts)
	if counts[telltale.ListTechniques] < 500 || counts[telltale.ListActors] < 500 || counts[telltale.ListMalware] < 500 {
		t.Errorf("too few rows for ATT&CK and MISP: %v", counts)
	}
	actors, _ := k.List(ctx, telltale.ListActors)
	var attackers []string
	for _, a := range actors {
		if slices.Contains(a.Within, "communication") {
			attackers = append(attackers, a.ID)
		}
	}
	l, err := k.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range l.Attackers {
		want = append(want, a.ID)
	}
	slices.Sort(attackers)
	slices.Sort(want)
	if !slices.Equal(attackers, want) {
		t.Errorf("%d actors target Communication, the landscape has %d attackers", len(attackers), len(want))
	}
	if _, err := k.List(ctx, "indicators"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("unknown list: %v", err)
	}
}

// BenchmarkLists computes the six lists for a fresh state of the
// knowledge (ATT&CK Enterprise, every MISP galaxy, the starter knowledge):
// what the first list page after an import pays, on top of the snapshot
// every view shares (not timed).
func BenchmarkLists(b *testing.B) {
	db, _ := openFull(b)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		k := knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}})
		if err := k.Refresh(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, kind := range telltale.ListKinds {
			if _, err := k.List(ctx, kind); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkListQuery filters, sorts and pages the malware list (about
// 4,000 rows on the same data) by the actors that use it, once the lists
// are computed: what every later list page pays.
func BenchmarkListQuery(b *testing.B) {
	_, k := openFull(b)
	ctx := context.Background()
	views := &api.Views{Knowledge: k}
	q := api.ListQuery{Sector: "communication", Origin: "CN", Sort: "-actors", Size: api.ListPageSize}
	if _, err := views.List(ctx, telltale.ListMalware, q); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := views.List(ctx, telltale.ListMalware, q); err != nil {
			b.Fatal(err)
		}
	}
}
