package api

import (
	"context"
	"net"
	"net/http"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// DraftService reviews ingested reports (the program wires the drafts
// package's Service): the queue, a draft with its text, and the
// reviewer's changes, each of which needs the analyst role and is audited
// there.
type DraftService interface {
	Queue(ctx context.Context, status string) ([]telltale.DraftRow, error)
	Draft(ctx context.Context, reportID string) (*telltale.Draft, error)
	RemoveItem(ctx context.Context, rv telltale.Reviewer, reportID, key string) (*telltale.ReportSummary, error)
	EditItem(ctx context.Context, rv telltale.Reviewer, reportID, key, value string) (*telltale.ReportSummary, error)
	LinkActor(ctx context.Context, rv telltale.Reviewer, reportID, group, actor string) (*telltale.ReportSummary, error)
	EditMetadata(ctx context.Context, rv telltale.Reviewer, reportID string, m telltale.DraftMetadata) (*telltale.ReportSummary, error)
	AcceptAs(ctx context.Context, rv telltale.Reviewer, reportID string) (*telltale.IngestResult, error)
	RejectAs(ctx context.Context, rv telltale.Reviewer, reportID string) (*telltale.ReportSummary, error)
	Reopen(ctx context.Context, rv telltale.Reviewer, reportID string) (*telltale.ReportSummary, error)
	// SubmitAs ingests a report's text as a draft for a reviewer.
	SubmitAs(ctx context.Context, rv telltale.Reviewer, m telltale.DraftMetadata, text string) (*telltale.IngestResult, error)
}

func (v *Views) drafts() (DraftService, error) {
	if v.Drafts == nil {
		return nil, telltale.Errorf(telltale.EUNAVAILABLE, "draft review is not served here")
	}
	return v.Drafts, nil
}

// DraftQueue lists the drafts with a status ("" or "all": every status),
// for a signed-in caller: drafts are unreviewed and unmarked, so nobody
// without an account reads them.
func (v *Views) DraftQueue(r *http.Request, status string) ([]telltale.DraftRow, error) {
	ds, err := v.drafts()
	if err != nil {
		return nil, err
	}
	if err := signedIn(r); err != nil {
		return nil, err
	}
	if status == "all" {
		status = ""
	}
	return ds.Queue(r.Context(), status)
}

// Draft returns a report's newest draft with its text. A draft waiting
// for review or rejected is unreviewed and unmarked (it may come from a
// sensitive source): only a signed-in caller reads it. An accepted
// report's is read by whoever may read the report object (TLP).
func (v *Views) Draft(r *http.Request, reportID string) (*telltale.Draft, error) {
	ds, err := v.drafts()
	if err != nil {
		return nil, err
	}
	d, err := ds.Draft(r.Context(), reportID)
	if err != nil {
		return nil, err
	}
	if d.Status == telltale.DraftAccepted && v.Objects != nil {
		if _, err := v.Objects.Object(r.Context(), reportID); err != nil {
			return nil, err
		}
		return d, nil
	}
	if err := signedIn(r); err != nil {
		return nil, err
	}
	return d, nil
}

func signedIn(r *http.Request) error {
	if telltale.UserFromContext(r.Context()) == nil {
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in to read drafts")
	}
	return nil
}

// Reviewer is who sends r, as the draft review knows reviewers.
func (v *Views) Reviewer(r *http.Request) telltale.Reviewer {
	rv := telltale.Reviewer{Remote: r.RemoteAddr}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		rv.Remote = host
	}
	if v.ClientIP != nil {
		rv.Remote = v.ClientIP(r)
	}
	if u := telltale.UserFromContext(r.Context()); u != nil {
		rv.Name, rv.Role = u.Name, u.Role
	}
	return rv
}

// Submit ingests a report's text as a draft for the caller of r (an
// analyst or an admin), as the API and the drafts page take it.
func (v *Views) Submit(r *http.Request, m telltale.DraftMetadata, text string) (*telltale.IngestResult, error) {
	ds, err := v.drafts()
	if err != nil {
		return nil, err
	}
	return ds.SubmitAs(r.Context(), v.Reviewer(r), m, text)
}

// ReviewAction is one change to a draft, as the API and the pages take it.
type ReviewAction struct {
	Action string                 `json:"-"` // remove, edit, link, metadata, accept, reject, reopen
	Key    string                 `json:"key,omitempty"`
	Value  string                 `json:"value,omitempty"`
	Group  string                 `json:"group,omitempty"`
	Actor  string                 `json:"actor,omitempty"`
	Meta   telltale.DraftMetadata `json:"-"`
}

// Review applies one change to a report's draft for the caller of r and
// returns what the draft (or the accept) became.
func (v *Views) Review(r *http.Request, reportID string, a ReviewAction) (any, error) {
	ds, err := v.drafts()
	if err != nil {
		return nil, err
	}
	ctx, rv := r.Context(), v.Reviewer(r)
	switch a.Action {
	case "remove":
		return ds.RemoveItem(ctx, rv, reportID, a.Key)
	case "edit":
		return ds.EditItem(ctx, rv, reportID, a.Key, a.Value)
	case "link":
		return ds.LinkActor(ctx, rv, reportID, a.Group, a.Actor)
	case "metadata":
		return ds.EditMetadata(ctx, rv, reportID, a.Meta)
	case "accept":
		return ds.AcceptAs(ctx, rv, reportID)
	case "reject":
		return ds.RejectAs(ctx, rv, reportID)
	case "reopen":
		return ds.Reopen(ctx, rv, reportID)
	}
	return nil, telltale.Errorf(telltale.EINVALID, "unknown review action %q", a.Action)
}

func (h *Handler) registerDrafts(mux ihttp.Mux) {
	mux.Handle("GET /api/v1/drafts", http.HandlerFunc(h.draftQueue))
	mux.Handle("POST /api/v1/drafts", http.HandlerFunc(h.submitDraft))
	mux.Handle("GET /api/v1/drafts/{id}", http.HandlerFunc(h.draft))
	for _, action := range []string{"remove", "edit", "link", "accept", "reject", "reopen"} {
		mux.Handle("POST /api/v1/drafts/{id}/"+action, h.reviewAction(action))
	}
	mux.Handle("PUT /api/v1/drafts/{id}/metadata", h.reviewAction("metadata"))
}

func (h *Handler) draftQueue(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = telltale.DraftWaiting
	}
	q, err := h.Views.DraftQueue(r, status)
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, map[string]any{"drafts": q})
}

func (h *Handler) draft(w http.ResponseWriter, r *http.Request) {
	d, err := h.Views.Draft(r, r.PathValue("id"))
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, d)
}

// submitDraft ingests the report in the body (as POST /api/v1/suggestions
// reads it) as a draft for review: 201 with what ingesting it did when
// it made a new report or version, 200 when the text was ingested
// already (its draft then takes the metadata given).
func (h *Handler) submitDraft(w http.ResponseWriter, r *http.Request) {
	// Nobody who may not write gets a body read.
	if err := ihttp.CanWrite(r); err != nil {
		ihttp.Error(w, r, err)
		return
	}
	if _, err := h.Views.drafts(); err != nil {
		ihttp.Error(w, r, err)
		return
	}
	text, meta, err := h.readReport(w, r)
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	res, err := h.Views.Submit(r, meta, text)
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	if res.Outcome == "created" || res.Outcome == "versioned" {
		w.WriteHeader(http.StatusCreated)
	}
	ihttp.JSON(w, r, res)
}

// reviewAction reads the action's JSON body (none for accept, reject and
// reopen) and applies it.
func (h *Handler) reviewAction(action string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Nobody who may not write gets a body read.
		if err := ihttp.CanWrite(r); err != nil {
			ihttp.Error(w, r, err)
			return
		}
		a := ReviewAction{Action: action}
		var err error
		switch action {
		case "remove", "edit", "link":
			err = readJSON(w, r, &a)
		case "metadata":
			err = readJSON(w, r, &a.Meta)
		}
		var out any
		if err == nil {
			out, err = h.Views.Review(r, r.PathValue("id"), a)
		}
		if err != nil {
			ihttp.Error(w, r, err)
			return
		}
		ihttp.JSON(w, r, out)
	})
}
