package knowledge

import (
	"context"
	"encoding/json"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// SectorBundle writes a sector's landscape as a STIX 2.1 bundle: the
// sector and its sub-sectors, the attackers with the relationships that
// say they target it, what they use (techniques, malware, tools), the
// mitigations of those techniques, campaigns, origins, reports, and the
// identities and marking definitions all of those refer to.
func (s *Service) SectorBundle(ctx context.Context, sector string, w io.Writer) error {
	raws, err := s.sectorBundleObjects(ctx, sector)
	if err != nil {
		return err
	}
	bw := stix.NewBundleWriter(w)
	for _, raw := range raws {
		if err := bw.Write(raw); err != nil {
			return err
		}
	}
	return bw.Close()
}

// SectorBundleIDs returns the ids of the objects SectorBundle writes for
// the caller, without writing them or reading them again
// (SectorBundleSeqs).
func (s *Service) SectorBundleIDs(ctx context.Context, sector string) (map[string]bool, error) {
	seqs, err := s.SectorBundleSeqs(ctx, sector)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(seqs))
	for id := range seqs {
		ids[id] = true
	}
	return ids, nil
}

// sectorBundleObjects returns the objects of a sector's bundle as the
// caller may see them. The bundle names only objects it holds:
// relationships and notes about objects outside the landscape go, and so
// do references to them (stix.ResolveRefs).
func (s *Service) sectorBundleObjects(ctx context.Context, sector string) ([]json.RawMessage, error) {
	raws, err := s.sectorBundleCandidates(ctx, sector)
	if err != nil {
		return nil, err
	}
	return stix.ResolveRefs(raws), nil
}

// sectorBundleCandidates returns the objects of a sector's landscape the
// caller may see, with the identities and markings they name, before
// their references are resolved.
func (s *Service) sectorBundleCandidates(ctx context.Context, sector string) ([]json.RawMessage, error) {
	l, snap, err := s.landscapeSnapshot(ctx, sector)
	if err != nil {
		return nil, err
	}
	objs, err := s.fetchWithRefs(ctx, snap.bundleIDs(l))
	if err != nil {
		return nil, err
	}
	return s.visibleRaws(ctx, objs), nil
}

// landscapeSnapshot returns a sector's landscape and the snapshot its
// bundle's ids are read from.
func (s *Service) landscapeSnapshot(ctx context.Context, sector string) (*telltale.Landscape, *snapshot, error) {
	l, err := s.Landscape(ctx, sector)
	if err != nil {
		return nil, nil, err
	}
	snap, err := s.current(ctx)
	return l, snap, err
}

// idSet is the ids of the objects a bundle is to hold.
type idSet map[string]bool

// addSources adds the objects that back srcs.
func (ids idSet) addSources(srcs []telltale.Source) {
	for _, src := range srcs {
		if src.ObjectID != "" {
			ids[src.ObjectID] = true
		}
	}
}

// addRefs adds refs and the objects that back them.
func (ids idSet) addRefs(refs []telltale.Ref) {
	for _, r := range refs {
		ids[r.ID] = true
		ids.addSources(r.Sources)
	}
}

// bundleIDs lists the objects of landscape l's bundle: the sector
// identities and path, every attacker's members and what backs them,
// campaigns, techniques with their ranked mitigations, reports and the
// sub-sectors' part-of relationships.
func (snap *snapshot) bundleIDs(l *telltale.Landscape) idSet {
	ids := idSet{}
	for id := range snap.sectorIdentities(l.Sector.Key) {
		ids[id] = true
	}
	for _, p := range l.Path {
		ids[p.ID] = true
	}
	for _, a := range l.Attackers {
		ids.addSources(a.Sources)
		if c := snap.clusterOf[a.ID]; c != nil {
			snap.addActorIDs(ids, snap.cachedActor(c))
		}
	}
	ids.addRefs(l.Campaigns)
	for _, m := range l.Mitigations {
		ids[m.ObjectID] = true
	}
	// The mitigates relationships of the ranked mitigations.
	for _, t := range l.Techniques {
		ids[t.ObjectID] = true
		for _, r := range snap.byTarget[t.ObjectID] {
			if r.Type == "mitigates" && ids[r.Source] {
				ids[r.ID] = true
			}
		}
	}
	for _, r := range l.Reports {
		ids[r.ID] = true
	}
	// Sub-sectors' part-of relationships.
	for id := range snap.sectorIdentities(l.Sector.Key) {
		for _, r := range snap.bySource[id] {
			if r.Type == "part-of" {
				ids[r.ID] = true
			}
		}
	}
	return ids
}

// addActorIDs adds an attacker's members, origins, malware, tools,
// techniques and campaigns with what backs each.
func (snap *snapshot) addActorIDs(ids idSet, view *telltale.Actor) {
	for _, m := range view.Members {
		ids[m.ID] = true
	}
	// Origins travel with what backs them and what disputes them: the
	// relationships (a hedged one keeps its low confidence and
	// x_telltale_polarity "hedged") and the notes of negated or denied
	// claims.
	for _, o := range view.Origin {
		ids[o.ID] = true
		ids.addSources(o.Sources)
		ids.addSources(o.Against)
	}
	for _, refs := range [][]telltale.Ref{view.Malware, view.Tools, view.Techniques, view.Campaigns} {
		ids.addRefs(refs)
	}
}

// fetchWithRefs fetches the objects ids, then what those objects refer
// to: the identities (creators, who gave a name) and marking definitions,
// and theirs in turn. It adds what it fetches to ids.
func (s *Service) fetchWithRefs(ctx context.Context, ids idSet) ([]*telltale.Object, error) {
	objs, err := fetch(ctx, s.store, ids)
	if err != nil {
		return nil, err
	}
	for round := objs; len(round) > 0; {
		refs := map[string]bool{}
		for _, o := range round {
			for _, id := range stix.Refs(o.Raw) {
				if !ids[id] && (strings.HasPrefix(id, "identity--") || strings.HasPrefix(id, "marking-definition--")) {
					refs[id] = true
					ids[id] = true
				}
			}
		}
		more, err := fetch(ctx, s.store, refs)
		if err != nil {
			return nil, err
		}
		objs = append(more, objs...)
		round = more
	}
	return objs, nil
}

// visibleRaws is the JSON of the objects the caller may see (a creator
// identity or marking it may not see is left out).
func (s *Service) visibleRaws(ctx context.Context, objs []*telltale.Object) []json.RawMessage {
	sees := s.sees(ctx)
	raws := make([]json.RawMessage, 0, len(objs))
	for _, o := range objs {
		if sees(o.Raw) {
			raws = append(raws, o.Raw)
		}
	}
	return raws
}

func fetch(ctx context.Context, st Store, ids map[string]bool) ([]*telltale.Object, error) {
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Strings(list)
	var out []*telltale.Object
	for len(list) > 0 {
		batch := list[:min(len(list), 500)]
		list = list[len(batch):]
		objs, err := st.Objects(ctx, telltale.ObjectFilter{IDs: batch})
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, nil
}

// NavigatorLayer is an ATT&CK Navigator layer (layer format 4.5, read by
// the Navigator application from version 4.9.0 on).
type NavigatorLayer struct {
	Name                          string               `json:"name"`
	Versions                      map[string]string    `json:"versions"`
	Domain                        string               `json:"domain"`
	Description                   string               `json:"description"`
	Sorting                       int                  `json:"sorting"`
	Layout                        map[string]any       `json:"layout"`
	HideDisabled                  bool                 `json:"hideDisabled"`
	Techniques                    []NavigatorTechnique `json:"techniques"`
	Gradient                      map[string]any       `json:"gradient"`
	LegendItems                   []any                `json:"legendItems"`
	Metadata                      []map[string]string  `json:"metadata"`
	ShowTacticRowBackground       bool                 `json:"showTacticRowBackground"`
	SelectTechniquesAcrossTactics bool                 `json:"selectTechniquesAcrossTactics"`
	SelectSubtechniquesWithParent bool                 `json:"selectSubtechniquesWithParent"`
}

// NavigatorTechnique is one scored technique of a layer.
type NavigatorTechnique struct {
	TechniqueID       string `json:"techniqueID"`
	Tactic            string `json:"tactic,omitempty"`
	Score             int    `json:"score"`
	Comment           string `json:"comment,omitempty"`
	Enabled           bool   `json:"enabled"`
	ShowSubtechniques bool   `json:"showSubtechniques"`
}

// Navigator versions a layer names: the Navigator application that reads
// layer format 4.5 (4.9.0 and later; 5.1.0 is the current release) and the
// ATT&CK release of the shared data.
const (
	NavigatorAppVersion   = "5.1.0"
	NavigatorLayerVersion = "4.5"
)

// NavigatorDomains are the ATT&CK domains a layer may be built for.
var NavigatorDomains = []string{"enterprise-attack", "mobile-attack", "ics-attack"}

// SectorNavigatorJSON is SectorNavigatorDomainLayer's layer as the
// indented JSON a download serves.
func (s *Service) SectorNavigatorJSON(ctx context.Context, sector, domain string) (json.RawMessage, error) {
	layer, err := s.SectorNavigatorDomainLayer(ctx, sector, domain)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(layer, "", "  ")
}

// SectorNavigatorLayer builds the ATT&CK Enterprise Navigator layer of a
// sector (SectorNavigatorDomainLayer with "enterprise-attack").
func (s *Service) SectorNavigatorLayer(ctx context.Context, sector string) (*NavigatorLayer, error) {
	return s.SectorNavigatorDomainLayer(ctx, sector, "enterprise-attack")
}

// SectorNavigatorDomainLayer builds the ATT&CK Navigator layer of a sector
// for one ATT&CK domain (enterprise-attack, mobile-attack, ics-attack):
// each technique of that domain its attackers use, scored by how many of
// them use it. The Navigator drops techniques of other domains, so a
// layer holds none. Sub-techniques are shown under the techniques that
// have some.
func (s *Service) SectorNavigatorDomainLayer(ctx context.Context, sector, domain string) (*NavigatorLayer, error) {
	if domain == "" {
		domain = "enterprise-attack"
	}
	if !slices.Contains(NavigatorDomains, domain) {
		return nil, telltale.Errorf(telltale.EINVALID, "unknown ATT&CK domain %q: one of %s", domain, strings.Join(NavigatorDomains, ", "))
	}
	l, err := s.Landscape(ctx, sector)
	if err != nil {
		return nil, err
	}
	layer := &NavigatorLayer{
		Name:                          l.Sector.Name + " — techniques of its attackers",
		Versions:                      map[string]string{"attack": "18", "navigator": NavigatorAppVersion, "layer": NavigatorLayerVersion},
		Domain:                        domain,
		Description:                   "Score = number of the sector's attackers (of " + itoa(l.AttackerCount) + ") that use the technique. Computed by Telltale.",
		Sorting:                       3,
		Layout:                        map[string]any{"layout": "side", "showID": true, "showName": true},
		Gradient:                      map[string]any{"colors": []string{"#ffffff", "#ff6666"}, "minValue": 0, "maxValue": 1},
		LegendItems:                   []any{},
		Metadata:                      []map[string]string{{"name": "sector", "value": l.Sector.Key}},
		ShowTacticRowBackground:       false,
		SelectSubtechniquesWithParent: false,
	}
	maxScore := 1
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	// Techniques of this domain that have sub-techniques.
	parents := map[string]bool{}
	for _, n := range snap.nodes {
		if n.Type == "attack-pattern" && n.IsSubtechnique && attackDomain(n) == domain {
			if parent, _, ok := strings.Cut(n.mitreID, "."); ok {
				parents[parent] = true
			}
		}
	}
	for _, t := range l.Techniques {
		if t.ID == "" || t.Domain != domain {
			continue
		}
		var names []string
		for _, id := range t.Attackers {
			if c := snap.clusterOf[id]; c != nil {
				names = append(names, c.name)
			}
		}
		sort.Strings(names)
		layer.Techniques = append(layer.Techniques, NavigatorTechnique{
			TechniqueID: t.ID, Score: t.Count, Comment: "Used by " + strings.Join(names, ", "), Enabled: true,
			ShowSubtechniques: parents[t.ID],
		})
		if t.Count > maxScore {
			maxScore = t.Count
		}
	}
	if layer.Techniques == nil {
		layer.Techniques = []NavigatorTechnique{}
	}
	layer.Gradient["maxValue"] = maxScore
	return layer, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
