package misp

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/telltale-cti/telltale/internal/geo"
	"github.com/telltale-cti/telltale/internal/knowledge"

	"github.com/telltale-cti/telltale/internal/stix"
	"github.com/telltale-cti/telltale/internal/testutil"
)

var clusterFiles = []string{"360net.json", "country.json", "malpedia.json", "mitre-intrusion-set.json", "producer.json", "sector.json", "threat-actor.json"}

// converted is what Convert made of one file.
type converted struct {
	raws    [][]byte
	objects map[string]map[string]any // by id
	order   []string
	rejects []*ValueError
}

// cache holds the conversions of the shared files, which tests only read.
var cache sync.Map

// convertFile converts a shared cluster file, once per test binary.
func convertFile(tb testing.TB, name string) *converted {
	tb.Helper()
	if c, ok := cache.Load(name); ok {
		return c.(*converted)
	}
	c := convertFresh(tb, name)
	cache.Store(name, c)
	return c
}

func convertFresh(tb testing.TB, name string) *converted {
	tb.Helper()
	f, err := os.Open(testutil.SharedFile(tb, "data/misp-galaxy/clusters/"+name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	return convertReader(tb, f, name)
}

func convertReader(tb testing.TB, r interface{ Read([]byte) (int, error) }, name string) *converted {
	tb.Helper()
	c := &converted{objects: map[string]map[string]any{}}
	if err := Convert(r, name, c.emit(tb), func(e *ValueError) { c.rejects = append(c.rejects, e) }); err != nil {
		tb.Fatalf("Convert(%s): %v", name, err)
	}
	return c
}

func (c *converted) emit(tb testing.TB) func(int, []byte) error {
	return func(i int, raw []byte) error {
		if i != len(c.raws) {
			tb.Errorf("emit index %d, want %d", i, len(c.raws))
		}
		c.raws = append(c.raws, raw)
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			tb.Fatalf("object %d is not JSON: %v: %s", i, err, raw)
		}
		id, _ := m["id"].(string)
		if _, dup := c.objects[id]; dup {
			tb.Errorf("object %d: %s emitted twice", i, id)
		}
		c.objects[id] = m
		c.order = append(c.order, id)
		return nil
	}
}

func (c *converted) countByType() map[string]int {
	n := map[string]int{}
	for _, m := range c.objects {
		n[m["type"].(string)]++
	}
	return n
}

// TestConvertClusterFiles converts every shipped cluster file: every object
// passes the STIX validator, no value is rejected, and each file yields the
// objects it should.
func TestConvertClusterFiles(t *testing.T) {
	want := map[string]map[string]int{
		// 42 actors; 39 countries and 22 taxonomy sectors they target
		// (identity counts the MISP and Telltale identities too).
		"360net.json":   {"identity": 24, "intrusion-set": 42, "location": 39, "relationship": 304},
		"country.json":  {"identity": 2, "location": 252},
		"malpedia.json": {"identity": 1, "malware": 3683},
		// ATT&CK's groups: links only, no object of their own.
		"mitre-intrusion-set.json": {"identity": 1, "relationship": 88},
		"producer.json":            {"identity": 136},
		// 116 sectors (Unknown and Other are none) onto 83 taxonomy nodes.
		"sector.json":       {"identity": 85},
		"threat-actor.json": {"identity": 63, "intrusion-set": 1041, "location": 118, "relationship": 2243},
	}
	for _, name := range clusterFiles {
		t.Run(name, func(t *testing.T) {
			c := convertFile(t, name)
			for i, raw := range c.raws {
				o, err := stix.Parse(raw)
				if err == nil {
					err = stix.Validate(o)
				}
				if err != nil {
					t.Errorf("object %d: %v: %s", i, err, raw)
				}
			}
			for _, r := range c.rejects {
				t.Errorf("rejected %v", r)
			}
			if got := c.countByType(); !maps.Equal(got, want[name]) {
				t.Errorf("objects by type = %v, want %v", got, want[name])
			}
			if c.order[0] != MISPID {
				t.Errorf("first object = %s, want the MISP Project identity %s", c.order[0], MISPID)
			}
		})
	}
}

// object returns the object with the given id, failing the test when
// there is none.
func (c *converted) object(t *testing.T, id string) map[string]any {
	t.Helper()
	o, ok := c.objects[id]
	if !ok {
		t.Fatalf("no object %s", id)
	}
	return o
}

// byName returns the object of the given type and name.
func (c *converted) byName(t *testing.T, typ, name string) map[string]any {
	t.Helper()
	for _, id := range c.order {
		if o := c.objects[id]; o["type"] == typ && o["name"] == name {
			return o
		}
	}
	t.Fatalf("no %s named %q", typ, name)
	return nil
}

// rels lists "relationship_type target_ref" for the relationships from id.
func (c *converted) rels(from string) []string {
	var out []string
	for _, id := range c.order {
		if o := c.objects[id]; o["type"] == "relationship" && o["source_ref"] == from {
			out = append(out, o["relationship_type"].(string)+" "+o["target_ref"].(string))
		}
	}
	sort.Strings(out)
	return out
}

func strs(v any) []string {
	var out []string
	for _, e := range v.([]any) {
		out = append(out, e.(string))
	}
	return out
}

func country(code string) string {
	c, _ := geo.CountryByCode(code)
	return stix.LocationID(c.Name, "Country")
}

func sectorID(t *testing.T, name string) string {
	t.Helper()
	s, ok := knowledge.ResolveSector(name)
	if !ok {
		t.Fatalf("the taxonomy does not resolve %q", name)
	}
	return s.ID
}

func TestMuddyWater(t *testing.T) {
	ta := convertFile(t, "threat-actor.json")
	mw := ta.byName(t, "intrusion-set", "MuddyWater")
	id := mw["id"].(string)
	if want := "intrusion-set--a29af069-03c3-4534-b78b-7d1a77ea085b"; id != want {
		t.Errorf("id = %s, want %s (the MISP uuid)", id, want)
	}
	aliases := strs(mw["aliases"])
	for _, a := range []string{"Static Kitten", "ATK51", "TEMP.Zagros", "Seedworm", "MERCURY", "G0069", "Mango Sandstorm"} {
		if !slices.Contains(aliases, a) {
			t.Errorf("aliases %v lack %q", aliases, a)
		}
	}

	// Who gave each name: Static Kitten points at a producer, which the
	// producer galaxy turns into CrowdStrike's identity.
	claims := map[string][]aliasClaim{}
	b, _ := json.Marshal(mw["x_telltale_alias_claims"])
	var list []aliasClaim
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		claims[c.Name] = append(claims[c.Name], c)
	}
	producers := convertFile(t, "producer.json")
	namer := func(c aliasClaim) string {
		if c.NamedBy != "" {
			return c.NamedBy
		}
		if c.NamedByRef != "" {
			return producers.object(t, c.NamedByRef)["name"].(string)
		}
		return ""
	}
	for name, want := range map[string]string{"Static Kitten": "CrowdStrike", "Seedworm": "Symantec", "MERCURY": "Microsoft",
		"TEMP.Zagros": "FireEye", "COBALT ULSTER": "Secureworks", "G0069": "MITRE", "ATK51": ""} {
		var got []string
		for _, c := range claims[name] {
			got = append(got, namer(c))
		}
		if !slices.Contains(got, want) {
			t.Errorf("%q named by %q, want %q", name, got, want)
		}
	}

	if got, want := mw["primary_motivation"], "organizational-gain"; got != want {
		t.Errorf("primary_motivation = %v, want %v (Espionage)", got, want)
	}
	want := []string{"originates-from " + country("IR"), "targets " + sectorID(t, "Government")}
	for _, code := range []string{"SA", "GE", "TR", "IQ", "IL", "IN", "AE", "PK", "US"} {
		want = append(want, "targets "+country(code))
	}
	want = append(want, "similar intrusion-set--269e8108-68c6-4f99-b911-14b2e765dec2", // ATT&CK G0069
		"similar intrusion-set--da68ca6d-250f-50f1-a585-240475fdbb35") // 360net
	sort.Strings(want)
	if got := ta.rels(id); !slices.Equal(got, want) {
		t.Errorf("relationships from MuddyWater:\n got %v\nwant %v", got, want)
	}
	iran := ta.object(t, country("IR"))
	if iran["country"] != "IR" || iran["name"] != "Iran" {
		t.Errorf("origin location = %v, want Iran (IR)", iran)
	}
	for _, rid := range ta.order {
		if r := ta.objects[rid]; r["relationship_type"] == "originates-from" && r["source_ref"] == id {
			if r["confidence"] != 50.0 {
				t.Errorf("originates-from confidence = %v, want 50 (attribution-confidence)", r["confidence"])
			}
		}
	}
}

// TestLightBasin: MISP lists LightBasin (a telecom-focused group) with its
// names but gives it no targets, origin or motivation: none is made up.
func TestLightBasin(t *testing.T) {
	ta := convertFile(t, "threat-actor.json")
	lb := ta.byName(t, "intrusion-set", "LightBasin")
	if got, want := strs(lb["aliases"]), []string{"UNC1945", "CL-CRI-0025"}; !slices.Equal(got, want) {
		t.Errorf("aliases = %v, want %v", got, want)
	}
	b, _ := json.Marshal(lb["x_telltale_alias_claims"])
	want := `[{"name":"LightBasin","named_by_ref":"identity--f9eb432f-2293-48b7-bca4-cc78beb50df0"},` +
		`{"name":"UNC1945","named_by_ref":"identity--da5cdcd1-7b15-4371-b7eb-ca32916d2052"},` +
		`{"name":"UNC1945","named_by":"Mandiant"},{"name":"CL-CRI-0025"}]`
	if string(b) != want {
		t.Errorf("claims = %s, want %s", b, want)
	}
	if got := ta.rels(lb["id"].(string)); len(got) != 0 {
		t.Errorf("relationships = %v, want none (the galaxy gives no targets)", got)
	}
}

// TestCommunicationTargets: actors that the galaxies say target telecoms
// land on the taxonomy's Telecommunications node, under Communication.
func TestCommunicationTargets(t *testing.T) {
	telecom := sectorID(t, "Telecommunications")
	for name, want := range map[string]int{"threat-actor.json": 22, "360net.json": 5} {
		c := convertFile(t, name)
		n := 0
		for _, id := range c.order {
			if o := c.objects[id]; o["relationship_type"] == "targets" && o["target_ref"] == telecom {
				n++
			}
		}
		if n != want {
			t.Errorf("%s: %d actors target %s, want %d", name, n, telecom, want)
		}
		if c.object(t, telecom)["x_telltale_sector_key"] != "telecommunications" {
			t.Errorf("%s: the sector emitted is not the taxonomy's own object", name)
		}
	}
}

// TestATTACKGroups: the mitre-intrusion-set galaxy's uuids are ATT&CK's
// intrusion-set ids. No object is made with them (they are MITRE's); its
// links to the other actor galaxies start from those ids.
func TestATTACKGroups(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the 50 MB ATT&CK Enterprise bundle")
	}
	f, err := os.Open(testutil.SharedFile(t, "data/attack/enterprise-attack-18.1.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var bundle struct {
		Objects []struct{ ID, Type string }
	}
	if err := json.NewDecoder(f).Decode(&bundle); err != nil {
		t.Fatal(err)
	}
	attack := map[string]bool{}
	for _, o := range bundle.Objects {
		attack[o.ID[strings.Index(o.ID, "--")+2:]] = true
		attack[o.ID] = true
	}

	mis := convertFile(t, "mitre-intrusion-set.json")
	sources := map[string]bool{}
	for _, id := range mis.order {
		o := mis.objects[id]
		switch o["type"] {
		case "relationship":
			sources[o["source_ref"].(string)] = true
		case "identity":
		default:
			t.Errorf("object %s: mitre-intrusion-set must make no object but links", id)
		}
	}
	inAttack := 0
	for s := range sources {
		if attack[s] {
			inAttack++
		}
	}
	if inAttack != len(sources) || inAttack != 60 {
		t.Errorf("%d of %d link sources are ATT&CK intrusion sets, want all 60", inAttack, len(sources))
	}
	if got, want := mis.rels("intrusion-set--269e8108-68c6-4f99-b911-14b2e765dec2"), []string{
		"similar intrusion-set--a29af069-03c3-4534-b78b-7d1a77ea085b"}; !slices.Equal(got, want) {
		t.Errorf("G0069 links = %v, want %v (MISP's MuddyWater)", got, want)
	}

	// The other galaxies' uuids are MISP's own: none is an ATT&CK id, so
	// their objects never collide with ATT&CK's.
	for _, name := range []string{"threat-actor.json", "360net.json", "malpedia.json", "producer.json"} {
		c := convertFile(t, name)
		for _, id := range c.order {
			if c.objects[id]["type"] != "relationship" && attack[id] {
				t.Errorf("%s: %s is an ATT&CK object's id", name, id)
			}
		}
	}
}

// TestNonV4UUID: a value whose uuid is a UUIDv7 (not valid in STIX ids)
// gets a stable UUIDv5 id, and keeps its uuid in external_references.
func TestNonV4UUID(t *testing.T) {
	ta := convertFile(t, "threat-actor.json")
	const uuid = "019514dc-c894-751f-8cfd-ff2b932ff451"
	id := objectID("intrusion-set", uuid)
	if id == "intrusion-set--"+uuid || stix.CheckID(id) != nil {
		t.Fatalf("objectID = %s", id)
	}
	refs := ta.object(t, id)["external_references"].([]any)
	if r := refs[0].(map[string]any); r["external_id"] != uuid || r["source_name"] != "misp-galaxy:threat-actor" {
		t.Errorf("first reference = %v, want the MISP uuid", r)
	}
}

// TestDeterministic: converting a file twice gives the same bytes.
func TestDeterministic(t *testing.T) {
	for _, name := range clusterFiles {
		a, b := convertFresh(t, name), convertFresh(t, name)
		if !slices.EqualFunc(a.raws, b.raws, bytes.Equal) {
			t.Errorf("%s: two conversions differ", name)
		}
	}
}

// TestCountryLocations: country locations are the shared reference
// objects, byte for byte those of the knowledge's starter bundle.
func TestCountryLocations(t *testing.T) {
	var bundle struct{ Objects []json.RawMessage }
	if err := json.Unmarshal(knowledge.StarterBundle(), &bundle); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, raw := range bundle.Objects {
		var h struct{ Type, Country string }
		if err := json.Unmarshal(raw, &h); err != nil || h.Type != "location" || h.Country == "" {
			continue
		}
		n++
		got, err := encode(countryLocation(h.Country, ""))
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Compact(&want, raw); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("location %s:\n got %s\nwant %s", h.Country, got, want.Bytes())
		}
	}
	if n == 0 {
		t.Error("the starter bundle has no country locations to compare with")
	}
	// No spelling of package geo folds to another country's.
	owner := map[string]string{}
	for _, c := range geo.Countries() {
		for _, s := range c.Spellings() {
			if prev, ok := owner[knowledge.Fold(s)]; ok && prev != c.Code {
				t.Errorf("%q folds to a spelling of both %s and %s", s, prev, c.Code)
			}
			owner[knowledge.Fold(s)] = c.Code
		}
	}
	for in, want := range map[string]string{"Iran (Islamic Republic of)": "IR", "UK": "GB", "america": "US", "South Korea": "KR",
		"Korea (Democratic People's Republic of)": "KP", "中国": "CN", "United States": "US", "XXX": "", "Middle East": "", "EU": "",
		"Macau": "MO", "Macao": "MO", "mo": "MO", "Lebonon": "LB", "TRQ": "TR", "Türkiye": "TR", "Czech Republic": "CZ", "Chinese": ""} {
		if got := countryCode(in); got != want {
			t.Errorf("countryCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChineseSectors(t *testing.T) {
	for zh, names := range zhSectors {
		for _, n := range names {
			if _, ok := knowledge.ResolveSector(n); !ok {
				t.Errorf("%s → %q: the taxonomy does not resolve it", zh, n)
			}
		}
	}
}

func TestMotivations(t *testing.T) {
	for in, want := range map[string][]string{
		"Espionage":                {"organizational-gain"},
		"Financial Theft":          {"personal-gain"},
		"Sabotage":                 {"dominance"},
		"Hacktivists-Nationalists": {"ideology"},
		"state-sponsored espionage and financially motivated": {"organizational-gain", "personal-gain"},
		"Information Operations":                              nil,
	} {
		if got := motivations([]string{in}); !slices.Equal(got, want) {
			t.Errorf("motivations(%q) = %v, want %v", in, got, want)
		}
	}
}

// BenchmarkConvertAll converts every cluster file (no storage).
func BenchmarkConvertAll(b *testing.B) {
	var data [][]byte
	size := 0
	for _, name := range clusterFiles {
		d, err := os.ReadFile(testutil.SharedFile(b, "data/misp-galaxy/clusters/"+name))
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, d)
		size += len(d)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, d := range data {
			if err := Convert(bytes.NewReader(d), clusterFiles[j], func(int, []byte) error { return nil }, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
}
