package telltale

import "context"

// The lists the knowledge can be browsed by.
const (
	ListActors     = "actors"
	ListMalware    = "malware"
	ListTools      = "tools"
	ListTechniques = "techniques"
	ListCampaigns  = "campaigns"
	ListReports    = "reports"
)

// ListKinds are the lists, in the order the pages show them.
var ListKinds = []string{ListActors, ListMalware, ListTools, ListTechniques, ListCampaigns, ListReports}

// A row rests on sources of the kinds SourceKinds lists (see
// landscape_filter.go).

// ListRow is one row of a list of the knowledge: an actor cluster, or a
// malware, tool, technique, campaign or report. Fields that do not apply
// to a kind are empty.
type ListRow struct {
	ID           string   `json:"id"`
	Type         string   `json:"type"` // STIX type of the object (of the canonical member, for actors)
	Name         string   `json:"name"`
	ExtID        string   `json:"external_id,omitempty"` // ATT&CK id
	Aliases      []string `json:"aliases,omitempty"`
	Origin       string   `json:"origin,omitempty"` // actors: ISO country code when known
	OriginName   string   `json:"origin_name,omitempty"`
	OriginStatus string   `json:"origin_status,omitempty"` // asserted, hedged or disputed
	Motivation   string   `json:"motivation,omitempty"`    // STIX attack-motivation-ov
	// MotivationLabel is the motivation in an analyst's word, as actor
	// and sector pages give it ("espionage" for an organizational-gain
	// actor its description calls a spy).
	MotivationLabel string `json:"motivation_label,omitempty"`
	FirstSeen       string `json:"first_seen,omitempty"`
	// LastSeen is the last activity: an actor's or campaign's last
	// sighting, a report's publication, else the latest report that
	// refers to the object.
	LastSeen  string   `json:"last_seen,omitempty"`
	Publisher string   `json:"publisher,omitempty"` // reports
	Tactics   []string `json:"tactics,omitempty"`   // techniques: ATT&CK tactic names
	// Sectors are the keys of the sectors it targets itself (a report:
	// those it refers to); Within adds their ancestors, for filters.
	Sectors []string `json:"sectors"`
	Within  []string `json:"-"`
	// Actors are the actor clusters tied to it: those that use a malware,
	// tool or technique, those a campaign is attributed to, those a report
	// refers to.
	Actors []Ref `json:"actors"`
	// Sources counts the distinct sources behind it (publishers and
	// references of the object and its relationships, and reports that
	// refer to it); SourceKinds says which kinds they are.
	Sources     int      `json:"sources"`
	SourceKinds []string `json:"source_kinds"`
	Refs        int      `json:"refs,omitempty"` // reports: objects referred to
}

// ListService lists the knowledge by kind, as the caller may see it.
type ListService interface {
	// List returns every row of a list (ListKinds), in name order; an
	// unknown kind is ENOTFOUND. Callers must not change the rows.
	List(ctx context.Context, kind string) ([]ListRow, error)
}
