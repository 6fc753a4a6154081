package knowledge

import (
	"encoding/json"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Epoch is the created and modified time of every object Telltale ships in
// its embedded knowledge. It is fixed so that importing the same knowledge
// twice changes nothing; bump it (and the content) together when the
// knowledge is revised, so the new objects replace the old by modified.
const Epoch = "2026-11-01T00:00:00.000Z"

// TelltaleName is the name of the organization identity that authors the
// embedded knowledge (created_by_ref of every object it ships).
const TelltaleName = "Telltale"

// TelltaleID is the id of that identity.
var TelltaleID = stix.IdentityID(TelltaleName, "organization")

// identityObject is a STIX 2.1 identity as Telltale writes it. Aliases ride
// in x_opencti_aliases, the property OpenCTI reads and writes for identities
// (STIX 2.1 has no aliases property on identity), so sectors exported by
// either platform carry their aliases the same way.
type identityObject struct {
	Type          string   `json:"type"`
	SpecVersion   string   `json:"spec_version"`
	ID            string   `json:"id"`
	CreatedByRef  string   `json:"created_by_ref,omitempty"`
	Created       string   `json:"created"`
	Modified      string   `json:"modified"`
	Name          string   `json:"name"`
	Description   string   `json:"description,omitempty"`
	IdentityClass string   `json:"identity_class"`
	Sectors       []string `json:"sectors,omitempty"`
	Aliases       []string `json:"x_opencti_aliases,omitempty"`
	SectorKey     string   `json:"x_telltale_sector_key,omitempty"`
}

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

func mustMarshal(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs of strings are marshalled here
	}
	return b
}

// TelltaleIdentity returns the organization identity that authors the
// embedded knowledge.
func TelltaleIdentity() json.RawMessage {
	return mustMarshal(identityObject{
		Type:          "identity",
		SpecVersion:   "2.1",
		ID:            TelltaleID,
		Created:       Epoch,
		Modified:      Epoch,
		Name:          TelltaleName,
		Description:   "Telltale, the open-source threat intelligence platform: author of the sector taxonomy and starter knowledge shipped with it.",
		IdentityClass: "organization",
	})
}

// sectorIdentity is the STIX identity of one sector.
func sectorIdentity(s telltale.Sector) json.RawMessage {
	var ov []string
	if v := SectorSTIXValue(s.Key); v != "" {
		ov = []string{v}
	}
	return mustMarshal(identityObject{
		Type:          "identity",
		SpecVersion:   "2.1",
		ID:            s.ID,
		CreatedByRef:  TelltaleID,
		Created:       Epoch,
		Modified:      Epoch,
		Name:          s.Name,
		Description:   s.Description,
		IdentityClass: "class",
		Sectors:       ov,
		Aliases:       s.Aliases,
		SectorKey:     s.Key,
	})
}

// SectorObject returns the STIX identity of the sector with the given key,
// exactly as SectorObjects writes it, for converters that emit only the
// sectors they target. Its created_by_ref is the Telltale identity
// (TelltaleIdentity), which the caller emits too.
func SectorObject(key string) (json.RawMessage, bool) {
	s, ok := SectorByKey(key)
	if !ok {
		return nil, false
	}
	return sectorIdentity(s), true
}

// SectorObjects returns the taxonomy as STIX 2.1 objects: first the Telltale
// identity that authors them, then one identity (identity_class "class") per
// sector in display order, then one "part-of" relationship from each child
// sector to its parent. Each sector identity carries the industry-sector-ov
// value that applies (its own or an ancestor's) in sectors, its aliases and
// labels in x_opencti_aliases, and its key in x_telltale_sector_key. Every
// id and timestamp is fixed, so the output is identical on every call.
func SectorObjects() []json.RawMessage {
	t := loadTaxonomy()
	out := []json.RawMessage{TelltaleIdentity()}
	var rels []json.RawMessage
	for _, s := range t.sectors {
		out = append(out, sectorIdentity(s))
		if s.Parent == "" {
			continue
		}
		parent := t.sectors[t.byKey[s.Parent]].ID
		rels = append(rels, mustMarshal(relationshipObject{
			Type:             "relationship",
			SpecVersion:      "2.1",
			ID:               stix.RelationshipID("part-of", s.ID, parent, "", ""),
			CreatedByRef:     TelltaleID,
			Created:          Epoch,
			Modified:         Epoch,
			RelationshipType: "part-of",
			SourceRef:        s.ID,
			TargetRef:        parent,
		}))
	}
	return append(out, rels...)
}
