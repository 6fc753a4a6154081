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
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, MaxUpload)
		if err := r.ParseMultipartForm(16 << 20); errors.Is(err, http.ErrNotMultipart) {
			err = r.ParseForm() // a URL only, from a script or a test
			if err != nil {
				fail(formError(err))
				return
			}
		} else if err != nil {
			fail(formError(err))
			return
		}
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}

	var in io.Reader
	name := ""
	if f, fh, err := r.FormFile("file"); err == nil && fh.Size > 0 {
		defer f.Close()
		in, name = f, fh.Filename
	} else if u := strings.TrimSpace(r.FormValue("url")); u != "" {
		if h.fetch == nil {
			fail(telltale.Errorf(telltale.EINVALID, "importing from an address is not available on this server"))
			return
		}
		body, err := h.fetch(r.Context(), u)
		if err != nil {
			fail(err)
			return
		}
		defer body.Close()
		in, name = body, u
	} else {
		fail(telltale.Errorf(telltale.EINVALID, "choose a file or give the address of one"))
		return
	}
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
