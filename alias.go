package telltale

// AliasClaim says that someone calls an actor (or malware, tool, campaign) by
// a name: the name, who gave it (MITRE, CrowdStrike, Thales, an analyst...),
// the object the claim was read from and how sure the source is (0-100).
//
// In STIX objects Telltale writes, claims ride in the custom property
// "x_telltale_alias_claims" as a list of {"name", "named_by", "url",
// "confidence"}; the source is the object carrying the list.
type AliasClaim struct {
	Name       string `json:"name"`
	NamedBy    string `json:"named_by,omitempty"`
	Source     string `json:"source,omitempty"` // id of the object the claim comes from
	URL        string `json:"url,omitempty"`
	Confidence int    `json:"confidence,omitempty"`
}
