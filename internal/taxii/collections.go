package taxii

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// collectionNamespace makes the ids of the built-in collections: stable
// across servers and restarts.
var collectionNamespace = [16]byte{0x7e, 0x11, 0x7a, 0x1e, 0x7a, 0x11, 0x4c, 0x71, 0x8a, 0x00, 0x54, 0x41, 0x58, 0x49, 0x49, 0x21}

// AllID is the id of the collection of everything the caller may read.
var AllID = stix.UUIDv5(collectionNamespace, []byte("all"))

// SectorCollectionID is the id of a sector's collection.
func SectorCollectionID(key string) string {
	return stix.UUIDv5(collectionNamespace, []byte("sector:"+key))
}

// Filter says which objects an admin-defined collection holds; empty
// fields match everything.
type Filter struct {
	Types   []string `json:"types,omitempty"`
	Sector  string   `json:"sector,omitempty"`  // sector key: the objects of its landscape
	Source  string   `json:"source,omitempty"`  // created_by_ref: who published the object
	Marking string   `json:"marking,omitempty"` // a marking-definition id the object carries
}

// Collection is a TAXII collection: a view over the store.
type Collection struct {
	ID          string
	Alias       string
	Title       string
	Description string
	Filter      Filter
	ReadRoles   []string // roles that may read; telltale.RoleAnonymous for callers without credentials
	WriteRoles  []string
	CanDelete   bool
}

var (
	everyone = []string{telltale.RoleAnonymous, telltale.RoleReader, telltale.RoleAnalyst, telltale.RoleAdmin}
	writers  = []string{telltale.RoleAnalyst, telltale.RoleAdmin}
)

// CanRead reports whether u may read c.
func (c *Collection) CanRead(u *telltale.User) bool { return u.HasRole(c.ReadRoles) }

// CanWrite reports whether u may add objects to c.
func (c *Collection) CanWrite(u *telltale.User) bool { return u.CanWrite() && u.HasRole(c.WriteRoles) }

// FromStore turns a stored collection definition into a Collection.
func FromStore(sc *telltale.Collection) (*Collection, error) {
	c := &Collection{ID: sc.ID, Alias: sc.Alias, Title: sc.Title, Description: sc.Description,
		ReadRoles: sc.ReadRoles, WriteRoles: sc.WriteRoles, CanDelete: sc.CanDelete}
	if sc.Filter != "" {
		if err := json.Unmarshal([]byte(sc.Filter), &c.Filter); err != nil {
			return nil, telltale.Errorf(telltale.EINVALID, "collection %s: bad filter: %v", sc.ID, err)
		}
	}
	return c, nil
}

// allCollection is the collection of everything the caller may read.
func allCollection() *Collection {
	return &Collection{
		ID: AllID, Alias: "all", Title: "Everything",
		Description: "Every object the caller may read.",
		ReadRoles:   everyone, WriteRoles: writers,
	}
}

// Collections lists every collection: everything, one per sector, then
// those admins defined.
func (s *Server) Collections(ctx context.Context) ([]*Collection, error) {
	out := []*Collection{allCollection()}
	if s.Sectors != nil {
		sectors, err := s.Sectors.SectorList(ctx)
		if err != nil {
			return nil, err
		}
		for _, sec := range sectors {
			out = append(out, &Collection{
				ID: SectorCollectionID(sec[0]), Alias: "sector-" + sec[0], Title: sec[1],
				Description: "The landscape of the " + sec[1] + " sector: its attackers, their campaigns, techniques, malware, tools, reports and the relationships between them.",
				ReadRoles:   everyone, Filter: Filter{Sector: sec[0]},
			})
		}
	}
	defined, err := s.Store.Collections(ctx)
	if err != nil {
		return nil, err
	}
	for _, sc := range defined {
		c, err := FromStore(sc)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// lookup finds a collection by id (or alias) that u may see: ENOTFOUND
// when there is none, EFORBIDDEN when u may neither read nor write it.
func (s *Server) lookup(ctx context.Context, u *telltale.User, id string) (*Collection, error) {
	var all []*Collection
	if id == AllID || id == "all" {
		// The busiest collection needs no listing of the others.
		all = []*Collection{allCollection()}
	} else {
		var err error
		if all, err = s.Collections(ctx); err != nil {
			return nil, err
		}
	}
	for _, c := range all {
		if c.ID == id || (c.Alias != "" && c.Alias == id) {
			if !c.CanRead(u) && !c.CanWrite(u) {
				if u.IsAnonymous() {
					return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "collection %s needs credentials", id)
				}
				return nil, telltale.Errorf(telltale.EFORBIDDEN, "user %s may not use collection %s", u.Name, id)
			}
			return c, nil
		}
	}
	return nil, telltale.Errorf(telltale.ENOTFOUND, "no collection %s", id)
}

// readable is lookup for reading: EFORBIDDEN when u may not read c.
func (s *Server) readable(ctx context.Context, u *telltale.User, id string) (*Collection, error) {
	c, err := s.lookup(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !c.CanRead(u) {
		if u.IsAnonymous() {
			return nil, telltale.Errorf(telltale.EUNAUTHORIZED, "collection %s needs credentials", id)
		}
		return nil, telltale.Errorf(telltale.EFORBIDDEN, "user %s may not read collection %s", u.Name, id)
	}
	return c, nil
}

// collectionResource is a TAXII collection resource.
type collectionResource struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Alias       string   `json:"alias,omitempty"`
	CanRead     bool     `json:"can_read"`
	CanWrite    bool     `json:"can_write"`
	MediaTypes  []string `json:"media_types"`
}

func (c *Collection) resource(u *telltale.User) collectionResource {
	return collectionResource{ID: c.ID, Title: c.Title, Description: c.Description, Alias: c.Alias,
		CanRead: c.CanRead(u), CanWrite: c.CanWrite(u), MediaTypes: []string{MediaSTIX}}
}

func (s *Server) discovery(w http.ResponseWriter, r *http.Request, c *call) {
	writeTAXII(w, http.StatusOK, map[string]any{
		"title":       s.Title,
		"description": s.Description,
		"contact":     s.Contact,
		"default":     RootPath,
		"api_roots":   []string{RootPath},
	})
}

func (s *Server) apiRoot(w http.ResponseWriter, r *http.Request, c *call) {
	writeTAXII(w, http.StatusOK, map[string]any{
		"title":              s.Title,
		"description":        s.Description,
		"versions":           []string{MediaTAXII},
		"max_content_length": s.MaxContentLength,
	})
}

func (s *Server) collections(w http.ResponseWriter, r *http.Request, c *call) {
	all, err := s.Collections(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	var list []collectionResource
	for _, col := range all {
		if col.CanRead(c.user) || col.CanWrite(c.user) {
			list = append(list, col.resource(c.user))
		}
	}
	if len(list) == 0 {
		writeTAXII(w, http.StatusOK, struct{}{})
		return
	}
	writeTAXII(w, http.StatusOK, map[string]any{"collections": list})
}

func (s *Server) collection(w http.ResponseWriter, r *http.Request, c *call) {
	col, err := s.lookup(r.Context(), c.user, r.PathValue("coll"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeTAXII(w, http.StatusOK, col.resource(c.user))
}

// sectorHolds returns the ids of a sector collection's objects and the
// positions of the versions a page reads: of the current versions alone
// when latest (a page of the latest versions) and they are known apart.
func (s *Server) sectorHolds(ctx context.Context, key string, latest bool) (map[string]bool, []int64, error) {
	if s.Sectors == nil {
		return nil, nil, telltale.Errorf(telltale.ENOTFOUND, "no sector collections on this server")
	}
	so, err := s.Sectors.SectorObjects(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	switch sv, ok := s.Sectors.(SectorVersions); {
	case latest && so.Latest != nil:
		return so.IDs, so.Latest, nil
	case so.Seqs == nil && ok:
		seqs, err := sv.SectorVersionSeqs(ctx, key)
		return so.IDs, seqs, err
	}
	return so.IDs, so.Seqs, nil
}

// holds returns the test of whether an object belongs to c, loading what
// the test needs once per request, and, when c holds a known set of
// objects whose positions in the sequence are known, those positions
// (ascending; nil otherwise).
func (s *Server) holds(ctx context.Context, c *Collection, latest bool) (func(o *telltale.Object) bool, []int64, error) {
	var ids map[string]bool
	var seqs []int64
	if c.Filter.Sector != "" {
		var err error
		if ids, seqs, err = s.sectorHolds(ctx, c.Filter.Sector, latest); err != nil {
			return nil, nil, err
		}
	}
	f := c.Filter
	return func(o *telltale.Object) bool {
		if len(f.Types) > 0 && !slices.Contains(f.Types, o.Type) {
			return false
		}
		if ids != nil && !ids[o.ID] {
			return false
		}
		if f.Source != "" || f.Marking != "" {
			var p struct {
				CreatedByRef      string   `json:"created_by_ref"`
				ObjectMarkingRefs []string `json:"object_marking_refs"`
			}
			if json.Unmarshal(o.Raw, &p) != nil {
				return false
			}
			if f.Source != "" && p.CreatedByRef != f.Source {
				return false
			}
			if f.Marking != "" && !slices.Contains(p.ObjectMarkingRefs, f.Marking) {
				return false
			}
		}
		return true
	}, seqs, nil
}
