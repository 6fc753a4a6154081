package ingest

import (
	"context"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/drafts"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Redraft builds a kept draft again from its text with the metadata m and
// the review r, as a new state of the same draft (same report id and
// text): what the drafts package keeps when an analyst changes the draft.
// It keeps nothing itself.
func (s *Service) Redraft(ctx context.Context, d *telltale.DraftRecord, m telltale.DraftMetadata, r *telltale.DraftReview) (*telltale.DraftRecord, *Summary, error) {
	now := stix.FormatTime(s.now())
	doc := documentOf(m)
	prevObjs, created := bundleObjects(d.Bundle)
	doc.Text = reportText(prevObjs)
	if err := normalise(&doc, now); err != nil {
		return nil, nil, err
	}
	in := &input{doc: &doc, textHash: d.TextHash, reportID: d.ReportID, created: created, modified: now}
	if in.created == "" {
		in.created = d.Created
	}
	if !laterTime(now, d.Modified) {
		in.modified = bumpTime(d.Modified)
	}
	nd, sum, err := s.buildDraft(ctx, in, prevObjs, r)
	if err != nil {
		return nil, nil, err
	}
	nd.Created = d.Created
	return nd, sum, nil
}

// documentOf is the document a draft's metadata describes, without its
// text.
func documentOf(m telltale.DraftMetadata) Document {
	return Document{Title: m.Title, Published: m.Published, URL: m.SourceURL, Publisher: m.Publisher}
}

// reportText is the text the report among a draft's objects was built
// from.
func reportText(objs map[string]map[string]any) string {
	text := ""
	for _, o := range objs {
		if o["type"] == "report" {
			text, _ = o["x_telltale_text"].(string)
		}
	}
	return text
}

// again answers the ingest of a text ingested already: unchanged, or, with
// doc.Restate and other metadata than the draft's, the draft rebuilt with
// them (a rejected draft is reviewed again then); accepted at once when
// asked and the draft waits for review.
func (s *Service) again(ctx context.Context, d *telltale.DraftRecord, doc Document, accept bool) (*Result, error) {
	res := &Result{Outcome: Unchanged}
	sum, err := drafts.SummaryOf(d)
	if err != nil {
		return nil, err
	}
	if doc.Restate {
		objs, _ := bundleObjects(d.Bundle)
		old := documentOf(drafts.MetadataOf(sum))
		old.Text = reportText(objs)
		meta, changed, err := restated(old, doc, stix.FormatTime(s.now()))
		if err != nil {
			return nil, err
		}
		if changed {
			if d.Status == StatusAccepted {
				return nil, telltale.Errorf(telltale.ECONFLICT, "report %s is accepted already with other metadata: ingest a corrected text (or the text at its new URL) to change it", d.ReportID)
			}
			m := telltale.DraftMetadata{Title: meta.Title, Publisher: meta.Publisher, Published: meta.Published, SourceURL: meta.URL}
			if _, err := s.Rebuild(ctx, d, m, sum.Review); err != nil {
				return nil, err
			}
			if d, err = s.Latest(ctx, d.ReportID); err != nil {
				return nil, err
			}
			res.Outcome = Updated
		}
	}
	if accept {
		switch d.Status {
		case StatusRejected:
			return nil, telltale.Errorf(telltale.ECONFLICT, "report %s was rejected: 'telltale report reopen %s' to review it again", d.ReportID, d.ReportID)
		case StatusDraft:
			ir, err := s.AcceptDraft(ctx, d)
			if err != nil {
				return nil, err
			}
			res.Import = ir
			d.Status = StatusAccepted
		}
	}
	res.Report, err = drafts.SummaryOf(d)
	return res, err
}

// restated is old with the metadata doc gives, normalised, and whether
// that changes anything.
func restated(old, doc Document, now string) (Document, bool, error) {
	meta := old
	if doc.Title != "" {
		meta.Title = doc.Title
	}
	if doc.Publisher != "" {
		meta.Publisher = doc.Publisher
	}
	if doc.Published != "" {
		meta.Published = doc.Published
	}
	if doc.URL != "" {
		meta.URL = doc.URL
	}
	norm := meta
	if err := normalise(&norm, now); err != nil {
		return meta, false, err
	}
	was := old
	_ = normalise(&was, now)
	changed := norm.Title != was.Title || norm.Publisher != was.Publisher || norm.Published != was.Published || norm.URL != was.URL
	return meta, changed, nil
}
