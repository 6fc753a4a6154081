package telltale

// The records of writes and of TAXII collections that the store keeps and
// the admin API, the TAXII server and the CLI read: handlers name them
// here, not in the store.

// Collection is a TAXII collection an admin defined: which objects it
// holds (Filter, JSON the TAXII server reads) and which roles may read
// and write it.
type Collection struct {
	ID          string   `json:"id"`
	Alias       string   `json:"alias,omitempty"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Filter      string   `json:"filter"`
	ReadRoles   []string `json:"read_roles"`
	WriteRoles  []string `json:"write_roles"`
	CanDelete   bool     `json:"can_delete"`
	Created     string   `json:"created"`
}

// WriteStatus is the status of one write request: a TAXII envelope POST or
// an upload to the REST API. Detail is JSON the writer defines.
type WriteStatus struct {
	ID               string `json:"id"`
	Kind             string `json:"kind"` // "taxii" or "import"
	CollectionID     string `json:"collection_id,omitempty"`
	User             string `json:"user"`
	Status           string `json:"status"` // "pending" or "complete"
	RequestTimestamp string `json:"request_timestamp"`
	Total            int    `json:"total_count"`
	Success          int    `json:"success_count"`
	Failure          int    `json:"failure_count"`
	Pending          int    `json:"pending_count"`
	Detail           string `json:"-"`
}

// AuditEntry is one write recorded in the audit log.
type AuditEntry struct {
	ID     string `json:"id"`
	At     string `json:"at"`
	User   string `json:"user"`
	Action string `json:"action"`
	Target string `json:"target,omitempty"`
	Remote string `json:"remote,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// AuditFilter selects audit entries; empty fields match everything.
type AuditFilter struct {
	User   string
	Action string // an action, or a prefix ending in "." (e.g. "taxii.")
	Before string // only entries with an id before this one (for paging back)
	Limit  int    // default 100
}
