package telltale

// The draft review's records: what ingesting one text found and made (a
// report's summary and its items), the review queue's rows and what a
// reviewer changes. The ingest package builds them, the drafts package
// keeps and reviews them; the API and the pages show and change them
// through a review service they declare, naming them here, not in either.

// Statuses of a draft.
const (
	DraftWaiting  = "draft" // waiting for review
	DraftAccepted = "accepted"
	DraftRejected = "rejected"
)

// Polarities of an attribution claim, as the extractor gives them and a
// reviewer may set them.
const (
	PolarityAsserted = "asserted" // "attributed to APT41"
	PolarityHedged   = "hedged"   // "possibly China-based", "likely"
	PolarityNegated  = "negated"  // "does not claim a link"
	PolarityDenied   = "denied"   // "the embassy denied any involvement"
)

// ClaimPolarities are the polarities in the order pages offer them.
func ClaimPolarities() []string {
	return []string{PolarityAsserted, PolarityHedged, PolarityNegated, PolarityDenied}
}

// Reviewer is who reviews: a user's name and role, and where the request
// came from (a client address, "cli").
type Reviewer struct {
	Name   string
	Role   string
	Remote string
}

// DraftReview is what analysts changed in a draft; the draft is its
// text's extraction with these applied.
type DraftReview struct {
	// Removed are the keys of the items taken out (see DraftItem.Key).
	Removed []string `json:"removed,omitempty"`
	// Edited maps an item's key to its new value: an indicator's value,
	// the known actor, malware or tool a name stands for, a technique's
	// ATT&CK id, a claim's polarity.
	Edited map[string]string `json:"edited,omitempty"`
	// Linked maps "unnamed" (the group the text describes without naming
	// it) or the name of a group the knowledge lacks to the id of the
	// known actor it is.
	Linked map[string]string `json:"linked,omitempty"`
}

// Empty reports whether the review changes nothing (nil included).
func (r *DraftReview) Empty() bool {
	return r == nil || (len(r.Removed) == 0 && len(r.Edited) == 0 && len(r.Linked) == 0)
}

// DraftMetadata is what a draft says about its text.
type DraftMetadata struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Published string `json:"published"`  // a date or a timestamp
	SourceURL string `json:"source_url"` // "" for none
}

// DraftRow is a line of the review queue.
type DraftRow struct {
	ReportID  string `json:"report_id"`
	Title     string `json:"title"`
	Status    string `json:"status"`
	Publisher string `json:"publisher"`
	Published string `json:"published"`
	URL       string `json:"url,omitempty"`
	Updated   string `json:"updated"`
	// Items counts what the extraction found (after the review's
	// changes); Unknown counts the groups it found that the knowledge
	// lacks, the unnamed one included.
	Items   int  `json:"items"`
	Unknown int  `json:"unknown"`
	Edited  bool `json:"edited"` // an analyst changed the draft
}

// Draft is a draft as the review page shows it: what ingestion found and
// made, and the text it read.
type Draft struct {
	*ReportSummary
	Text string `json:"text"`
}

// DraftItem is one thing the extraction found, as a reviewer handles it: an
// actor, malware, tool, campaign, sector, country or region,
// organisation, technique, CVE, indicator, victim count or attribution
// claim, with every place the text names it.
type DraftItem struct {
	// Key identifies the item in its draft: its kind and its name as
	// extracted ("actor:APT41", "indicator:203.0.113.7",
	// "technique:T1566", "claim:120:originates-from:China").
	Key   string `json:"key"`
	Kind  string `json:"kind"`
	Label string `json:"label"` // what a page shows
	// Value is what the review's edit changes, for the kinds it can
	// change: the name of an actor, malware or tool, an indicator's
	// value, a technique's id, a claim's polarity.
	Value string `json:"value,omitempty"`
	Known bool   `json:"known"` // the knowledge holds it (a group it lacks: false)
	// Origin is the key the item was extracted under when an analyst
	// edited or linked it.
	Origin string      `json:"origin,omitempty"`
	Spans  []DraftSpan `json:"spans,omitempty"` // byte offsets in the text
	Detail string      `json:"detail,omitempty"`
}

// DraftSpan is a part of the text, in bytes.
type DraftSpan struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Editable reports whether the review can give the item a new value: an
// actor, malware, tool, technique, indicator or claim (the kinds are the
// extractor's; the ingest package's tests hold them equal).
func (it DraftItem) Editable() bool {
	switch it.Kind {
	case "actor", "malware", "tool", "technique", "indicator", "claim":
		return true
	}
	return false
}

// IngestResult is what one ingest (or accepting a draft) did.
type IngestResult struct {
	Outcome string         `json:"outcome"`
	Report  *ReportSummary `json:"report"`
	Import  *ImportResult  `json:"import,omitempty"` // when accepted
}

// DraftRecord is an ingested report waiting for review, as the store
// keeps it: its STIX bundle lives there, outside the object store, until
// an analyst accepts it, so drafts change no landscape and no TAXII
// collection serves them.
type DraftRecord struct {
	ReportID  string `json:"report_id"`
	TextHash  string `json:"text_hash"` // SHA-256 of the text, hex
	Title     string `json:"title"`
	SourceURL string `json:"source_url,omitempty"`
	Status    string `json:"status"`   // "draft", "accepted" or "rejected"
	Modified  string `json:"modified"` // the report version's modified
	Bundle    string `json:"-"`        // the STIX bundle, JSON
	Summary   string `json:"-"`        // what ingestion found and made, JSON
	Created   string `json:"created"`
	Updated   string `json:"updated"`
}
