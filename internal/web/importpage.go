package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// MaxUpload bounds an uploaded file.
const MaxUpload = 1 << 30

func (h *Handler) importForm(w http.ResponseWriter, r *http.Request) {
	why := ""
	if err := ihttp.CanWrite(r); err != nil {
		why = telltale.ErrorMessage(err)
	}
	h.render(w, r, http.StatusOK, "import", view{Title: "Import", Nav: "import", Data: struct {
		Enabled  bool
		CanWrite bool
		Why      string
	}{h.importFn != nil, why == "", why}})
}

// importPost imports an uploaded file or a file at a URL. Scripts (the
// import page's progress indicator) ask for JSON; a plain form post gets
// the summary page.
func (h *Handler) importPost(w http.ResponseWriter, r *http.Request) {
	wantsJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	fail := func(err error) {
		if wantsJSON {
			ihttp.Error(w, r, err)
		} else {
			h.Error(w, r, err)
		}
	}
	if err := ihttp.CanWrite(r); err != nil {
		fail(err)
		return
	}
	if h.importFn == nil {
		fail(telltale.Errorf(telltale.EUNAVAILABLE, "imports are not available on this server"))
		return
	}
	if err := parseImportForm(w, r); err != nil {
		fail(err)
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	in, name, err := h.importSource(r)
	if err != nil {
		fail(err)
		return
	}
	defer in.Close()
	opts := ImportOptions{Strict: r.FormValue("strict") != ""}
	if wantsJSON && r.FormValue("async") != "" {
		path, size, err := spool(in)
		if err != nil {
			fail(err)
			return
		}
		h.startJob(w, r, path, name, size, opts)
		return
	}
	res, err := h.importFn(r.Context(), in, name, opts)
	if err != nil && res == nil {
		fail(err)
		return
	}
	h.importSummary(w, r, wantsJSON, res, err)
}

// parseImportForm reads the import form, a multipart upload of at most
// MaxUpload bytes or a plain form with a URL, unless it was read already.
func parseImportForm(w http.ResponseWriter, r *http.Request) error {
	if r.MultipartForm != nil {
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxUpload)
	if err := r.ParseMultipartForm(16 << 20); errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm() // a URL only, from a script or a test
		if err != nil {
			return formError(err)
		}
	} else if err != nil {
		return formError(err)
	}
	return nil
}

// importSource opens what the form asks to import: the uploaded file, else
// the file at the URL given; name is the file's name or the URL.
func (h *Handler) importSource(r *http.Request) (in io.ReadCloser, name string, err error) {
	f, fh, ferr := r.FormFile("file")
	if ferr == nil && fh.Size > 0 {
		return f, fh.Filename, nil
	}
	if ferr == nil {
		f.Close() // an empty file field: the URL, if one is given
	}
	u := strings.TrimSpace(r.FormValue("url"))
	if u == "" {
		return nil, "", telltale.Errorf(telltale.EINVALID, "choose a file or give the address of one")
	}
	if h.fetch == nil {
		return nil, "", telltale.Errorf(telltale.EINVALID, "importing from an address is not available on this server")
	}
	body, err := h.fetch(r.Context(), u)
	if err != nil {
		return nil, "", err
	}
	return body, u, nil
}

// importSummary answers a finished import: JSON for scripts, else the
// summary page; err, when set, is why the import stopped part way.
func (h *Handler) importSummary(w http.ResponseWriter, r *http.Request, wantsJSON bool, res *telltale.ImportResult, err error) {
	if wantsJSON {
		body := struct {
			Result *telltale.ImportResult `json:"result"`
			Error  *ihttp.ErrorDetail     `json:"error,omitempty"`
		}{Result: res}
		if err != nil {
			ihttp.LogError(r, err)
			body.Error = &ihttp.ErrorDetail{Code: telltale.ErrorCode(err), Message: telltale.ErrorMessage(err)}
		}
		ihttp.JSON(w, r, body)
		return
	}
	status := http.StatusOK
	msg := ""
	if err != nil {
		ihttp.LogError(r, err)
		status, msg = ihttp.Status(err), telltale.ErrorMessage(err)
	}
	h.render(w, r, status, "import_result", view{Title: "Import summary", Nav: "import", Data: struct {
		R     *telltale.ImportResult
		Error string
	}{res, msg}})
}

func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return telltale.Errorf(telltale.ETOOLARGE, "the upload is larger than the %d MB this server accepts", tooLarge.Limit>>20)
	}
	return telltale.Errorf(telltale.EINVALID, "unreadable upload: %v", err)
}
