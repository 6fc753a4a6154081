package extract

import "github.com/telltale-cti/telltale"

// Result is everything Extract found in a text. Every list holds one item
// per occurrence, in text order; Start and End are byte offsets into the
// text given to Extract (End exclusive), and Sentence is the sentence the
// occurrence came from (cut to a window around the mention when the
// sentence is very long). Lists are never nil, so JSON shows [] not null.
type Result struct {
	Indicators    []Indicator `json:"indicators"`
	Actors        []Mention   `json:"actors"`
	Malware       []Mention   `json:"malware"`
	Tools         []Mention   `json:"tools"`
	Campaigns     []Mention   `json:"campaigns"`
	Sectors       []Mention   `json:"sectors"`
	Countries     []Mention   `json:"countries"`
	Organizations []Mention   `json:"organizations"`
	Techniques    []Technique `json:"techniques"`
	CVEs          []CVE       `json:"cves"`
	Counts        []Count     `json:"counts"`
	Claims        []Claim     `json:"claims"`
}

// The mention types are the root package's (telltale.Reading is what the
// knowledge layer reads of a Result).
type (
	Indicator = telltale.Indicator
	Mention   = telltale.Mention
	Technique = telltale.TechniqueMention
	CVE       = telltale.CVE
	Count     = telltale.Count
)

// Polarities of a claim.
const (
	Asserted = telltale.PolarityAsserted // "attributed to APT41"
	Hedged   = telltale.PolarityHedged   // "possibly China-based", "likely"
	Negated  = telltale.PolarityNegated  // "does not claim a link", "not intended to suggest"
	Denied   = telltale.PolarityDenied   // "the embassy denied any involvement"
)

// Relations of a claim: what the object is to the subject.
const (
	AttributedTo   = telltale.RelationAttributedTo   // "attributed to the GRU", "linked to China"
	SponsoredBy    = telltale.RelationSponsoredBy    // "Iran-sponsored", "a Chinese state-backed group"
	OriginatesFrom = telltale.RelationOriginatesFrom // "Russian-speaking", "based in Nigeria"
	SameAs         = telltale.RelationSameAs         // "also known as", "tracked as"
	PartOf         = telltale.RelationPartOf         // "a subgroup of Lazarus", "an affiliate of DarkSide"
	DistinctFrom   = telltale.RelationDistinctFrom   // "operates separately from"
)

// Publisher is the speaker of a claim the text makes in its own words when
// it does not say who wrote it (a news story reporting a vendor's
// findings, a text with no named source).
const Publisher = "the publisher"

// Country roles (Mention.Role of countries and regions).
const (
	RoleTarget = "target"
	RoleOrigin = "origin"
	RoleOther  = "other"
)

// Claim is an attribution statement: Subject (an actor, or the unnamed
// group the text talks about) is tied to Object (a country, a government,
// another actor) by Relation, with a polarity, by someone (a vendor, an
// agency, "the accused" for a denial), with the evidence sentence.
// Targeting is never a claim: it is the role of a country or a sector.
type Claim struct {
	Subject    string `json:"subject"`              // canonical actor name, or "unnamed" when the text names none
	SubjectRef string `json:"subject_ref"`          // the words that designate the subject in the text, if any
	Mention    string `json:"mention"`              // the subject as written where the claim is made ("the group", "Bar Panda")
	Relation   string `json:"relation"`             // one of the relation constants
	Object     string `json:"object"`               // the country's or region's canonical name; an actor or organisation as written
	ObjectRef  string `json:"object_ref,omitempty"` // an actor object's canonical name, when the dictionary knows it
	ObjectKind string `json:"object_kind"`          // "country", "region", "organization" or "actor"
	Polarity   string `json:"polarity"`
	Cue        string `json:"cue"` // the words that set the polarity or the attribution
	By         string `json:"by"`  // who makes the claim, "" when the text does not say
	Evidence   string `json:"evidence"`
	Start      int    `json:"start"` // span of the evidence sentence
	End        int    `json:"end"`

	objectAt int  // offset of the object in the text, when located
	located  bool // objectAt is set
	phrase   bool // the claim is made by a noun phrase, whose own words give its polarity
	// polarityAt, when set, is where the clause that gives the polarity
	// ends (a cue after its objects: "were identified as possible culprits")
	polarityAt int
}

func newResult() *Result {
	return &Result{
		Indicators: []Indicator{}, Actors: []Mention{}, Malware: []Mention{}, Tools: []Mention{},
		Campaigns: []Mention{}, Sectors: []Mention{}, Countries: []Mention{}, Organizations: []Mention{},
		Techniques: []Technique{}, CVEs: []CVE{}, Counts: []Count{}, Claims: []Claim{},
	}
}

// Names returns the distinct canonical names of a list of mentions, in
// order of first appearance (telltale.MentionNames).
func Names(ms []Mention) []string { return telltale.MentionNames(ms) }

// TechniqueIDs returns the distinct technique ids found, in order of first
// appearance; minPhrases is how many phrase hits a technique needs when it
// was never named or cited by id (telltale.TechniqueIDs).
func TechniqueIDs(ts []Technique, minPhrases int) []string {
	return telltale.TechniqueIDs(ts, minPhrases)
}

// DefaultMinPhrases is the number of phrase hits that makes a technique
// count for a document when it is never named or cited by id (tuned on the
// TRAM2 training reports).
const DefaultMinPhrases = 1
