package misp

import (
	"strconv"
	"strings"

	"github.com/telltale-cti/telltale/internal/stix"
)

// galaxy says how the values of one galaxy type become STIX.
type galaxy struct {
	stixType string // type of the object made from each value ("" for none)
	actor    bool   // values are adversaries: their links point at actors and malware
	convert  func(c *converter, v *value) error
}

// galaxies are the galaxy types Convert knows, by the "type" of the file.
var galaxies = map[string]galaxy{
	"threat-actor":        {stixType: "intrusion-set", actor: true, convert: (*converter).intrusionSet},
	"360net-threat-actor": {stixType: "intrusion-set", actor: true, convert: (*converter).intrusionSet},
	"mitre-intrusion-set": {stixType: "intrusion-set", actor: true, convert: (*converter).attackGroup},
	"malpedia":            {stixType: "malware", convert: (*converter).malware},
	"producer":            {stixType: "identity", convert: (*converter).producer},
	"sector":              {stixType: "identity", convert: (*converter).sector},
	"country":             {stixType: "location", convert: (*converter).country},
}

// converter holds the state of one Convert call.
type converter struct {
	name   string
	emit   func(int, []byte) error
	reject func(*ValueError)
	hdr    header
	gal    galaxy

	started   bool
	n         int             // objects emitted so far
	seen      map[string]bool // ids of shared objects already emitted
	uuids     map[string]int  // uuid → index of the value that had it
	links     []link          // relationships to make once every uuid is known
	lastIndex int
	lastUUID  string
}

// link is a "related" entry waiting for the end of the file, when it is
// known whether its target is a value of the same file.
type link struct {
	index      int
	source     string
	sourceUUID string
	relType    string
	dest       string // uuid, lower-case
	confidence int
}

// start checks the galaxy type and emits the MISP Project identity, once.
func (c *converter) start() error {
	if c.started {
		return nil
	}
	if c.hdr.Type == "" {
		return c.fatalf(`"type": required, names the galaxy of the clusters`)
	}
	g, ok := galaxies[c.hdr.Type]
	if !ok {
		return c.fatalf("galaxy type %q is not supported (supported: 360net-threat-actor, country, malpedia, mitre-intrusion-set, producer, sector, threat-actor)", c.hdr.Type)
	}
	c.gal = g
	c.started = true
	return c.emitObject(mispIdentity())
}

// emitObject encodes o and passes it on.
func (c *converter) emitObject(o stix.Typed) error {
	raw, err := stix.Encoding{NoHTMLEscape: true}.Encode(o)
	if err != nil {
		return err
	}
	return c.emitRaw(raw)
}

func (c *converter) emitRaw(raw []byte) error {
	i := c.n
	c.n++
	return c.emit(i, raw)
}

// emitOnce emits a shared object the first time its id comes up.
func (c *converter) emitOnce(id string, o stix.Typed) error {
	if c.seen[id] {
		return nil
	}
	c.seen[id] = true
	return c.emitObject(o)
}

// value converts one value, or rejects it.
func (c *converter) value(index int, raw []byte) error {
	v, reason := parseValue(raw)
	uuid := ""
	if v != nil {
		uuid = v.UUID
	} else {
		uuid = peekUUID(raw)
	}
	if reason == "" {
		if prev, dup := c.uuids[v.UUID]; dup {
			reason = "duplicate uuid: value " + strconv.Itoa(prev) + " has it too"
		}
	}
	if reason != "" {
		e := &ValueError{File: c.name, Index: index, UUID: uuid, Reason: reason}
		if c.reject == nil {
			return e
		}
		c.reject(e)
		return nil
	}
	v.index = index
	c.uuids[v.UUID] = index
	c.lastIndex, c.lastUUID = index, v.UUID
	return c.gal.convert(c, v)
}

// finish emits the relationships of "related" entries.
func (c *converter) finish() error {
	for _, l := range c.links {
		var target string
		if _, ok := c.uuids[l.dest]; ok {
			target = objectID(c.gal.stixType, l.dest)
		} else if c.gal.actor {
			switch {
			case actorLinks[l.relType]:
				target = objectID("intrusion-set", l.dest)
			case toolLinks[l.relType] && c.hdr.Type != "mitre-intrusion-set":
				target = objectID("malware", l.dest)
			}
		}
		if target == "" || target == l.source {
			continue
		}
		rel := c.relationship(l.relType, l.source, target, l.sourceUUID, l.confidence)
		if err := c.emitOnce(rel.ID, rel); err != nil {
			return err
		}
	}
	return nil
}

// actorLinks are MISP relationship types that join two adversaries;
// toolLinks join an adversary to the software it uses.
var (
	actorLinks = map[string]bool{"similar": true, "overlaps": true, "same-as": true, "linked-to": true,
		"associated-with": true, "part-of": true, "related-to": true, "successor-of": true, "affiliated-with": true}
	toolLinks = map[string]bool{"uses": true, "deploys": true, "delivers": true, "drops": true}
)

// linkRelated queues the "related" entries of v as relationships from id.
func (c *converter) linkRelated(v *value, id string) {
	for _, r := range v.Related {
		t := strings.ToLower(strings.TrimSpace(r.Type))
		if t == "revoked-by" || t == "targets" || !validRelType(t) {
			continue
		}
		c.links = append(c.links, link{index: v.index, source: id, sourceUUID: v.UUID, relType: t,
			dest: r.Dest, confidence: likelihood(r.Tags)})
	}
}

func validRelType(t string) bool {
	if t == "" || t[0] == '-' || t[len(t)-1] == '-' || strings.Contains(t, "--") {
		return false
	}
	for i := 0; i < len(t); i++ {
		if ch := t[i]; !(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-') {
			return false
		}
	}
	return true
}

// objectID is the id of the object made from the value with the given
// uuid: type--uuid when the uuid is a valid STIX one, else a UUIDv5 of it.
func objectID(typ, uuid string) string {
	if stix.CheckID(typ+"--"+uuid) == nil {
		return typ + "--" + uuid
	}
	return stix.DeterministicID(typ, map[string]any{"x_misp_uuid": uuid})
}
