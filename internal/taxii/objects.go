package taxii

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
	"github.com/telltale-cti/telltale/internal/stix"
)

// query is a parsed objects, manifest or versions request.
type query struct {
	filter telltale.VersionFilter
	limit  int
}

// parseQuery reads added_after, limit, next and the match filters that
// the endpoint allows. The position to page from is the later of next and
// added_after.
func (s *Server) parseQuery(ctx context.Context, q url.Values, allowIDType bool) (*query, error) {
	if err := checkQueryNames(q, allowIDType); err != nil {
		return nil, err
	}
	out := &query{limit: DefaultLimit}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, telltale.Errorf(telltale.EINVALID, "limit must be a positive integer, not %q", v)
		}
		out.limit = min(n, MaxLimit)
	}
	if err := s.queryPosition(ctx, q, out); err != nil {
		return nil, err
	}
	if err := out.matchFilters(q); err != nil {
		return nil, err
	}
	return out, nil
}

// checkQueryNames refuses a filter the endpoint does not allow (match[id]
// and match[type] only where allowIDType) or does not know.
func checkQueryNames(q url.Values, allowIDType bool) error {
	for k := range q {
		switch k {
		case "added_after", "limit", "next", "match[version]", "match[spec_version]":
		case "match[id]", "match[type]":
			if !allowIDType {
				return telltale.Errorf(telltale.EINVALID, "%s is not allowed on this endpoint", k)
			}
		default:
			if strings.HasPrefix(k, "match[") {
				return telltale.Errorf(telltale.EINVALID, "unsupported filter %s", k)
			}
		}
	}
	return nil
}

// queryPosition sets where the page starts: the later of next and
// added_after.
func (s *Server) queryPosition(ctx context.Context, q url.Values, out *query) error {
	if v := q.Get("next"); v != "" {
		seq, err := decodeCursor(v)
		if err != nil {
			return err
		}
		out.filter.AfterSeq = seq
	}
	if v := q.Get("added_after"); v != "" {
		t, err := stix.ParseTime(v)
		if err != nil {
			return telltale.Errorf(telltale.EINVALID, "added_after: %v", err)
		}
		seq, err := s.Store.SeqAddedBy(ctx, t)
		if err != nil {
			return err
		}
		out.filter.AfterSeq = max(out.filter.AfterSeq, seq)
	}
	return nil
}

// matchFilters reads the match[id], match[type], match[spec_version] and
// match[version] filters.
func (out *query) matchFilters(q url.Values) error {
	var err error
	if out.filter.IDs, err = ihttp.ListParam(q, "match[id]"); err != nil {
		return err
	}
	if out.filter.Types, err = ihttp.ListParam(q, "match[type]"); err != nil {
		return err
	}
	if out.filter.SpecVersions, err = ihttp.ListParam(q, "match[spec_version]"); err != nil {
		return err
	}
	versions, err := ihttp.ListParam(q, "match[version]")
	if err != nil {
		return err
	}
	for _, v := range out.filter.SpecVersions {
		if v != "2.0" && v != "2.1" {
			return telltale.Errorf(telltale.EINVALID, "match[spec_version] must be 2.0 or 2.1, not %q", v)
		}
	}
	for _, v := range versions {
		switch v {
		case "all":
			out.filter.Match.All = true
		case "first":
			out.filter.Match.First = true
		case "last":
			out.filter.Match.Last = true
		default:
			if _, err := stix.ParseTime(v); err != nil {
				return telltale.Errorf(telltale.EINVALID, "match[version] must be first, last, all or a timestamp: %v", err)
			}
			out.filter.Match.Versions = append(out.filter.Match.Versions, v)
		}
	}
	return nil
}

// Cursors are opaque to clients: a version tag and a position in the
// store's sequence, so a page always starts right after the last object of
// the page before, whatever was added in between.
func encodeCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + strconv.FormatInt(seq, 10)))
}

func decodeCursor(s string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(b), "v1:"); ok {
			if seq, err := strconv.ParseInt(rest, 10, 64); err == nil && seq >= 0 {
				return seq, nil
			}
		}
	}
	return 0, telltale.Errorf(telltale.EINVALID, "next %q is not a cursor this server gave", s)
}

// page returns up to q.limit versions that match q, belong to the
// collection and u may see, and whether there are more. Versions that are
// skipped (hidden from u or outside the collection) still move the position
// forward, so the next page starts after them.
func (s *Server) page(ctx context.Context, u *telltale.User, c *Collection, q *query) ([]*telltale.Object, bool, error) {
	holds, seqs, err := s.holds(ctx, c, latestOnly(q.filter.Match))
	if err != nil {
		return nil, false, err
	}
	f, ok := withCollectionTypes(q.filter, c.Filter.Types)
	if !ok {
		return nil, false, nil
	}
	if len(f.IDs) > 0 {
		seqs = nil // the ids find their versions faster than the positions
	}
	batch := max(q.limit+1, 256)
	var out []*telltale.Object
	for {
		rows, upTo, end, err := s.candidates(ctx, f, batch, seqs)
		if err != nil {
			return nil, false, err
		}
		// What u is shown of what the collection holds: the rule of the
		// object API, in every collection.
		var held []*telltale.Object
		for _, o := range rows {
			if holds(o) {
				held = append(held, o)
			}
		}
		shown, err := s.Show.Shown(ctx, u, held)
		if err != nil {
			return nil, false, err
		}
		bySeq := make(map[int64]*telltale.Object, len(shown))
		for _, o := range shown {
			bySeq[o.Seq] = o
		}
		for _, o := range rows {
			so := bySeq[o.Seq]
			if so == nil {
				continue
			}
			if len(out) == q.limit {
				return out, true, nil
			}
			out = append(out, so)
		}
		if end {
			return out, false, nil
		}
		f.AfterSeq = upTo
	}
}

// latestOnly says whether m selects the latest version of each object
// alone (no match[version], or only "last").
func latestOnly(m telltale.VersionMatch) bool {
	return !m.All && !m.First && len(m.Versions) == 0
}

// withCollectionTypes narrows f to the types a collection holds (all when
// types is empty); ok is false when no type is left.
func withCollectionTypes(f telltale.VersionFilter, types []string) (telltale.VersionFilter, bool) {
	if len(types) == 0 {
		return f, true
	}
	if len(f.Types) == 0 {
		f.Types = types
		return f, true
	}
	var both []string
	for _, t := range f.Types {
		if slices.Contains(types, t) {
			both = append(both, t)
		}
	}
	f.Types = both
	return f, len(both) > 0
}

// candidates reads the next versions after f.AfterSeq that f selects, up
// to n positions on: the next n of seqs when the collection's positions
// are known (nil seqs: the next n versions of the whole sequence). upTo is
// the last position read, and end says that no version is left after it.
func (s *Server) candidates(ctx context.Context, f telltale.VersionFilter, n int, seqs []int64) (rows []*telltale.Object, upTo int64, end bool, err error) {
	if seqs == nil {
		f.Limit = n
		rows, err = s.Store.Versions(ctx, f)
		if len(rows) > 0 {
			upTo = rows[len(rows)-1].Seq
		}
		return rows, upTo, len(rows) < n, err
	}
	i, _ := slices.BinarySearch(seqs, f.AfterSeq+1)
	next := seqs[i:min(i+n, len(seqs))]
	if len(next) == 0 {
		return nil, f.AfterSeq, true, nil
	}
	f.Seqs = next
	rows, err = s.Store.Versions(ctx, f)
	return rows, next[len(next)-1], i+len(next) == len(seqs), err
}

// setDateHeaders sets the X-TAXII-Date-Added-First and -Last headers from
// the first and last object of a page.
func setDateHeaders(w http.ResponseWriter, objs []*telltale.Object) {
	if len(objs) == 0 {
		return
	}
	w.Header().Set("X-TAXII-Date-Added-First", objs[0].DateAdded)
	w.Header().Set("X-TAXII-Date-Added-Last", objs[len(objs)-1].DateAdded)
}

// envelope encodes the objects as a TAXII envelope, their JSON as stored,
// in a buffer of the exact size.
func envelope(objs []*telltale.Object, more bool) *encodedPage {
	var next string
	n := len(`{"more":false}`) + 1
	if more {
		next = encodeCursor(objs[len(objs)-1].Seq)
		n += len(`,"next":""`) + len(next)
	}
	if len(objs) > 0 {
		n += len(`,"objects":[]`) + len(objs) - 1
	}
	for _, o := range objs {
		n += len(o.Raw)
	}
	b := make([]byte, 0, n)
	b = append(b, `{"more":`...)
	b = strconv.AppendBool(b, more)
	if more {
		b = append(b, `,"next":"`...)
		b = append(b, next...)
		b = append(b, '"')
	}
	p := &encodedPage{}
	if len(objs) > 0 {
		b = append(b, `,"objects":[`...)
		for i, o := range objs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, o.Raw...)
		}
		b = append(b, ']')
		p.first, p.last = objs[0].DateAdded, objs[len(objs)-1].DateAdded
	}
	p.body = append(b, "}\n"...)
	return p
}

// writePage writes an encoded envelope.
func writePage(w http.ResponseWriter, p *encodedPage) {
	if p.first != "" {
		w.Header().Set("X-TAXII-Date-Added-First", p.first)
		w.Header().Set("X-TAXII-Date-Added-Last", p.last)
	}
	w.Header().Set("Content-Type", MediaTAXII)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(p.body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(p.body)
}

// version is how TAXII names a version: its modified timestamp, else its
// created timestamp, else when it was added.
func version(o *telltale.Object) string {
	switch {
	case o.Modified != "":
		return o.Modified
	case o.Created != "":
		return o.Created
	}
	return o.DateAdded
}

// readQuery is the collection a read names, if the caller may read it, and
// the read's query (allowIDType: the id and type filters of the endpoints
// that list); false when it answered the request with the error.
func (s *Server) readQuery(w http.ResponseWriter, r *http.Request, c *call, allowIDType bool) (*Collection, *query, bool) {
	col, err := s.readable(r.Context(), c.user, r.PathValue("coll"))
	if err != nil {
		s.failErr(w, r, err)
		return nil, nil, false
	}
	q, err := s.parseQuery(r.Context(), r.URL.Query(), allowIDType)
	if err != nil {
		s.failErr(w, r, err)
		return nil, nil, false
	}
	return col, q, true
}

func (s *Server) objects(w http.ResponseWriter, r *http.Request, c *call) {
	col, q, ok := s.readQuery(w, r, c, true)
	if !ok {
		return
	}
	// The state is read before the page: a page kept under it never
	// misses what was added after it was read.
	key := pageKey(c.user, col, "objects", r.URL.Query())
	seq, err := s.Store.LastSeq(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if p, ok := s.pages.get(key, seq); ok {
		writePage(w, p)
		return
	}
	objs, more, err := s.page(r.Context(), c.user, col, q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p := envelope(objs, more)
	s.pages.put(key, seq, p)
	writePage(w, p)
}

// objectPage is the page of q (filtered to the object id) in col; false
// when it answered the request with the error, or with ENOTFOUND when col
// holds no version of id (an added_after past them all is an empty page).
func (s *Server) objectPage(w http.ResponseWriter, r *http.Request, c *call, col *Collection, q *query, id string) ([]*telltale.Object, bool, bool) {
	objs, more, err := s.page(r.Context(), c.user, col, q)
	if err != nil {
		s.failErr(w, r, err)
		return nil, false, false
	}
	if len(objs) == 0 && q.filter.AfterSeq == 0 {
		s.failErr(w, r, telltale.Errorf(telltale.ENOTFOUND, "no object %s in collection %s", id, col.ID))
		return nil, false, false
	}
	return objs, more, true
}

func (s *Server) object(w http.ResponseWriter, r *http.Request, c *call) {
	col, q, ok := s.readQuery(w, r, c, false)
	if !ok {
		return
	}
	id := r.PathValue("id")
	q.filter.IDs = []string{id}
	objs, more, ok := s.objectPage(w, r, c, col, q, id)
	if !ok {
		return
	}
	writePage(w, envelope(objs, more))
}

// manifestRecord is one entry of a TAXII manifest.
type manifestRecord struct {
	ID        string `json:"id"`
	DateAdded string `json:"date_added"`
	Version   string `json:"version"`
	MediaType string `json:"media_type"`
}

func (s *Server) manifest(w http.ResponseWriter, r *http.Request, c *call) {
	col, q, ok := s.readQuery(w, r, c, true)
	if !ok {
		return
	}
	objs, more, err := s.page(r.Context(), c.user, col, q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	resp := struct {
		More    bool             `json:"more"`
		Next    string           `json:"next,omitempty"`
		Objects []manifestRecord `json:"objects,omitempty"`
	}{More: more}
	for _, o := range objs {
		resp.Objects = append(resp.Objects, manifestRecord{ID: o.ID, DateAdded: o.DateAdded, Version: version(o), MediaType: MediaSTIX})
	}
	if more {
		resp.Next = encodeCursor(objs[len(objs)-1].Seq)
	}
	setDateHeaders(w, objs)
	writeTAXII(w, http.StatusOK, resp)
}

func (s *Server) versions(w http.ResponseWriter, r *http.Request, c *call) {
	col, err := s.readable(r.Context(), c.user, r.PathValue("coll"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	qv := r.URL.Query()
	if qv.Has("match[version]") {
		s.failErr(w, r, telltale.Errorf(telltale.EINVALID, "match[version] is not allowed on the versions endpoint"))
		return
	}
	q, err := s.parseQuery(r.Context(), qv, false)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	id := r.PathValue("id")
	q.filter.IDs = []string{id}
	q.filter.Match = telltale.VersionMatch{All: true}
	objs, more, ok := s.objectPage(w, r, c, col, q, id)
	if !ok {
		return
	}
	resp := struct {
		More     bool     `json:"more"`
		Next     string   `json:"next,omitempty"`
		Versions []string `json:"versions,omitempty"`
	}{More: more}
	for _, o := range objs {
		resp.Versions = append(resp.Versions, version(o))
	}
	if more {
		resp.Next = encodeCursor(objs[len(objs)-1].Seq)
	}
	setDateHeaders(w, objs)
	writeTAXII(w, http.StatusOK, resp)
}
