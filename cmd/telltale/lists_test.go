package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
)

// TestListsFollowTLP: the lists as serve wires them (real accounts and
// markings) leave out, and do not count, what the caller may not see: a
// TLP:RED actor that names nobody is seen by no analyst, a TLP:AMBER one
// by the AMBER analyst and not by the CLEAR reader, in JSON and CSV.
func TestListsFollowTLP(t *testing.T) {
	ctx := context.Background()
	a, ts := servedApp(t, false)
	if _, err := auth.New(a.DB).AddUser(ctx, auth.NewUser{Name: "cleo", Password: "cleo-password", Role: auth.RoleReader, Clearance: auth.Clear}); err != nil {
		t.Fatal(err)
	}
	stamp := `"spec_version":"2.1","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z"`
	bundle := `[{"type":"intrusion-set",` + stamp + `,"id":"intrusion-set--aaaaaaaa-0000-4000-8000-000000000001","name":"Scarlet Listed","object_marking_refs":["` + auth.TLPRed + `"]},
		{"type":"intrusion-set",` + stamp + `,"id":"intrusion-set--aaaaaaaa-0000-4000-8000-000000000002","name":"Amber Listed","object_marking_refs":["` + auth.TLPAmber + `"]},
		{"type":"intrusion-set",` + stamp + `,"id":"intrusion-set--aaaaaaaa-0000-4000-8000-000000000003","name":"Clear Listed"}]`
	if _, err := a.Importer.Import(ctx, strings.NewReader(bundle), "test", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	names := func(user string) (int, string) {
		t.Helper()
		code, body := callAs(t, ts, user, "GET", "/api/v1/actors?name=listed", "", "application/json", nil)
		var res struct {
			Total int `json:"total"`
			Rows  []struct {
				Name string `json:"name"`
			} `json:"rows"`
		}
		if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil {
			t.Fatalf("%s: %d %.200s", user, code, body)
		}
		var out []string
		for _, r := range res.Rows {
			out = append(out, r.Name)
		}
		return res.Total, strings.Join(out, ", ")
	}
	for user, want := range map[string]string{"ana": "Amber Listed, Clear Listed", "cleo": "Clear Listed"} {
		if n, got := names(user); got != want || n != strings.Count(want, ",")+1 {
			t.Errorf("%s sees %d: %q, want %q", user, n, got, want)
		}
	}
	_, csv := callAs(t, ts, "cleo", "GET", "/actors?format=csv&name=listed", "", "*/*", nil)
	if !strings.Contains(csv, "Clear Listed") || strings.Contains(csv, "Amber Listed") || strings.Contains(csv, "Scarlet") {
		t.Errorf("CSV for the CLEAR reader: %s", csv)
	}
}
