package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// An import started by the import page's script runs as a job, so that
// the page can show how far the server has read the file, not only how
// far the browser has sent it. Jobs live in memory for jobTTL after they
// end; only the user who started one can read it.
const jobTTL = 10 * time.Minute

type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
}

type importJob struct {
	mu     sync.Mutex
	id     string
	user   string
	name   string
	total  int64
	read   int64
	done   bool
	ended  time.Time
	result *telltale.ImportResult
	err    *ihttp.ErrorDetail
}

// jobStatus is what GET /import/jobs/{id} answers.
type jobStatus struct {
	ID     string                 `json:"id"`
	Name   string                 `json:"name"`
	Total  int64                  `json:"total"` // bytes, -1 when unknown
	Read   int64                  `json:"read"`
	Done   bool                   `json:"done"`
	Result *telltale.ImportResult `json:"result,omitempty"`
	Error  *ihttp.ErrorDetail     `json:"error,omitempty"`
}

func (j *importJob) status() jobStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	return jobStatus{ID: j.id, Name: j.name, Total: j.total, Read: j.read, Done: j.done, Result: j.result, Error: j.err}
}

func (js *importJobs) add(j *importJob) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.jobs == nil {
		js.jobs = make(map[string]*importJob)
	}
	for id, old := range js.jobs {
		old.mu.Lock()
		expired := old.done && time.Since(old.ended) > jobTTL
		old.mu.Unlock()
		if expired {
			delete(js.jobs, id)
		}
	}
	js.jobs[j.id] = j
}

func (js *importJobs) get(id string) *importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.jobs[id]
}

// startJob imports the file at path (removed when done) in the
// background and answers 202 with the job's address.
func (h *Handler) startJob(w http.ResponseWriter, r *http.Request, path, name string, total int64, opts ImportOptions) {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	j := &importJob{id: hex.EncodeToString(b), name: name, total: total}
	if u := telltale.UserFromContext(r.Context()); u != nil {
		j.user = u.ID + "\x00" + u.Name
	}
	h.jobs.add(j)
	opts.Progress = func(read int64) {
		j.mu.Lock()
		j.read = read
		j.mu.Unlock()
	}
	go func() {
		defer os.Remove(path)
		var res *telltale.ImportResult
		f, err := os.Open(path)
		if err == nil {
			// The import outlives the request that started it, and keeps
			// who started it (what they may see decides what they may
			// overwrite).
			res, err = h.importFn(context.WithoutCancel(r.Context()), f, name, opts)
			f.Close()
		}
		if err != nil {
			h.logger.Warn("import", "name", name, "error", err.Error())
		}
		j.mu.Lock()
		defer j.mu.Unlock()
		j.done, j.ended, j.result = true, time.Now(), res
		if j.total > 0 {
			j.read = j.total
		}
		if err != nil {
			j.err = &ihttp.ErrorDetail{Code: telltale.ErrorCode(err), Message: telltale.ErrorMessage(err)}
		}
	}()
	w.Header().Set("Location", "/import/jobs/"+j.id)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"job":"/import/jobs/`+j.id+`"}`+"\n")
}

// job reports an import job's progress.
func (h *Handler) job(w http.ResponseWriter, r *http.Request) {
	if err := ihttp.CanWrite(r); err != nil {
		ihttp.Error(w, r, err)
		return
	}
	j := h.jobs.get(r.PathValue("id"))
	user := ""
	if u := telltale.UserFromContext(r.Context()); u != nil {
		user = u.ID + "\x00" + u.Name
	}
	if j == nil || j.user != user {
		ihttp.Error(w, r, telltale.Errorf(telltale.ENOTFOUND, "no import job %s", r.PathValue("id")))
		return
	}
	ihttp.JSON(w, r, j.status())
}

// spool copies r to a temporary file for a background import.
func spool(r io.Reader) (string, int64, error) {
	f, err := os.CreateTemp("", "telltale-import-*.json")
	if err != nil {
		return "", 0, err
	}
	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", 0, err
	}
	return f.Name(), n, nil
}
