package telltale

// What the store's version reads select and what a write did: the TAXII
// server and the importer name them here, not in the store.

// VersionMatch selects versions of objects, as TAXII's match[version]
// does. The zero value selects the latest version of each object.
type VersionMatch struct {
	All      bool     // every version
	First    bool     // the earliest version
	Last     bool     // the latest version (the current one)
	Versions []string // exact versions: the modified timestamp (created when there is none)
}

// VersionFilter selects stored versions in the order they were added: the
// order TAXII pages over. Unlike ObjectFilter it includes revoked and
// deprecated objects, which a TAXII client must learn about.
type VersionFilter struct {
	AfterSeq     int64    // only versions added after this position
	Types        []string // of object
	IDs          []string
	Seqs         []int64  // only versions at these positions (nil: any)
	SpecVersions []string // "2.0" matches objects without spec_version
	Match        VersionMatch
	Limit        int // 0 means no limit
}

// Outcome says what the store did with one object.
type Outcome int

// What a write can do.
const (
	Added     Outcome = iota // the first version of a new object
	Updated                  // a new version of a known object
	Unchanged                // the store already had this version
)
