package telltale

// AliasClaim says that someone calls an actor (or malware, tool, campaign) by
// a name: the name, who gave it (MITRE, CrowdStrike, Thales, an analyst...),
// the object the claim was read from and how sure the source is (0-100).
//
// In STIX objects Telltale writes, claims ride in the custom property
// "x_telltale_alias_claims" as a list of {"name", "named_by",
// "named_by_ref", "url", "confidence"}; the source is the object carrying
// the list. named_by_ref (an identity id) stands for named_by when the
// source names the organisation by reference only (MISP's
// name-attribution); readers resolve it to the identity's name.
type AliasClaim struct {
	Name       string `json:"name"`
	NamedBy    string `json:"named_by,omitempty"`
	NamedByRef string `json:"named_by_ref,omitempty"` // identity of who gave the name, when NamedBy is not written out
	Source     string `json:"source,omitempty"`       // id of the object the claim comes from
	URL        string `json:"url,omitempty"`
	Confidence int    `json:"confidence,omitempty"`
}
