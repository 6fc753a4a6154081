package telltale

// Sector is a node of the sector taxonomy: a STIX identity with
// identity_class "class". Sectors form a tree (Communication ⊃
// Telecommunications ⊃ ...); an actor that targets a sector also counts as an
// attacker of every ancestor of that sector.
type Sector struct {
	ID          string   `json:"id"`               // identity--<uuidv5>, deterministic from the name
	Key         string   `json:"key"`              // URL slug, e.g. "communication"
	Name        string   `json:"name"`             // display name, e.g. "Communication"
	Parent      string   `json:"parent,omitempty"` // Key of the parent, "" for a top-level sector
	Aliases     []string `json:"aliases,omitempty"`
	Description string   `json:"description,omitempty"`
}
