package knowledge_test

import (
	"context"
	"testing"
)

// TestCampaignsFiledAsActors: an intrusion set that is a campaign (named
// as a campaign object is, or "Operation ...") is listed among the
// sector's campaigns with the actor its campaign is attributed to, and is
// no attacker row; its targeting counts for that actor.
func TestCampaignsFiledAsActors(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	telecom := mustSector(t, "telecommunications")
	importBytes(t, db, "galaxy", []byte(`[
		{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--a1111111-1111-4111-8111-111111111111","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Soft Cell"},
		{"type":"relationship","spec_version":"2.1","id":"relationship--a2222222-2222-4222-8222-222222222222","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--a1111111-1111-4111-8111-111111111111","target_ref":"`+telecom+`"},
		{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--a3333333-3333-4333-8333-333333333333","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Operation Quiet Tower"},
		{"type":"relationship","spec_version":"2.1","id":"relationship--a4444444-4444-4444-8444-444444444444","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"targets","source_ref":"intrusion-set--a3333333-3333-4333-8333-333333333333","target_ref":"`+telecom+`"}]`))
	l, err := k.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range l.Attackers {
		if a.Name == "Soft Cell" || a.Name == "Operation Quiet Tower" || a.Name == "Operation Soft Cell" {
			t.Errorf("campaign %s is an attacker row", a.Name)
		}
	}
	got := map[string][]string{}
	for _, c := range l.Campaigns {
		var actors []string
		for _, a := range c.Actors {
			actors = append(actors, a.Name)
		}
		got[c.Name] = actors
	}
	if a, ok := got["Operation Soft Cell"]; !ok || len(a) != 1 || a[0] != "GALLIUM" {
		t.Errorf("Operation Soft Cell: actors %v (listed %v), want GALLIUM", a, ok)
	}
	if a, ok := got["Operation Quiet Tower"]; !ok || len(a) != 0 {
		t.Errorf("Operation Quiet Tower: actors %v (listed %v), want listed without actor", a, ok)
	}
	if len(got) != 2 {
		t.Errorf("campaigns %v, want Operation Soft Cell and Operation Quiet Tower", got)
	}
	for _, a := range l.Attackers {
		if a.Name != "GALLIUM" {
			continue
		}
		found := false
		for _, s := range a.Sources {
			found = found || s.ObjectID == "relationship--a2222222-2222-4222-8222-222222222222"
		}
		if !found {
			t.Errorf("GALLIUM's sources %v lack the campaign's targeting", a.Sources)
		}
	}
}
