package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/importer"
)

const enrichBundle = `{"type":"bundle","id":"bundle--1f1b1f1b-1f1b-4f1b-8f1b-1f1b1f1b1f1b","objects":[
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a","created":"2020-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Example Panda","description":"Example Panda has targeted telecommunications providers and government agencies in Asia since 2015.","external_references":[{"source_name":"example","url":"https://example.org/groups/example-panda"}]},
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b","created":"2020-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Quiet Bear","description":"Quiet Bear is a group about which little is known."}]}`

func TestEnrich(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	if _, err := s.Importer.Import(ctx, strings.NewReader(enrichBundle), "test", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Enrich(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range res.Rows {
		if r.Actor == "Quiet Bear" {
			t.Errorf("a description naming no sector gave %+v", r)
		}
		if r.Actor == "Example Panda" && r.Sector == "telecommunications" {
			found = true
		}
	}
	if !found || res.Import.Added == 0 {
		t.Fatalf("enrich = %+v; want Example Panda targets telecommunications", res)
	}
	land, err := s.Knowledge.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, a := range land.Attackers {
		if a.Name != "Example Panda" {
			continue
		}
		for _, src := range a.Sources {
			if src.FromDescription && src.Confidence == ConfidenceFromDescription && src.URL == "https://example.org/groups/example-panda" {
				ok = true
			}
		}
	}
	if !ok {
		t.Errorf("Example Panda is not a Communication attacker from description: %+v", land.Attackers)
	}
	t.Run("Idempotent", func(t *testing.T) {
		again, err := s.Enrich(ctx)
		if err != nil || again.Import.Added+again.Import.Updated != 0 {
			t.Fatalf("second enrich = %+v, %v; want nothing added", again.Import, err)
		}
	})
	t.Run("BySource", func(t *testing.T) {
		_, counts, err := s.AttackersBySource(ctx, "communication")
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, c := range counts {
			if c.FromDescription && c.Attackers >= 1 {
				got = true
			}
		}
		if !got {
			t.Errorf("counts = %+v; want a from-description source", counts)
		}
	})
}
