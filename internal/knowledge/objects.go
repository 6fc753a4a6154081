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

// identity is a STIX 2.1 identity as Telltale writes it. Aliases ride in
// x_opencti_aliases, the property OpenCTI reads and writes for identities
// (STIX 2.1 has no aliases property on identity), so sectors exported by
// either platform carry their aliases the same way.
func identity(id, createdBy, name, description, class string) *stix.Identity {
	return &stix.Identity{Common: stix.NewCommon("identity", id, createdBy, Epoch, Epoch), Name: name, Description: description, IdentityClass: class}
}

func mustMarshal(o stix.Typed) json.RawMessage {
	b, err := stix.Marshal(o)
	if err != nil {
		panic(err) // only strings are marshalled here
	}
	return b
}

// TelltaleIdentity returns the organization identity that authors the
// embedded knowledge.
func TelltaleIdentity() json.RawMessage {
	return mustMarshal(NewTelltaleIdentity())
}

// NewTelltaleIdentity is TelltaleIdentity as a typed object, for a bundle
// written in another encoding.
func NewTelltaleIdentity() *stix.Identity {
	return identity(TelltaleID, "", TelltaleName,
		"Telltale, the open-source threat intelligence platform: author of the sector taxonomy and starter knowledge shipped with it.", "organization")
}

// sectorIdentity is the STIX identity of one sector.
func sectorIdentity(s telltale.Sector) json.RawMessage { return mustMarshal(newSectorIdentity(s)) }

func newSectorIdentity(s telltale.Sector) *stix.Identity {
	o := identity(s.ID, TelltaleID, s.Name, s.Description, "class")
	if v := SectorSTIXValue(s.Key); v != "" {
		o.Sectors = []string{v}
	}
	o.Custom.SetNonEmpty("x_opencti_aliases", s.Aliases)
	o.Custom.SetNonEmpty("x_telltale_sector_key", s.Key)
	return o
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

// NewSectorIdentity is SectorObject as a typed object, for a bundle
// written in another encoding.
func NewSectorIdentity(key string) (*stix.Identity, bool) {
	s, ok := SectorByKey(key)
	if !ok {
		return nil, false
	}
	return newSectorIdentity(s), true
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
		rels = append(rels, mustMarshal(&stix.Relationship{
			Common:           stix.NewCommon("relationship", stix.RelationshipID("part-of", s.ID, parent, "", ""), TelltaleID, Epoch, Epoch),
			RelationshipType: "part-of",
			SourceRef:        s.ID,
			TargetRef:        parent,
		}))
	}
	return append(out, rels...)
}
