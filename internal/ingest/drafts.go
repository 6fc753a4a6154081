package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Reviewing a draft. An analyst may take items out of a draft, correct
// one (an indicator's value, the actor a name stands for, a claim's
// polarity), say which known actor the text's unnamed or unknown group
// is, and fix its title, publisher, date and URL, before accepting or
// rejecting it; a rejected draft can be reopened. Every change is kept in
// the draft's Review and the draft is rebuilt from its text with the
// review applied, so what the page shows, what the bundle holds and what
// accepting imports always agree. Only a draft waiting for review
// (status draft) can be changed: an accepted report is corrected by
// ingesting a corrected text. Each action needs the analyst (or admin)
// role and is written to the audit log.

// The review's records, as the root package names them for the API and
// the pages.
type (
	Reviewer = telltale.Reviewer
	Review   = telltale.DraftReview
	Metadata = telltale.DraftMetadata
	DraftRow = telltale.DraftRow
	Draft    = telltale.Draft
)

// Audit actions of the review.
const (
	AuditRemove   = "draft.remove"
	AuditEdit     = "draft.edit"
	AuditLink     = "draft.link"
	AuditMetadata = "draft.metadata"
	AuditAccept   = "report.accept"
	AuditReject   = "report.reject"
	AuditReopen   = "report.reopen"
)

// mayReview returns EUNAUTHORIZED for nobody, EFORBIDDEN for a role that
// may not change the knowledge, and EUNAVAILABLE when the service has no
// audit log to write the change to.
func (s *Service) mayReview(rv Reviewer) error {
	switch {
	case rv.Name == "" || rv.Role == telltale.RoleAnonymous:
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in as an analyst to review drafts")
	case rv.Role != telltale.RoleAnalyst && rv.Role != telltale.RoleAdmin:
		return telltale.Errorf(telltale.EFORBIDDEN, "user %s (role %s) may not review drafts: it needs the analyst role", rv.Name, rv.Role)
	case s.Audit == nil:
		return telltale.Errorf(telltale.EUNAVAILABLE, "the draft review is not wired to an audit log")
	}
	return nil
}

func (s *Service) audit(ctx context.Context, rv Reviewer, action, reportID, detail string) {
	s.Audit(ctx, rv.Remote, rv.Name, action, reportID, detail)
}

// Queue lists the newest version of each report's drafts with the given
// status ("" for all), most recently changed first: with StatusDraft, the
// review queue.
func (s *Service) Queue(ctx context.Context, status string) ([]DraftRow, error) {
	drafts, err := s.Store.Drafts(ctx, status, 0)
	if err != nil {
		return nil, err
	}
	out := []DraftRow{}
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
		sum, err := draftSummary(d)
		if err != nil {
			return nil, err
		}
		row := DraftRow{ReportID: d.ReportID, Title: sum.Title, Status: d.Status, Publisher: sum.Publisher, Published: sum.Published,
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
func (s *Service) Draft(ctx context.Context, reportID string) (*Draft, error) {
	d, err := s.Store.LatestDraft(ctx, reportID)
	if err != nil {
		return nil, err
	}
	sum, err := draftSummary(d)
	if err != nil {
		return nil, err
	}
	text, _ := draftDocument(d, sum)
	return &Draft{ReportSummary: sum, Text: text.Text}, nil
}

// draftDocument is the document a draft was built from, and the report's
// first creation time.
func draftDocument(d *telltale.DraftRecord, sum *Summary) (Document, string) {
	objs, created := bundleObjects(d.Bundle)
	doc := Document{Title: sum.Title, Published: sum.Published, URL: sum.URL, Publisher: sum.Publisher}
	if sum.PublisherID == knowledge.TelltaleID {
		doc.Publisher = ""
	}
	for _, o := range objs {
		if o["type"] == "report" {
			doc.Text, _ = o["x_telltale_text"].(string)
		}
	}
	return doc, created
}

// reviewable returns the newest draft of a report when it waits for
// review, and checks that rv may review it.
func (s *Service) reviewable(ctx context.Context, rv Reviewer, reportID string) (*telltale.DraftRecord, *Summary, error) {
	if err := s.mayReview(rv); err != nil {
		return nil, nil, err
	}
	d, err := s.Store.LatestDraft(ctx, reportID)
	if err != nil {
		return nil, nil, err
	}
	switch d.Status {
	case StatusAccepted:
		return nil, nil, telltale.Errorf(telltale.ECONFLICT, "report %s is accepted already: ingest a corrected text to change it", reportID)
	case StatusRejected:
		return nil, nil, telltale.Errorf(telltale.ECONFLICT, "report %s was rejected: reopen it to review it again", reportID)
	}
	sum, err := draftSummary(d)
	return d, sum, err
}

// rebuild builds a draft again from its text with doc's metadata and the
// review rv, as a new state of the same draft (same report id and text).
func (s *Service) rebuild(ctx context.Context, d *telltale.DraftRecord, doc Document, review *Review) (*Summary, error) {
	now := stix.FormatTime(s.now())
	oldDoc, created := draftDocument(d, &Summary{})
	doc.Text = oldDoc.Text
	if err := normalise(&doc, now); err != nil {
		return nil, err
	}
	in := &input{doc: &doc, textHash: d.TextHash, reportID: d.ReportID, created: created, modified: now}
	if in.created == "" {
		in.created = d.Created
	}
	if !laterTime(now, d.Modified) {
		in.modified = bumpTime(d.Modified)
	}
	prevObjs, _ := bundleObjects(d.Bundle)
	nd, sum, err := s.buildDraft(ctx, in, prevObjs, review)
	if err != nil {
		return nil, err
	}
	nd.Created = d.Created
	if err := s.Store.PutDraft(ctx, nd); err != nil {
		return nil, err
	}
	return sum, nil
}

// change applies edit to a copy of a draft's review, rebuilds the draft
// and audits the action.
func (s *Service) change(ctx context.Context, rv Reviewer, reportID, action, detail string, edit func(sum *Summary, r *Review, doc *Document) error) (*Summary, error) {
	d, sum, err := s.reviewable(ctx, rv, reportID)
	if err != nil {
		return nil, err
	}
	r := &Review{Edited: map[string]string{}, Linked: map[string]string{}}
	if sum.Review != nil {
		r.Removed = slices.Clone(sum.Review.Removed)
		for k, v := range sum.Review.Edited {
			r.Edited[k] = v
		}
		for k, v := range sum.Review.Linked {
			r.Linked[k] = v
		}
	}
	doc, _ := draftDocument(d, sum)
	if err := edit(sum, r, &doc); err != nil {
		return nil, err
	}
	out, err := s.rebuild(ctx, d, doc, r)
	if err != nil {
		return nil, err
	}
	s.audit(ctx, rv, action, reportID, detail)
	return out, nil
}

// RemoveItem takes an item (by its key) out of a draft: its mentions no
// longer count, and nothing is made from them.
func (s *Service) RemoveItem(ctx context.Context, rv Reviewer, reportID, key string) (*Summary, error) {
	return s.change(ctx, rv, reportID, AuditRemove, key, func(sum *Summary, r *Review, _ *Document) error {
		it := findItem(sum, key)
		if it == nil {
			return telltale.Errorf(telltale.ENOTFOUND, "draft %s has no item %q", reportID, key)
		}
		r.Removed = append(r.Removed, originKey(it))
		return nil
	})
}

// EditItem gives an item a new value: an indicator's value, the name of
// the known actor, malware or tool a mention stands for, a technique's
// ATT&CK id, a claim's polarity.
func (s *Service) EditItem(ctx context.Context, rv Reviewer, reportID, key, value string) (*Summary, error) {
	value = strings.TrimSpace(value)
	return s.change(ctx, rv, reportID, AuditEdit, key+" = "+value, func(sum *Summary, r *Review, _ *Document) error {
		it := findItem(sum, key)
		if it == nil {
			return telltale.Errorf(telltale.ENOTFOUND, "draft %s has no item %q", reportID, key)
		}
		v, err := s.checkEdit(ctx, it, value)
		if err != nil {
			return err
		}
		// An item edited twice keeps the key it was extracted under.
		r.Edited[originKey(it)] = v
		return nil
	})
}

// LinkActor says which known actor (by id or name) a group of the draft
// is: "unnamed" for the group the text describes without naming it, or
// the name of a group the knowledge lacks (Summary.UnknownActors). What
// the draft made of that group is then made of the known actor.
func (s *Service) LinkActor(ctx context.Context, rv Reviewer, reportID, group, actor string) (*Summary, error) {
	return s.change(ctx, rv, reportID, AuditLink, group+" → "+actor, func(sum *Summary, r *Review, _ *Document) error {
		if !linkable(sum, group) {
			return telltale.Errorf(telltale.EINVALID, "draft %s has no unnamed or unknown group %q to link", reportID, group)
		}
		id, _, err := s.knownObject(ctx, actor, "intrusion-set", "threat-actor")
		if err != nil {
			return err
		}
		r.Linked[group] = id
		return nil
	})
}

// linkable reports whether group is one of the draft's groups the
// knowledge lacks, or was linked already.
func linkable(sum *Summary, group string) bool {
	if sum.Review != nil && sum.Review.Linked[group] != "" {
		return true
	}
	if group == "unnamed" {
		for _, a := range sum.Actors {
			if a.New {
				return true
			}
		}
		return false
	}
	return slices.Contains(sum.UnknownActors, group)
}

// EditMetadata sets a draft's title, publisher, publication date and
// source URL (the report keeps its id).
func (s *Service) EditMetadata(ctx context.Context, rv Reviewer, reportID string, m Metadata) (*Summary, error) {
	detail, _ := json.Marshal(m)
	return s.change(ctx, rv, reportID, AuditMetadata, string(detail), func(sum *Summary, _ *Review, doc *Document) error {
		if strings.TrimSpace(m.Title) == "" {
			return telltale.Errorf(telltale.EINVALID, "a report needs a title")
		}
		if sum.PublisherID == knowledge.TelltaleID && m.Publisher == sum.Publisher {
			m.Publisher = "" // the default publisher, shown, not chosen
		}
		doc.Title, doc.Publisher, doc.Published, doc.URL = strings.TrimSpace(m.Title), strings.TrimSpace(m.Publisher), strings.TrimSpace(m.Published), strings.TrimSpace(m.SourceURL)
		return nil
	})
}

// AcceptAs accepts a report's newest draft (see Accept) for a reviewer.
func (s *Service) AcceptAs(ctx context.Context, rv Reviewer, reportID string) (*Result, error) {
	if err := s.mayReview(rv); err != nil {
		return nil, err
	}
	res, err := s.Accept(ctx, reportID)
	if err != nil {
		return nil, err
	}
	detail := "accepted already"
	if res.Import != nil {
		detail = fmt.Sprintf("%d added, %d updated, %d unchanged", res.Import.Added, res.Import.Updated, res.Import.Unchanged)
	}
	s.audit(ctx, rv, AuditAccept, reportID, detail)
	return res, nil
}

// RejectAs rejects a report's newest draft (see Reject) for a reviewer.
func (s *Service) RejectAs(ctx context.Context, rv Reviewer, reportID string) (*Summary, error) {
	if err := s.mayReview(rv); err != nil {
		return nil, err
	}
	sum, err := s.Reject(ctx, reportID)
	if err != nil {
		return nil, err
	}
	s.audit(ctx, rv, AuditReject, reportID, "")
	return sum, nil
}

// Reopen puts a rejected draft back in the review queue, with what its
// review had changed. A draft waiting for review is left as it is; an
// accepted report is ECONFLICT.
func (s *Service) Reopen(ctx context.Context, rv Reviewer, reportID string) (*Summary, error) {
	if err := s.mayReview(rv); err != nil {
		return nil, err
	}
	d, err := s.Store.LatestDraft(ctx, reportID)
	if err != nil {
		return nil, err
	}
	switch d.Status {
	case StatusAccepted:
		return nil, telltale.Errorf(telltale.ECONFLICT, "report %s is accepted already", reportID)
	case StatusRejected:
		if err := s.Store.SetDraftStatus(ctx, d.ReportID, d.TextHash, StatusDraft, stix.FormatTime(s.now())); err != nil {
			return nil, err
		}
		d.Status = StatusDraft
		s.audit(ctx, rv, AuditReopen, reportID, "")
	}
	return draftSummary(d)
}

// again answers the ingest of a text ingested already: unchanged, or, with
// doc.Restate and other metadata than the draft's, the draft rebuilt with
// them (a rejected draft is reviewed again then); accepted at once when
// asked and the draft waits for review.
func (s *Service) again(ctx context.Context, d *telltale.DraftRecord, doc Document, accept bool) (*Result, error) {
	res := &Result{Outcome: Unchanged}
	sum, err := draftSummary(d)
	if err != nil {
		return nil, err
	}
	if doc.Restate {
		old, _ := draftDocument(d, sum)
		meta, changed, err := restated(old, doc, stix.FormatTime(s.now()))
		if err != nil {
			return nil, err
		}
		if changed {
			if d.Status == StatusAccepted {
				return nil, telltale.Errorf(telltale.ECONFLICT, "report %s is accepted already with other metadata: ingest a corrected text (or the text at its new URL) to change it", d.ReportID)
			}
			if _, err := s.rebuild(ctx, d, meta, sum.Review); err != nil {
				return nil, err
			}
			if d, err = s.Store.LatestDraft(ctx, d.ReportID); err != nil {
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
			ir, err := s.accept(ctx, d)
			if err != nil {
				return nil, err
			}
			res.Import = ir
			d.Status = StatusAccepted
		}
	}
	res.Report, err = draftSummary(d)
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
