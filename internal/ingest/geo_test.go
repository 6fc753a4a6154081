package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/geo"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/misp"
	"github.com/telltale-cti/telltale/internal/stix"
)

// A country has one location id whichever path names it: a report the
// extractor reads (then ingestion links), a MISP galaxy, or the starter
// knowledge. Two ids for one country would leave ingestion silently
// unable to link the location a galaxy or the starter bundle made.
func TestCountryLocationIDsAgree(t *testing.T) {
	d := extract.NewDictionary(nil)
	fromText := func(form string) (string, bool) {
		r := extract.Extract("The campaign hit targets in "+form+" last year.", d)
		for _, m := range r.Countries {
			if m.Mention == form {
				return countryID(m), true
			}
		}
		return "", false
	}

	// Spellings one or the other path used before there was one table.
	t.Run("KnownPairs", func(t *testing.T) {
		for _, p := range [][2]string{{"Macau", "Macao"}, {"Czechia", "Czech Republic"}, {"Türkiye", "Turkey"},
			{"South Korea", "Republic of Korea"}, {"Russia", "Russian Federation"}, {"Iran", "Iran (Islamic Republic of)"},
			{"Islamic Republic of Iran", "IR"}, {"Vietnam", "Viet Nam"}, {"Ivory Coast", "Côte d'Ivoire"}, {"UK", "GB"}} {
			text, ok := fromText(p[0])
			if !ok {
				t.Errorf("the extractor finds no country in %q", p[0])
				continue
			}
			if got := fromMISP(t, []string{p[1]})[0]; got != text {
				t.Errorf("%q in a report is %s; %q in a MISP galaxy is %s", p[0], text, p[1], got)
			}
		}
	})

	t.Run("EveryCountry", func(t *testing.T) {
		var spellings []string
		var codes []string
		for _, c := range geo.Countries() {
			for _, s := range append([]string{c.Code}, c.Spellings()...) {
				spellings, codes = append(spellings, s), append(codes, c.Code)
			}
		}
		byCode := map[string]string{}
		for i, id := range fromMISP(t, spellings) {
			if id == "" {
				t.Errorf("MISP: %q (%s) makes no location", spellings[i], codes[i])
				continue
			}
			if prev := byCode[codes[i]]; prev != "" && prev != id {
				t.Errorf("MISP: %q is %s, another spelling of %s is %s", spellings[i], id, codes[i], prev)
			}
			byCode[codes[i]] = id
		}
		for _, c := range geo.Countries() {
			for _, form := range append(append([]string{c.Name}, c.Names...), c.Demonyms...) {
				id, ok := fromText(form)
				if !ok {
					t.Errorf("the extractor finds no country in %q (%s)", form, c.Code)
					continue
				}
				if id != byCode[c.Code] {
					t.Errorf("%q (%s) in a report is %s; in a MISP galaxy %s", form, c.Code, id, byCode[c.Code])
				}
			}
		}
	})

	t.Run("Starter", func(t *testing.T) {
		var bundle struct {
			Objects []struct{ Type, ID, Name, Country string }
		}
		if err := json.Unmarshal(knowledge.StarterBundle(), &bundle); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, o := range bundle.Objects {
			if o.Type != "location" || o.Country == "" {
				continue
			}
			n++
			c, ok := geo.CountryByCode(o.Country)
			if !ok {
				t.Errorf("starter location %s: no country %s in package geo", o.Name, o.Country)
				continue
			}
			if id, _ := fromText(c.Name); id != o.ID {
				t.Errorf("starter location %s is %s; %q in a report is %s", o.Country, o.ID, c.Name, id)
			}
		}
		if n == 0 {
			t.Error("the starter bundle has no country locations")
		}
	})
}

// fromMISP converts a threat-actor galaxy with one actor per spelling,
// each giving that spelling as its country, and returns the location id
// each actor originates from ("" for none).
func fromMISP(t *testing.T, spellings []string) []string {
	t.Helper()
	type value struct {
		UUID  string            `json:"uuid"`
		Value string            `json:"value"`
		Meta  map[string]string `json:"meta"`
	}
	file := struct {
		Type   string  `json:"type"`
		Values []value `json:"values"`
	}{Type: "threat-actor"}
	for i, s := range spellings {
		file.Values = append(file.Values, value{UUID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Value: fmt.Sprintf("Actor %d", i), Meta: map[string]string{"country": s}})
	}
	raw, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	actor := map[string]int{} // intrusion-set id → index
	origin := map[string]string{}
	err = misp.Convert(strings.NewReader(string(raw)), "countries.json", func(_ int, raw []byte) error {
		var o struct {
			Type             string `json:"type"`
			ID               string `json:"id"`
			Name             string `json:"name"`
			RelationshipType string `json:"relationship_type"`
			SourceRef        string `json:"source_ref"`
			TargetRef        string `json:"target_ref"`
		}
		if err := json.Unmarshal(raw, &o); err != nil {
			return err
		}
		switch {
		case o.Type == "intrusion-set":
			var i int
			if _, err := fmt.Sscanf(o.Name, "Actor %d", &i); err != nil {
				return err
			}
			actor[o.ID] = i
		case o.Type == "relationship" && o.RelationshipType == "originates-from":
			origin[o.SourceRef] = o.TargetRef
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(spellings))
	for id, i := range actor {
		out[i] = origin[id]
	}
	return out
}

// TestTargetPlacesTheKnowledgeLacks: on a database with only the starter
// knowledge (24 countries, no region), the countries and regions a report
// places victims in become targets relationships all the same: the draft
// brings their locations (the same objects the MISP adapter makes, so an
// import of the galaxy later duplicates nothing), lists them in its
// countries, and its items say truthfully that the knowledge lacked them.
func TestTargetPlacesTheKnowledgeLacks(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	text := "LightBasin hits carriers\n\nLightBasin breached five telecommunications companies in Greece and Kenya last year. " +
		"LightBasin also targeted mobile operators across Europe. China's operators were spared."
	res, err := s.Ingest(ctx, Document{Text: text, Title: "LightBasin hits carriers"}, false)
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Report
	var lightBasin string
	for _, a := range sum.Actors {
		if a.Name == "LightBasin" {
			lightBasin = a.ID
		}
	}
	places := map[string]string{ // id → name
		stix.LocationID("Greece", "Country"): "Greece", stix.LocationID("Kenya", "Country"): "Kenya",
		stix.LocationID("Europe", "Region"): "Europe",
	}
	listed := map[string]bool{}
	for _, c := range sum.Countries {
		if places[c.ID] == c.Name && slices.Contains(c.Roles, extract.RoleTarget) {
			listed[c.ID] = true
		}
	}
	objs := map[string]map[string]any{}
	targets := map[string]bool{}
	for _, o := range bundleOf(t, s, sum.ReportID) {
		objs[o["id"].(string)] = o
		if o["relationship_type"] == "targets" && o["source_ref"] == lightBasin {
			targets[o["target_ref"].(string)] = true
		}
	}
	for id, name := range places {
		if !listed[id] {
			t.Errorf("countries = %+v; want %s (%s) with role target", sum.Countries, name, id)
		}
		if !targets[id] {
			t.Errorf("no targets relationship from LightBasin to %s", name)
		}
		if o := objs[id]; o == nil || o["name"] != name || o["created_by_ref"] != knowledge.TelltaleID {
			t.Errorf("the draft brings %s as %v; want its location, authored by Telltale", name, o)
		}
	}
	if o := objs[stix.LocationID("Europe", "Region")]; o != nil && o["region"] != "europe" {
		t.Errorf("Europe's location = %v; want region europe", o)
	}
	for _, it := range sum.Items {
		switch it.Key {
		case "country:Greece", "country:Kenya", "region:Europe":
			if it.Known {
				t.Errorf("item %s says known; the knowledge lacks it", it.Key)
			}
		case "country:China":
			if !it.Known {
				t.Errorf("item %s says unknown; the starter knowledge has it", it.Key)
			}
		}
	}

	// The galaxy's Greece is the draft's, byte for byte.
	galaxy := `{"type":"country","values":[{"uuid":"00000000-0000-4000-8000-000000000001","value":"greece","description":"Greece","meta":{"ISO":"GR"}}]}`
	var fromGalaxy map[string]any
	err = misp.Convert(strings.NewReader(galaxy), "country.json", func(_ int, raw []byte) error {
		var o map[string]any
		if err := json.Unmarshal(raw, &o); err != nil {
			return err
		}
		if o["type"] == "location" {
			fromGalaxy = o
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := objs[stix.LocationID("Greece", "Country")]; !reflect.DeepEqual(got, fromGalaxy) {
		t.Errorf("the draft's Greece\n%v\nthe MISP galaxy's\n%v", got, fromGalaxy)
	}
}
