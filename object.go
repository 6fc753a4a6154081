package telltale

import (
	"context"
	"encoding/json"
)

// Object is the current (or a past) version of a stored STIX object: the
// indexed properties and the JSON exactly as it was imported.
type Object struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Name       string          `json:"name,omitempty"`
	Created    string          `json:"created,omitempty"`
	Modified   string          `json:"modified,omitempty"`
	DateAdded  string          `json:"date_added"` // when this version was stored; strictly increasing across the store
	Seq        int64           `json:"-"`          // position in the store's monotonic order of additions
	Revoked    bool            `json:"revoked,omitempty"`
	Deprecated bool            `json:"deprecated,omitempty"`
	Versions   int             `json:"versions,omitempty"` // number of stored versions (current version only)
	Raw        json.RawMessage `json:"object"`
}

// ObjectFilter selects current objects. Zero values select everything
// except revoked and deprecated objects.
type ObjectFilter struct {
	Types          []string
	IDs            []string
	IncludeRevoked bool // also revoked and deprecated objects
	AfterSeq       int64
	Limit          int // 0 means no limit
}

// Relationship is the index entry of a current relationship object.
type Relationship struct {
	ID     string `json:"id"`
	Type   string `json:"relationship_type"`
	Source string `json:"source_ref"`
	Target string `json:"target_ref"`
	// Order is the store's position of the relationship among all it
	// holds (the order they were first stored); pages of relationships
	// are sorted by Type, then Order.
	Order int64 `json:"-"`
}

// RelationshipFilter selects relationships; empty fields match anything.
type RelationshipFilter struct {
	Source string
	Target string
	Type   string
	Types  []string // of relationship
	// SourceTypes and TargetTypes keep relationships whose source (target)
	// id names an object of one of these types, stored or not: a view of
	// actors and sectors need not read a feed's millions of relationships
	// from indicators.
	SourceTypes []string
	TargetTypes []string
}

// Name is one entry of the name index: a name or alias of an object, with
// its folded key and who gave it, when known.
type Name struct {
	ObjectID string `json:"object_id"`
	Name     string `json:"name"`
	Key      string `json:"key"`
	Kind     string `json:"kind"` // "name", "alias", "external_id" or "pattern" (a value an indicator's pattern asks for)
	NamedBy  string `json:"named_by,omitempty"`
}

// SearchHit is one result of a full-text or alias search.
type SearchHit struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Name    string `json:"name"`
	Matched string `json:"matched,omitempty"` // the alias that matched, when it is not the name
	Snippet string `json:"snippet,omitempty"`
}

// Stats counts what a store holds. It has counts only, no timings, so two
// stores holding the same imports give equal Stats.
type Stats struct {
	Objects       int            `json:"objects"`
	Versions      int            `json:"versions"`
	Relationships int            `json:"relationships"`
	Names         int            `json:"names"`
	ByType        map[string]int `json:"by_type"`
	Revoked       int            `json:"revoked"`
	Deprecated    int            `json:"deprecated"`
}

// ObjectPasser reads stored objects for exports of any size.
type ObjectPasser interface {
	// ObjectPasses gives fn a way to read the current objects f selects,
	// in the order Objects returns them, one at a time and as often as fn
	// needs; every pass reads the same state of the store.
	ObjectPasses(ctx context.Context, f ObjectFilter, fn func(each func(yield func(*Object) error) error) error) error
}

// ObjectService reads stored objects.
type ObjectService interface {
	// Object returns the current version of the object with the given id,
	// or ENOTFOUND.
	Object(ctx context.Context, id string) (*Object, error)
	// ObjectVersions returns every stored version, oldest modified first,
	// or ENOTFOUND.
	ObjectVersions(ctx context.Context, id string) ([]*Object, error)
	// Objects returns current objects in the order they were added.
	Objects(ctx context.Context, f ObjectFilter) ([]*Object, error)
	// Relationships returns current, non-revoked relationships.
	Relationships(ctx context.Context, f RelationshipFilter) ([]*Relationship, error)
	// NamesByKey returns the name index entries with the given folded key.
	NamesByKey(ctx context.Context, key string) ([]*Name, error)
	// Search finds objects by name, alias or description words.
	Search(ctx context.Context, query string, limit int) ([]*SearchHit, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (*Stats, error)
}

// ImportResult counts what one import did.
type ImportResult struct {
	Source    string          `json:"source"`
	Format    string          `json:"format"`
	Added     int             `json:"added"`     // objects new to the store
	Updated   int             `json:"updated"`   // new versions of known objects
	Unchanged int             `json:"unchanged"` // versions the store already had
	Rejected  int             `json:"rejected"`
	Problems  []ImportProblem `json:"problems,omitempty"`
}

// ImportProblem says why one object was rejected.
type ImportProblem struct {
	Index  int    `json:"index"` // position in the input, from 0
	ID     string `json:"id,omitempty"`
	Reason string `json:"reason"`
}

// ImportOptions change how one import runs.
type ImportOptions struct {
	// Strict rejects the whole input when any object is invalid; by
	// default invalid objects are skipped and reported.
	Strict bool
	// Format forces a format instead of detecting it (inputs read whole).
	Format string
	// Progress, when set, is called now and then with the bytes read so
	// far (inputs read whole).
	Progress func(read int64)
	// Derived marks objects as made by Telltale from another format: when
	// their content changed since the stored version, modified is moved
	// forward so the change becomes a new version. Set for adapters.
	Derived bool
	// CanSee says what the writer may see (the user's CanSee); nil sees
	// everything. An object whose stored version the writer may not see
	// is rejected and left unchanged.
	CanSee func(raw []byte) bool
	// Check, when set, may refuse a valid object before it is stored (a
	// TAXII collection's scope): its error is the object's rejection.
	Check func(o *Object) error
	// Each, when set, hears what became of every object of the input, in
	// order (a TAXII status lists them all; Problems stops at a bound).
	Each func(ImportedObject)
}

// ImportedObject is what one import did with one object of its input.
type ImportedObject struct {
	Index   int    // position in the input, from 0
	ID      string // "" when the object could not be read
	Version string // its modified, or created when it has none
	Reason  string // why it was rejected; "" when it was stored
}
