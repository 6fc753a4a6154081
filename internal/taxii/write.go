package taxii

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// statusDetail is one object of a status resource.
type statusDetail struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Message string `json:"message,omitempty"`
}

// statusResource is a TAXII status resource.
type statusResource struct {
	ID               string         `json:"id"`
	Status           string         `json:"status"`
	RequestTimestamp string         `json:"request_timestamp,omitempty"`
	TotalCount       int            `json:"total_count"`
	SuccessCount     int            `json:"success_count"`
	Successes        []statusDetail `json:"successes,omitempty"`
	FailureCount     int            `json:"failure_count"`
	Failures         []statusDetail `json:"failures,omitempty"`
	PendingCount     int            `json:"pending_count"`
	Pendings         []statusDetail `json:"pendings,omitempty"`
}

type statusLists struct {
	Successes []statusDetail `json:"successes,omitempty"`
	Failures  []statusDetail `json:"failures,omitempty"`
	Pendings  []statusDetail `json:"pendings,omitempty"`
}

// newID returns a random UUID (version 4).
func newID() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// decodeEnvelope returns the objects of what a client POSTs: a TAXII
// envelope (a STIX bundle, which also has an objects list, is accepted as
// well). A property given twice is refused with its byte offset, as
// encoding/json would keep the last; the objects are checked one by one
// later. On error, the status says how to answer.
func decodeEnvelope(body []byte) ([]json.RawMessage, int, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("the envelope is not valid JSON: %v", err)
	} else if tok != json.Delim('{') {
		return nil, http.StatusUnprocessableEntity, errors.New("the envelope is not a JSON object")
	}
	var objects []json.RawMessage
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("the envelope is not valid JSON: %v", err)
		}
		key := tok.(string) // an object's tokens alternate key, value
		if seen[key] {
			quoted, _ := json.Marshal(key)
			return nil, http.StatusBadRequest, fmt.Errorf("the envelope is not valid JSON: duplicate property %q at byte %d", key, dec.InputOffset()-int64(len(quoted)))
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("the envelope is not valid JSON: %v", err)
		}
		if key == "objects" {
			if err := json.Unmarshal(raw, &objects); err != nil || objects == nil {
				return nil, http.StatusUnprocessableEntity, errors.New("the envelope's objects has the wrong JSON type")
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("the envelope is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, http.StatusBadRequest, errors.New("the envelope is not valid JSON: data after its end")
	}
	if !seen["objects"] {
		return nil, http.StatusUnprocessableEntity, errors.New(`an envelope needs an "objects" list`)
	}
	return objects, 0, nil
}

// limits bound what one envelope may hold: the importer's.
func (s *Server) limits() stix.Limits {
	if s.Importer == nil {
		return stix.Limits{}.WithDefaults()
	}
	return s.Importer.InputLimits()
}

func (s *Server) addObjects(w http.ResponseWriter, r *http.Request, c *call) {
	ctx := r.Context()
	if !isTAXIIContent(r.Header.Get("Content-Type")) {
		s.fail(w, r, http.StatusUnsupportedMediaType, "Unsupported Media Type", "POST an envelope as "+MediaTAXII)
		return
	}
	col, err := s.lookup(ctx, c.user, r.PathValue("coll"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if !col.CanWrite(c.user) {
		if c.user.IsAnonymous() {
			s.failErr(w, r, telltale.Errorf(telltale.EUNAUTHORIZED, "sign in to add objects"))
		} else {
			s.failErr(w, r, telltale.Errorf(telltale.EFORBIDDEN, "user %s may not add objects to collection %s", c.user.Name, col.ID))
		}
		return
	}
	if r.ContentLength > s.MaxContentLength {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "Request Entity Too Large",
			fmt.Sprintf("the envelope is %d bytes; this API root takes at most %d", r.ContentLength, s.MaxContentLength))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.MaxContentLength))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.fail(w, r, http.StatusRequestEntityTooLarge, "Request Entity Too Large", fmt.Sprintf("this API root takes at most %d bytes", s.MaxContentLength))
			return
		}
		s.failErr(w, r, telltale.Errorf(telltale.EINVALID, "reading the envelope: %v", err))
		return
	}
	objects, status, err := decodeEnvelope(body)
	if err != nil {
		s.fail(w, r, status, http.StatusText(status), err.Error())
		return
	}
	if lim := s.limits(); lim.MaxObjects > 0 && len(objects) > lim.MaxObjects {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "Request Entity Too Large",
			fmt.Sprintf("the envelope has %d objects; this API root takes at most %d", len(objects), lim.MaxObjects))
		return
	}
	st, err := s.store(ctx, col, c, objects)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if s.Audit != nil {
		s.Audit(ctx, r, c.user, "taxii.add", "collection:"+col.ID,
			fmt.Sprintf("status %s: %d objects, %d stored, %d failed", st.ID, st.TotalCount, st.SuccessCount, st.FailureCount))
	}
	writeTAXII(w, http.StatusAccepted, st)
}

// store imports the objects of one envelope in one transaction (the
// importer validates, versions and counts them as it does a file's) and
// records the status: every object a success or a failure with its
// reason.
func (s *Server) store(ctx context.Context, col *Collection, c *call, objects []json.RawMessage) (*statusResource, error) {
	if s.Importer == nil {
		return nil, telltale.Errorf(telltale.EFORBIDDEN, "this server takes no writes")
	}
	st := &statusResource{ID: newID(), Status: "complete", RequestTimestamp: stix.FormatTime(s.Now()), TotalCount: len(objects)}
	holds, _, err := s.holds(ctx, col, true) // only the test: no positions
	if err != nil {
		return nil, err
	}
	opts := telltale.ImportOptions{
		CanSee: c.user.CanSee, // a writer cannot change, or learn of, what it may not see
		Check: func(o *telltale.Object) error {
			if !holds(o) {
				return telltale.Errorf(telltale.EINVALID, "%s is outside the scope of collection %s", o.ID, col.ID)
			}
			return nil
		},
		Each: func(o telltale.ImportedObject) {
			d := statusDetail{ID: o.ID, Version: o.Version, Message: o.Reason}
			if o.Reason == "" {
				st.Successes = append(st.Successes, d)
				return
			}
			if d.ID == "" {
				d.ID = "object " + strconv.Itoa(o.Index)
			}
			st.Failures = append(st.Failures, d)
		},
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, err := s.Importer.ImportObjects(ctx, "taxii:"+col.ID+" by "+c.user.Label(), objects, opts); err != nil {
		return nil, err
	}
	st.SuccessCount, st.FailureCount = len(st.Successes), len(st.Failures)
	detail, _ := json.Marshal(statusLists{Successes: st.Successes, Failures: st.Failures})
	if err := s.Store.PutWriteStatus(ctx, &telltale.WriteStatus{
		ID: st.ID, Kind: "taxii", CollectionID: col.ID, User: c.user.Label(), Status: st.Status,
		RequestTimestamp: st.RequestTimestamp, Total: st.TotalCount, Success: st.SuccessCount, Failure: st.FailureCount,
		Detail: string(detail),
	}); err != nil {
		return nil, err
	}
	return st, nil
}

func (s *Server) status(w http.ResponseWriter, r *http.Request, c *call) {
	st, err := s.Store.WriteStatusByID(r.Context(), r.PathValue("status"))
	if err == nil && st.Kind != "taxii" {
		err = telltale.Errorf(telltale.ENOTFOUND, "no status %s", r.PathValue("status"))
	}
	if err == nil && st.User != c.user.Label() && !c.user.IsAdmin() {
		err = telltale.Errorf(telltale.ENOTFOUND, "no status %s", r.PathValue("status"))
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	var lists statusLists
	_ = json.Unmarshal([]byte(st.Detail), &lists)
	writeTAXII(w, http.StatusOK, statusResource{
		ID: st.ID, Status: st.Status, RequestTimestamp: st.RequestTimestamp,
		TotalCount: st.Total, SuccessCount: st.Success, Successes: lists.Successes,
		FailureCount: st.Failure, Failures: lists.Failures, PendingCount: st.Pending, Pendings: lists.Pendings,
	})
}

func (s *Server) deleteObject(w http.ResponseWriter, r *http.Request, c *call) {
	ctx := r.Context()
	col, err := s.lookup(ctx, c.user, r.PathValue("coll"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if !col.CanDelete || !col.CanWrite(c.user) || !col.CanRead(c.user) {
		if c.user.IsAnonymous() {
			s.failErr(w, r, telltale.Errorf(telltale.EUNAUTHORIZED, "sign in to delete objects"))
		} else {
			s.failErr(w, r, telltale.Errorf(telltale.EFORBIDDEN, "collection %s does not let user %s delete objects", col.ID, c.user.Name))
		}
		return
	}
	q, err := s.parseQuery(ctx, r.URL.Query(), false)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	id := r.PathValue("id")
	m := q.filter.Match
	if !m.All && !m.First && !m.Last && len(m.Versions) == 0 {
		m.All = true
	}
	// Only versions the caller can see, inside the collection, can go.
	q.filter.IDs, q.filter.Match, q.limit = []string{id}, m, MaxLimit
	objs, _, err := s.page(ctx, c.user, col, q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if len(objs) == 0 {
		s.failErr(w, r, telltale.Errorf(telltale.ENOTFOUND, "no object %s in collection %s", id, col.ID))
		return
	}
	var versions []string
	for _, o := range objs {
		versions = append(versions, version(o))
	}
	s.writeMu.Lock()
	n, err := s.Store.DeleteVersions(ctx, id, telltale.VersionMatch{Versions: versions}, nil)
	s.writeMu.Unlock()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if s.Audit != nil {
		s.Audit(ctx, r, c.user, "taxii.delete", id, fmt.Sprintf("collection %s: %d version(s)", col.ID, n))
	}
	w.Header().Set("Content-Type", MediaTAXII)
	w.WriteHeader(http.StatusOK)
}
