package extract

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

// Indicator is an observable: an address, a host, a hash, an id.
type Indicator struct {
	Type  string `json:"type"`  // one of the Type* constants
	Value string `json:"value"` // normalised and refanged: lower-case host, canonical IP, upper-case CVE
	// Warning is empty unless the indicator is judged benign; then it says
	// why ("private address", "security vendor's site", ...).
	Warning  string `json:"warning"`
	Text     string `json:"text"`     // as written in the text, possibly defanged
	Defanged bool   `json:"defanged"` // written defanged (hxxp, [.]): a deliberate indicator
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Sentence string `json:"sentence"`
}

// Mention is an occurrence of a dictionary name: an actor, malware, tool,
// campaign, sector, country or region, or organisation.
type Mention struct {
	Kind    string `json:"kind"`
	Name    string `json:"name"`    // canonical name (the cluster's, the sector's, the country's)
	Mention string `json:"mention"` // the surface form as written
	ID      string `json:"id,omitempty"`
	// Role says what the mention is to the text's story. Organisations:
	// "source" or "victim" when the sentence says so. Countries and
	// regions: "target" (victims there), "origin" (the actor is said to
	// come from or be backed by it) or "other" (a publisher's or an
	// advisory author's home, a lure's theme, a place in passing).
	Role     string `json:"role,omitempty"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Sentence string `json:"sentence"`
}

// Technique is an ATT&CK technique found by id, by name or by a telling
// phrase.
type Technique struct {
	ID       string `json:"id"`   // T1566.001
	Name     string `json:"name"` // from the dictionary, when it has the id
	Mention  string `json:"mention"`
	Via      string `json:"via"` // "id", "name" or "phrase"
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Sentence string `json:"sentence"`
}

// CVE is a vulnerability id.
type CVE struct {
	ID       string `json:"id"` // upper-case, CVE-2021-44228
	Mention  string `json:"mention"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Sentence string `json:"sentence"`
}

// Count is a number of victims or targets: "13 telecommunications
// companies", "millions of subscribers".
type Count struct {
	Phrase string `json:"phrase"` // as written
	Number string `json:"number"` // the number as written: "13", "millions", "two dozen"
	// Value is the number as an integer; for vague quantities ("millions",
	// "hundreds") the lower bound, with Approx set.
	Value    int64  `json:"value"`
	Approx   bool   `json:"approx"`
	Noun     string `json:"noun"`             // what is counted: "companies", "subscribers"
	Sector   string `json:"sector,omitempty"` // canonical sector named in the phrase, if any
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Sentence string `json:"sentence"`
}

// Polarities of a claim.
const (
	Asserted = "asserted" // "attributed to APT41"
	Hedged   = "hedged"   // "possibly China-based", "likely"
	Negated  = "negated"  // "does not claim a link", "not intended to suggest"
	Denied   = "denied"   // "the embassy denied any involvement"
)

// Relations of a claim: what the object is to the subject.
const (
	AttributedTo   = "attributed-to"   // "attributed to the GRU", "linked to China"
	SponsoredBy    = "sponsored-by"    // "Iran-sponsored", "a Chinese state-backed group"
	OriginatesFrom = "originates-from" // "Russian-speaking", "based in Nigeria"
	SameAs         = "same-as"         // "also known as", "tracked as"
	PartOf         = "part-of"         // "a subgroup of Lazarus", "an affiliate of DarkSide"
	DistinctFrom   = "distinct-from"   // "operates separately from"
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
// order of first appearance.
func Names(ms []Mention) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if !seen[m.Name] {
			seen[m.Name] = true
			out = append(out, m.Name)
		}
	}
	return out
}

// TechniqueIDs returns the distinct technique ids found, in order of first
// appearance. minPhrases is how many phrase hits a technique needs when it
// was never named or cited by id (1 keeps every hit).
func TechniqueIDs(ts []Technique, minPhrases int) []string {
	strong := map[string]bool{}
	phrases := map[string]int{}
	var order []string
	seen := map[string]bool{}
	for _, t := range ts {
		if !seen[t.ID] {
			seen[t.ID] = true
			order = append(order, t.ID)
		}
		if t.Via == "phrase" {
			phrases[t.ID]++
		} else {
			strong[t.ID] = true
		}
	}
	var out []string
	for _, id := range order {
		if strong[id] || phrases[id] >= minPhrases {
			out = append(out, id)
		}
	}
	return out
}

// DefaultMinPhrases is the number of phrase hits that makes a technique
// count for a document when it is never named or cited by id (tuned on the
// TRAM2 training reports).
const DefaultMinPhrases = 1
