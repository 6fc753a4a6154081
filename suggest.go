package telltale

import "context"

// Suggestions answers "which known actor is it?" for a report, a text or
// an unnamed actor: known actors ranked by the evidence they share with
// it, best first. Nothing is merged: linking stays an analyst's decision.
type Suggestions struct {
	// Subject says what the evidence came from: a report id, an actor, or
	// "text".
	Subject string `json:"subject"`
	// Title is the report's title when the subject is a report.
	Title string `json:"title,omitempty"`
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
// kind (malware, tool, technique, cve, indicator, campaign, sector,
// country, organization, source, victims, origin, activity, name, related,
// sibling, words), the value, why it weighs what it weighs, and its weight in the
// score.
type Evidence struct {
	Kind   string  `json:"kind"`
	Value  string  `json:"value"`
	Detail string  `json:"detail"`
	Weight float64 `json:"weight"`
}

// SuggestService answers "which known actor is it?". It never links or
// merges anything: that stays an analyst's decision.
type SuggestService interface {
	// SuggestText ranks the known actors by what a report's text says;
	// EINVALID when the text is empty.
	SuggestText(ctx context.Context, text string) (*Suggestions, error)
	// SuggestForActor ranks the other known actors by what an actor (an
	// unnamed one from a report, typically) shares with each; ENOTFOUND
	// when no actor has that name or id.
	SuggestForActor(ctx context.Context, nameOrID string) (*Suggestions, error)
	// SuggestForReport ranks the known actors by what an ingested report
	// (its newest draft) says; ENOTFOUND when there is no such report.
	SuggestForReport(ctx context.Context, reportID string) (*Suggestions, error)
}
