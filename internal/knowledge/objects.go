package knowledge

import (
	"encoding/json"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Epoch, TelltaleName and TelltaleID are the root package's: the created
// and modified time, name and id of the identity that authors what
// Telltale ships.
const (
	Epoch        = telltale.Epoch
	TelltaleName = telltale.TelltaleName
	TelltaleID   = telltale.TelltaleID
)

type relationshipObject struct {
	Type             string `json:"type"`
	SpecVersion      string `json:"spec_version"`
	ID               string `json:"id"`
	CreatedByRef     string `json:"created_by_ref,omitempty"`
	Created          string `json:"created"`
	Modified         string `json:"modified"`
	RelationshipType string `json:"relationship_type"`
	SourceRef        string `json:"source_ref"`
	TargetRef        string `json:"target_ref"`
}

// TelltaleIdentity returns the organization identity that authors the
// embedded knowledge.
func TelltaleIdentity() json.RawMessage { return telltale.TelltaleIdentity() }

// SectorObject returns the STIX identity of the sector with the given key,
// exactly as SectorObjects writes it (the root package builds it).
func SectorObject(key string) (json.RawMessage, bool) { return telltale.SectorObject(key) }

// SectorObjects returns the taxonomy as STIX 2.1 objects: first the Telltale
// identity that authors them, then one identity (identity_class "class") per
// sector in display order, then one "part-of" relationship from each child
// sector to its parent. Each sector identity carries the industry-sector-ov
// value that applies (its own or an ancestor's) in sectors, its aliases and
// labels in x_opencti_aliases, and its key in x_telltale_sector_key. Every
// id and timestamp is fixed, so the output is identical on every call.
func SectorObjects() []json.RawMessage {
	sectors := Sectors()
	out := []json.RawMessage{TelltaleIdentity()}
	var rels []json.RawMessage
	for _, s := range sectors {
		raw, _ := SectorObject(s.Key)
		out = append(out, raw)
		if s.Parent == "" {
			continue
		}
		p, _ := SectorByKey(s.Parent)
		parent := p.ID
		// A struct of strings: marshalling it cannot fail.
		rel, _ := json.Marshal(relationshipObject{
			Type:             "relationship",
			SpecVersion:      "2.1",
			ID:               stix.RelationshipID("part-of", s.ID, parent, "", ""),
			CreatedByRef:     TelltaleID,
			Created:          Epoch,
			Modified:         Epoch,
			RelationshipType: "part-of",
			SourceRef:        s.ID,
			TargetRef:        parent,
		})
		rels = append(rels, rel)
	}
	return append(out, rels...)
}
