package telltale

// ReportSummary is what ingesting one text found and made: the report and
// everything it created or linked, with the claims and their polarity.
// It is what `telltale ingest --json` and `telltale report show` print,
// and what a draft keeps (as JSON) beside its bundle.
type ReportSummary struct {
	ReportID    string `json:"report_id"`
	Title       string `json:"title"`
	Published   string `json:"published"`
	Modified    string `json:"modified"`
	URL         string `json:"url,omitempty"`
	Publisher   string `json:"publisher"`
	PublisherID string `json:"publisher_id"`
	TextSHA256  string `json:"text_sha256"`
	Status      string `json:"status"` // draft, accepted or rejected

	Sectors    []SectorRow   `json:"sectors"`
	MainSector string        `json:"main_sector,omitempty"` // key of the top-level sector the report is about
	Victims    []VictimCount `json:"victims"`
	// ActiveSince is the year the text says its subject has been active
	// since (0 when it says none): evidence for "which known actor is it?".
	ActiveSince   int        `json:"active_since,omitempty"`
	VictimOrgs    []string   `json:"victim_organizations"`
	StolenData    []string   `json:"stolen_data"`
	SourcesQuoted []string   `json:"sources_quoted"`
	Actors        []ActorRow `json:"actors"`
	// UnknownActors are groups the text names that the knowledge holds no
	// actor for (an operation named after its malware: "DarkSide
	// affiliates"); listed for the analyst, linked to nothing.
	UnknownActors []string `json:"unknown_actors"`
	// UnknownSoftware are malware and tools the text introduces ("a
	// backdoor called X") that the knowledge holds nothing for.
	UnknownSoftware []string       `json:"unknown_software"`
	Malware         []ReportLink   `json:"malware"`
	Tools           []ReportLink   `json:"tools"`
	Techniques      []ReportLink   `json:"techniques"`
	Countries       []CountryRow   `json:"countries"`
	Vulnerabilities []ReportLink   `json:"vulnerabilities"`
	Indicators      []IndicatorRow `json:"indicators"`
	Benign          []IndicatorRow `json:"benign_indicators"`
	Claims          []ClaimRow     `json:"claims"`
	Relationships   []RelRow       `json:"relationships"`
	Notes           []ReportLink   `json:"notes"`
	Created         []string       `json:"created"` // ids of objects the report bundle brings
	Linked          []string       `json:"linked"`  // ids of objects that were in the store already
	// Items are what the extraction found, as a reviewer sees them: each
	// with the key that removes or edits it and where the text names it.
	Items []DraftItem `json:"items"`
	// Review is what analysts changed (nil: nothing).
	Review *DraftReview `json:"review,omitempty"`
}

// SectorRow is a sector the text names, with how often.
type SectorRow struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	ID       string `json:"id"`
	Mentions int    `json:"mentions"`
}

// VictimCount is a number of victims the text gives.
type VictimCount struct {
	Phrase string `json:"phrase"`
	Value  int64  `json:"value"`
	Approx bool   `json:"approx,omitempty"`
	Noun   string `json:"noun"`
	Sector string `json:"sector,omitempty"`
}

// ActorRow is an actor named by the text. Strong mentions are linked;
// weak ones (a common word that happens to be an alias) are listed with
// the reason and never get a relationship.
type ActorRow struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Mentions []string `json:"mentions"`
	Strong   bool     `json:"strong"`
	Reason   string   `json:"reason"`
	New      bool     `json:"new,omitempty"` // an unnamed group the text describes, created by this report
}

// ReportLink is an object the report refers to.
type ReportLink struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	New  bool   `json:"new,omitempty"`
}

// CountryRow is a country the text names, with the roles it gives it:
// "target" (victims there), "origin" (the actor is said to come from it),
// "other" (a publisher's or an agency's home, a place in passing).
type CountryRow struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
}

// IndicatorRow is an indicator found in the text.
type IndicatorRow struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	ID      string `json:"id,omitempty"`
	Pattern string `json:"pattern,omitempty"`
	Reason  string `json:"reason,omitempty"` // why it is benign
}

// ExtractedClaim is an attribution claim as the extractor read it from
// the text (the exported part of internal/extract's Claim).
type ExtractedClaim struct {
	Subject    string `json:"subject"`              // canonical actor name, or "unnamed" when the text names none
	SubjectRef string `json:"subject_ref"`          // the words that designate the subject in the text, if any
	Mention    string `json:"mention"`              // the subject as written where the claim is made ("the group", "Bar Panda")
	Relation   string `json:"relation"`             // attributed-to, sponsored-by, originates-from, same-as, part-of, distinct-from
	Object     string `json:"object"`               // the country's or region's canonical name; an actor or organisation as written
	ObjectRef  string `json:"object_ref,omitempty"` // an actor object's canonical name, when the dictionary knows it
	ObjectKind string `json:"object_kind"`          // "country", "region", "organization" or "actor"
	Polarity   string `json:"polarity"`
	Cue        string `json:"cue"` // the words that set the polarity or the attribution
	By         string `json:"by"`  // who makes the claim, "" when the text does not say
	Evidence   string `json:"evidence"`
	Start      int    `json:"start"` // span of the evidence sentence
	End        int    `json:"end"`
}

// ClaimRow is an attribution claim and what it became: a relationship
// (asserted, hedged) or a note (negated, denied).
type ClaimRow struct {
	ExtractedClaim
	// KeptAs is the relationship or note that keeps the claim; empty when
	// the claim ties an actor to itself ("APT41, also known as Wicked
	// Panda", both names of one cluster), which the knowledge says already.
	KeptAs string `json:"kept_as,omitempty"`
}

// RelRow is a relationship the report makes.
type RelRow struct {
	ID         string `json:"id"`
	Type       string `json:"relationship_type"`
	Source     string `json:"source_ref"`
	SourceName string `json:"source_name"`
	Target     string `json:"target_ref"`
	TargetName string `json:"target_name"`
	Confidence int    `json:"confidence"`
	Why        string `json:"why"`
	// Polarity is set on relationships made from attribution claims:
	// asserted or hedged.
	Polarity string `json:"polarity,omitempty"`
}
