package ingest

import (
	"context"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

var _ telltale.SuggestService = (*Service)(nil)

// SuggestText ranks the known actors by what a text says.
func (s *Service) SuggestText(ctx context.Context, text string) (*telltale.Suggestions, error) {
	return s.Knowledge.SuggestText(ctx, text)
}

// SuggestForActor ranks the other known actors by what an actor shares
// with each.
func (s *Service) SuggestForActor(ctx context.Context, nameOrID string) (*telltale.Suggestions, error) {
	return s.Knowledge.SuggestForActor(ctx, nameOrID)
}

// SuggestForReport ranks the known actors by the evidence the newest draft
// of a report shares with each: "which known actor is it?". The items are
// the draft's, as reviewed; its text's words are compared with the
// actors' descriptions, and its years date the stored indicators, as for
// the text itself. The unnamed actor the report created is left out of
// the candidates. Nothing is linked.
func (s *Service) SuggestForReport(ctx context.Context, reportID string) (*telltale.Suggestions, error) {
	d, err := s.Draft(ctx, reportID)
	if err != nil {
		return nil, err
	}
	q := SuggestQuery(d.ReportSummary)
	q.Text = d.Text
	_, q.Years = knowledge.ActivityYears(d.Text)
	out, err := s.Knowledge.Suggest(ctx, q)
	if err != nil {
		return nil, err
	}
	out.Subject, out.Title = d.ReportID, d.Title
	return out, nil
}

// SuggestQuery is the evidence a report's summary presents.
func SuggestQuery(sum *Summary) knowledge.SuggestQuery {
	q := knowledge.SuggestQuery{ActiveSince: sum.ActiveSince}
	for _, l := range sum.Malware {
		q.Malware = append(q.Malware, l.Name)
	}
	for _, l := range sum.Tools {
		q.Tools = append(q.Tools, l.Name)
	}
	for _, l := range sum.Techniques {
		id, _, _ := strings.Cut(l.Name, " ") // "T1566 Phishing"
		q.Techniques = append(q.Techniques, id)
	}
	for _, l := range sum.Vulnerabilities {
		q.CVEs = append(q.CVEs, l.Name)
	}
	for _, i := range sum.Indicators {
		q.Indicators = append(q.Indicators, i.Value)
	}
	for _, r := range sum.Sectors {
		if r.Mentions > 0 {
			q.Sectors = append(q.Sectors, r.Key)
		}
	}
	for _, l := range sum.Countries {
		q.Countries = append(q.Countries, l.Name)
	}
	for _, v := range sum.SourcesQuoted {
		if v != extract.Publisher { // the voice of the text's own claims
			q.Sources = append(q.Sources, v)
		}
	}
	for _, v := range sum.Victims {
		if v.Value >= 2 {
			q.Victims = append(q.Victims, v.Value)
		}
	}
	unnamed := map[string]bool{"unnamed": true, "": true}
	for _, a := range sum.Actors {
		switch {
		case a.New:
			q.Exclude = a.ID
			unnamed[a.Name] = true
		case a.Strong:
			q.Actors = append(q.Actors, a.ID)
		}
	}
	readClaims(&q, sum.Claims, unnamed)
	return q
}

// readClaims adds to q what the claims about the report's unnamed groups
// say (knowledge.SuggestQuery.ReadClaim).
func readClaims(q *knowledge.SuggestQuery, claims []telltale.ClaimRow, unnamed map[string]bool) {
	for _, c := range claims {
		if unnamed[c.Subject] {
			q.ReadClaim(c.ExtractedClaim)
		}
	}
}
