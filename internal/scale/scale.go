package scale

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Options say what to write.
type Options struct {
	// N is the number of objects in the bundle.
	N int
	// Seed chooses the data set; the same seed and N write the same bytes.
	Seed uint64
	// IntrusionSets and Malware are the ids indicators indicate, most
	// referenced first (ReadAttack orders them by ATT&CK id). Both must be
	// non-empty.
	IntrusionSets []string
	Malware       []string
	// Sectors are the identity ids intrusion sets target.
	Sectors []string
	// Progress, when set, is called every ProgressEvery objects (and at
	// the end) with the objects written so far.
	Progress func(objects int)
}

// ProgressEvery is how often Options.Progress is called.
const ProgressEvery = 10_000

// Counts say what a bundle holds.
type Counts struct {
	Objects       int            `json:"objects"`
	Identities    int            `json:"identities"`
	Indicators    map[string]int `json:"indicators"` // by kind: ipv4, domain, url, sha256, md5
	Observables   int            `json:"observables"`
	Indicates     int            `json:"indicates"`
	Targets       int            `json:"targets"`
	Sightings     int            `json:"sightings"`
	LaterVersions int            `json:"later_versions"` // indicators written again with a newer modified
}

// The mix of one indicator's group of objects: the indicator, then with
// these probabilities its observable, an indicates relationship, a
// sighting, a targets relationship of some intrusion set, and a later
// version of the indicator written versionLag groups earlier. About 37% of
// the objects are indicators and 3% later versions.
const (
	pObservable = 0.6
	pIndicates  = 0.9
	pSighting   = 0.15
	pTargets    = 0.02
	pVersion    = 0.08
	versionLag  = 100
	sensors     = 20
)

// Indicator kinds, with their share of indicators (IPv4 addresses lead
// public feeds, then domains, URLs and file hashes).
var kinds = []struct {
	name  string
	share float64
}{{"ipv4", 0.40}, {"domain", 0.25}, {"url", 0.20}, {"sha256", 0.12}, {"md5", 0.03}}

var (
	base   = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	words  = strings.Fields("cloud secure update mail portal cdn login data sync auth service news office web api static files support account verify micro net host link")
	tlds   = strings.Fields("com net org info xyz top ru io biz online")
	paths  = strings.Fields("index.php wp-admin/admin.php gate.php download update.bin login images/logo.png api/v1/check panel/connect.php")
	feedID = stix.IdentityID("Telltale synthetic feed", "organization")
	idNS   = [16]byte{0x6b, 0x1e, 0x52, 0x0d, 0x3c, 0x4f, 0x4a, 0x8e, 0x9d, 0x21, 0x5a, 0x77, 0x10, 0xc2, 0x8b, 0x44}
)

func sensorID(i int) string {
	return stix.IdentityID(fmt.Sprintf("Synthetic sensor %02d", i), "organization")
}

// Write writes the bundle of opts to w and says what it holds.
func Write(w io.Writer, opts Options) (Counts, error) {
	if len(opts.IntrusionSets) == 0 || len(opts.Malware) == 0 || len(opts.Sectors) == 0 {
		return Counts{}, errors.New("scale: intrusion sets, malware and sectors are all needed")
	}
	g := &gen{opts: opts, c: Counts{Indicators: map[string]int{}}}
	g.bw = stix.NewBundleWriterID(w, "bundle--"+stix.UUIDv5(idNS, fmt.Appendf(nil, "bundle/%d/%d", opts.Seed, opts.N)))
	g.put(identity(feedID, "Telltale synthetic feed", "organization"))
	for i := range sensors {
		g.put(identity(sensorID(i), fmt.Sprintf("Synthetic sensor %02d", i), "organization"))
	}
	g.c.Identities = g.c.Objects
	for k := 0; g.c.Objects < opts.N && g.err == nil; k++ {
		g.group(k)
	}
	if g.err != nil {
		return g.c, g.err
	}
	if opts.Progress != nil {
		opts.Progress(g.c.Objects)
	}
	return g.c, g.bw.Close()
}

type gen struct {
	opts Options
	bw   *stix.BundleWriter
	c    Counts
	err  error
}

// put writes one object unless the bundle is full.
func (g *gen) put(v any) bool {
	if g.err != nil || g.c.Objects >= g.opts.N {
		return false
	}
	raw, err := json.Marshal(v)
	if err == nil {
		err = g.bw.Write(raw)
	}
	if err != nil {
		g.err = err
		return false
	}
	g.c.Objects++
	if g.opts.Progress != nil && g.c.Objects%ProgressEvery == 0 {
		g.opts.Progress(g.c.Objects)
	}
	return true
}

// rng is the random source of group k: everything about the group comes
// from it, in a fixed order.
func (g *gen) rng(k int) *rand.Rand {
	return rand.New(rand.NewPCG(g.opts.Seed, uint64(k)))
}

// group writes indicator k and what comes with it.
func (g *gen) group(k int) {
	r := g.rng(k)
	ind, sco := g.indicator(k, r)
	if g.put(ind) {
		g.c.Indicators[ind.kind]++
	}
	// Draw every choice whether or not it is taken, so group k's objects
	// do not depend on which of them the bundle had room for.
	wantSCO, wantRel, wantSight, wantTgt, wantVer := r.Float64() < pObservable, r.Float64() < pIndicates,
		r.Float64() < pSighting, r.Float64() < pTargets, r.Float64() < pVersion
	target := g.indicated(r)
	sensor, count, actor, sector := r.IntN(sensors), 1+r.IntN(20), pick(r, g.opts.IntrusionSets), g.opts.Sectors[r.IntN(len(g.opts.Sectors))]
	ts := stix.FormatTime(at(k))
	if wantSCO && g.put(sco) {
		g.c.Observables++
	}
	if wantRel && g.put(relationship{common: header("relationship", g.id("relationship", "indicates", k), ts, ts), RelationshipType: "indicates", SourceRef: ind.ID, TargetRef: target}) {
		g.c.Indicates++
	}
	if wantSight && g.put(sighting{common: header("sighting", g.id("sighting", "sighting", k), ts, ts), FirstSeen: ts, LastSeen: stix.FormatTime(at(k).Add(time.Duration(count) * time.Hour)),
		Count: count, SightingOfRef: ind.ID, WhereSightedRefs: []string{sensorID(sensor)}}) {
		g.c.Sightings++
	}
	if wantTgt && g.put(relationship{common: header("relationship", g.id("relationship", "targets", k), ts, ts), RelationshipType: "targets", SourceRef: actor, TargetRef: sector}) {
		g.c.Targets++
	}
	if wantVer && k >= versionLag {
		// The feed lowers its confidence in an older indicator and lets
		// it expire: a new version with a newer modified.
		old, _ := g.indicator(k-versionLag, g.rng(k-versionLag))
		mod := at(k)
		old.Modified = stix.FormatTime(mod)
		old.Confidence = old.Confidence / 2
		old.ValidUntil = stix.FormatTime(mod.Add(24 * time.Hour))
		if g.put(old) {
			g.c.LaterVersions++
		}
	}
}

// at is when group k was published: one group every 30 seconds.
func at(k int) time.Time { return base.Add(time.Duration(k) * 30 * time.Second) }

func (g *gen) id(typ, what string, k int) string {
	return typ + "--" + stix.UUIDv5(idNS, fmt.Appendf(nil, "%d/%s/%d", g.opts.Seed, what, k))
}

// pick chooses from list, favouring its head: the share of the first x of
// the list is x^(1/3), so the first 1% gets a fifth of the picks, as a few
// well-known actors get most of a feed's indicators.
func pick(r *rand.Rand, list []string) string {
	u := r.Float64()
	return list[int(float64(len(list))*u*u*u)]
}

// indicated is the target of group k's indicates relationship: an
// intrusion set or, less often, a malware family.
func (g *gen) indicated(r *rand.Rand) string {
	if r.Float64() < 0.6 {
		return pick(r, g.opts.IntrusionSets)
	}
	return pick(r, g.opts.Malware)
}

// indicator returns indicator k (first version) and its observable. Values
// are unique per k, so no two indicators or observables collide.
func (g *gen) indicator(k int, r *rand.Rand) (*indicator, any) {
	kind := kinds[len(kinds)-1].name
	u := r.Float64()
	for _, c := range kinds {
		if u < c.share {
			kind = c.name
			break
		}
		u -= c.share
	}
	suffix := strconv.FormatUint(uint64(k)*0x9e3779b1%(1<<40), 36)
	var pattern, name string
	var sco any
	switch kind {
	case "ipv4":
		// Multiplying by an odd constant permutes the 32-bit space.
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], uint32(k)*2654435761+uint32(g.opts.Seed))
		name = fmt.Sprintf("%d.%d.%d.%d", b[0], b[1], b[2], b[3])
		pattern = "[ipv4-addr:value = '" + name + "']"
		sco = valueSCO("ipv4-addr", name)
	case "domain":
		name = words[r.IntN(len(words))] + "-" + words[r.IntN(len(words))] + "-" + suffix + "." + tlds[r.IntN(len(tlds))]
		pattern = "[domain-name:value = '" + name + "']"
		sco = valueSCO("domain-name", name)
	case "url":
		scheme := "http"
		if r.IntN(2) == 0 {
			scheme = "https"
		}
		name = scheme + "://" + words[r.IntN(len(words))] + suffix + "." + tlds[r.IntN(len(tlds))] + "/" + paths[r.IntN(len(paths))]
		pattern = "[url:value = '" + name + "']"
		sco = valueSCO("url", name)
	default:
		seed := fmt.Appendf(nil, "%d/file/%d", g.opts.Seed, k)
		algo, sum := "SHA-256", sha256.Sum256(seed)
		name = hex.EncodeToString(sum[:])
		pattern = "[file:hashes.'SHA-256' = '" + name + "']"
		if kind == "md5" {
			m := md5.Sum(seed)
			algo, name = "MD5", hex.EncodeToString(m[:])
			pattern = "[file:hashes.MD5 = '" + name + "']"
		}
		hashes := map[string]string{algo: name}
		sco = fileSCO{Type: "file", SpecVersion: "2.1", Hashes: hashes,
			ID: stix.DeterministicID("file", map[string]any{"hashes": hashes})}
	}
	ts := stix.FormatTime(at(k))
	return &indicator{
		kind: kind, common: header("indicator", g.id("indicator", "indicator", k), ts, ts), Name: name,
		IndicatorTypes: []string{"malicious-activity"}, Pattern: pattern, PatternType: "stix",
		ValidFrom: ts, Confidence: 50 + r.IntN(51),
	}, sco
}

// ReadAttack reads an ATT&CK bundle and returns the ids of its intrusion
// sets and malware that are neither revoked nor deprecated, each in ATT&CK
// id order (G0007 before G0016), which Write's skew makes the most
// indicated.
func ReadAttack(r io.Reader) (sets, malware []string, err error) {
	type entry struct{ attackID, id string }
	var gs, ss []entry
	d := stix.NewDecoder(r)
	for {
		raw, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		o, err := stix.Parse(raw)
		if err != nil {
			return nil, nil, err
		}
		if (o.Type != "intrusion-set" && o.Type != "malware") || o.Revoked || o.Deprecated {
			continue
		}
		e := entry{id: o.ID}
		for _, ref := range o.ExternalReferences {
			if ref.SourceName == "mitre-attack" {
				e.attackID = ref.ExternalID
			}
		}
		if o.Type == "intrusion-set" {
			gs = append(gs, e)
		} else {
			ss = append(ss, e)
		}
	}
	for _, l := range [][]entry{gs, ss} {
		slices.SortFunc(l, func(a, b entry) int { return strings.Compare(a.attackID+a.id, b.attackID+b.id) })
	}
	for _, e := range gs {
		sets = append(sets, e.id)
	}
	for _, e := range ss {
		malware = append(malware, e.id)
	}
	if len(sets) == 0 || len(malware) == 0 {
		return nil, nil, errors.New("scale: no intrusion sets or no malware in the ATT&CK bundle")
	}
	return sets, malware, nil
}

// common are the properties every object but an observable has.
type common struct {
	Type         string `json:"type"`
	SpecVersion  string `json:"spec_version"`
	ID           string `json:"id"`
	CreatedByRef string `json:"created_by_ref,omitempty"`
	Created      string `json:"created"`
	Modified     string `json:"modified"`
}

func header(typ, id, created, modified string) common {
	by := feedID
	if typ == "identity" {
		by = ""
	}
	return common{Type: typ, SpecVersion: "2.1", ID: id, CreatedByRef: by, Created: created, Modified: modified}
}

type identityObj struct {
	common
	Name          string `json:"name"`
	IdentityClass string `json:"identity_class"`
}

func identity(id, name, class string) identityObj {
	ts := stix.FormatTime(base)
	return identityObj{common: header("identity", id, ts, ts), Name: name, IdentityClass: class}
}

type indicator struct {
	kind string
	common
	Name           string   `json:"name"`
	IndicatorTypes []string `json:"indicator_types"`
	Pattern        string   `json:"pattern"`
	PatternType    string   `json:"pattern_type"`
	ValidFrom      string   `json:"valid_from"`
	ValidUntil     string   `json:"valid_until,omitempty"`
	Confidence     int      `json:"confidence"`
}

type valueObj struct {
	Type        string `json:"type"`
	SpecVersion string `json:"spec_version"`
	ID          string `json:"id"`
	Value       string `json:"value"`
}

// valueSCO is an observable identified by its value (ipv4-addr,
// domain-name, url), with the id STIX 2.1 derives from it.
func valueSCO(typ, value string) valueObj {
	return valueObj{Type: typ, SpecVersion: "2.1", ID: stix.DeterministicID(typ, map[string]any{"value": value}), Value: value}
}

type fileSCO struct {
	Type        string            `json:"type"`
	SpecVersion string            `json:"spec_version"`
	ID          string            `json:"id"`
	Hashes      map[string]string `json:"hashes"`
}

type relationship struct {
	common
	RelationshipType string `json:"relationship_type"`
	SourceRef        string `json:"source_ref"`
	TargetRef        string `json:"target_ref"`
}

type sighting struct {
	common
	FirstSeen        string   `json:"first_seen"`
	LastSeen         string   `json:"last_seen"`
	Count            int      `json:"count"`
	SightingOfRef    string   `json:"sighting_of_ref"`
	WhereSightedRefs []string `json:"where_sighted_refs"`
}

// AttackOptions returns the options for n objects with the given seed whose
// indicators point at the ATT&CK bundle in attackPath and whose targeting
// points at every sector of the taxonomy.
func AttackOptions(attackPath string, n int, seed uint64) (Options, error) {
	f, err := os.Open(attackPath)
	if err != nil {
		return Options{}, err
	}
	defer f.Close()
	sets, malware, err := ReadAttack(f)
	if err != nil {
		return Options{}, fmt.Errorf("%s: %w", attackPath, err)
	}
	var sectors []string
	for _, s := range knowledge.Sectors() {
		sectors = append(sectors, s.ID)
	}
	return Options{N: n, Seed: seed, IntrusionSets: sets, Malware: malware, Sectors: sectors}, nil
}

// FirstIndicatorName is the value (the name) of the first indicator of the
// given kind (ipv4, domain, url, sha256, md5) Write writes with opts: a
// value benchmarks can search for.
func FirstIndicatorName(opts Options, kind string) string {
	g := &gen{opts: opts}
	for k := 0; k < opts.N; k++ {
		if ind, _ := g.indicator(k, g.rng(k)); ind.kind == kind {
			return ind.Name
		}
	}
	return ""
}
