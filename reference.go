package telltale

import "encoding/json"

// Telltale's reference objects: the organization identity that authors
// what Telltale ships (the sector taxonomy, the country locations, the
// starter knowledge) and the sector identities, built here so that every
// package that emits them (the knowledge layer, the MISP converter) writes
// them byte for byte alike.

// Epoch is the created and modified time of every object Telltale ships in
// its embedded knowledge. It is fixed so that importing the same knowledge
// twice changes nothing; bump it (and the content) together when the
// knowledge is revised, so the new objects replace the old by modified.
const Epoch = "2026-11-01T00:00:00.000Z"

// TelltaleName is the name of the organization identity that authors the
// embedded knowledge (created_by_ref of every object it ships).
const TelltaleName = "Telltale"

// TelltaleID is the id of that identity: internal/stix's
// IdentityID(TelltaleName, "organization"), which the tests check.
const TelltaleID = "identity--8c073a3e-ed8f-539e-a6dc-8845cc16119b"

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
func sectorIdentity(s Sector) json.RawMessage {
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
// as the knowledge layer ships it (its SectorObjects), for converters
// that emit only the sectors they target. Its created_by_ref is the
// Telltale identity (TelltaleIdentity), which the caller emits too.
func SectorObject(key string) (json.RawMessage, bool) {
	s, ok := SectorByKey(key)
	if !ok {
		return nil, false
	}
	return sectorIdentity(s), true
}
