package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/stix"
)

// ConfidenceFromDescription is the confidence of targeting read from an
// intrusion set's own description: prose, not a curated relationship.
const ConfidenceFromDescription = 30

// EnrichResult is what one enrichment run did.
type EnrichResult struct {
	Scanned       int                    `json:"scanned"`       // intrusion sets with a description
	WithSectors   int                    `json:"with_sectors"`  // of which name at least one sector
	Relationships int                    `json:"relationships"` // targets relationships derived
	AlreadyKnown  int                    `json:"already_known"` // pairs a curated relationship has already
	Import        *telltale.ImportResult `json:"import"`
	Rows          []EnrichRow            `json:"rows,omitempty"`
}

// EnrichRow is one derived targets relationship.
type EnrichRow struct {
	ID       string `json:"id"`
	Actor    string `json:"actor"`
	ActorID  string `json:"actor_id"`
	Sector   string `json:"sector"` // key
	Sentence string `json:"sentence"`
}

// sectorDictionary finds only sector phrases: enrichment needs nothing
// else, and a small dictionary is fast.
func sectorDictionary() *extract.Dictionary {
	return extract.NewDictionary(knowledge.SectorEntries())
}

type enrichObject struct {
	ID           string                   `json:"id"`
	Name         string                   `json:"name"`
	Description  string                   `json:"description"`
	Created      string                   `json:"created"`
	Modified     string                   `json:"modified"`
	CreatedByRef string                   `json:"created_by_ref"`
	ExtRefs      []stix.ExternalReference `json:"external_references"`
}

// Enrich reads the descriptions of the stored intrusion sets and adds a
// "targets" relationship from each to every sector its description names,
// marked x_telltale_from_description, with a low confidence, created by
// Telltale and citing the description's object and sentence. Ids depend
// on the pair and timestamps on the intrusion set's own, so running it
// again adds nothing, and a revised description makes new versions. All
// of it is imported in one transaction.
func (s *Service) Enrich(ctx context.Context) (*EnrichResult, error) {
	objs, err := s.Store.Objects(ctx, telltale.ObjectFilter{Types: []string{"intrusion-set"}})
	if err != nil {
		return nil, err
	}
	known, err := s.curatedTargets(ctx)
	if err != nil {
		return nil, err
	}
	e := &enrichment{
		known: known, creatorName: s.creatorNames(ctx), dict: sectorDictionary(),
		res: &EnrichResult{Rows: []EnrichRow{}}, out: []json.RawMessage{knowledge.TelltaleIdentity()}, needSector: map[string]bool{},
	}
	for _, o := range objs {
		if err := e.object(o); err != nil {
			return nil, err
		}
	}
	res := e.res
	res.Relationships = len(res.Rows)
	ir, err := s.Importer.Import(ctx, enrichedBundle(e.out, e.needSector), "telltale enrich (from descriptions)", importer.Options{})
	res.Import = ir
	if err != nil {
		return res, err
	}
	return res, nil
}

// curatedTargets are the (intrusion set, sector) pairs a curated (not
// from-description) relationship already states.
func (s *Service) curatedTargets(ctx context.Context) (map[[2]string]bool, error) {
	rels, err := s.Store.Relationships(ctx, telltale.RelationshipFilter{Type: "targets"})
	if err != nil {
		return nil, err
	}
	known := map[[2]string]bool{}
	for _, r := range rels {
		if r.ID != enrichID(r.Source, r.Target) {
			known[[2]string{r.Source, r.Target}] = true
		}
	}
	return known, nil
}

// creatorNames returns the display name of a creator identity (its id
// when it has no stored name; "unattributed" for none), each read once.
func (s *Service) creatorNames(ctx context.Context) func(id string) string {
	creators := map[string]string{}
	return func(id string) string {
		if id == "" {
			return "unattributed"
		}
		if n, ok := creators[id]; ok {
			return n
		}
		n := id
		if os, err := s.Store.Objects(ctx, telltale.ObjectFilter{IDs: []string{id}}); err == nil && len(os) == 1 && os[0].Name != "" {
			n = os[0].Name
		}
		creators[id] = n
		return n
	}
}

// enrichment is one run of Enrich: what it has made so far.
type enrichment struct {
	known       map[[2]string]bool
	creatorName func(id string) string
	dict        *extract.Dictionary
	res         *EnrichResult
	out         []json.RawMessage // the bundle's objects
	needSector  map[string]bool   // sectors the relationships target
}

// object reads one intrusion set's description and adds a relationship
// to every sector it names in a targeting context, once each.
func (e *enrichment) object(o *telltale.Object) error {
	var io enrichObject
	if err := json.Unmarshal(o.Raw, &io); err != nil || io.Description == "" {
		return nil
	}
	e.res.Scanned++
	ex := extract.ExtractWith(io.Description, e.dict, extract.Options{})
	seen := map[string]bool{}
	for _, m := range ex.Sectors {
		if seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		sec, ok := knowledge.SectorByKey(m.ID)
		if !ok || !targetingContext(io.Description, m) {
			continue
		}
		if e.known[[2]string{io.ID, sec.ID}] {
			e.res.AlreadyKnown++
			continue
		}
		if err := e.relate(&io, sec.ID, m); err != nil {
			return err
		}
	}
	if len(seen) > 0 {
		e.res.WithSectors++
	}
	return nil
}

// relate adds the relationship from io to the sector (object id secID)
// its description names in m.
func (e *enrichment) relate(io *enrichObject, secID string, m extract.Mention) error {
	url := ""
	for _, r := range io.ExtRefs {
		if r.URL != "" {
			url = r.URL
			break
		}
	}
	id := enrichID(io.ID, secID)
	rel := &stix.Relationship{
		Common:           stix.NewCommon("relationship", id, knowledge.TelltaleID, io.Created, io.Modified),
		RelationshipType: "targets",
		Description:      fmt.Sprintf("Read from the description of %s: “%s”", io.Name, m.Sentence),
		SourceRef:        io.ID,
		TargetRef:        secID,
	}
	rel.SetConfidence(ConfidenceFromDescription)
	rel.ExternalReferences = []stix.ExternalReference{{
		SourceName: e.creatorName(io.CreatedByRef), URL: url,
		Description: "description of " + io.Name + " (" + io.ID + "): “" + m.Sentence + "”",
	}}
	rel.Custom.Set("x_telltale_from_description", true)
	rel.Custom.Set("x_telltale_source_object", io.ID)
	raw, err := stix.Encoding{SortKeys: true}.Encode(rel)
	if err != nil {
		return err
	}
	e.out = append(e.out, raw)
	e.needSector[m.ID] = true
	e.res.Rows = append(e.res.Rows, EnrichRow{ID: id, Actor: io.Name, ActorID: io.ID, Sector: m.ID, Sentence: m.Sentence})
	return nil
}

// enrichedBundle is the bundle Enrich imports: out, then the sectors the
// relationships target (by key).
func enrichedBundle(out []json.RawMessage, needSector map[string]bool) *bytes.Buffer {
	keys := make([]string, 0, len(needSector))
	for k := range needSector {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw, _ := knowledge.SectorObject(k)
		out = append(out, raw)
	}
	var buf bytes.Buffer
	buf.WriteString(`{"type":"bundle","id":"bundle--` + stix.UUIDv5(stix.Namespace, []byte("telltale enrich")) + `","objects":[`)
	for i, raw := range out {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(raw)
	}
	buf.WriteString("]}")
	return &buf
}

// targetCues are words of a sentence that speaks of victims.
var targetCues = []string{"target", "attack", "compromis", "breach", "victim", "against", "espionage", "intrusion", "infiltrat",
	"focus", "hit ", "campaign", "operation", "spear", "phish", "hack", "exploit", "stole", "steal", "exfiltrat", "spied", "spying", "surveil", "ransom"}

// toolCues, just before a sector phrase, say the sector is a means, not a
// victim: "via messaging apps", "masquerading as telecom companies".
var toolCues = []string{"via ", "through ", "using ", "uses ", "used ", "masquerad", "impersonat", "disguised as", "posing as", "abus", "leverag"}

// targetingContext reports whether a sector mention reads as a victim:
// its sentence speaks of targeting and the words just before it do not
// make it a tool or a disguise.
func targetingContext(text string, m extract.Mention) bool {
	if !containsAny(strings.ToLower(m.Sentence), targetCues) {
		return false
	}
	before := strings.ToLower(text[max(0, m.Start-40):m.Start])
	return !containsAny(before, toolCues)
}

// enrichID is the id of the relationship derived from src's description.
func enrichID(src, tgt string) string {
	return stix.DeterministicID("relationship", map[string]any{
		"relationship_type": "targets", "source_ref": src, "target_ref": tgt, "x_telltale_from_description": true,
	})
}

// SourceCount is how many attackers of a sector one source backs.
type SourceCount struct {
	Source          string `json:"source"`
	FromDescription bool   `json:"from_description,omitempty"`
	Attackers       int    `json:"attackers"`
	Only            int    `json:"only"` // attackers no other source backs
}

// AttackersBySource counts, for a sector, the attackers each source
// backs (a source read from descriptions counted apart).
func (s *Service) AttackersBySource(ctx context.Context, sector string) (int, []SourceCount, error) {
	land, err := s.Knowledge.Landscape(ctx, sector)
	if err != nil {
		return 0, nil, err
	}
	type key struct {
		name string
		desc bool
	}
	counts := map[key]*SourceCount{}
	for _, a := range land.Attackers {
		seen := map[key]bool{}
		for _, src := range a.Sources {
			k := key{src.Name, src.FromDescription}
			if seen[k] {
				continue
			}
			seen[k] = true
			c := counts[k]
			if c == nil {
				c = &SourceCount{Source: k.name, FromDescription: k.desc}
				counts[k] = c
			}
			c.Attackers++
		}
		if len(seen) == 1 {
			for k := range seen {
				counts[k].Only++
			}
		}
	}
	var out []SourceCount
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Attackers != out[j].Attackers {
			return out[i].Attackers > out[j].Attackers
		}
		return out[i].Source < out[j].Source
	})
	return land.AttackerCount, out, nil
}
