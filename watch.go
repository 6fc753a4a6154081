package telltale

// Watch is a standing question ("tell me when the Communication sector
// gains an attacker") answered by a webhook. State is JSON the watcher
// keeps: what the watched thing had when last looked at.
type Watch struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`   // "sector" or "actor"
	Target  string `json:"target"` // sector key or actor cluster id
	Webhook string `json:"webhook"`
	// Owner is the user whose clearance decides what the watch sees and
	// posts; "" sees what an anonymous reader sees (TLP:CLEAR).
	Owner   string `json:"owner,omitempty"`
	Secret  string `json:"-"`
	State   string `json:"-"`
	Created string `json:"created"`
}

// Delivery is a webhook event queued for a watch. Times are fixed-width UTC
// timestamps (they compare as text); NextAt is when it is due, or, while a
// worker is posting it, when that worker's claim lapses.
type Delivery struct {
	ID        string `json:"id"`
	WatchID   string `json:"watch_id"`
	Body      string `json:"-"` // the event, JSON, as signed and posted
	Attempts  int    `json:"attempts"`
	NextAt    string `json:"next_at"`
	LastError string `json:"last_error,omitempty"`
	Failed    bool   `json:"failed,omitempty"` // out of attempts: never tried again
	Created   string `json:"created"`
}
