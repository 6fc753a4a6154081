package knowledge

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// industrySectorOV is the STIX 2.1 industry-sector-ov vocabulary.
var industrySectorOV = []string{
	"agriculture", "aerospace", "automotive", "chemical", "commercial",
	"communications", "construction", "defense", "education", "energy",
	"engineering", "entertainment", "financial-services", "government",
	"emergency-services", "government-local", "government-national",
	"government-public-services", "government-regional", "healthcare",
	"hospitality-leisure", "infrastructure", "dams", "nuclear", "water",
	"insurance", "manufacturing", "mining", "non-profit", "pharmaceuticals",
	"retail", "technology", "telecommunications", "transportation", "utilities",
}

func TestResolveSector(t *testing.T) {
	tests := []struct{ name, wantKey string }{
		{"Telecoms", "telecommunications"},
		{"Telecommunications", "telecommunications"},
		{"Telecomms", "telecommunications"},
		{"telecom operators", "telecommunications"},
		{"Telecommunications companies", "telecommunications"},
		{"carriers", "telecommunications"},
		{"MNOs", "telecommunications"},
		{"IT - ISP", "internet-service-providers"},
		{"ISPs", "internet-service-providers"},
		{"messaging apps", "messaging-voice"},
		{"VoIP", "messaging-voice"},
		{"satcom", "satellite-communications"},
		{"Communication equipment", "communication-equipment"},
		{"communications", "communication"},
		{"COMMUNICATION", "communication"},
		{"banks", "banking"},
		{"hospitals", "hospitals"},
		{"government agencies", "government"},
		{"Government, Administration", "government"},
		{"News - Media", "media"},
		{"Academia - University ", "higher-education"},
		{"financial-services", "financial-services"},
		{"Other", "multi-sector"},
	}
	for _, tt := range tests {
		s, ok := ResolveSector(tt.name)
		if !ok || s.Key != tt.wantKey {
			t.Errorf("ResolveSector(%q) = %q, %v; want %q", tt.name, s.Key, ok, tt.wantKey)
		}
	}
	if s, ok := ResolveSector("will"); ok {
		t.Errorf("ResolveSector(%q) = %q, want no sector", "will", s.Key)
	}
}

func TestResolveSector_Communication(t *testing.T) {
	comm := Descendants("communication")
	for _, name := range []string{"Telecoms", "Telecommunications", "Telecomms", "IT - ISP", "telecom operators", "messaging apps", "Communication equipment"} {
		s, ok := ResolveSector(name)
		if !ok || !slices.Contains(comm, s.Key) {
			t.Errorf("ResolveSector(%q) = %q, %v; want a sector under communication %v", name, s.Key, ok, comm)
		}
	}
}

func TestResolveSector_IndustrySectorOV(t *testing.T) {
	for _, v := range industrySectorOV {
		s, ok := ResolveSector(v)
		if !ok {
			t.Errorf("industry-sector-ov %q does not resolve", v)
			continue
		}
		if got := SectorSTIXValue(s.Key); got != v {
			t.Errorf("industry-sector-ov %q resolves to %q whose STIX value is %q", v, s.Key, got)
		}
	}
}

func TestResolveSector_MISPSectorGalaxy(t *testing.T) {
	var galaxy struct {
		Values []struct {
			Value string `json:"value"`
			Meta  struct {
				Synonyms []string `json:"synonyms"`
			} `json:"meta"`
		} `json:"values"`
	}
	readJSON(t, testutil.SharedFile(t, "data/misp-galaxy/clusters/sector.json"), &galaxy)
	if len(galaxy.Values) == 0 {
		t.Fatal("no values in the MISP sector galaxy")
	}
	for _, v := range galaxy.Values {
		for _, name := range append([]string{v.Value}, v.Meta.Synonyms...) {
			if _, ok := ResolveSector(name); !ok {
				t.Errorf("MISP sector %q does not resolve", name)
			}
		}
	}
}

func TestResolveSector_MISPThreatActorTargets(t *testing.T) {
	var galaxy struct {
		Values []struct {
			Value string `json:"value"`
			Meta  struct {
				CFRTargetCategory []string `json:"cfr-target-category"`
				TargetedSector    []string `json:"targeted-sector"`
			} `json:"meta"`
		} `json:"values"`
	}
	readJSON(t, testutil.SharedFile(t, "data/misp-galaxy/clusters/threat-actor.json"), &galaxy)
	n := 0
	for _, v := range galaxy.Values {
		for _, name := range slices.Concat(v.Meta.CFRTargetCategory, v.Meta.TargetedSector) {
			n++
			if _, ok := ResolveSector(name); !ok {
				t.Errorf("%s: target %q does not resolve", v.Value, name)
			}
		}
	}
	if n == 0 {
		t.Fatal("no target strings found in the MISP threat-actor galaxy")
	}
}

func TestSectors(t *testing.T) {
	all := Sectors()
	seen := make(map[string]bool)
	for i, s := range all {
		if want := stix.IdentityID(s.Name, "class"); s.ID != want {
			t.Errorf("%s: id %s, want %s", s.Key, s.ID, want)
		}
		if seen[s.ID] {
			t.Errorf("%s: duplicate id %s", s.Key, s.ID)
		}
		seen[s.ID] = true
		if got, ok := SectorByID(s.ID); !ok || got.Key != s.Key {
			t.Errorf("SectorByID(%s) = %q, %v; want %q", s.ID, got.Key, ok, s.Key)
		}
		if s.Parent != "" && !slices.ContainsFunc(all[:i], func(p telltale.Sector) bool { return p.Key == s.Parent }) {
			t.Errorf("%s: parent %q does not come before it", s.Key, s.Parent)
		}
		if s.Description == "" {
			t.Errorf("%s: no description", s.Key)
		}
	}
	t.Run("Stable", func(t *testing.T) {
		again := Sectors()
		again[0].Aliases = append(again[0].Aliases[:0], "changed")
		if got := Sectors(); !slices.EqualFunc(got, all, func(a, b telltale.Sector) bool {
			return a.ID == b.ID && slices.Equal(a.Aliases, b.Aliases)
		}) {
			t.Error("Sectors changed between calls or shares its slices with callers")
		}
	})
	t.Run("CommunicationIsTopLevel", func(t *testing.T) {
		s, ok := SectorByKey("communication")
		if !ok || s.Parent != "" || s.Name != "Communication" {
			t.Fatalf("SectorByKey(communication) = %+v, %v", s, ok)
		}
		if got, want := s.ID, stix.IdentityID("Communication", "class"); got != want {
			t.Errorf("id %s, want %s", got, want)
		}
	})
}

func TestDescendantsAncestors(t *testing.T) {
	got := Descendants("communication")
	want := []string{"communication", "telecommunications", "internet-service-providers", "messaging-voice", "satellite-communications", "communication-equipment"}
	if !slices.Equal(got, want) {
		t.Errorf("Descendants(communication) = %v, want %v", got, want)
	}
	if got := Descendants("banking"); !slices.Equal(got, []string{"banking"}) {
		t.Errorf("Descendants(banking) = %v, want [banking]", got)
	}
	if got := Descendants("no-such-sector"); got != nil {
		t.Errorf("Descendants(no-such-sector) = %v, want nil", got)
	}
	if got := Ancestors("telecommunications"); !slices.Equal(got, []string{"communication"}) {
		t.Errorf("Ancestors(telecommunications) = %v, want [communication]", got)
	}
	if got := Ancestors("communication"); len(got) != 0 {
		t.Errorf("Ancestors(communication) = %v, want none", got)
	}
	// Every sector is a descendant of each of its ancestors.
	for _, s := range Sectors() {
		for _, a := range Ancestors(s.Key) {
			if !slices.Contains(Descendants(a), s.Key) {
				t.Errorf("%s has ancestor %s but is not among its descendants", s.Key, a)
			}
		}
	}
}

func TestSectorPhrases(t *testing.T) {
	phrases := make(map[string]string)  // free-text phrases
	listOnly := make(map[string]string) // phrases for lists of sectors only
	for _, p := range SectorPhrases() {
		if p.ListOnly {
			listOnly[Fold(p.Phrase)] = p.Key
		} else {
			phrases[Fold(p.Phrase)] = p.Key
		}
	}
	for phrase, want := range map[string]string{"telecom operators": "telecommunications", "messaging apps": "messaging-voice", "banks": "banking", "hospitals": "hospitals"} {
		if got := phrases[Fold(phrase)]; got != want {
			t.Errorf("phrase %q → %q, want %q", phrase, got, want)
		}
	}
	for _, generic := range []string{"Communication", "Other", "IT", "Intelligence", "Government"} {
		if key, ok := phrases[Fold(generic)]; ok {
			t.Errorf("generic word %q is a free-text phrase (→ %s)", generic, key)
		}
	}
	for phrase, want := range map[string]string{"Government": "government", "Defense": "defense", "financial": "financial-services", "IT": "technology"} {
		if got := listOnly[Fold(phrase)]; got != want {
			t.Errorf("list-only phrase %q → %q, want %q", phrase, got, want)
		}
	}
	for _, catalogue := range []string{"Other", "Intelligence"} {
		if key, ok := listOnly[Fold(catalogue)]; ok {
			t.Errorf("catalogue label %q is a list-only phrase (→ %s)", catalogue, key)
		}
	}
}

func TestSectorObjects(t *testing.T) {
	objs := SectorObjects()
	if again := SectorObjects(); !slices.EqualFunc(objs, again, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
		t.Fatal("SectorObjects differs between calls")
	}
	type object struct {
		Type          string   `json:"type"`
		SpecVersion   string   `json:"spec_version"`
		ID            string   `json:"id"`
		CreatedByRef  string   `json:"created_by_ref"`
		Created       string   `json:"created"`
		Modified      string   `json:"modified"`
		Name          string   `json:"name"`
		IdentityClass string   `json:"identity_class"`
		Sectors       []string `json:"sectors"`
		Aliases       []string `json:"x_opencti_aliases"`
		SectorKey     string   `json:"x_telltale_sector_key"`
		RelType       string   `json:"relationship_type"`
		SourceRef     string   `json:"source_ref"`
		TargetRef     string   `json:"target_ref"`
	}
	byID := make(map[string]object)
	var rels []object
	for _, raw := range objs {
		var o object
		if err := json.Unmarshal(raw, &o); err != nil {
			t.Fatal(err)
		}
		if _, dup := byID[o.ID]; dup {
			t.Errorf("duplicate id %s", o.ID)
		}
		byID[o.ID] = o
		if o.SpecVersion != "2.1" || o.Created != Epoch || o.Modified != Epoch {
			t.Errorf("%s: spec_version %q created %q modified %q", o.ID, o.SpecVersion, o.Created, o.Modified)
		}
		if o.Type == "relationship" {
			rels = append(rels, o)
		}
	}
	if _, ok := byID[TelltaleID]; !ok {
		t.Fatal("no Telltale identity")
	}
	sectors := Sectors()
	for _, s := range sectors {
		o, ok := byID[s.ID]
		if !ok {
			t.Errorf("%s: no identity %s", s.Key, s.ID)
			continue
		}
		if o.IdentityClass != "class" || o.Name != s.Name || o.SectorKey != s.Key || o.CreatedByRef != TelltaleID {
			t.Errorf("%s: identity %+v", s.Key, o)
		}
		if !slices.Equal(o.Aliases, s.Aliases) {
			t.Errorf("%s: x_opencti_aliases %v, want %v", s.Key, o.Aliases, s.Aliases)
		}
	}
	if o := byID[stix.IdentityID("Telecommunications", "class")]; !slices.Equal(o.Sectors, []string{"telecommunications"}) {
		t.Errorf("telecommunications: sectors %v", o.Sectors)
	}
	if o := byID[stix.IdentityID("Messaging and voice services", "class")]; !slices.Equal(o.Sectors, []string{"communications"}) {
		t.Errorf("messaging-voice: sectors %v, want the inherited [communications]", o.Sectors)
	}
	for _, s := range sectors {
		one, ok := SectorObject(s.Key)
		if !ok || !slices.ContainsFunc(objs, func(o json.RawMessage) bool { return string(o) == string(one) }) {
			t.Errorf("SectorObject(%s) = %s, %v; want the identity SectorObjects writes", s.Key, one, ok)
		}
	}
	if _, ok := SectorObject("no-such-sector"); ok {
		t.Error("SectorObject(no-such-sector) found something")
	}
	wantRels := 0
	for _, s := range sectors {
		if s.Parent != "" {
			wantRels++
		}
	}
	if len(rels) != wantRels {
		t.Errorf("%d part-of relationships, want %d", len(rels), wantRels)
	}
	for _, r := range rels {
		src, tgt := byID[r.SourceRef], byID[r.TargetRef]
		if r.RelType != "part-of" || src.Type != "identity" || tgt.Type != "identity" {
			t.Errorf("relationship %s: %s %s → %s", r.ID, r.RelType, r.SourceRef, r.TargetRef)
		}
		if want := stix.RelationshipID("part-of", r.SourceRef, r.TargetRef, "", ""); r.ID != want {
			t.Errorf("relationship id %s, want %s", r.ID, want)
		}
		if child, _ := SectorByKey(src.SectorKey); child.Parent != tgt.SectorKey {
			t.Errorf("%s part-of %s, but its parent is %q", src.SectorKey, tgt.SectorKey, child.Parent)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
