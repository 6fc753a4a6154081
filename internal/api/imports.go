package api

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"time"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// ImportStatus is the status of one upload: what was sent and what the
// import did.
type ImportStatus struct {
	ID        string                 `json:"id"`
	Status    string                 `json:"status"` // "complete" or "failed"
	User      string                 `json:"user"`
	Submitted string                 `json:"submitted"`
	Name      string                 `json:"name"`
	Result    *telltale.ImportResult `json:"result,omitempty"`
	Error     *ihttp.ErrorDetail     `json:"error,omitempty"`
}

type importDetail struct {
	Name   string                 `json:"name"`
	Result *telltale.ImportResult `json:"result,omitempty"`
	Error  *ihttp.ErrorDetail     `json:"error,omitempty"`
}

func randomUUID() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// createImport stores an upload: the request body (a STIX bundle, MISP
// galaxy file... as the importer detects) or the "file" part of a
// multipart form. ?strict=true rejects the whole upload when an object is
// invalid. It answers 201 with the status, which stays readable at
// /api/v1/imports/{id}.
func (a *Admin) createImport(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if err := telltale.RequireWrite(u); err != nil {
		return err
	}
	max := a.MaxUpload
	if max <= 0 {
		max = 1 << 30
	}
	if r.ContentLength > max {
		return telltale.Errorf(telltale.ETOOLARGE, "the upload is %d bytes; the most is %d", r.ContentLength, max)
	}
	r.Body = http.MaxBytesReader(w, r.Body, max)
	var body io.Reader = r.Body
	name := r.URL.Query().Get("name")
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		f, filename, err := formFile(r)
		if err != nil {
			return telltale.Errorf(telltale.EINVALID, "the form needs a file field named \"file\": %v", err)
		}
		defer f.Close()
		body = f
		if name == "" {
			name = path.Base(filename)
		}
	}
	if name == "" {
		name = "upload"
	}
	st := &ImportStatus{ID: randomUUID(), User: u.Label(), Submitted: time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z"), Name: name}
	res, err := a.Import(r.Context(), body, "api upload "+name+" by "+u.Label(), r.URL.Query().Get("strict") == "true")
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = telltale.Errorf(telltale.ETOOLARGE, "the upload is larger than %d bytes", max)
	}
	st.Status, st.Result = "complete", res
	if err != nil {
		st.Status = "failed"
		st.Error = &ihttp.ErrorDetail{Code: telltale.ErrorCode(err), Message: telltale.ErrorMessage(err)}
	}
	detail, _ := json.Marshal(importDetail{Name: name, Result: res, Error: st.Error})
	ws := &telltale.WriteStatus{ID: st.ID, Kind: "import", User: st.User, Status: st.Status, RequestTimestamp: st.Submitted, Detail: string(detail)}
	if res != nil {
		ws.Total = res.Added + res.Updated + res.Unchanged + res.Rejected
		ws.Success = res.Added + res.Updated + res.Unchanged
		ws.Failure = res.Rejected
	}
	if perr := a.Store.PutWriteStatus(r.Context(), ws); perr != nil {
		return perr
	}
	summary := st.Status
	if res != nil {
		summary = fmt.Sprintf("%s: %d added, %d updated, %d unchanged, %d rejected", st.Status, res.Added, res.Updated, res.Unchanged, res.Rejected)
	}
	a.Auth.Audit(r.Context(), r, u, "import", name, "status "+st.ID+" "+summary)
	if err != nil {
		// The status is kept; the error still answers with its own code.
		w.Header().Set("Location", "/api/v1/imports/"+st.ID)
		return err
	}
	w.Header().Set("Location", "/api/v1/imports/"+st.ID)
	writeJSONStatus(w, http.StatusCreated, st)
	return nil
}

// formFile returns the "file" part of a multipart request. The part is read
// as it arrives, never written to the temporary directory; a form the
// middleware already parsed is read from memory or from the files the
// middleware removes when the request ends.
func formFile(r *http.Request) (io.ReadCloser, string, error) {
	if r.MultipartForm != nil {
		f, fh, err := r.FormFile("file")
		if err != nil {
			return nil, "", err
		}
		return f, fh.Filename, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", err
	}
	for {
		p, err := mr.NextPart()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = http.ErrMissingFile
			}
			return nil, "", err
		}
		if p.FormName() == "file" {
			return p, p.FileName(), nil
		}
		p.Close()
	}
}

func statusOf(ws *telltale.WriteStatus) *ImportStatus {
	var d importDetail
	_ = json.Unmarshal([]byte(ws.Detail), &d)
	return &ImportStatus{ID: ws.ID, Status: ws.Status, User: ws.User, Submitted: ws.RequestTimestamp, Name: d.Name, Result: d.Result, Error: d.Error}
}

func (a *Admin) getImport(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if u.IsAnonymous() {
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in to see imports")
	}
	ws, err := a.Store.WriteStatusByID(r.Context(), r.PathValue("id"))
	if err != nil || ws.Kind != "import" || (ws.User != u.Label() && !u.IsAdmin()) {
		return telltale.Errorf(telltale.ENOTFOUND, "no import %s", r.PathValue("id"))
	}
	ihttp.JSON(w, r, statusOf(ws))
	return nil
}

func (a *Admin) listImports(w http.ResponseWriter, r *http.Request, u *telltale.User) error {
	if u.IsAnonymous() {
		return telltale.Errorf(telltale.EUNAUTHORIZED, "sign in to see imports")
	}
	who := u.Label()
	if u.IsAdmin() {
		who = r.URL.Query().Get("user")
	}
	list, err := a.Store.WriteStatuses(r.Context(), "import", who, 100)
	if err != nil {
		return err
	}
	out := make([]*ImportStatus, len(list))
	for i, ws := range list {
		out[i] = statusOf(ws)
	}
	ihttp.JSON(w, r, map[string]any{"imports": out})
	return nil
}
