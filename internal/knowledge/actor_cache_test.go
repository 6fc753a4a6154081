package knowledge_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// relCounter counts the relationship reads of a knowledge service: none
// means it answered from the cache without loading the knowledge.
type relCounter struct {
	readCounter
	calls int
}

func (r *relCounter) Relationships(ctx context.Context, f telltale.RelationshipFilter) ([]*telltale.Relationship, error) {
	r.calls++
	return r.readCounter.Relationships(ctx, f)
}

// TestCachedActors: after Recompute, a new process (a new service) shows
// every actor of the starter knowledge, by its id, name or any alias, from
// the cache, the same as computed; a name no actor has, or a change to
// the store, computes.
func TestCachedActors(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	if err := k.Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	var b struct {
		Objects []struct {
			ID, Type, Name string
			Aliases        []string
		} `json:"objects"`
	}
	if err := json.Unmarshal(knowledge.StarterBundle(), &b); err != nil {
		t.Fatal(err)
	}
	asked := 0
	for _, o := range b.Objects {
		if o.Type != "intrusion-set" && o.Type != "threat-actor" {
			continue
		}
		for _, name := range append([]string{o.ID, o.Name}, o.Aliases...) {
			want, werr := k.Actor(ctx, name)
			rc := &relCounter{readCounter: readCounter{DB: db}}
			got, gerr := knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}}).Actor(ctx, name)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%q: computed error %v, cached error %v", name, werr, gerr)
			}
			if werr != nil {
				continue // names several actors: both refuse
			}
			w, _ := json.Marshal(want)
			g, _ := json.Marshal(got)
			if string(w) != string(g) {
				t.Errorf("%q from the cache:\n%s\ncomputed:\n%s", name, g, w)
			}
			if rc.calls != 0 {
				t.Errorf("%q: the knowledge was loaded (%d relationship reads), want the cached view", name, rc.calls)
			}
			asked++
		}
	}
	if asked < 10 {
		t.Fatalf("only %d actor names asked", asked)
	}
	rc := &relCounter{readCounter: readCounter{DB: db}}
	if _, err := knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}}).Actor(ctx, "no such actor anywhere"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("unknown name: %v, want not found", err)
	}
	if rc.calls == 0 {
		t.Errorf("an unknown name was answered without computing")
	}
	// A change to the store makes the cached views stale.
	importBytes(t, db, "feed", []byte(`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000002","objects":[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-000000000099","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Cache Test Panda"}]}`))
	rc = &relCounter{readCounter: readCounter{DB: db}}
	if _, err := knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}}).Actor(ctx, firstOfType(t, "intrusion-set")); err != nil || rc.calls == 0 {
		t.Errorf("after an import: err %v, %d relationship reads; want a computed view", err, rc.calls)
	}
}

// statsCounter counts the store's Stats calls.
type statsCounter struct {
	readCounter
	calls int
}

func (s *statsCounter) Stats(ctx context.Context) (*telltale.Stats, error) {
	s.calls++
	return s.readCounter.Stats(ctx)
}

// TestCachedStats: after Recompute the counts come from the cache, equal
// to the store's; after a change, from the store again.
func TestCachedStats(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	if err := k.Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	want, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc := &statsCounter{readCounter: readCounter{DB: db}}
	got, err := knowledge.NewWithOptions(sc, knowledge.Options{Reader: extract.Reader{}}).Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := json.Marshal(want)
	g, _ := json.Marshal(got)
	if string(w) != string(g) || sc.calls != 0 {
		t.Errorf("cached stats %s (%d store counts), want %s from the cache", g, sc.calls, w)
	}
	importBytes(t, db, "one more", []byte(`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000004","objects":[{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-000000000097","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Stats Test Panda"}]}`))
	sc = &statsCounter{readCounter: readCounter{DB: db}}
	got, err = knowledge.NewWithOptions(sc, knowledge.Options{Reader: extract.Reader{}}).Stats(ctx)
	if err != nil || sc.calls != 1 || got.Objects != want.Objects+1 {
		t.Errorf("after an import: %+v, %v, %d store counts; want %d objects counted by the store", got, err, sc.calls, want.Objects+1)
	}
}
