package knowledge_test

import (
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
)

// The resolution rules on a small store: ATT&CK groups anchor their
// clusters, a galaxy entry joins the group its own name designates, a
// synonym naming another group is refused and listed with both ids, and
// the halves of a compound name are the entry's own names.
func TestResolutionRules(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	group := func(id, name, gid string, aliases ...string) string {
		return `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--` + id + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","created_by_ref":"identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5","name":"` + name + `","aliases":["` + strings.Join(append([]string{name}, aliases...), `","`) + `"],"external_references":[{"source_name":"mitre-attack","external_id":"` + gid + `"}]}`
	}
	entry := func(id, name string, aliases ...string) string {
		return `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--` + id + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"` + name + `","aliases":["` + strings.Join(aliases, `","`) + `"]}`
	}
	const (
		fin7      = "b0000000-0000-4000-8000-000000000046"
		carbanak  = "b0000000-0000-4000-8000-000000000008"
		apt32     = "b0000000-0000-4000-8000-000000000050"
		misp7     = "c0000000-0000-4000-8000-000000000001"
		lotus     = "c0000000-0000-4000-8000-000000000002"
		longhorn  = "c0000000-0000-4000-8000-000000000003"
		cia       = "c0000000-0000-4000-8000-000000000004"
		ambiguous = "c0000000-0000-4000-8000-000000000005"
	)
	importBytes(t, db, "rules", []byte(`[`+strings.Join([]string{
		group(fin7, "FIN7", "G0046", "Carbon Spider"),
		group(carbanak, "Carbanak", "G0008", "Anunak"),
		group(apt32, "APT32", "G0050", "OceanLotus"),
		// Sorted before FIN7's own entry, so a join in name order would
		// put it with Carbanak first.
		entry(misp7, "FIN7", "Carbanak", "G0008", "G0046", "Carbon Spider"),
		entry(lotus, "海莲花 - APT-C-00", "海莲花", "APT-C-00", "OceanLotus"),
		entry(longhorn, "Longhorn", "APT-C-39", "Lamberts"),
		entry(cia, "CIA - APT-C-39", "CIA", "APT-C-39"),
		entry(ambiguous, "Twin Names", "Anunak", "Carbon Spider"),
	}, ",")+`]`))

	opens := func(name, wantID string) {
		t.Helper()
		a, err := k.Actor(ctx, name)
		if err != nil {
			t.Errorf("Actor(%q): %v", name, err)
			return
		}
		for _, m := range a.Members {
			if m.ID == "intrusion-set--"+wantID {
				return
			}
		}
		t.Errorf("Actor(%q) opens %s, which lacks %s", name, a.Name, wantID)
	}
	for _, n := range []string{"FIN7", "G0046", "Carbon Spider"} {
		opens(n, fin7)
		opens(n, misp7)
	}
	for _, n := range []string{"Carbanak", "G0008", "Anunak"} {
		opens(n, carbanak)
	}
	for _, n := range []string{"OceanLotus", "APT-C-00", "海莲花", "海莲花 - APT-C-00"} {
		opens(n, apt32)
		opens(n, lotus)
	}
	opens("CIA", longhorn)
	opens("APT-C-39", cia)
	opens("Twin Names", ambiguous)
	if a, _ := k.Actor(ctx, "Twin Names"); a != nil && len(a.Members) != 1 {
		t.Errorf("Twin Names, whose aliases name two ATT&CK groups, joined %v", a.Members)
	}

	cs, err := k.Conflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, c := range cs {
		found[c.Name+"/"+c.Rule] = c.Detail
		if strings.Contains(c.Detail, "( and") || strings.Contains(c.Detail, "and )") {
			t.Errorf("blank ATT&CK id: %s", c.Detail)
		}
	}
	if d := found["Carbanak/mitre-id"]; !strings.Contains(d, "G0008 and G0046") && !strings.Contains(d, "G0046 and G0008") {
		t.Errorf("conflict on Carbanak = %q, want both ids", d)
	}
	if d := found["Anunak/several-groups"]; !strings.Contains(d, "G0008, G0046") {
		t.Errorf("conflict on Anunak = %q, want the groups Twin Names' aliases name", d)
	}
	if _, err := k.Actor(ctx, "Lamberts"); err != nil {
		t.Errorf("an alias one cluster carries: %v", err)
	}
	if _, err := k.Actor(ctx, "nobody at all"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("unknown name: %v", err)
	}
}
