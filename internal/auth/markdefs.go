package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"

	"github.com/telltale-cti/telltale"
)

// MarkingSource is where Markings reads marking definitions: the store.
type MarkingSource interface {
	Objects(ctx context.Context, f telltale.ObjectFilter) ([]*telltale.Object, error)
	LastSeq(ctx context.Context) (int64, error)
}

// Markings resolves marking definitions held in a store: it reads them all
// once and again whenever a lookup misses and the store has changed since
// (one cheap query per miss), so a definition imported with the objects it
// marks is known as soon as they are.
type Markings struct {
	src MarkingSource

	mu     sync.RWMutex
	defs   map[string]Level
	seq    int64
	loaded bool
}

// NewMarkings returns a resolver over src.
func NewMarkings(src MarkingSource) *Markings { return &Markings{src: src} }

// MarkingLevel implements MarkingResolver.
func (m *Markings) MarkingLevel(id string) (Level, bool) {
	id = strings.ToLower(id)
	m.mu.RLock()
	l, ok := m.defs[id]
	m.mu.RUnlock()
	if ok {
		return l, true
	}
	ctx := context.Background()
	seq, err := m.src.LastSeq(ctx)
	if err != nil {
		return Unknown, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.loaded || seq != m.seq {
		objs, err := m.src.Objects(ctx, telltale.ObjectFilter{Types: []string{"marking-definition"}, IncludeRevoked: true})
		if err != nil {
			return Unknown, false
		}
		defs := make(map[string]Level, len(objs))
		for _, o := range objs {
			defs[strings.ToLower(o.ID)] = DefinitionLevel(o.Raw)
		}
		m.defs, m.seq, m.loaded = defs, seq, true
	}
	l, ok = m.defs[id]
	return l, ok
}

// DefinitionLevel returns the level a marking definition (given as its
// JSON) sets on the objects it marks: a TLP 2.0 definition (the TLP 2.0
// extension's tlp_2_0) or a TLP 1.0 one (definition_type "tlp") its level,
// a statement Clear, anything else — another kind of marking, a
// definition that says two different things, unreadable JSON — Unknown.
func DefinitionLevel(raw []byte) Level {
	keys, ok := foldedKeys(raw)
	if !ok {
		return Unknown
	}
	one := func(k string) (json.RawMessage, bool) {
		v := keys[k]
		if len(v) != 1 {
			return nil, len(v) == 0
		}
		return v[0], true
	}
	dtRaw, ok1 := one("definition_type")
	defRaw, ok2 := one("definition")
	extRaw, ok3 := one("extensions")
	if !ok1 || !ok2 || !ok3 {
		return Unknown // the same property twice: which one a consumer reads is anybody's guess
	}
	level, found := Clear, false
	if extRaw != nil {
		exts, ok := foldedKeys(extRaw)
		if !ok {
			return Unknown
		}
		for _, e := range exts[TLP2Extension] {
			l, ok := levelIn(e, "tlp_2_0")
			if !ok {
				return Unknown
			}
			level, found = max(level, l), true
		}
	}
	var dt string
	if dtRaw != nil && json.Unmarshal(dtRaw, &dt) != nil {
		return Unknown
	}
	switch strings.ToLower(dt) {
	case "tlp":
		l, ok := levelIn(defRaw, "tlp")
		if !ok || l == AmberStrict { // TLP 1.0 has no AMBER+STRICT
			return Unknown
		}
		level, found = max(level, l), true
	case "statement":
		found = true
	case "":
	default:
		return Unknown
	}
	if !found {
		return Unknown
	}
	return level
}

// levelIn is the TLP level the one property key of the object raw names
// (keys matched as foldedKeys does); false when raw is not an object, has
// key other than once, or names no level.
func levelIn(raw []byte, key string) (Level, bool) {
	props, ok := foldedKeys(raw)
	if !ok || len(props[key]) != 1 {
		return Unknown, false
	}
	var name string
	if json.Unmarshal(props[key][0], &name) != nil {
		return Unknown, false
	}
	l, err := ParseLevel(name)
	return l, err == nil
}

// foldedKeys reads a JSON object's members by lower-case key, keeping
// every occurrence.
func foldedKeys(raw []byte) (map[string][]json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	out := map[string][]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		k := strings.ToLower(key)
		out[k] = append(out[k], v)
	}
	return out, true
}
