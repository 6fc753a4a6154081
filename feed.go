package telltale

// Feed is an RSS or Atom feed whose new items are ingested as drafts.
type Feed struct {
	ID           string `json:"id"`
	URL          string `json:"url"`
	Title        string `json:"title,omitempty"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	LastPolled   string `json:"last_polled,omitempty"`
	NextPoll     string `json:"next_poll,omitempty"` // not before this time (backoff after failures)
	Failures     int    `json:"failures"`
	LastError    string `json:"last_error,omitempty"`
	Items        int64  `json:"items"` // items ingested so far
	Created      string `json:"created"`
}
