package knowledge_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// TestOriginStatus: an origin is asserted when a source asserts it (a
// relationship with no polarity mark, as ATT&CK, MISP and the starter
// knowledge make them, counts as asserted) and none negates it; hedged
// when sources only suggest it; disputed when a note keeps a negated or
// denied claim against it, hedged or not. An origin only negated is none.
// The firmest origin is the row's; the sector bundle carries the hedged
// relationship as it is and the notes that dispute origins.
func TestOriginStatus(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	china, iran, russia := stix.LocationID("China", "Country"), stix.LocationID("Iran", "Country"), stix.LocationID("Russia", "Country")
	telecom := mustSector(t, "telecommunications")
	const ts = `"created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z"`
	const report = "report--0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a"
	var objs []string
	n := 0
	uuid := func() string { n++; return fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n) }
	actor := func(name string) string {
		id := "intrusion-set--" + uuid()
		objs = append(objs, fmt.Sprintf(`{"type":"intrusion-set","spec_version":"2.1","id":%q,%s,"name":%q}`, id, ts, name),
			fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%s",%s,"relationship_type":"targets","source_ref":%q,"target_ref":%q}`, uuid(), ts, id, telecom))
		return id
	}
	origin := func(actor, loc, polarity string, confidence int) string {
		id := "relationship--" + uuid()
		extra := ""
		if polarity != "" {
			extra = fmt.Sprintf(`,"x_telltale_polarity":%q,"x_telltale_claim_by":"Acme","x_telltale_report_ref":%q`, polarity, report)
		}
		objs = append(objs, fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":%q,%s,"relationship_type":"originates-from","source_ref":%q,"target_ref":%q,"confidence":%d%s}`, id, ts, actor, loc, confidence, extra))
		return id
	}
	note := func(actor, loc, polarity string) string {
		id := "note--" + uuid()
		objs = append(objs, fmt.Sprintf(`{"type":"note","spec_version":"2.1","id":%q,%s,"content":"Acme %s it","object_refs":[%q,%q,%q],"x_telltale_polarity":%q,"x_telltale_claim_by":"Acme","x_telltale_report_ref":%q}`, id, ts, polarity, report, actor, loc, polarity, report))
		return id
	}
	asserted := actor("Origin Asserted")
	origin(asserted, iran, "", 0)
	hedged := actor("Origin Hedged")
	hedgedRel := origin(hedged, china, "hedged", 30)
	disputedHedged := actor("Origin Disputed Hedged")
	origin(disputedHedged, china, "hedged", 40)
	negation := note(disputedHedged, china, "negated")
	mixed := actor("Origin Mixed")
	origin(mixed, russia, "asserted", 85)
	note(mixed, russia, "denied")
	origin(mixed, china, "hedged", 40)
	negatedOnly := actor("Origin Negated Only")
	note(negatedOnly, china, "negated")
	// A report made before relationships carried a polarity: its low
	// confidence says hedged.
	legacy := actor("Origin Legacy Report")
	objs = append(objs, fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%s",%s,"relationship_type":"originates-from","source_ref":%q,"target_ref":%q,"confidence":40,"x_telltale_report_ref":%q}`, uuid(), ts, legacy, china, report))
	// A report's same-as claim: a claim on the actor, no join.
	objs = append(objs, fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%s",%s,"relationship_type":"related-to","source_ref":%q,"target_ref":%q,"confidence":75,"x_telltale_polarity":"asserted","x_telltale_relation":"same-as","x_telltale_claim_by":"Acme","x_telltale_report_ref":%q}`, uuid(), ts, asserted, hedged, report))
	objs = append(objs, fmt.Sprintf(`{"type":"report","spec_version":"2.1","id":%q,%s,"name":"Acme on origins","published":"2026-01-01T00:00:00.000Z","object_refs":[%q],"x_telltale_status":"accepted"}`, report, ts, hedged))
	importBytes(t, db, "origins", []byte(`{"type":"bundle","id":"bundle--`+uuid()+`","objects":[`+strings.Join(objs, ",")+`]}`))

	want := map[string]struct {
		code, status string
		hedged       bool
		origins      int
	}{
		"Origin Asserted":        {"IR", telltale.OriginAsserted, false, 1},
		"Origin Hedged":          {"CN", telltale.OriginHedged, true, 1},
		"Origin Disputed Hedged": {"CN", telltale.OriginDisputed, true, 1},
		"Origin Mixed":           {"RU", telltale.OriginDisputed, false, 2},
		"Origin Negated Only":    {"", "", false, 0},
		"Origin Legacy Report":   {"CN", telltale.OriginHedged, true, 1},
	}
	land, err := k.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]telltale.Attacker{}
	for _, a := range land.Attackers {
		rows[a.Name] = a
	}
	for name, w := range want {
		row, ok := rows[name]
		if !ok {
			t.Errorf("%s is not an attacker of Communication", name)
			continue
		}
		if row.Origin != w.code || row.OriginStatus != w.status || row.OriginHedged != w.hedged {
			t.Errorf("%s: row origin %q %q hedged=%v; want %q %q hedged=%v", name, row.Origin, row.OriginStatus, row.OriginHedged, w.code, w.status, w.hedged)
		}
		a, err := k.Actor(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Origin) != w.origins || a.OriginStatus != w.status {
			t.Errorf("%s: actor origins %+v status %q; want %d, %q", name, a.Origin, a.OriginStatus, w.origins, w.status)
		}
	}
	if a, _ := k.Actor(ctx, "Origin Mixed"); a != nil && len(a.Origin) == 2 {
		if a.Origin[1].Name != "China" || a.Origin[1].Status != telltale.OriginHedged || len(a.Origin[0].Against) != 1 || a.Origin[0].Against[0].Polarity != "denied" {
			t.Errorf("mixed origins = %+v; want Russia disputed by a denial, then China hedged", a.Origin)
		}
	}
	if a, _ := k.Actor(ctx, "Origin Asserted"); a != nil {
		var sameAs bool
		for _, c := range a.Claims {
			sameAs = sameAs || c.Relation == "same-as" && c.Object == "Origin Hedged" && c.Polarity == "asserted" && c.By == "Acme"
		}
		if !sameAs || len(a.Members) != 1 {
			t.Errorf("same-as claim: claims %+v, %d members; want the claim listed and no join", a.Claims, len(a.Members))
		}
	}
	// The JSON says which.
	a, _ := k.Actor(ctx, "Origin Disputed Hedged")
	raw, _ := json.Marshal(a)
	if !strings.Contains(string(raw), `"origin_status":"disputed"`) || !strings.Contains(string(raw), `"hedged":true`) || !strings.Contains(string(raw), `"polarity":"negated"`) {
		t.Errorf("actor JSON lacks the origin's status: %s", raw)
	}

	var buf strings.Builder
	if err := k.SectorBundle(ctx, "communication", &buf); err != nil {
		t.Fatal(err)
	}
	var bundle struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal([]byte(buf.String()), &bundle); err != nil {
		t.Fatal(err)
	}
	found := map[string]map[string]any{}
	for _, o := range bundle.Objects {
		found[o["id"].(string)] = o
	}
	if r := found[hedgedRel]; r == nil || r["x_telltale_polarity"] != "hedged" || r["confidence"].(float64) >= 70 {
		t.Errorf("bundle's hedged origin = %v; want it with x_telltale_polarity hedged and a low confidence", r)
	}
	if found[negation] == nil {
		t.Errorf("bundle lacks the note that disputes an origin")
	}
}

// TestOriginAgainstEveryNote: when one report keeps two negations of an
// origin by the same speaker (two sentences, two notes), the origin is
// disputed by both, in the landscape row, the actor and the sector
// bundle, whatever order the snapshot meets them in: before, one of the
// two was kept, which one depending on map iteration.
func TestOriginAgainstEveryNote(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	china := stix.LocationID("China", "Country")
	telecom := mustSector(t, "telecommunications")
	const ts = `"created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z"`
	const report = "report--0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b"
	const actor = "intrusion-set--0c0c0c0c-0c0c-4c0c-8c0c-0c0c0c0c0c0c"
	objs := []string{
		fmt.Sprintf(`{"type":"intrusion-set","spec_version":"2.1","id":%q,%s,"name":"Twice Denied"}`, actor, ts),
		fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--0d0d0d0d-0d0d-4d0d-8d0d-0d0d0d0d0d0d",%s,"relationship_type":"targets","source_ref":%q,"target_ref":%q}`, ts, actor, telecom),
		fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e",%s,"relationship_type":"originates-from","source_ref":%q,"target_ref":%q,"confidence":20,"x_telltale_polarity":"hedged","x_telltale_claim_by":"the publisher","x_telltale_report_ref":%q}`, ts, actor, china, report),
		fmt.Sprintf(`{"type":"report","spec_version":"2.1","id":%q,%s,"name":"Acme twice","published":"2026-01-01T00:00:00.000Z","object_refs":[%q],"x_telltale_status":"accepted"}`, report, ts, actor),
	}
	var notes []string
	for i := 1; i <= 2; i++ {
		id := fmt.Sprintf("note--%08x-0f0f-4f0f-8f0f-0f0f0f0f0f0f", i)
		notes = append(notes, id)
		objs = append(objs, fmt.Sprintf(`{"type":"note","spec_version":"2.1","id":%q,%s,"content":"Acme does not attribute it to China (sentence %d)","object_refs":[%q,%q,%q],"x_telltale_polarity":"negated","x_telltale_claim_by":"Acme","x_telltale_report_ref":%q}`, id, ts, i, report, actor, china, report))
	}
	importBytes(t, db, "two negations", []byte(`{"type":"bundle","id":"bundle--0a0b0c0d-0000-4000-8000-000000000001","objects":[`+strings.Join(objs, ",")+`]}`))

	a, err := k.Actor(ctx, "Twice Denied")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Origin) != 1 || a.Origin[0].Status != telltale.OriginDisputed {
		t.Fatalf("origins = %+v; want China, disputed", a.Origin)
	}
	var got []string
	for _, s := range a.Origin[0].Against {
		got = append(got, s.ObjectID)
	}
	if strings.Join(got, " ") != strings.Join(notes, " ") {
		t.Errorf("against = %v; want both notes, in id order: %v", got, notes)
	}
	land, err := k.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range land.Attackers {
		if row.Name != "Twice Denied" {
			continue
		}
		var ids []string
		for _, s := range row.OriginSources {
			ids = append(ids, s.ObjectID)
		}
		if len(ids) != 3 || ids[1] != notes[0] || ids[2] != notes[1] {
			t.Errorf("row origin sources = %v; want the hedged relationship, then both notes", ids)
		}
	}
	var buf strings.Builder
	if err := k.SectorBundle(ctx, "communication", &buf); err != nil {
		t.Fatal(err)
	}
	for _, id := range notes {
		if !strings.Contains(buf.String(), `"id":"`+id+`"`) {
			t.Errorf("sector bundle lacks the note %s", id)
		}
	}
}
