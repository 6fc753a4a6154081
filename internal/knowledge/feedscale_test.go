package knowledge_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
)

// readCounter is the store as the knowledge layer sees it, counting the
// relationships and names it hands out that concern indicators.
type readCounter struct {
	*store.DB
	indicatorRels, indicatorNames int
}

func (r *readCounter) Relationships(ctx context.Context, f telltale.RelationshipFilter) ([]*telltale.Relationship, error) {
	rels, err := r.DB.Relationships(ctx, f)
	for _, rel := range rels {
		if strings.HasPrefix(rel.Source, "indicator--") {
			r.indicatorRels++
		}
	}
	return rels, err
}

func (r *readCounter) NamesOfTypes(ctx context.Context, types []string) ([]*telltale.Name, error) {
	names, err := r.DB.NamesOfTypes(ctx, types)
	for _, n := range names {
		if strings.HasPrefix(n.ObjectID, "indicator--") {
			r.indicatorNames++
		}
	}
	return names, err
}

// TestSnapshotSkipsTheFeed: the views of actors and sectors read neither
// the relationships from a feed's indicators nor their names (issue 17:
// at 1,000,000 objects reading them took most of a first page's time),
// and an actor's view is the same with the feed as without it.
func TestSnapshotSkipsTheFeed(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	actor := firstOfType(t, "intrusion-set")
	before, err := k.Actor(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	var objs []string
	for i := range 40 {
		ind := fmt.Sprintf("indicator--00000000-0000-4000-8000-%012d", i)
		objs = append(objs,
			`{"type":"indicator","spec_version":"2.1","id":"`+ind+`","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"198.51.100.`+fmt.Sprint(i)+`","pattern":"[ipv4-addr:value = '198.51.100.`+fmt.Sprint(i)+`']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}`,
			`{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-`+fmt.Sprintf("%012d", i)+`","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"indicates","source_ref":"`+ind+`","target_ref":"`+actor+`"}`)
	}
	importBytes(t, db, "feed", []byte(`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000001","objects":[`+strings.Join(objs, ",")+`]}`))
	rc := &readCounter{DB: db}
	after, err := knowledge.NewWithOptions(rc, knowledge.Options{Reader: extract.Reader{}}).Actor(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	if rc.indicatorRels != 0 || rc.indicatorNames != 0 {
		t.Errorf("the knowledge read %d relationships from indicators and %d names of indicators, want none", rc.indicatorRels, rc.indicatorNames)
	}
	b, _ := json.Marshal(before)
	a, _ := json.Marshal(after)
	if string(a) != string(b) {
		t.Errorf("the actor changed with a feed of indicators:\n%s\nwas\n%s", a, b)
	}
}

// firstOfType returns the id of the first object of type typ in the
// starter knowledge.
func firstOfType(t *testing.T, typ string) string {
	t.Helper()
	return starterObject(t, "a "+typ, func(oTyp, _ string) bool { return oTyp == typ })
}

// starterObject is the id of the first object of the starter knowledge
// that match accepts (by type and name); what names it in a failure.
func starterObject(t *testing.T, what string, match func(typ, name string) bool) string {
	t.Helper()
	var b struct {
		Objects []struct{ ID, Type, Name string } `json:"objects"`
	}
	if err := json.Unmarshal(knowledge.StarterBundle(), &b); err != nil {
		t.Fatal(err)
	}
	for _, o := range b.Objects {
		if match(o.Type, o.Name) {
			return o.ID
		}
	}
	t.Fatalf("no %s in the starter knowledge", what)
	return ""
}
