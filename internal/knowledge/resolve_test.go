package knowledge_test

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/misp"
	"github.com/telltale-cti/telltale/internal/store"
)

// actorObject is what the resolution tests read of an intrusion set.
type actorObject struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Aliases            []string `json:"aliases"`
	CreatedByRef       string   `json:"created_by_ref"`
	Revoked            bool     `json:"revoked"`
	Deprecated         bool     `json:"x_mitre_deprecated"`
	ExternalReferences []struct {
		SourceName string `json:"source_name"`
		ExternalID string `json:"external_id"`
	} `json:"external_references"`
}

func (o actorObject) attackID() string {
	for _, r := range o.ExternalReferences {
		if r.SourceName == "mitre-attack" && r.ExternalID != "" {
			return r.ExternalID
		}
	}
	return ""
}

func (o actorObject) fromGalaxy(galaxy string) bool {
	for _, r := range o.ExternalReferences {
		if r.SourceName == "misp-galaxy:"+galaxy {
			return true
		}
	}
	return false
}

func intrusionSets(t *testing.T, db *store.DB) []actorObject {
	t.Helper()
	objs, err := db.Objects(context.Background(), telltale.ObjectFilter{Types: []string{"intrusion-set"}})
	if err != nil {
		t.Fatal(err)
	}
	var out []actorObject
	for _, o := range objs {
		var a actorObject
		if err := json.Unmarshal(o.Raw, &a); err != nil {
			t.Fatal(err)
		}
		if !a.Revoked && !a.Deprecated {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// resolvesTo reports whether name resolves, as `telltale actor NAME` does,
// to the cluster holding the object id, and what it resolved to otherwise.
func resolvesTo(ctx context.Context, k *knowledge.Service, name, id string) (bool, string) {
	a, err := k.Actor(ctx, name)
	if err != nil {
		return false, err.Error()
	}
	for _, m := range a.Members {
		if m.ID == id {
			return true, ""
		}
	}
	return false, "opens " + a.Name
}

const mitreIdentity = "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5"

// TestATTACKNamesResolveToTheirGroup: every name, alias and id ATT&CK
// gives an active group opens that group, whatever other sources say. The
// only exceptions are names ATT&CK itself gives two active groups: such a
// name opens the group whose own name it is, and when it is neither's it
// is refused as naming several actors.
func TestATTACKNamesResolveToTheirGroup(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the shared data")
	}
	ctx := context.Background()
	db, k := openFull(t)
	var groups []actorObject
	owners := map[string][]actorObject{} // folded name → groups ATT&CK gives it
	for _, g := range intrusionSets(t, db) {
		if g.CreatedByRef != mitreIdentity || !strings.HasPrefix(g.attackID(), "G") {
			continue
		}
		groups = append(groups, g)
		seen := map[string]bool{}
		for _, n := range append([]string{g.Name, g.attackID()}, g.Aliases...) {
			if key := knowledge.Fold(n); !seen[key] {
				seen[key] = true
				owners[key] = append(owners[key], g)
			}
		}
	}
	names, ok, shared := 0, 0, 0
	aliases, aliasesOK := 0, 0 // the names ATT&CK lists in aliases (its name among them), without ids
	for _, g := range groups {
		seen := map[string]bool{}
		for i, n := range append([]string{g.Name, g.attackID()}, g.Aliases...) {
			key := knowledge.Fold(n)
			if seen[key] {
				continue
			}
			seen[key] = true
			names++
			isAlias := i >= 2 || i == 0 && slices.Contains(g.Aliases, g.Name)
			if isAlias {
				aliases++
			}
			good, got := resolvesTo(ctx, k, n, g.ID)
			if good {
				ok++
				if isAlias {
					aliasesOK++
				}
				if len(owners[key]) > 1 && knowledge.Fold(g.Name) != key {
					t.Errorf("%s %s: %q, a name ATT&CK gives %d groups and not this one's own, opens it", g.attackID(), g.Name, n, len(owners[key]))
				}
				continue
			}
			if len(owners[key]) < 2 {
				t.Errorf("%s %s: %q %s", g.attackID(), g.Name, n, got)
				continue
			}
			// A name ATT&CK gives several groups.
			shared++
			var own *actorObject
			for i, o := range owners[key] {
				if knowledge.Fold(o.Name) == key {
					own = &owners[key][i]
				}
			}
			_, err := k.Actor(ctx, n)
			switch {
			case own != nil:
				if good, got := resolvesTo(ctx, k, n, own.ID); !good {
					t.Errorf("%q is the name of %s but %s", n, own.Name, got)
				} else {
					t.Logf("%s %s: %q opens %s %s, whose own name it is (ATT&CK lists it for both)", g.attackID(), g.Name, n, own.attackID(), own.Name)
				}
			case telltale.ErrorCode(err) == telltale.ECONFLICT:
				t.Logf("%s %s: %q is an alias ATT&CK gives %d groups and the name of none: %v", g.attackID(), g.Name, n, len(owners[key]), err)
			default:
				t.Errorf("%s %s: %q, an alias of %d groups, %s; want a conflict", g.attackID(), g.Name, n, len(owners[key]), got)
			}
		}
	}
	t.Logf("ATT&CK names, aliases and ids of %d active groups resolving to their group: %d/%d (%d given to two groups); names and aliases alone: %d/%d", len(groups), ok, names, shared, aliasesOK, aliases)
	// A group's name without its last word "Group" or "Team" ("Lazarus",
	// "Sandworm") opens it too, unless ATT&CK gives that shorter name to
	// a group.
	shortNames, shortOK := 0, 0
	for _, g := range groups {
		var short string
		for _, w := range []string{" Group", " Team"} {
			if n := len(g.Name) - len(w); n > 0 && strings.EqualFold(g.Name[n:], w) {
				short = g.Name[:n]
			}
		}
		if short == "" || len(owners[knowledge.Fold(short)]) > 0 {
			continue
		}
		shortNames++
		if good, got := resolvesTo(ctx, k, short, g.ID); good {
			shortOK++
		} else {
			t.Errorf("%s %s: %q %s", g.attackID(), g.Name, short, got)
		}
	}
	t.Logf("short names (without Group or Team) resolving to their group: %d/%d", shortOK, shortNames)
	if names < 700 {
		t.Fatalf("only %d ATT&CK names read; is ATT&CK imported?", names)
	}
}

// TestMISPValuesResolveToTheirCluster: the name of every MISP threat-actor
// value opens the cluster that holds it, unless conflicts lists the name.
func TestMISPValuesResolveToTheirCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the shared data")
	}
	ctx := context.Background()
	db, k := openFull(t)
	cs, err := k.Conflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range cs {
		listed[knowledge.Fold(c.Name)] = true
		if strings.Contains(c.Detail, "( and") || strings.Contains(c.Detail, "and )") || strings.Contains(c.Detail, "+)") {
			t.Errorf("conflict %q gives a blank ATT&CK id: %s", c.Name, c.Detail)
		}
		// Its sides are clusters, as `telltale actor` opens them.
		for _, r := range c.Clusters {
			if a, err := k.Actor(ctx, r.ID); err != nil || a.ID != r.ID || a.Name != r.Name {
				t.Errorf("conflict %q names %s (%s), which opens as %v, %v", c.Name, r.ID, r.Name, a, err)
			}
		}
	}
	values, ok, inConflicts := 0, 0, 0
	for _, v := range intrusionSets(t, db) {
		if !v.fromGalaxy("threat-actor") {
			continue
		}
		values++
		good, got := resolvesTo(ctx, k, v.Name, v.ID)
		switch {
		case good:
			ok++
		case listed[knowledge.Fold(v.Name)]:
			inConflicts++
			t.Logf("%q (listed by conflicts) %s", v.Name, got)
		default:
			t.Errorf("MISP threat actor %q (%s) %s", v.Name, v.ID, got)
		}
	}
	t.Logf("MISP threat-actor values resolving to their cluster: %d/%d; %d listed by conflicts", ok, values, inConflicts)
	if values < 1000 {
		t.Fatalf("only %d MISP threat-actor values read; is the galaxy imported?", values)
	}
}

// TestCommunicationRowsAreDistinctActors: no two attacker rows of the
// Communication landscape are one actor by the resolution rules (a name
// one row's actor carries that another's carries too, unless conflicts
// lists it as the name of two different ATT&CK groups or of a split), and
// no row is a campaign.
func TestCommunicationRowsAreDistinctActors(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the shared data")
	}
	ctx := context.Background()
	db, k := openFull(t)
	l, err := k.Landscape(ctx, "communication")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := k.Conflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	apart := map[string]bool{} // names a rule keeps on two actors
	for _, c := range cs {
		if c.Rule == "mitre-id" || c.Rule == "analyst-split" {
			apart[knowledge.Fold(c.Name)] = true
		}
	}
	rowsOf := map[string][]string{} // folded name → rows whose actor carries it
	for _, row := range l.Attackers {
		a, err := k.Actor(ctx, row.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != row.ID {
			t.Errorf("row %s (%s) opens %s (%s)", row.Name, row.ID, a.Name, a.ID)
		}
		for _, al := range a.Aliases {
			key := knowledge.Fold(al.Name)
			if !slices.Contains(rowsOf[key], row.Name) {
				rowsOf[key] = append(rowsOf[key], row.Name)
			}
		}
	}
	keys := make([]string, 0, len(rowsOf))
	for key := range rowsOf {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		if rows := rowsOf[key]; len(rows) > 1 && !apart[key] {
			t.Errorf("rows %s share the name %q", strings.Join(rows, " and "), key)
		}
	}

	campaigns := map[string]bool{}
	objs, err := db.Objects(ctx, telltale.ObjectFilter{Types: []string{"campaign"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		campaigns[knowledge.Fold(o.Name)] = true
	}
	if len(campaigns) < 10 {
		t.Fatalf("only %d campaigns in the store", len(campaigns))
	}
	for _, row := range l.Attackers {
		if campaigns[knowledge.Fold(row.Name)] {
			t.Errorf("attacker row %s is a campaign", row.Name)
		}
	}
	// Each source is named by what it cites, not only by the galaxy file
	// it came in.
	named := 0
	for _, row := range l.Attackers {
		for _, s := range row.Sources {
			if s.URL != "" && s.Name == misp.MISPName {
				t.Errorf("%s: source %s names only the galaxy, not %s", row.Name, s.ObjectID, s.URL)
			}
			if strings.HasSuffix(s.Name, "(via "+misp.MISPName+")") {
				named++
			}
		}
	}
	if named == 0 {
		t.Error("no source names what a MISP galaxy entry cites")
	}
	t.Logf("Communication: %d attacker rows, %d campaigns, %d sources named after a galaxy entry's reference", len(l.Attackers), len(l.Campaigns), named)
}
