package ingest

import (
	"context"
	"testing"

	"github.com/telltale-cti/telltale"
)

// A service not wired to an audit log refuses every review action before
// it changes anything, so no change goes unaudited (the role checks come
// first: nobody learns more than before).
func TestReviewNeedsAuditLog(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	sum := ingestNews(t, s)
	id := sum.ReportID
	s.Audit = nil
	key := sum.Items[0].Key
	for name, act := range map[string]func() error{
		"remove": func() error { _, err := s.RemoveItem(ctx, analyst, id, key); return err },
		"edit":   func() error { _, err := s.EditMetadata(ctx, analyst, id, Metadata{Title: "Other"}); return err },
		"accept": func() error { _, err := s.AcceptAs(ctx, analyst, id); return err },
		"reject": func() error { _, err := s.RejectAs(ctx, analyst, id); return err },
		"reopen": func() error { _, err := s.Reopen(ctx, analyst, id); return err },
	} {
		if err := act(); telltale.ErrorCode(err) != telltale.EUNAVAILABLE {
			t.Errorf("%s without an audit log: %v, want EUNAVAILABLE", name, err)
		}
	}
	if _, err := s.RemoveItem(ctx, Reviewer{Name: "rita", Role: telltale.RoleReader}, id, key); telltale.ErrorCode(err) != telltale.EFORBIDDEN {
		t.Errorf("a reader without an audit log: %v, want EFORBIDDEN", err)
	}
	d, err := s.Draft(ctx, id)
	if err != nil || d.Status != StatusDraft || d.Title != sum.Title || len(d.Items) != len(sum.Items) || !d.Review.Empty() {
		t.Errorf("draft after refused actions: %+v, %v; want it unchanged", d, err)
	}
	if got := auditActions(t, s); len(got) != 0 {
		t.Errorf("audit = %v, want nothing", got)
	}
}
