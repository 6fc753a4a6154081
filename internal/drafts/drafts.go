package drafts

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// Statuses of a draft.
const (
	StatusDraft    = telltale.DraftWaiting
	StatusAccepted = telltale.DraftAccepted
	StatusRejected = telltale.DraftRejected
)

// Outcomes of an ingest (Result.Outcome), and of accepting a draft
// (StatusAccepted, or Unchanged when it was accepted already).
const (
	Created   = "created"   // a new report
	Versioned = "versioned" // a new version of a known report (corrected text at the same URL)
	Unchanged = "unchanged" // this text was ingested already
	Updated   = "updated"   // this text was ingested already; the draft now has the metadata given
)

// Store is the drafts table (*store.DB).
type Store interface {
	PutDraft(ctx context.Context, d *telltale.DraftRecord) error
	DraftByHash(ctx context.Context, hash string) (*telltale.DraftRecord, error)
	LatestDraft(ctx context.Context, reportID string) (*telltale.DraftRecord, error)
	ReportDrafts(ctx context.Context, reportID string) ([]*telltale.DraftRecord, error)
	Drafts(ctx context.Context, status string, limit int) ([]*telltale.DraftRecord, error)
	SetDraftStatus(ctx context.Context, reportID, hash, status, updated string) error
}

// Builder builds drafts from their text: the ingest pipeline
// (*ingest.Service).
type Builder interface {
	// Redraft builds d again from its text with the metadata m and the
	// review r, as a new state of the same draft (same report id and
	// text); it keeps nothing.
	Redraft(ctx context.Context, d *telltale.DraftRecord, m telltale.DraftMetadata, r *telltale.DraftReview) (*telltale.DraftRecord, *telltale.ReportSummary, error)
	// Known finds a stored object of one of the types by id, or by a name
	// or alias, and returns its id and name; ENOTFOUND when there is none.
	Known(ctx context.Context, nameOrID string, types ...string) (id, name string, err error)
	// Indicator checks value as the corrected value of the indicator
	// old: one indicator of old's type; it returns it normalised, or
	// EINVALID.
	Indicator(old, value string) (string, error)
}

// Service keeps drafts and reviews them.
type Service struct {
	Store    Store
	Importer *importer.Importer
	Builder  Builder
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Audit records a reviewer's action in the audit log (the program
	// wires the auth package's AuditFrom); nil refuses every review
	// action (EUNAVAILABLE), so no change goes unaudited.
	Audit func(ctx context.Context, remote, user, action, target, detail string)
}

// New returns a service on the wired program's parts.
func New(st Store, im *importer.Importer, b Builder) *Service {
	return &Service{Store: st, Importer: im, Builder: b, Now: time.Now}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Put keeps a new draft (or a new version of a report's draft) that the
// pipeline built.
func (s *Service) Put(ctx context.Context, d *telltale.DraftRecord) error {
	return s.Store.PutDraft(ctx, d)
}

// ByHash returns the draft of the text with this hash (a text ingested
// already); ENOTFOUND when there is none.
func (s *Service) ByHash(ctx context.Context, hash string) (*telltale.DraftRecord, error) {
	return s.Store.DraftByHash(ctx, hash)
}

// Latest returns the newest version of a report's drafts (its previous
// version, to a new text at the same URL); ENOTFOUND when there is none.
func (s *Service) Latest(ctx context.Context, reportID string) (*telltale.DraftRecord, error) {
	return s.Store.LatestDraft(ctx, reportID)
}

// Queue lists the newest version of each report's drafts with the given
// status ("" for all), most recently changed first: with StatusDraft, the
// review queue.
func (s *Service) Queue(ctx context.Context, status string) ([]telltale.DraftRow, error) {
	drafts, err := s.Store.Drafts(ctx, status, 0)
	if err != nil {
		return nil, err
	}
	out := []telltale.DraftRow{}
	seen := map[string]bool{}
	for _, d := range drafts {
		if seen[d.ReportID] {
			continue
		}
		seen[d.ReportID] = true
		if status != "" {
			// An older version may wait while a newer one was decided.
			latest, err := s.Store.LatestDraft(ctx, d.ReportID)
			if err != nil || latest.TextHash != d.TextHash {
				continue
			}
		}
		sum, err := SummaryOf(d)
		if err != nil {
			return nil, err
		}
		row := telltale.DraftRow{ReportID: d.ReportID, Title: sum.Title, Status: d.Status, Publisher: sum.Publisher, Published: sum.Published,
			URL: sum.URL, Updated: d.Updated, Items: len(sum.Items), Unknown: len(sum.UnknownActors), Edited: !sum.Review.Empty()}
		for _, a := range sum.Actors {
			if a.New {
				row.Unknown++
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// Draft returns the newest version of a report's drafts with its text.
func (s *Service) Draft(ctx context.Context, reportID string) (*telltale.Draft, error) {
	d, err := s.Store.LatestDraft(ctx, reportID)
	if err != nil {
		return nil, err
	}
	sum, err := SummaryOf(d)
	if err != nil {
		return nil, err
	}
	return &telltale.Draft{ReportSummary: sum, Text: reportText(d)}, nil
}

// Show returns the summary of the newest draft of a report and its bundle.
func (s *Service) Show(ctx context.Context, reportID string) (*telltale.ReportSummary, string, error) {
	d, err := s.Store.LatestDraft(ctx, reportID)
	if err != nil {
		return nil, "", err
	}
	sum, err := SummaryOf(d)
	return sum, d.Bundle, err
}

// Drafts lists drafts, newest first; status "" lists all.
func (s *Service) Drafts(ctx context.Context, status string) ([]*telltale.DraftRecord, error) {
	return s.Store.Drafts(ctx, status, 0)
}

// SummaryOf is what a kept draft found and made, with its status.
func SummaryOf(d *telltale.DraftRecord) (*telltale.ReportSummary, error) {
	var s telltale.ReportSummary
	if err := json.Unmarshal([]byte(d.Summary), &s); err != nil {
		return nil, fmt.Errorf("draft %s: summary: %w", d.ReportID, err)
	}
	s.Status = d.Status
	return &s, nil
}

// MetadataOf is what a draft's summary says of its text; a publisher
// given by default (Telltale, for a text with no URL and no publisher) is
// shown, not chosen, and left out.
func MetadataOf(sum *telltale.ReportSummary) telltale.DraftMetadata {
	m := telltale.DraftMetadata{Title: sum.Title, Publisher: sum.Publisher, Published: sum.Published, SourceURL: sum.URL}
	if sum.PublisherID == knowledge.TelltaleID {
		m.Publisher = ""
	}
	return m
}

// bundleOf splits a draft's bundle into its objects, as JSON.
type bundleOf struct {
	Type    string            `json:"type"`
	ID      string            `json:"id"`
	Objects []json.RawMessage `json:"objects"`
}

// reportText is the text a draft was built from (the report's
// x_telltale_text), "" when its bundle holds none.
func reportText(d *telltale.DraftRecord) string {
	var b bundleOf
	if json.Unmarshal([]byte(d.Bundle), &b) != nil {
		return ""
	}
	for _, raw := range b.Objects {
		var r struct {
			Type string `json:"type"`
			Text string `json:"x_telltale_text"`
		}
		if json.Unmarshal(raw, &r) == nil && r.Type == "report" {
			return r.Text
		}
	}
	return ""
}
