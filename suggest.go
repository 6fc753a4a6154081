package telltale

// Suggestions answers "which known actor is it?" for a report, a text or
// an unnamed actor: known actors ranked by the evidence they share with
// it, best first. Nothing is merged: linking stays an analyst's decision.
type Suggestions struct {
	// Subject says what the evidence came from: a report id, an actor, or
	// "text".
	Subject string `json:"subject"`
	// Evidence is what was matched: the malware, techniques, sectors...
	// the subject presents, as "kind: value" strings.
	Evidence   []string    `json:"evidence"`
	Candidates []Candidate `json:"candidates"`
}

// Candidate is one known actor that may be the subject, with its score
// and the evidence for and against it.
type Candidate struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Score       float64    `json:"score"`
	Supports    []Evidence `json:"supports"`
	Contradicts []Evidence `json:"contradicts"`
}

// Evidence is one item shared with (or contradicting) a candidate: its
// kind (malware, tool, technique, cve, indicator, sector, country, origin,
// activity, victims, name, source), the value, why it weighs what it
// weighs, and its weight in the score.
type Evidence struct {
	Kind   string  `json:"kind"`
	Value  string  `json:"value"`
	Detail string  `json:"detail"`
	Weight float64 `json:"weight"`
}
