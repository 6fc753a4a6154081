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

// custom are the custom properties of the objects made here, which
// apply sets in this order.
type custom struct {
	OpenCTIAliases []string        // x_opencti_aliases
	AliasClaims    []aliasClaim    // x_telltale_alias_claims
	Motivations    []string        // x_misp_motivations
	Meta           json.RawMessage // x_misp_meta
	Related        json.RawMessage // x_misp_related
}

// apply sets the custom properties that are not empty on o.
func (x custom) apply(o *stix.Common) {
	o.Custom.SetNonEmpty("x_opencti_aliases", x.OpenCTIAliases)
	o.Custom.SetNonEmpty("x_telltale_alias_claims", x.AliasClaims)
	o.Custom.SetNonEmpty("x_misp_motivations", x.Motivations)
	o.Custom.SetNonEmpty("x_misp_meta", x.Meta)
	o.Custom.SetNonEmpty("x_misp_related", x.Related)
}

// aliasClaim is one entry of x_telltale_alias_claims (telltale.AliasClaim,
// plus named_by_ref: the identity of who gave the name, when the file
// points at a producer rather than naming it).
type aliasClaim struct {
	Name       string `json:"name"`
	NamedBy    string `json:"named_by,omitempty"`
	NamedByRef string `json:"named_by_ref,omitempty"`
}

func mispIdentity() *stix.Identity {
	o := &stix.Identity{
		Common:        stix.NewCommon("identity", MISPID, "", Epoch, Epoch),
		Name:          MISPName,
		Description:   "The MISP Project, maintainer of the MISP galaxy clusters (github.com/MISP/misp-galaxy): threat actors, sectors, countries, malware families and intelligence producers.",
		IdentityClass: "organization",
	}
	o.ExternalReferences = []stix.ExternalReference{{SourceName: "misp-galaxy", URL: "https://github.com/MISP/misp-galaxy"}}
	return o
}

// newCommon starts the common properties of the object made from value v.
func (c *converter) newCommon(typ string, v *value) stix.Common {
	o := stix.NewCommon(typ, objectID(typ, v.UUID), MISPID, Epoch, Epoch)
	o.Revoked = v.Revoked
	o.ExternalReferences = c.references(v, "refs")
	return o
}

// references lists the value's uuid, then the URLs of the named meta
// properties, without duplicates.
func (c *converter) references(v *value, keys ...string) []stix.ExternalReference {
	src := "misp-galaxy:" + c.hdr.Type
	out := []stix.ExternalReference{{SourceName: src, ExternalID: v.UUID}}
	seen := map[string]bool{}
	for _, k := range keys {
		for _, u := range v.list(k) {
			if !seen[u] {
				seen[u] = true
				out = append(out, stix.ExternalReference{SourceName: src, URL: u})
			}
		}
	}
	return out
}

// relationship makes a relationship from source to target, traced to the
// value it was read from, with a confidence unless it is 0.
func (c *converter) relationship(relType, source, target, uuid string, confidence int) *stix.Relationship {
	o := &stix.Relationship{
		Common:           stix.NewCommon("relationship", stix.RelationshipID(relType, source, target, "", ""), MISPID, Epoch, Epoch),
		RelationshipType: relType,
		SourceRef:        source,
		TargetRef:        target,
	}
	if confidence != 0 {
		o.SetConfidence(confidence)
	}
	o.ExternalReferences = []stix.ExternalReference{{SourceName: "misp-galaxy:" + c.hdr.Type, ExternalID: uuid}}
	return o
}
