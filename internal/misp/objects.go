package misp

import (
	"encoding/json"

	"github.com/telltale-cti/telltale/internal/stix"
)

// MISPName is the name of the organization identity that every object made
// here names as its creator; MISPID is its id.
const MISPName = "MISP Project"

// MISPID is the id of the MISP Project identity.
var MISPID = stix.IdentityID(MISPName, "organization")

// object is a STIX 2.1 SDO as this package writes it; the fields a type
// does not have stay empty and are left out.
type object struct {
	Type                 string          `json:"type"`
	SpecVersion          string          `json:"spec_version"`
	ID                   string          `json:"id"`
	CreatedByRef         string          `json:"created_by_ref,omitempty"`
	Created              string          `json:"created"`
	Modified             string          `json:"modified"`
	Name                 string          `json:"name"`
	Description          string          `json:"description,omitempty"`
	IdentityClass        string          `json:"identity_class,omitempty"`
	IsFamily             *bool           `json:"is_family,omitempty"`
	Country              string          `json:"country,omitempty"`
	Aliases              []string        `json:"aliases,omitempty"`
	PrimaryMotivation    string          `json:"primary_motivation,omitempty"`
	SecondaryMotivations []string        `json:"secondary_motivations,omitempty"`
	Revoked              bool            `json:"revoked,omitempty"`
	ExternalReferences   []extRef        `json:"external_references,omitempty"`
	LocationType         string          `json:"x_opencti_location_type,omitempty"`
	OpenCTIAliases       []string        `json:"x_opencti_aliases,omitempty"`
	AliasClaims          []aliasClaim    `json:"x_telltale_alias_claims,omitempty"`
	Motivations          []string        `json:"x_misp_motivations,omitempty"`
	Meta                 json.RawMessage `json:"x_misp_meta,omitempty"`
	Related              json.RawMessage `json:"x_misp_related,omitempty"`
}

type relationship struct {
	Type               string   `json:"type"`
	SpecVersion        string   `json:"spec_version"`
	ID                 string   `json:"id"`
	CreatedByRef       string   `json:"created_by_ref"`
	Created            string   `json:"created"`
	Modified           string   `json:"modified"`
	RelationshipType   string   `json:"relationship_type"`
	SourceRef          string   `json:"source_ref"`
	TargetRef          string   `json:"target_ref"`
	Confidence         int      `json:"confidence,omitempty"`
	ExternalReferences []extRef `json:"external_references,omitempty"`
}

type extRef struct {
	SourceName string `json:"source_name"`
	URL        string `json:"url,omitempty"`
	ExternalID string `json:"external_id,omitempty"`
}

// aliasClaim is one entry of x_telltale_alias_claims (telltale.AliasClaim,
// plus named_by_ref: the identity of who gave the name, when the file
// points at a producer rather than naming it).
type aliasClaim struct {
	Name       string `json:"name"`
	NamedBy    string `json:"named_by,omitempty"`
	NamedByRef string `json:"named_by_ref,omitempty"`
}

func mispIdentity() *object {
	return &object{
		Type:          "identity",
		SpecVersion:   "2.1",
		ID:            MISPID,
		Created:       Epoch,
		Modified:      Epoch,
		Name:          MISPName,
		Description:   "The MISP Project, maintainer of the MISP galaxy clusters (github.com/MISP/misp-galaxy): threat actors, sectors, countries, malware families and intelligence producers.",
		IdentityClass: "organization",
		ExternalReferences: []extRef{
			{SourceName: "misp-galaxy", URL: "https://github.com/MISP/misp-galaxy"},
		},
	}
}

// newObject starts the object made from value v.
func (c *converter) newObject(typ string, v *value) *object {
	return &object{
		Type:               typ,
		SpecVersion:        "2.1",
		ID:                 objectID(typ, v.UUID),
		CreatedByRef:       MISPID,
		Created:            Epoch,
		Modified:           Epoch,
		Name:               v.Name,
		Description:        v.Description,
		Revoked:            v.Revoked,
		ExternalReferences: c.references(v, "refs"),
		Related:            v.RelatedRaw,
	}
}

// references lists the value's uuid, then the URLs of the named meta
// properties, without duplicates.
func (c *converter) references(v *value, keys ...string) []extRef {
	src := "misp-galaxy:" + c.hdr.Type
	out := []extRef{{SourceName: src, ExternalID: v.UUID}}
	seen := map[string]bool{}
	for _, k := range keys {
		for _, u := range v.list(k) {
			if !seen[u] {
				seen[u] = true
				out = append(out, extRef{SourceName: src, URL: u})
			}
		}
	}
	return out
}

// relationship makes a relationship from source to target, traced to the
// value it was read from.
func (c *converter) relationship(relType, source, target, uuid string) *relationship {
	return &relationship{
		Type:               "relationship",
		SpecVersion:        "2.1",
		ID:                 stix.RelationshipID(relType, source, target, "", ""),
		CreatedByRef:       MISPID,
		Created:            Epoch,
		Modified:           Epoch,
		RelationshipType:   relType,
		SourceRef:          source,
		TargetRef:          target,
		ExternalReferences: []extRef{{SourceName: "misp-galaxy:" + c.hdr.Type, ExternalID: uuid}},
	}
}
