package knowledge

import (
	"context"
	"sort"
	"strings"

	"github.com/telltale-cti/telltale"
)

// Dictionary returns the extractor's dictionary built from the knowledge:
// every name of every actor cluster (reported as the cluster's name), of
// malware, tools and campaigns, every sector phrase of the taxonomy, and
// ATT&CK technique names. It is built once per state of the store.
// The Options' Reader compiles it; EUNAVAILABLE without one.
func (s *Service) Dictionary(ctx context.Context) (telltale.Dictionary, error) {
	if s.opts.Reader == nil {
		return nil, telltale.Errorf(telltale.EUNAVAILABLE, "knowledge: no text reader (Options.Reader) to build the dictionary with")
	}
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.dictionary(), nil
}

// noNames is the dictionary of a service without a Reader: it finds
// nothing in any text.
type noNames struct{}

func (noNames) Len() int { return 0 }

func (noNames) Read(string) *telltale.Reading { return &telltale.Reading{} }

func (snap *snapshot) dictionaryEntries() []telltale.NameEntry {
	entries := snap.actorEntries()
	kinds := map[string]string{"malware": telltale.KindMalware, "tool": telltale.KindTool, "campaign": telltale.KindCampaign}
	taken := map[string]bool{}
	for _, e := range entries {
		taken[Fold(e.Name)] = true
	}
	softwareBy := map[string]telltale.NameEntry{} // folded name → the first software entry of it
	bares := map[string]bareName{}
	ids := make([]string, 0, len(snap.nodes))
	for id := range snap.nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		n := snap.nodes[id]
		if kind, ok := kinds[n.Type]; ok {
			for _, name := range snap.names[id] {
				if name.Kind == "external_id" {
					continue
				}
				entries = append(entries, telltale.NameEntry{Kind: kind, Name: name.Name, Canonical: n.Name, ID: id})
				if _, ok := softwareBy[Fold(name.Name)]; !ok && kind != telltale.KindCampaign && !taken[Fold(name.Name)] {
					softwareBy[Fold(name.Name)] = entries[len(entries)-1]
				}
				taken[Fold(name.Name)] = true
				if bare, q := splitQualifier(name.Name); q != "" && kind != telltale.KindCampaign {
					if b, ok := bares[Fold(bare)]; !ok || q == "Windows" && b.q != "Windows" {
						bares[Fold(bare)] = bareName{telltale.NameEntry{Kind: kind, Name: bare, Canonical: bare, ID: id}, q}
					}
				}
			}
		}
		if n.Type == "attack-pattern" && n.mitreID != "" {
			entries = append(entries, telltale.NameEntry{Kind: telltale.KindTechnique, Name: n.Name, Canonical: n.Name, ID: n.mitreID})
		}
	}
	// Malpedia names a family per platform ("DarkSide (Windows)", "DarkSide
	// (ELF)"); reports write "DarkSide". The bare name, when nothing else
	// holds it, names the Windows family, else the first by id.
	keys := make([]string, 0, len(bares))
	for k := range bares {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch sw, ok := softwareBy[k]; {
		case !taken[k]:
			entries = append(entries, bares[k].NameEntry)
		case ok && bares[k].Name != sw.Name:
			// "X-Agent" (the bare name of malpedia's X-Agent families)
			// folds as ATT&CK's alias "Xagent" of CHOPSTICK does: the
			// spelling names that software too, as written.
			entries = append(entries, telltale.NameEntry{Kind: sw.Kind, Name: bares[k].Name, Canonical: sw.Canonical, ID: sw.ID})
		}
	}
	return append(entries, SectorEntries()...)
}

// actorEntries are the names of every member of every actor cluster, each
// naming the clusters resolveActor chooses among (clustersNamed), as
// `telltale actor` does: an alias ATT&CK gives one group names that group
// only, though a galaxy lists it for another cluster too ("BlueNoroff":
// APT38, not MISP's Lazarus Group); a name it refuses names every cluster
// it hesitates between, however each writes it ("Operation Troy",
// "OperationTroy": Andariel and the Lazarus Group).
func (snap *snapshot) actorEntries() []telltale.NameEntry {
	var entries []telltale.NameEntry
	for _, c := range snap.clusters {
		for _, m := range c.members {
			for _, n := range snap.names[m.ID] {
				cs := snap.clustersNamed(n.Key)
				if len(cs) == 0 {
					cs = []*cluster{c}
				}
				for _, to := range cs {
					entries = append(entries, telltale.NameEntry{Kind: telltale.KindActor, Name: n.Name, Canonical: to.name, ID: to.id})
				}
			}
		}
	}
	return entries
}

// bareName is a software name without its platform, and the platform.
type bareName struct {
	telltale.NameEntry
	q string
}

// splitQualifier splits a software name's last bracketed qualifier off:
// "DarkSide (Windows)" is "DarkSide" and "Windows"; q is "" when there is
// none.
func splitQualifier(name string) (bare, q string) {
	k := strings.LastIndex(name, " (")
	if k <= 0 || !strings.HasSuffix(name, ")") {
		return name, ""
	}
	return name[:k], name[k+2 : len(name)-1]
}
