package knowledge

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/testutil"
)

type externalReference struct {
	SourceName string `json:"source_name"`
	ExternalID string `json:"external_id"`
	URL        string `json:"url"`
}

// starterObject holds the properties the starter tests look at.
type starterObject struct {
	Type               string              `json:"type"`
	SpecVersion        string              `json:"spec_version"`
	ID                 string              `json:"id"`
	CreatedByRef       string              `json:"created_by_ref"`
	Created            string              `json:"created"`
	Modified           string              `json:"modified"`
	Name               string              `json:"name"`
	Description        string              `json:"description"`
	Aliases            []string            `json:"aliases"`
	IdentityClass      string              `json:"identity_class"`
	Country            string              `json:"country"`
	LocationType       string              `json:"x_opencti_location_type"`
	SectorKey          string              `json:"x_telltale_sector_key"`
	PrimaryMotivation  string              `json:"primary_motivation"`
	RelationshipType   string              `json:"relationship_type"`
	SourceRef          string              `json:"source_ref"`
	TargetRef          string              `json:"target_ref"`
	StartTime          string              `json:"start_time"`
	StopTime           string              `json:"stop_time"`
	ExternalReferences []externalReference `json:"external_references"`
	AliasClaims        []struct {
		Name       string `json:"name"`
		NamedBy    string `json:"named_by"`
		URL        string `json:"url"`
		Confidence int    `json:"confidence"`
	} `json:"x_telltale_alias_claims"`
}

func (o starterObject) mitreIDs() []string {
	var ids []string
	for _, r := range o.ExternalReferences {
		if r.SourceName == "mitre-attack" {
			ids = append(ids, r.ExternalID)
		}
	}
	return ids
}

func (o starterObject) names() []string { return append([]string{o.Name}, o.Aliases...) }

func decodeStarter(t *testing.T) (bundleID string, objs []starterObject) {
	t.Helper()
	var b struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(StarterBundle(), &b); err != nil {
		t.Fatal(err)
	}
	if b.Type != "bundle" {
		t.Fatalf("type %q, want bundle", b.Type)
	}
	for _, raw := range b.Objects {
		var o starterObject
		if err := json.Unmarshal(raw, &o); err != nil {
			t.Fatal(err)
		}
		objs = append(objs, o)
	}
	return b.ID, objs
}

var idRE = regexp.MustCompile(`^([a-z][a-z0-9-]*[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// wantID is the deterministic id an object Telltale writes must have.
func wantID(o starterObject) string {
	switch o.Type {
	case "intrusion-set", "campaign", "malware", "tool":
		return stix.NamedID(o.Type, o.Name)
	case "identity":
		return stix.IdentityID(o.Name, o.IdentityClass)
	case "location":
		return stix.LocationID(o.Name, o.LocationType)
	case "relationship":
		return stix.RelationshipID(o.RelationshipType, o.SourceRef, o.TargetRef, o.StartTime, o.StopTime)
	}
	return ""
}

func TestStarterBundle(t *testing.T) {
	if !bytes.Equal(StarterBundle(), StarterBundle()) {
		t.Fatal("StarterBundle differs between calls")
	}
	bundleID, objs := decodeStarter(t)
	if m := idRE.FindStringSubmatch(bundleID); m == nil || m[1] != "bundle" {
		t.Errorf("bundle id %q", bundleID)
	}
	byID := make(map[string]starterObject)
	for _, o := range objs {
		if m := idRE.FindStringSubmatch(o.ID); m == nil || m[1] != o.Type {
			t.Errorf("%s %q: id %q does not have the form %s--<uuid>", o.Type, o.Name, o.ID, o.Type)
		}
		if want := wantID(o); o.ID != want {
			t.Errorf("%s %q: id %s, want the deterministic %s", o.Type, o.Name, o.ID, want)
		}
		if _, dup := byID[o.ID]; dup {
			t.Errorf("duplicate id %s", o.ID)
		}
		byID[o.ID] = o
		if o.SpecVersion != "2.1" || o.Created != Epoch || o.Modified != Epoch {
			t.Errorf("%s: spec_version %q, created %q, modified %q; want 2.1 and %s", o.ID, o.SpecVersion, o.Created, o.Modified, Epoch)
		}
		if o.ID != TelltaleID && o.CreatedByRef != TelltaleID {
			t.Errorf("%s: created_by_ref %q, want the Telltale identity", o.ID, o.CreatedByRef)
		}
	}
	if _, ok := byID[TelltaleID]; !ok {
		t.Error("the Telltale identity is missing")
	}
	for _, s := range Sectors() {
		if _, ok := byID[s.ID]; !ok {
			t.Errorf("sector %s (%s) is missing", s.Key, s.ID)
		}
	}

	comm := Descendants("communication")
	targetsComm := make(map[string]bool)
	for _, o := range objs {
		switch o.Type {
		case "relationship":
			src, okS := byID[o.SourceRef]
			tgt, okT := byID[o.TargetRef]
			if !okS || !okT {
				t.Errorf("relationship %s: %s → %s does not resolve in the bundle", o.ID, o.SourceRef, o.TargetRef)
				continue
			}
			if src.Type == "identity" && o.RelationshipType == "part-of" {
				continue // the taxonomy's own tree
			}
			if !hasURL(o) {
				t.Errorf("relationship %s %s %s %s: no external reference with a URL", src.Name, o.RelationshipType, tgt.Name, o.ID)
			}
			if o.RelationshipType == "targets" && tgt.Type == "identity" {
				if tgt.SectorKey == "" {
					t.Errorf("%s targets %s, which is not a sector of the taxonomy", src.Name, tgt.Name)
				}
				if slices.Contains(comm, tgt.SectorKey) {
					targetsComm[src.ID] = true
				}
			}
		case "location":
			if !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(o.Country) || o.LocationType != "Country" {
				t.Errorf("location %s: country %q, type %q", o.Name, o.Country, o.LocationType)
			}
		case "malware", "tool", "campaign":
			if o.Description == "" || !hasURL(o) {
				t.Errorf("%s %s: needs a description and a source URL", o.Type, o.Name)
			}
		}
	}

	sets := 0
	claimedBy := make(map[string]string) // folded name → intrusion set
	for _, o := range objs {
		if o.Type != "intrusion-set" {
			continue
		}
		sets++
		t.Run(o.Name, func(t *testing.T) {
			if o.Description == "" || o.PrimaryMotivation == "" {
				t.Error("needs a description and a primary_motivation")
			}
			if len(o.Aliases) == 0 {
				t.Error("no aliases")
			}
			if !hasURL(o) {
				t.Error("no external reference with a URL")
			}
			if !targetsComm[o.ID] {
				t.Errorf("no targets relationship to a sector under communication %v", comm)
			}
			if ids := o.mitreIDs(); len(ids) > 1 {
				t.Errorf("several MITRE ids %v", ids)
			}
			claimed := make(map[string]bool)
			for _, c := range o.AliasClaims {
				if c.Name == "" || c.NamedBy == "" || !isURL(c.URL) || c.Confidence < 1 || c.Confidence > 100 {
					t.Errorf("incomplete alias claim %+v", c)
				}
				claimed[Fold(c.Name)] = true
			}
			for _, n := range o.names() {
				if !claimed[Fold(n)] {
					t.Errorf("name %q has no alias claim saying who gave it", n)
				}
				if other, ok := claimedBy[Fold(n)]; ok && other != o.Name {
					t.Errorf("name %q is also claimed by %s: clusters would join", n, other)
				}
				claimedBy[Fold(n)] = o.Name
			}
		})
	}
	if sets < 9 {
		t.Errorf("%d intrusion sets, want at least 9", sets)
	}

	t.Run("KnownIDs", func(t *testing.T) {
		for name, want := range map[string]string{
			"MuddyWater": "intrusion-set--ac5dbac9-ca65-5571-a916-968297b1fd75",
			"LightBasin": "intrusion-set--0d9e9a03-0bff-5feb-b4bb-0f240933f5e7",
		} {
			o, ok := byID[want]
			if !ok || o.Name != name {
				t.Errorf("%s: no intrusion set %s in the bundle", name, want)
			}
		}
	})
	t.Run("SoftCell", func(t *testing.T) {
		camp := stix.NamedID("campaign", "Operation Soft Cell")
		rel := stix.RelationshipID("attributed-to", camp, stix.NamedID("intrusion-set", "GALLIUM"), "", "")
		if _, ok := byID[rel]; !ok {
			t.Error("Operation Soft Cell is not attributed to GALLIUM")
		}
	})
	t.Run("MESSAGETAP", func(t *testing.T) {
		rel := stix.RelationshipID("uses", stix.NamedID("intrusion-set", "APT41"), stix.NamedID("malware", "MESSAGETAP"), "", "")
		if _, ok := byID[rel]; !ok {
			t.Error("APT41 does not use MESSAGETAP")
		}
	})
}

// TestStarterMatchesSources checks that each starter actor meets its ATT&CK
// and MISP counterparts by folded name, and that any ATT&CK group id it
// cites belongs to the ATT&CK group of that name: the clustering refuses to
// join two different MITRE ids, so a wrong one would split an actor.
func TestStarterMatchesSources(t *testing.T) {
	_, objs := decodeStarter(t)
	starter := make(map[string]starterObject)
	for _, o := range objs {
		if o.Type == "intrusion-set" {
			starter[o.Name] = o
		}
	}

	t.Run("ATTACK", func(t *testing.T) {
		var attack struct {
			Objects []struct {
				Type               string   `json:"type"`
				Name               string   `json:"name"`
				Aliases            []string `json:"aliases"`
				Revoked            bool     `json:"revoked"`
				Deprecated         bool     `json:"x_mitre_deprecated"`
				ExternalReferences []struct {
					SourceName string `json:"source_name"`
					ExternalID string `json:"external_id"`
				} `json:"external_references"`
			} `json:"objects"`
		}
		readJSON(t, testutil.SharedFile(t, "data/attack/enterprise-attack-18.1.json"), &attack)
		groups := make(map[string][]string) // G id → folded names
		for _, o := range attack.Objects {
			if o.Type != "intrusion-set" || o.Revoked || o.Deprecated {
				continue
			}
			for _, r := range o.ExternalReferences {
				if r.SourceName == "mitre-attack" {
					for _, n := range append([]string{o.Name}, o.Aliases...) {
						groups[r.ExternalID] = append(groups[r.ExternalID], Fold(n))
					}
				}
			}
		}
		for _, o := range starter {
			for _, id := range o.mitreIDs() {
				names, ok := groups[id]
				if !ok {
					t.Errorf("%s cites %s, which is not an ATT&CK group", o.Name, id)
				} else if !slices.Contains(names, Fold(o.Name)) {
					t.Errorf("%s cites %s, whose names %v do not include it", o.Name, id, names)
				}
			}
		}
		for _, name := range []string{"MuddyWater", "APT-C-23", "GALLIUM", "APT41", "Salt Typhoon"} {
			if o, ok := starter[name]; !ok || len(o.mitreIDs()) != 1 {
				t.Errorf("%s: want exactly one ATT&CK group id", name)
			}
		}
	})

	t.Run("MISP", func(t *testing.T) {
		var galaxy struct {
			Values []struct {
				Value string `json:"value"`
				Meta  struct {
					Synonyms []string `json:"synonyms"`
				} `json:"meta"`
			} `json:"values"`
		}
		readJSON(t, testutil.SharedFile(t, "data/misp-galaxy/clusters/threat-actor.json"), &galaxy)
		misp := make(map[string]bool)
		for _, v := range galaxy.Values {
			for _, n := range append([]string{v.Value}, v.Meta.Synonyms...) {
				misp[Fold(n)] = true
			}
		}
		for _, name := range []string{"MuddyWater", "APT-C-23", "LightBasin", "GALLIUM", "Salt Typhoon", "Liminal Panda", "APT41"} {
			o, ok := starter[name]
			if !ok {
				t.Errorf("%s is not in the starter bundle", name)
				continue
			}
			if !slices.ContainsFunc(o.names(), func(n string) bool { return misp[Fold(n)] }) {
				t.Errorf("%s: none of %v is a MISP threat-actor name", name, o.names())
			}
		}
	})
}

func hasURL(o starterObject) bool {
	return slices.ContainsFunc(o.ExternalReferences, func(r externalReference) bool { return isURL(r.URL) })
}

func isURL(s string) bool { return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") }

func TestStarterBundle_Validates(t *testing.T) {
	var b struct {
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(StarterBundle(), &b); err != nil {
		t.Fatal(err)
	}
	for _, raw := range b.Objects {
		o, err := stix.Parse(raw)
		if err != nil {
			t.Errorf("%s: %v", raw[:min(len(raw), 120)], err)
			continue
		}
		if err := stix.Validate(o); err != nil {
			t.Errorf("%s: %v", o.ID, err)
		}
	}
}
