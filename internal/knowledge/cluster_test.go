package knowledge_test

import (
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// The resolution rules on a small store: ATT&CK groups anchor their
// clusters, a galaxy entry joins the group its own name designates, a
// synonym naming another group is refused and listed with both ids, and
// the halves of a compound name are the entry's own names. A group's name
// without its last word "Group" or "Team" is the group's own too: "Marlin"
// opens the Marlin Group, and an entry whose compound name half-spells it
// joins it although its aliases name another group; a short name ATT&CK
// gives another group as an alias stays that group's. A name found
// nowhere is tried without "the" and "group", "gang"...
func TestResolutionRules(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	const (
		fin7      = "b0000000-0000-4000-8000-000000000046"
		carbanak  = "b0000000-0000-4000-8000-000000000008"
		apt32     = "b0000000-0000-4000-8000-000000000050"
		misp7     = "c0000000-0000-4000-8000-000000000001"
		lotus     = "c0000000-0000-4000-8000-000000000002"
		longhorn  = "c0000000-0000-4000-8000-000000000003"
		cia       = "c0000000-0000-4000-8000-000000000004"
		ambiguous = "c0000000-0000-4000-8000-000000000005"
		marlin    = "d0000000-0000-4000-8000-000000000001"
		reef      = "d0000000-0000-4000-8000-000000000002"
		heron     = "d0000000-0000-4000-8000-000000000003"
		gull      = "d0000000-0000-4000-8000-000000000004"
		compound  = "e0000000-0000-4000-8000-000000000001"
	)
	importBytes(t, db, "rules", []byte(`[`+strings.Join([]string{
		groupJSON(fin7, "FIN7", "G0046", "Carbon Spider"),
		groupJSON(carbanak, "Carbanak", "G0008", "Anunak"),
		groupJSON(apt32, "APT32", "G0050", "OceanLotus"),
		// Sorted before FIN7's own entry, so a join in name order would
		// put it with Carbanak first.
		entryJSON(misp7, "FIN7", "Carbanak", "G0008", "G0046", "Carbon Spider"),
		entryJSON(lotus, "海莲花 - APT-C-00", "海莲花", "APT-C-00", "OceanLotus"),
		entryJSON(longhorn, "Longhorn", "APT-C-39", "Lamberts"),
		entryJSON(cia, "CIA - APT-C-39", "CIA", "APT-C-39"),
		entryJSON(ambiguous, "Twin Names", "Anunak", "Carbon Spider"),
		groupJSON(marlin, "Marlin Group", "G9001"),
		groupJSON(reef, "Reef Raiders", "G9002", "Coral Bandits"),
		groupJSON(heron, "Heron Team", "G9003"),
		groupJSON(gull, "Gull Spider", "G9004", "Heron"),
		entryJSON(compound, "Marlin - APT-X-1", "Marlin", "APT-X-1", "Coral Bandits"),
	}, ",")+`]`))

	opens := func(name, wantID string) { t.Helper(); checkOpens(t, k, name, wantID) }
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
	for _, n := range []string{"Marlin", "marlin", "APT-X-1", "Marlin - APT-X-1"} {
		opens(n, marlin)
		opens(n, compound)
	}
	opens("Heron", gull)
	opens("Heron Team", heron)
	opens("Coral Bandits", reef)
	// A name that resolves to nothing as written is tried without a
	// leading "the" and a last word saying what kind of actor it names.
	opens("the FIN7 gang", fin7)
	opens("Carbanak group", carbanak)
	opens("the Reef Raiders", reef)
	for _, n := range []string{"the group", "group", "Nobody Group"} {
		if _, err := k.Actor(ctx, n); telltale.ErrorCode(err) != telltale.ENOTFOUND {
			t.Errorf("Actor(%q): %v, want not found", n, err)
		}
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

// groupJSON is an intrusion set as ATT&CK publishes a group.
func groupJSON(id, name, gid string, aliases ...string) string {
	return `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--` + id + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","created_by_ref":"identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5","name":"` + name + `","aliases":["` + strings.Join(append([]string{name}, aliases...), `","`) + `"],"external_references":[{"source_name":"mitre-attack","external_id":"` + gid + `"}]}`
}

// entryJSON is an intrusion set from another source (a galaxy entry).
func entryJSON(id, name string, aliases ...string) string {
	return `{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--` + id + `","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"` + name + `","aliases":["` + strings.Join(aliases, `","`) + `"]}`
}

// checkOpens fails unless name opens the cluster holding intrusion set
// wantID.
func checkOpens(t *testing.T, k *knowledge.Service, name, wantID string) {
	t.Helper()
	a, err := k.Actor(context.Background(), name)
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
