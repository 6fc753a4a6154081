package drafts

import (
	"bytes"
	"context"
	"encoding/json"
	"sort"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/stix"
)

// head is what a draft's object says of itself: its type, id and the
// report it was made for (x_telltale_report_ref, "" for a shared object).
type head struct {
	Type      string `json:"type"`
	ID        string `json:"id"`
	ReportRef string `json:"x_telltale_report_ref"`
}

// Accept imports the newest draft of a report through the importer, in
// one transaction, and marks it accepted. Accepting an accepted report
// changes nothing.
func (s *Service) Accept(ctx context.Context, reportID string) (*telltale.IngestResult, error) {
	d, err := s.Store.LatestDraft(ctx, reportID)
	if err != nil {
		return nil, err
	}
	res := &telltale.IngestResult{Outcome: Unchanged}
	switch d.Status {
	case StatusAccepted:
	case StatusRejected:
		return nil, telltale.Errorf(telltale.ECONFLICT, "report %s was rejected: reopen it to review it again (telltale report reopen %s)", reportID, reportID)
	default:
		ir, err := s.AcceptDraft(ctx, d)
		if err != nil {
			return nil, err
		}
		res.Outcome, res.Import = StatusAccepted, ir
		d.Status = StatusAccepted
	}
	res.Report, err = SummaryOf(d)
	return res, err
}

// importEncoding writes the objects accepting changes (the report, what
// it revokes) as encoding/json writes them decoded into maps, as accepted
// reports have always been imported: keys in order at every level, HTML
// escaped.
var importEncoding = stix.Encoding{SortKeys: true, SortCustom: true}

// AcceptDraft imports a draft's bundle with the report marked accepted,
// and what an earlier accepted version made and d dropped revoked; d is
// then accepted.
func (s *Service) AcceptDraft(ctx context.Context, d *telltale.DraftRecord) (*telltale.ImportResult, error) {
	var b bundleOf
	if err := json.Unmarshal([]byte(d.Bundle), &b); err != nil {
		return nil, telltale.Errorf(telltale.EINTERNAL, "draft %s: bundle: %v", d.ReportID, err)
	}
	ids := map[string]bool{}
	for i, raw := range b.Objects {
		var h head
		if err := json.Unmarshal(raw, &h); err != nil {
			continue
		}
		ids[h.ID] = true
		if h.Type != "report" {
			continue
		}
		var r stix.Report
		if stix.Unmarshal(raw, &r) != nil {
			continue
		}
		r.Custom.Set("x_telltale_status", StatusAccepted)
		accepted, err := importEncoding.Encode(&r)
		if err != nil {
			return nil, telltale.Errorf(telltale.EINTERNAL, "draft %s: report: %v", d.ReportID, err)
		}
		b.Objects[i] = accepted
	}
	// What an earlier accepted version of this report made and this one
	// no longer says is revoked, so a correction also takes things back.
	revoked, err := s.dropped(ctx, d, ids)
	if err != nil {
		return nil, err
	}
	b.Objects = append(b.Objects, revoked...)
	data, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	ir, err := s.Importer.Import(ctx, bytes.NewReader(data), "report "+d.ReportID, importer.Options{Strict: true})
	if err != nil {
		return ir, err
	}
	if err := s.Store.SetDraftStatus(ctx, d.ReportID, d.TextHash, StatusAccepted, stix.FormatTime(s.now())); err != nil {
		return ir, err
	}
	return ir, nil
}

// Reject marks the newest draft of a report rejected. Nothing of a draft
// is in the object store, so nothing else needs removing; a report
// already accepted is ECONFLICT.
func (s *Service) Reject(ctx context.Context, reportID string) (*telltale.ReportSummary, error) {
	d, _, err := s.move(ctx, reportID, StatusDraft, StatusRejected, "; revoke its objects instead")
	if err != nil {
		return nil, err
	}
	return SummaryOf(d)
}

// move gives the newest draft of a report the status to when it has the
// status from (moved), and leaves it as it is otherwise; an accepted
// report is ECONFLICT, with why appended to the message.
func (s *Service) move(ctx context.Context, reportID, from, to, why string) (d *telltale.DraftRecord, moved bool, err error) {
	if d, err = s.Store.LatestDraft(ctx, reportID); err != nil {
		return nil, false, err
	}
	switch d.Status {
	case StatusAccepted:
		return nil, false, telltale.Errorf(telltale.ECONFLICT, "report %s is accepted already%s", reportID, why)
	case from:
		if err := s.Store.SetDraftStatus(ctx, d.ReportID, d.TextHash, to, stix.FormatTime(s.now())); err != nil {
			return nil, false, err
		}
		d.Status = to
		return d, true, nil
	}
	return d, false, nil
}

// dropped returns revoked versions of the objects the last accepted
// version of d's report made itself (relationships, notes, the unnamed
// group: those carrying x_telltale_report_ref) that d no longer has, in
// order of id. Shared objects (indicators, sectors, actors) are never
// revoked.
func (s *Service) dropped(ctx context.Context, d *telltale.DraftRecord, keep map[string]bool) ([]json.RawMessage, error) {
	versions, err := s.Store.ReportDrafts(ctx, d.ReportID)
	if err != nil {
		return nil, err
	}
	var prev *telltale.DraftRecord
	for _, v := range versions {
		if v.Status == StatusAccepted && v.TextHash != d.TextHash {
			prev = v
			break
		}
	}
	if prev == nil {
		return nil, nil
	}
	var b bundleOf
	if json.Unmarshal([]byte(prev.Bundle), &b) != nil {
		return nil, nil
	}
	byID := map[string]json.RawMessage{}
	refs := map[string]string{}
	for _, raw := range b.Objects {
		var h head
		if json.Unmarshal(raw, &h) == nil {
			byID[h.ID], refs[h.ID] = raw, h.ReportRef
		}
	}
	var ids []string
	for id := range byID {
		if !keep[id] && refs[id] == d.ReportID {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var out []json.RawMessage
	for _, id := range ids {
		raw, err := revoke(byID[id], d.Modified)
		if err != nil {
			return nil, err
		}
		out = append(out, raw)
	}
	return out, nil
}

// revoke returns a revoked version, modified at modified, of an object a
// report made: a relationship, a note or an intrusion set.
func revoke(raw json.RawMessage, modified string) (json.RawMessage, error) {
	var h head
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, err
	}
	var o stix.Typed
	switch h.Type {
	case "relationship":
		o = &stix.Relationship{}
	case "note":
		o = &stix.Note{}
	case "intrusion-set":
		o = &stix.IntrusionSet{}
	default:
		return nil, telltale.Errorf(telltale.EINTERNAL, "draft object %s: a report makes no %s", h.ID, h.Type)
	}
	if err := stix.Unmarshal(raw, o); err != nil {
		return nil, err
	}
	c := o.Props()
	c.Revoked, c.Modified = true, modified
	return importEncoding.Encode(o)
}
