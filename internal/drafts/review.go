package drafts

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// Reviewing a draft. An analyst may take items out of a draft, correct
// one (an indicator's value, the actor a name stands for, a claim's
// polarity), say which known actor the text's unnamed or unknown group
// is, and fix its title, publisher, date and URL, before accepting or
// rejecting it; a rejected draft can be reopened. Every change is kept in
// the draft's Review and the draft is rebuilt from its text with the
// review applied (Builder.Redraft). Only a draft waiting for review
// (status draft) can be changed. Each action needs the analyst (or admin)
// role and is written to the audit log.

// Audit actions of the review.
const (
	AuditRemove   = "draft.remove"
	AuditEdit     = "draft.edit"
	AuditLink     = "draft.link"
	AuditMetadata = "draft.metadata"
	AuditAccept   = "report.accept"
	AuditReject   = "report.reject"
	AuditReopen   = "report.reopen"
	AuditSubmit   = "draft.submit"
)

// mayReview returns EUNAUTHORIZED for nobody, EFORBIDDEN for a role that
// may not change the knowledge, and EUNAVAILABLE when the service has no
// audit log to write the change to.
func (s *Service) mayReview(rv telltale.Reviewer) error {
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

// MayReview says whether rv may review drafts, or why not: an analyst
// or an admin signed in, with the review wired to an audit log.
func (s *Service) MayReview(rv telltale.Reviewer) error { return s.mayReview(rv) }

// Audited records rv's action on a report in the audit log.
func (s *Service) Audited(ctx context.Context, rv telltale.Reviewer, action, reportID, detail string) {
	s.audit(ctx, rv, action, reportID, detail)
}

func (s *Service) audit(ctx context.Context, rv telltale.Reviewer, action, reportID, detail string) {
	s.Audit(ctx, rv.Remote, rv.Name, action, reportID, detail)
}

// reviewable returns the newest draft of a report when it waits for
// review, and checks that rv may review it.
func (s *Service) reviewable(ctx context.Context, rv telltale.Reviewer, reportID string) (*telltale.DraftRecord, *telltale.ReportSummary, error) {
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
	sum, err := SummaryOf(d)
	return d, sum, err
}

// Rebuild builds a draft again from its text with the metadata m and the
// review r (Builder.Redraft), and keeps it as a new state of the same
// draft.
func (s *Service) Rebuild(ctx context.Context, d *telltale.DraftRecord, m telltale.DraftMetadata, r *telltale.DraftReview) (*telltale.ReportSummary, error) {
	nd, sum, err := s.Builder.Redraft(ctx, d, m, r)
	if err != nil {
		return nil, err
	}
	if err := s.Store.PutDraft(ctx, nd); err != nil {
		return nil, err
	}
	return sum, nil
}

// change applies edit to a copy of a draft's review and metadata,
// rebuilds the draft and audits the action.
func (s *Service) change(ctx context.Context, rv telltale.Reviewer, reportID, action, detail string, edit func(sum *telltale.ReportSummary, r *telltale.DraftReview, m *telltale.DraftMetadata) error) (*telltale.ReportSummary, error) {
	d, sum, err := s.reviewable(ctx, rv, reportID)
	if err != nil {
		return nil, err
	}
	r := &telltale.DraftReview{Edited: map[string]string{}, Linked: map[string]string{}}
	if sum.Review != nil {
		r.Removed = slices.Clone(sum.Review.Removed)
		for k, v := range sum.Review.Edited {
			r.Edited[k] = v
		}
		for k, v := range sum.Review.Linked {
			r.Linked[k] = v
		}
	}
	m := MetadataOf(sum)
	if err := edit(sum, r, &m); err != nil {
		return nil, err
	}
	out, err := s.Rebuild(ctx, d, m, r)
	if err != nil {
		return nil, err
	}
	s.audit(ctx, rv, action, reportID, detail)
	return out, nil
}

// RemoveItem takes an item (by its key) out of a draft: its mentions no
// longer count, and nothing is made from them.
func (s *Service) RemoveItem(ctx context.Context, rv telltale.Reviewer, reportID, key string) (*telltale.ReportSummary, error) {
	return s.change(ctx, rv, reportID, AuditRemove, key, func(sum *telltale.ReportSummary, r *telltale.DraftReview, _ *telltale.DraftMetadata) error {
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
func (s *Service) EditItem(ctx context.Context, rv telltale.Reviewer, reportID, key, value string) (*telltale.ReportSummary, error) {
	value = strings.TrimSpace(value)
	return s.change(ctx, rv, reportID, AuditEdit, key+" = "+value, func(sum *telltale.ReportSummary, r *telltale.DraftReview, _ *telltale.DraftMetadata) error {
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

// findItem returns a draft's item by its key (or the key it was extracted
// under), nil when it has none.
func findItem(sum *telltale.ReportSummary, key string) *telltale.DraftItem {
	for i := range sum.Items {
		if sum.Items[i].Key == key || sum.Items[i].Origin == key {
			return &sum.Items[i]
		}
	}
	return nil
}

// originKey is the key an item was extracted under.
func originKey(it *telltale.DraftItem) string {
	if it.Origin != "" {
		return it.Origin
	}
	return it.Key
}

var techniqueID = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)

// checkEdit validates a new value for an item and returns what the review
// keeps: the id of the known object a name stands for, the value itself
// otherwise.
func (s *Service) checkEdit(ctx context.Context, it *telltale.DraftItem, value string) (string, error) {
	if value == "" {
		return "", telltale.Errorf(telltale.EINVALID, "give a new value for %s (or remove it)", it.Key)
	}
	switch it.Kind {
	case telltale.KindActor:
		id, _, err := s.Builder.Known(ctx, value, "intrusion-set", "threat-actor")
		return id, err
	case telltale.KindMalware, telltale.KindTool:
		id, _, err := s.Builder.Known(ctx, value, it.Kind)
		return id, err
	case telltale.KindTechnique:
		v := strings.ToUpper(value)
		if !techniqueID.MatchString(v) {
			return "", telltale.Errorf(telltale.EINVALID, "%q is not an ATT&CK technique id (T1566, T1566.001)", value)
		}
		return v, nil
	case "indicator":
		old := it.Value
		if old == "" {
			old = strings.TrimPrefix(it.Key, "indicator:")
		}
		return s.Builder.Indicator(old, value)
	case "claim":
		if !slices.Contains(telltale.ClaimPolarities(), value) {
			return "", telltale.Errorf(telltale.EINVALID, "a claim's polarity is asserted, hedged, negated or denied, not %q", value)
		}
		return value, nil
	}
	return "", telltale.Errorf(telltale.EINVALID, "a %s cannot be edited; remove it instead", it.Kind)
}

// LinkActor says which known actor (by id or name) a group of the draft
// is: "unnamed" for the group the text describes without naming it, or
// the name of a group the knowledge lacks (Summary.UnknownActors). What
// the draft made of that group is then made of the known actor.
func (s *Service) LinkActor(ctx context.Context, rv telltale.Reviewer, reportID, group, actor string) (*telltale.ReportSummary, error) {
	return s.change(ctx, rv, reportID, AuditLink, group+" → "+actor, func(sum *telltale.ReportSummary, r *telltale.DraftReview, _ *telltale.DraftMetadata) error {
		if !linkable(sum, group) {
			return telltale.Errorf(telltale.EINVALID, "draft %s has no unnamed or unknown group %q to link", reportID, group)
		}
		id, _, err := s.Builder.Known(ctx, actor, "intrusion-set", "threat-actor")
		if err != nil {
			return err
		}
		r.Linked[group] = id
		return nil
	})
}

// linkable reports whether group is one of the draft's groups the
// knowledge lacks, or was linked already.
func linkable(sum *telltale.ReportSummary, group string) bool {
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
func (s *Service) EditMetadata(ctx context.Context, rv telltale.Reviewer, reportID string, m telltale.DraftMetadata) (*telltale.ReportSummary, error) {
	detail, _ := json.Marshal(m)
	return s.change(ctx, rv, reportID, AuditMetadata, string(detail), func(sum *telltale.ReportSummary, _ *telltale.DraftReview, meta *telltale.DraftMetadata) error {
		if strings.TrimSpace(m.Title) == "" {
			return telltale.Errorf(telltale.EINVALID, "a report needs a title")
		}
		if sum.PublisherID == knowledge.TelltaleID && m.Publisher == sum.Publisher {
			m.Publisher = "" // the default publisher, shown, not chosen
		}
		meta.Title, meta.Publisher, meta.Published, meta.SourceURL = strings.TrimSpace(m.Title), strings.TrimSpace(m.Publisher), strings.TrimSpace(m.Published), strings.TrimSpace(m.SourceURL)
		return nil
	})
}

// AcceptAs accepts a report's newest draft (see Accept) for a reviewer.
func (s *Service) AcceptAs(ctx context.Context, rv telltale.Reviewer, reportID string) (*telltale.IngestResult, error) {
	return decideAs(ctx, s, rv, AuditAccept, reportID, func() (*telltale.IngestResult, string, error) {
		res, err := s.Accept(ctx, reportID)
		if err != nil || res.Import == nil {
			return res, "accepted already", err
		}
		return res, fmt.Sprintf("%d added, %d updated, %d unchanged", res.Import.Added, res.Import.Updated, res.Import.Unchanged), nil
	})
}

// RejectAs rejects a report's newest draft (see Reject) for a reviewer.
func (s *Service) RejectAs(ctx context.Context, rv telltale.Reviewer, reportID string) (*telltale.ReportSummary, error) {
	return decideAs(ctx, s, rv, AuditReject, reportID, func() (*telltale.ReportSummary, string, error) {
		sum, err := s.Reject(ctx, reportID)
		return sum, "", err
	})
}

// decideAs makes a decision on a report for a reviewer: refused before
// anything changes unless rv may review, audited (action, with the detail
// decide gives) once made.
func decideAs[T any](ctx context.Context, s *Service, rv telltale.Reviewer, action, reportID string, decide func() (T, string, error)) (T, error) {
	var none T
	if err := s.mayReview(rv); err != nil {
		return none, err
	}
	out, detail, err := decide()
	if err != nil {
		return none, err
	}
	s.audit(ctx, rv, action, reportID, detail)
	return out, nil
}

// Reopen puts a rejected draft back in the review queue, with what its
// review had changed. A draft waiting for review is left as it is; an
// accepted report is ECONFLICT.
func (s *Service) Reopen(ctx context.Context, rv telltale.Reviewer, reportID string) (*telltale.ReportSummary, error) {
	if err := s.mayReview(rv); err != nil {
		return nil, err
	}
	d, moved, err := s.move(ctx, reportID, StatusRejected, StatusDraft, "")
	if err != nil {
		return nil, err
	}
	if moved {
		s.audit(ctx, rv, AuditReopen, reportID, "")
	}
	return SummaryOf(d)
}
