package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// "Which known actor is it?": known actors ranked by the evidence a
// report, a text or an actor shares with each. Nothing is linked.

// DocumentReader reads an uploaded document as text, detecting its format
// from the media type and the first bytes. MaxBytes bounds the documents it takes. The program wires in the
// extractor's readers (extract.Documents).
type DocumentReader interface {
	ReadDocument(contentType string, body []byte) (string, error)
	MaxBytes() int64
}

// maxSuggestJSON bounds a JSON {"text": ...} body when no DocumentReader
// is wired.
const maxSuggestJSON = 64 << 20

func (v *Views) suggester() (telltale.SuggestService, error) {
	if v.Suggestions == nil {
		return nil, telltale.Errorf(telltale.EUNAVAILABLE, "actor suggestions are not served here")
	}
	return v.Suggestions, nil
}

// SuggestForActor ranks the other known actors by what an actor shares
// with each.
func (v *Views) SuggestForActor(ctx context.Context, nameOrID string) (*telltale.Suggestions, error) {
	s, err := v.suggester()
	if err != nil {
		return nil, err
	}
	return s.SuggestForActor(ctx, nameOrID)
}

// SuggestForReport ranks the known actors by what an ingested report
// says, for the caller of r. The suggestions show the draft's title,
// items and words, so they are read only by whoever may read the draft
// (Draft: a signed-in caller, or for an accepted report whoever may read
// it under its marking), with the same errors.
func (v *Views) SuggestForReport(r *http.Request, reportID string) (*telltale.Suggestions, error) {
	s, err := v.suggester()
	if err != nil {
		return nil, err
	}
	if _, err := v.Draft(r, reportID); err != nil {
		return nil, err
	}
	return s.SuggestForReport(r.Context(), reportID)
}

// SuggestText ranks the known actors by what a text says.
func (v *Views) SuggestText(ctx context.Context, text string) (*telltale.Suggestions, error) {
	s, err := v.suggester()
	if err != nil {
		return nil, err
	}
	return s.SuggestText(ctx, text)
}

func (h *Handler) actorSuggestions(w http.ResponseWriter, r *http.Request) {
	s, err := h.Views.SuggestForActor(r.Context(), r.PathValue("name"))
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, s)
}

func (h *Handler) reportSuggestions(w http.ResponseWriter, r *http.Request) {
	s, err := h.Views.SuggestForReport(r, r.PathValue("id"))
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, s)
}

// textSuggestions reads a report from the request body — plain text,
// Markdown, HTML or PDF, or JSON {"text": "..."} — and ranks the known
// actors by what it says. It stores nothing.
func (h *Handler) textSuggestions(w http.ResponseWriter, r *http.Request) {
	text, _, err := h.readReport(w, r)
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	s, err := h.Views.SuggestText(r.Context(), text)
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, s)
}

// readReport reads a report from the request body: plain text, Markdown,
// HTML or PDF (its metadata from the query's title, publisher, published
// and source_url), or JSON {"text": "...", "title": ..., "publisher": ...,
// "published": ..., "source_url": ...}.
func (h *Handler) readReport(w http.ResponseWriter, r *http.Request) (string, telltale.DraftMetadata, error) {
	docs := h.Views.Documents
	limit := int64(maxSuggestJSON)
	if docs != nil {
		limit = docs.MaxBytes()
	}
	q := r.URL.Query()
	meta := telltale.DraftMetadata{Title: q.Get("title"), Publisher: q.Get("publisher"), Published: q.Get("published"), SourceURL: q.Get("source_url")}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = telltale.Errorf(telltale.ETOOLARGE, "the text is larger than %d MB", limit>>20)
		}
		return "", meta, err
	}
	ct := r.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt == "application/json" {
		var in struct {
			Text string `json:"text"`
			telltale.DraftMetadata
		}
		if err := json.Unmarshal(body, &in); err != nil {
			return "", meta, telltale.Errorf(telltale.EINVALID, "the body is not JSON {\"text\": \"...\"}: %v", err)
		}
		if err := telltale.CheckText(in.Text); err != nil {
			return "", meta, err
		}
		return in.Text, in.DraftMetadata, nil
	}
	if docs == nil {
		return "", meta, telltale.Errorf(telltale.EINVALID, "send JSON {\"text\": \"...\"}: documents are not read here")
	}
	text, err := docs.ReadDocument(ct, body)
	if err != nil {
		return "", meta, telltale.Errorf(telltale.EINVALID, "read the text: %v", err)
	}
	return text, meta, nil
}
