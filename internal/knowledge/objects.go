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

func mustMarshal(o stix.Typed) json.RawMessage {
	b, err := stix.Marshal(o)
	if err != nil {
		panic(err) // only strings are marshalled here
	}
	return b
}

// mustIdentity is the typed object of one of the root package's
// identities.
func mustIdentity(raw json.RawMessage) *stix.Identity {
	var o stix.Identity
	if err := stix.Unmarshal(raw, &o); err != nil {
		panic(err) // the root package's own identities
	}
	return &o
}

// TelltaleIdentity returns the organization identity that authors the
// embedded knowledge (the root package builds it).
func TelltaleIdentity() json.RawMessage { return telltale.TelltaleIdentity() }

// NewTelltaleIdentity is TelltaleIdentity as a typed object, for a bundle
// written in another encoding.
func NewTelltaleIdentity() *stix.Identity { return mustIdentity(telltale.TelltaleIdentity()) }

// SectorObject returns the STIX identity of the sector with the given key,
// exactly as SectorObjects writes it (the root package builds it).
func SectorObject(key string) (json.RawMessage, bool) { return telltale.SectorObject(key) }

// NewSectorIdentity is SectorObject as a typed object, for a bundle
// written in another encoding.
func NewSectorIdentity(key string) (*stix.Identity, bool) {
	raw, ok := telltale.SectorObject(key)
	if !ok {
		return nil, false
	}
	return mustIdentity(raw), true
}

// SectorObjects returns the taxonomy as STIX 2.1 objects: first the Telltale
// identity that authors them, then one identity (identity_class "class") per
// sector in display order, then one "part-of" relationship from each child
// sector to its parent. Each sector identity carries the industry-sector-ov
// value that applies (its own or an ancestor's) in sectors, its aliases and
// labels in x_opencti_aliases, and its key in x_telltale_sector_key. Every
// id and timestamp is fixed, so the output is identical on every call.
func SectorObjects() []json.RawMessage {
	out := []json.RawMessage{TelltaleIdentity()}
	var rels []json.RawMessage
	for _, s := range Sectors() {
		raw, _ := SectorObject(s.Key)
		out = append(out, raw)
		if s.Parent == "" {
			continue
		}
		p, _ := SectorByKey(s.Parent)
		rels = append(rels, mustMarshal(&stix.Relationship{
			Common:           stix.NewCommon("relationship", stix.RelationshipID("part-of", s.ID, p.ID, "", ""), TelltaleID, Epoch, Epoch),
			RelationshipType: "part-of",
			SourceRef:        s.ID,
			TargetRef:        p.ID,
		}))
	}
	return append(out, rels...)
}
