package knowledge

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"sync"
)

// starterJSON is the hand-maintained starter knowledge: a STIX 2.1 bundle of
// intrusion sets, a campaign, malware, tools, countries and relationships
// about actors known to attack carriers and messaging users. Every object is
// authored by the Telltale identity, every id is the deterministic one (the
// tests recompute them), and every claim cites a public source in
// external_references. It refers to the Telltale identity and to sector
// identities without containing them: those come from SectorObjects.
//
//go:embed starter/starter.json
var starterJSON []byte

var starterBundle = sync.OnceValue(func() []byte {
	var in struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(starterJSON, &in); err != nil {
		panic("knowledge: starter/starter.json: " + err.Error()) // embedded, checked by tests
	}
	out := struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}{in.Type, in.ID, append(SectorObjects(), in.Objects...)}
	b, err := json.Marshal(out)
	if err != nil {
		panic("knowledge: starter bundle: " + err.Error())
	}
	return b
})

// StarterBundle returns the knowledge Telltale ships with, as one
// self-contained STIX 2.1 bundle: the Telltale identity and the sector
// taxonomy (exactly SectorObjects), then the starter actors of
// starter/starter.json. It keeps the starter file's bundle id. The bytes are
// the same on every call and every build of the same source, so importing
// them again is a no-op. The caller owns the returned slice.
func StarterBundle() []byte { return bytes.Clone(starterBundle()) }
