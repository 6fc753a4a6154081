package taxii

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Media types of TAXII 2.1 and of the STIX 2.1 objects it carries.
const (
	MediaTAXII = "application/taxii+json;version=2.1"
	MediaSTIX  = "application/stix+json;version=2.1"
)

// Prefix is where the server is mounted; RootPath is its one API root.
const (
	Prefix   = "/taxii2/"
	RootName = "api"
	RootPath = Prefix + RootName + "/"
)

// Page sizes: what a request without limit gets, and the most it can ask.
const (
	DefaultLimit = 1000
	MaxLimit     = 10000
)

// Sectors gives the per-sector collections: which sectors there are and
// which objects make up a sector's landscape. The knowledge layer
// implements it; without it the server offers no sector collections.
type Sectors interface {
	// SectorList returns (key, name) of each sector to offer, in order.
	SectorList(ctx context.Context) ([][2]string, error)
	// SectorObjects returns the objects of a sector's landscape, or
	// ENOTFOUND.
	SectorObjects(ctx context.Context, key string) (*SectorObjects, error)
}

// SectorObjects is what a sector's collection holds: the ids of its
// objects and, when known (not nil), the positions in the store's sequence
// of every stored version of them, ascending, so that a page reads only
// those versions instead of walking the whole sequence.
type SectorObjects struct {
	IDs  map[string]bool
	Seqs []int64
	// Latest, when not nil, are the positions of the current versions
	// alone, ascending: all a page of the latest versions (the default)
	// reads. Seqs may then be nil, and the server asks for them only for
	// pages of other versions (SectorVersions).
	Latest []int64
}

// SectorVersions is implemented by Sectors whose SectorObjects may leave
// Seqs out: it returns them for a sector (nil: unknown, pages walk the
// whole sequence).
type SectorVersions interface {
	SectorVersionSeqs(ctx context.Context, key string) ([]int64, error)
}

// Store is what the server reads and keeps besides the objects it
// imports: versions in the order they were added, collection definitions
// and write statuses. *store.DB implements it.
type Store interface {
	telltale.ObjectService
	// Versions returns stored versions in the order they were added.
	Versions(ctx context.Context, f telltale.VersionFilter) ([]*telltale.Object, error)
	// LastSeq returns the store's change marker: it moves whenever a
	// version is added or deleted (store DB.LastSeq).
	LastSeq(ctx context.Context) (int64, error)
	// SeqAddedBy returns the position in the sequence of the last version
	// added at or before t (0 when none was).
	SeqAddedBy(ctx context.Context, t time.Time) (int64, error)
	// DeleteVersions deletes the versions of id that m selects and
	// returns how many went.
	DeleteVersions(ctx context.Context, id string, m telltale.VersionMatch, specVersions []string) (int, error)
	// Collections returns the collections an admin defined.
	Collections(ctx context.Context) ([]*telltale.Collection, error)
	PutWriteStatus(ctx context.Context, s *telltale.WriteStatus) error
	// WriteStatusByID returns a write status, or ENOTFOUND.
	WriteStatusByID(ctx context.Context, id string) (*telltale.WriteStatus, error)
}

// Importer stores the objects of a POSTed envelope in one transaction
// recorded as source: parsed within InputLimits, validated, offered to
// opts.Check and versioned, each one's fate told to opts.Each, invalid
// ones rejected and counted; an object over a limit refuses the whole
// envelope (EINVALID), and only the store failing is any other error.
// *importer.Importer implements it.
type Importer interface {
	ImportObjects(ctx context.Context, source string, objects []json.RawMessage, opts telltale.ImportOptions) (*telltale.ImportResult, error)
	// InputLimits bounds what one input may hold.
	InputLimits() stix.Limits
}

// Server is the TAXII 2.1 server.
type Server struct {
	Store Store
	// Show says what each caller is shown of the objects read from Store
	// (the TLP rule of the object API, in every collection).
	Show telltale.ShowService
	// Importer stores POSTed envelopes; without it the server takes no
	// writes.
	Importer Importer
	// Identify recognises the caller: the anonymous user when the request
	// has no credentials, an EUNAUTHORIZED error when they are wrong.
	Identify func(r *http.Request) (*telltale.User, error)
	// AnonymousRead lets callers without credentials read TLP:CLEAR
	// objects; otherwise they get 401. AnonymousAllowed, when set,
	// decides instead, per request.
	AnonymousRead    bool
	AnonymousAllowed func(context.Context) bool
	// Sectors, when set, adds one collection per sector.
	Sectors Sectors
	// Audit, when set, records every write.
	Audit func(ctx context.Context, r *http.Request, u *telltale.User, action, target, detail string)

	Title            string
	Description      string
	Contact          string
	MaxContentLength int64 // largest POST body accepted, in bytes

	// Now is the clock; tests replace it.
	Now func() time.Time

	writeMu sync.Mutex // one envelope import at a time
	pages   pageCache  // encoded object pages of the store's state
}

// NewServer returns a server on db that shows callers objects through
// show and imports POSTed envelopes with im.
func NewServer(db Store, show telltale.ShowService, im Importer) *Server {
	return &Server{
		Store: db, Show: show, Importer: im,
		Title:            "Telltale TAXII 2.1",
		Description:      "STIX 2.1 threat intelligence served by Telltale",
		MaxContentLength: 100 << 20,
		Now:              time.Now,
	}
}

// Mux is what routes are registered on: *http.ServeMux or the HTTP
// server's own mux.
type Mux interface {
	Handle(pattern string, h http.Handler)
}

// Handler returns the server as one handler for everything under Prefix.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Routes(mux)
	return mux
}
