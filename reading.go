package telltale

// What the knowledge layer reads in texts (reports, actor descriptions)
// to suggest actors: the names it gives the text-to-mentions extractor
// (NameEntry) and what the extractor finds (Reading). internal/extract
// implements TextReader and its mention types are these; the wiring gives
// it to the knowledge service, which imports no extractor.

// Kinds of names (NameEntry.Kind, Mention.Kind).
const (
	KindActor        = "actor"
	KindMalware      = "malware"
	KindTool         = "tool"
	KindCampaign     = "campaign"
	KindSector       = "sector"
	KindCountry      = "country"
	KindRegion       = "region"
	KindOrganization = "organization"
	KindTechnique    = "technique"
)

// NameEntry is one surface form to look for. Name is the form as it
// appears in text (any alias); Canonical is what a match reports (the
// cluster's name, the sector's name); ID is the object id or key the caller
// wants back. For KindTechnique, ID must be the ATT&CK id (T1566.001).
type NameEntry struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Canonical string `json:"canonical"`
	ID        string `json:"id,omitempty"`
	// ListOnly marks a sector word that names its sector only inside a
	// list of sectors or before a sector noun ("defense contractors").
	ListOnly bool `json:"list_only,omitempty"`
}

// TextReader compiles names to look for into a Dictionary: the extractor.
type TextReader interface {
	Compile(entries []NameEntry) Dictionary
}

// Dictionary is a compiled set of names; it is read-only and safe for
// concurrent use.
type Dictionary interface {
	// Len is the number of distinct surface forms.
	Len() int
	// Read finds in text its indicators, the dictionary's names and the
	// built-in ones (countries, vendors), techniques, counts and claims.
	Read(text string) *Reading
}

// Reading is what the extractor found in a text. Every list holds one
// item per occurrence, in text order; Start and End are byte offsets into
// the text (End exclusive), and Sentence is the sentence the occurrence
// came from (cut to a window around the mention when the sentence is very
// long).
type Reading struct {
	Indicators    []Indicator        `json:"indicators"`
	Actors        []Mention          `json:"actors"`
	Malware       []Mention          `json:"malware"`
	Tools         []Mention          `json:"tools"`
	Campaigns     []Mention          `json:"campaigns"`
	Sectors       []Mention          `json:"sectors"`
	Countries     []Mention          `json:"countries"`
	Organizations []Mention          `json:"organizations"`
	Techniques    []TechniqueMention `json:"techniques"`
	CVEs          []CVE              `json:"cves"`
	Counts        []Count            `json:"counts"`
	Claims        []ExtractedClaim   `json:"claims"`
}

// Indicator types (Indicator.Type).
const (
	IndicatorIPv4            = "ipv4"
	IndicatorIPv6            = "ipv6"
	IndicatorDomain          = "domain"
	IndicatorURL             = "url"
	IndicatorEmail           = "email"
	IndicatorMD5             = "md5"
	IndicatorSHA1            = "sha1"
	IndicatorSHA256          = "sha256"
	IndicatorSHA512          = "sha512"
	IndicatorCVE             = "cve"
	IndicatorAttackTechnique = "attack-technique"
	IndicatorAttackTactic    = "attack-tactic"
	IndicatorAttackGroup     = "attack-group"
	IndicatorAttackSoftware  = "attack-software"
	IndicatorAttackCampaign  = "attack-campaign"
	IndicatorBitcoin         = "bitcoin"
	IndicatorEthereum        = "ethereum"
	IndicatorRegistryKey     = "registry-key"
	IndicatorFilename        = "filename"
)

// Indicator is an observable: an address, a host, a hash, an id.
type Indicator struct {
	Type  string `json:"type"`  // one of the Indicator* constants
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

// TechniqueMention is an ATT&CK technique found by id, by name or by a
// telling phrase.
type TechniqueMention struct {
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

// Relations of a claim (ExtractedClaim.Relation): what the object is to the
// subject.
const (
	RelationAttributedTo   = "attributed-to"   // "attributed to the GRU", "linked to China"
	RelationSponsoredBy    = "sponsored-by"    // "Iran-sponsored", "a Chinese state-backed group"
	RelationOriginatesFrom = "originates-from" // "Russian-speaking", "based in Nigeria"
	RelationSameAs         = "same-as"         // "also known as", "tracked as"
	RelationPartOf         = "part-of"         // "a subgroup of Lazarus", "an affiliate of DarkSide"
	RelationDistinctFrom   = "distinct-from"   // "operates separately from"
)

// MentionNames returns the distinct canonical names of a list of mentions,
// in order of first appearance.
func MentionNames(ms []Mention) []string {
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
func TechniqueIDs(ts []TechniqueMention, minPhrases int) []string {
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
