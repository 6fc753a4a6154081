package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/api"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// The review of ingested reports: the queue at /drafts, a draft's page
// with its text marked and the reviewer's forms, and the report reading
// view at /reports/{id}. The changes are the API's (api.Views.Review),
// which the drafts service checks (analyst role) and audits.

// draftStatuses are the queue's tabs.
var draftStatuses = []struct{ Value, Label string }{
	{telltale.DraftWaiting, "Waiting for review"}, {telltale.DraftRejected, "Rejected"}, {telltale.DraftAccepted, "Accepted"}, {"all", "All"},
}

func (h *Handler) draftQueue(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = telltale.DraftWaiting
	}
	rows, err := h.views.DraftQueue(r, status)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "drafts", view{Title: "Drafts", Nav: "drafts", Data: struct {
		Rows     []telltale.DraftRow
		Status   string
		Statuses any
		CanWrite bool
	}{rows, status, draftStatuses, ihttp.CanWrite(r) == nil}})
}

// maxPastedReport bounds a report pasted into the drafts page's form.
const maxPastedReport = 16 << 20

// draftSubmit ingests the report pasted into the drafts page's form as a
// draft, and opens it.
func (h *Handler) draftSubmit(w http.ResponseWriter, r *http.Request) {
	if err := ihttp.CanWrite(r); err != nil {
		h.Error(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPastedReport)
	m := telltale.DraftMetadata{Title: strings.TrimSpace(r.PostFormValue("title")), Publisher: strings.TrimSpace(r.PostFormValue("publisher")),
		Published: strings.TrimSpace(r.PostFormValue("published")), SourceURL: strings.TrimSpace(r.PostFormValue("source_url"))}
	res, err := h.views.Submit(r, m, r.PostFormValue("text"))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/drafts/"+url.PathEscape(res.Report.ReportID), http.StatusSeeOther)
}

// itemGroup is the items of one kind, as the draft page lists them.
type itemGroup struct {
	Title string
	Items []telltale.DraftItem
}

var kindTitles = []struct{ Kind, Title string }{
	{"actor", "Actors"}, {"claim", "Attribution claims"}, {"count", "Victim counts"}, {"sector", "Sectors"},
	{"country", "Countries"}, {"region", "Regions"}, {"organization", "Organisations"}, {"malware", "Malware"},
	{"tool", "Tools"}, {"campaign", "Campaigns"}, {"technique", "Techniques"}, {"cve", "Vulnerabilities"}, {"indicator", "Indicators"},
}

func groupItems(items []telltale.DraftItem) []itemGroup {
	var out []itemGroup
	for _, k := range kindTitles {
		g := itemGroup{Title: k.Title}
		for _, it := range items {
			if it.Kind == k.Kind {
				g.Items = append(g.Items, it)
			}
		}
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// linkable lists the groups of a draft an analyst can say a known actor
// is: the unnamed group, the groups the knowledge lacks, and those linked
// already.
func linkable(d *telltale.Draft) []string {
	var out []string
	for _, a := range d.Actors {
		if a.New {
			out = append(out, "unnamed")
		}
	}
	out = append(out, d.UnknownActors...)
	if d.Review != nil {
		for g := range d.Review.Linked {
			if !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out
}

// linkedNames names the known actors the draft's groups were linked to.
func linkedNames(d *telltale.Draft) map[string]string {
	out := map[string]string{}
	if d.Review == nil {
		return out
	}
	for g, id := range d.Review.Linked {
		out[g] = id
		for _, a := range d.Actors {
			if a.ID == id {
				out[g] = a.Name
			}
		}
	}
	return out
}

// draftPage is what the draft and report pages show.
type draftPage struct {
	D          *telltale.Draft
	Paragraphs []paragraph
	Groups     []itemGroup
	Linkable   []string
	Suggest    *telltale.Suggestions
	Why        string // why the forms are off; "" when the caller may review
	Date       string // the publication date, YYYY-MM-DD
	Path       string // the draft's review page
	Polarities []string
	Linked     map[string]string // group → the name of the known actor it was linked to
}

func (h *Handler) draftData(r *http.Request, id string) (*draftPage, error) {
	d, err := h.views.Draft(r, id)
	if err != nil {
		return nil, err
	}
	p := &draftPage{D: d, Paragraphs: highlight(d.Text, d.Items), Groups: groupItems(d.Items), Linkable: linkable(d),
		Date: d.Published, Path: "/drafts/" + url.PathEscape(id),
		Polarities: telltale.ClaimPolarities()}
	p.Linked = linkedNames(d)
	if len(p.Date) >= 10 {
		p.Date = p.Date[:10]
	}
	if s, err := h.views.SuggestForReport(r, id); err == nil {
		p.Suggest = s
	}
	if err := ihttp.CanWrite(r); err != nil {
		p.Why = telltale.ErrorMessage(err)
	} else if d.Status != telltale.DraftWaiting {
		p.Why = "this report is " + d.Status
	}
	return p, nil
}

func (h *Handler) draft(w http.ResponseWriter, r *http.Request) {
	p, err := h.draftData(r, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "draft", view{Title: "Review: " + p.D.Title, Nav: "drafts", Data: p})
}

// report is the reading view of an ingested report: its metadata, its
// text with what was found marked, and what it added to the knowledge
// (or would add, for a draft).
func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	p, err := h.draftData(r, r.PathValue("id"))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "report", view{Title: p.D.Title, Nav: "drafts", Data: p})
}

// draftAction applies a review form and goes back to the draft (to the
// report once accepted).
func (h *Handler) draftAction(w http.ResponseWriter, r *http.Request) {
	if err := ihttp.CanWrite(r); err != nil {
		h.Error(w, r, err)
		return
	}
	id := r.PathValue("id")
	a := api.ReviewAction{Action: r.PathValue("action"), Key: r.PostFormValue("key"), Value: r.PostFormValue("value"),
		Group: r.PostFormValue("group"), Actor: strings.TrimSpace(r.PostFormValue("actor")),
		Meta: telltale.DraftMetadata{Title: r.PostFormValue("title"), Publisher: r.PostFormValue("publisher"),
			Published: r.PostFormValue("published"), SourceURL: r.PostFormValue("source_url")}}
	if a.Actor == "" {
		a.Actor = r.PostFormValue("suggested")
	}
	if _, err := h.views.Review(r, id, a); err != nil {
		h.Error(w, r, err)
		return
	}
	to := "/drafts/" + url.PathEscape(id)
	switch a.Action {
	case "accept":
		to = "/reports/" + url.PathEscape(id)
	case "reject":
		to = "/drafts"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// unnamedActor says whether an actor is a group a report described
// without naming it (ingestion calls it "Unnamed actor: <title>"): its page
// asks which known actor it is.
func unnamedActor(name string) bool { return strings.HasPrefix(name, "Unnamed actor") }
