package knowledge

import (
	"context"
	"sort"

	"github.com/telltale-cti/telltale/internal/extract"
)

// Dictionary returns the extractor's dictionary built from the knowledge:
// every name of every actor cluster (reported as the cluster's name), of
// malware, tools and campaigns, every sector phrase of the taxonomy, and
// ATT&CK technique names. It is built once per state of the store.
func (s *Service) Dictionary(ctx context.Context) (*extract.Dictionary, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	snap.mu.Lock()
	defer snap.mu.Unlock()
	if snap.dict == nil {
		snap.dict = extract.NewDictionary(snap.dictionaryEntries())
	}
	return snap.dict, nil
}

func (snap *snapshot) dictionaryEntries() []extract.Entry {
	var entries []extract.Entry
	for _, c := range snap.clusters {
		for _, m := range c.members {
			for _, n := range snap.names[m.ID] {
				entries = append(entries, extract.Entry{Kind: extract.KindActor, Name: n.Name, Canonical: c.name, ID: c.id})
			}
		}
	}
	kinds := map[string]string{"malware": extract.KindMalware, "tool": extract.KindTool, "campaign": extract.KindCampaign}
	ids := make([]string, 0, len(snap.nodes))
	for id := range snap.nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		n := snap.nodes[id]
		if kind, ok := kinds[n.Type]; ok {
			for _, name := range snap.names[id] {
				if name.Kind != "external_id" {
					entries = append(entries, extract.Entry{Kind: kind, Name: name.Name, Canonical: n.Name, ID: id})
				}
			}
		}
		if n.Type == "attack-pattern" && n.mitreID != "" {
			entries = append(entries, extract.Entry{Kind: extract.KindTechnique, Name: n.Name, Canonical: n.Name, ID: n.mitreID})
		}
	}
	return append(entries, SectorEntries()...)
}
