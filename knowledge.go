package telltale

import "context"

// Source says who backs a fact: the organisation or feed (MITRE ATT&CK,
// MISP galaxy, Telltale starter knowledge, a report's publisher...), the
// object the fact was read from, and a reference URL when there is one.
type Source struct {
	Name            string `json:"name"`
	ObjectID        string `json:"object_id,omitempty"`
	URL             string `json:"url,omitempty"`
	Confidence      int    `json:"confidence,omitempty"`
	FromDescription bool   `json:"from_description,omitempty"` // inferred from prose, lower confidence
	// Kind is where a targeting source comes from: SourceCurated,
	// SourceReport or SourceDescription ("" where it does not apply).
	Kind string `json:"kind,omitempty"`

	// Polarity and By are set on the sources of an origin: how firmly the
	// source ties the actor to the country (asserted, hedged, negated,
	// denied) and who said so in it (a vendor the report quotes).
	Polarity string `json:"polarity,omitempty"`
	By       string `json:"by,omitempty"`
}

// Ref points at an object and says who backs the link.
type Ref struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	ExtID    string   `json:"external_id,omitempty"` // e.g. T1566.001, S0154, G0069
	Key      string   `json:"key,omitempty"`         // sector key
	Sources  []Source `json:"sources,omitempty"`
	Count    int      `json:"count,omitempty"`
	LastSeen string   `json:"last_seen,omitempty"`
	Actors   []Ref    `json:"actors,omitempty"` // campaigns: the actors they are attributed to
}

// ActorAlias is one name of an actor cluster with everyone who uses it.
type ActorAlias struct {
	Name    string   `json:"name"`
	NamedBy []string `json:"named_by"`
	Sources []Source `json:"sources,omitempty"`
	// Opens are the other actors `telltale actor NAME` opens for this
	// name, when it opens not only this one: an alias ATT&CK gives
	// another group ("Winnti" on APT41 opens the Winnti Group), or a name
	// several actors claim (conflicts).
	Opens []Ref `json:"opens,omitempty"`
}

// ActorMember is one STIX object of an actor cluster and why it joined.
type ActorMember struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Name   string `json:"name"`
	Source string `json:"source"` // who published the object
	Reason string `json:"reason"` // why it is in the cluster, e.g. "shares the name ATK51 with MuddyWater (MISP galaxy)"
}

// Actor is an actor cluster: intrusion sets and threat actors from every
// source that are one actor by their shared names, unless a rule or an
// analyst keeps them apart. Its id is the id of its canonical member.
type Actor struct {
	ID         string        `json:"id"`
	Name       string        `json:"name"`
	Aliases    []ActorAlias  `json:"aliases"`
	Members    []ActorMember `json:"members"`
	Origin     []Origin      `json:"origin"`               // countries of origin, firmest first, with sources for and against
	Motivation string        `json:"motivation,omitempty"` // STIX attack-motivation-ov
	// MotivationLabel is the motivation in an analyst's word (espionage,
	// financial gain...; see knowledge.Motivation).
	MotivationLabel string       `json:"motivation_label,omitempty"`
	FirstSeen       string       `json:"first_seen,omitempty"`
	LastSeen        string       `json:"last_seen,omitempty"`
	Targets         ActorTargets `json:"targets"`
	Malware         []Ref        `json:"malware"`
	Tools           []Ref        `json:"tools"`
	Techniques      []Ref        `json:"techniques"`
	Campaigns       []Ref        `json:"campaigns"`
	Reports         []Ref        `json:"reports"`
	Claims          []Claim      `json:"claims"` // attribution claims of reports, with their polarity
	Description     string       `json:"description,omitempty"`

	// OriginStatus is the status of the first origin (the one rows show):
	// asserted, hedged or disputed; "" when no origin is known.
	OriginStatus string `json:"origin_status,omitempty"`
}

// Claim is an attribution statement about an actor read from a report:
// who says the actor is tied to what (a country, another actor), how
// firmly (asserted, hedged, negated, denied) and in which words. Negated
// and denied claims never become attributions; they are kept as notes.
type Claim struct {
	Object   string `json:"object"`   // what the actor is tied to, e.g. "China"
	Polarity string `json:"polarity"` // asserted, hedged, negated or denied
	By       string `json:"by"`       // who makes the claim
	Evidence string `json:"evidence"` // the words of the report
	Report   Ref    `json:"report"`
	ObjectID string `json:"object_id"` // the note or relationship that keeps it

	// Relation is what the claim ties the actor to the object by:
	// attributed-to, sponsored-by, originates-from, same-as, part-of or
	// distinct-from ("" when a report of an older Telltale did not say).
	Relation string `json:"relation,omitempty"`
}

// Origin statuses. An origin is asserted when some source asserts it and
// none negates or denies it, hedged when sources only suggest it ("possibly
// based in China") and none negates it, and disputed when a source negates
// or denies what another asserts or suggests ("does not claim a link" to
// China).
const (
	OriginAsserted = "asserted"
	OriginHedged   = "hedged"
	OriginDisputed = "disputed"
)

// Origin is a country (or region) an actor is said to come from. Sources
// are those that assert or suggest it (each with its polarity), Against
// those that negate or deny it. Hedged says that no source asserts it: it
// is shown as "CN?"; a disputed origin can be hedged too.
type Origin struct {
	Ref
	Status  string   `json:"status"`
	Hedged  bool     `json:"hedged,omitempty"`
	Against []Source `json:"against,omitempty"`
}

// ActorTargets are the sectors and countries an actor targets.
type ActorTargets struct {
	Sectors   []Ref `json:"sectors"`
	Countries []Ref `json:"countries"`
}

// Attacker is one row of a sector landscape: an actor cluster that targets
// the sector or one of its sub-sectors, and the sources that say so.
type Attacker struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Aliases    []string `json:"aliases"`
	Origin     string   `json:"origin,omitempty"` // ISO country code when known, else a name
	OriginName string   `json:"origin_name,omitempty"`
	Motivation string   `json:"motivation,omitempty"` // STIX attack-motivation-ov
	// MotivationLabel is the motivation in an analyst's word: espionage
	// for an organizational-gain group its descriptions call espionage,
	// financial gain, hacktivism, sabotage... (see knowledge.Motivation).
	MotivationLabel string   `json:"motivation_label,omitempty"`
	FirstSeen       string   `json:"first_seen,omitempty"`
	LastSeen        string   `json:"last_seen,omitempty"`
	LastReported    string   `json:"last_reported,omitempty"` // the newest accepted report about it
	Sectors         []string `json:"sectors"`                 // keys of the targeted (sub-)sectors
	Sources         []Source `json:"sources"`

	// OriginStatus says how firm the origin is (asserted, hedged or
	// disputed; see Origin), OriginHedged that no source asserts it, and
	// OriginSources who says so and who says otherwise (with polarity).
	OriginStatus  string   `json:"origin_status,omitempty"`
	OriginHedged  bool     `json:"origin_hedged,omitempty"`
	OriginSources []Source `json:"origin_sources,omitempty"`
}

// Landscape answers "who attacks this sector, how and with what", computed
// from the knowledge, never typed in.
type Landscape struct {
	Sector        Ref          `json:"sector"`
	Path          []Ref        `json:"path"`     // ancestors, top first
	Children      []Ref        `json:"children"` // sub-sectors with their attacker counts
	AttackerCount int          `json:"attacker_count"`
	Attackers     []Attacker   `json:"attackers"`
	Campaigns     []Ref        `json:"campaigns"`
	Techniques    []Technique  `json:"techniques"`
	Malware       []Ref        `json:"malware"`
	Tools         []Ref        `json:"tools"`
	Mitigations   []Mitigation `json:"mitigations"`
	ReportCount   int          `json:"report_count"`
	Reports       []Ref        `json:"reports"`
	Narrative     string       `json:"narrative,omitempty"` // Markdown, analyst-written

	// Filter is what the landscape was narrowed to; every list and count
	// above and below follows it (reports: by their date only).
	Filter LandscapeFilter `json:"filter"`
	// SourceKinds counts the attackers within the window by the kind of
	// source they rest on, whether the filter keeps that kind or not.
	SourceKinds []KindCount `json:"source_kinds"`
	// Undated counts the attackers (of the kinds kept) left out by the
	// window because no date of activity is known for them.
	Undated         int      `json:"undated"`
	Origins         []Tally  `json:"origins"`          // attackers by country of origin, most first
	TargetCountries []Tally  `json:"target_countries"` // attackers by the countries they target (any sector)
	Motivations     []Tally  `json:"motivations"`      // attackers by analyst motivation
	Activity        []Period `json:"activity"`         // attackers active and reports published, by year or quarter
}

// Technique is an ATT&CK technique with how many of a landscape's
// attackers use it.
type Technique struct {
	ID        string   `json:"id"` // ATT&CK id, e.g. T1566.001
	ObjectID  string   `json:"object_id"`
	Name      string   `json:"name"`
	Domain    string   `json:"domain"`  // ATT&CK domain: enterprise-attack, mobile-attack or ics-attack
	Tactics   []string `json:"tactics"` // kill chain phase names, e.g. initial-access
	Count     int      `json:"count"`
	Attackers []string `json:"attackers"` // actor cluster ids
}

// Mitigation is an ATT&CK mitigation ranked by how many of a landscape's
// attackers' techniques it covers.
type Mitigation struct {
	ID         string   `json:"id"` // ATT&CK id, e.g. M1017
	ObjectID   string   `json:"object_id"`
	Name       string   `json:"name"`
	Covers     int      `json:"covers"`     // attacker-technique pairs covered
	Techniques []string `json:"techniques"` // ATT&CK ids of the techniques it mitigates
}

// SectorSummary is a sector with its attacker count, for the sectors index.
type SectorSummary struct {
	Sector
	AttackerCount int `json:"attacker_count"`
}

// Conflict is a name claimed by more than one actor cluster, or a link a
// rule refused, for an analyst to decide.
type Conflict struct {
	Name     string `json:"name"`
	Clusters []Ref  `json:"clusters"`
	Rule     string `json:"rule"`
	Detail   string `json:"detail"`
}

// ClusterService tells which actor cluster an actor object belongs to.
type ClusterService interface {
	// ClusterOf returns the cluster (its id and name) of an intrusion set
	// or a threat actor given by id; false when the id is no cluster's
	// member.
	ClusterOf(ctx context.Context, id string) (Ref, bool, error)
}

// KnowledgeService computes the domain views from stored objects.
type KnowledgeService interface {
	// Actor resolves an id or any alias to its cluster, or ENOTFOUND.
	Actor(ctx context.Context, nameOrID string) (*Actor, error)
	// Landscape computes the landscape of a sector given by key, name or
	// alias, or ENOTFOUND.
	Landscape(ctx context.Context, sector string) (*Landscape, error)
	// LandscapeFiltered is Landscape narrowed by f (kinds of source, date
	// window); a zero f is Landscape.
	LandscapeFiltered(ctx context.Context, sector string, f LandscapeFilter) (*Landscape, error)
	// Sectors lists every sector of the taxonomy with its attacker count.
	Sectors(ctx context.Context) ([]SectorSummary, error)
	// Conflicts lists names claimed by several clusters and refused links.
	Conflicts(ctx context.Context) ([]Conflict, error)
}
