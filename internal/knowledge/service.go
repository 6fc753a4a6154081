package knowledge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Store is what the knowledge layer reads: the object service plus the
// name index of objects of some types and a cheap change marker.
type Store interface {
	telltale.ObjectService
	NamesOfTypes(ctx context.Context, types []string) ([]*telltale.Name, error)
	// LastSeq is the sequence number of the newest stored version; it
	// changes whenever anything is imported.
	LastSeq(ctx context.Context) (int64, error)
}

// Service computes actor clusters, sector landscapes and their exports
// from the store. It keeps one computed snapshot of the knowledge and
// recomputes it when the store has changed since.
type Service struct {
	store Store
	opts  Options

	// compute is held while a base or a snapshot is computed, which takes
	// seconds on large stores; mu guards the fields below and is held
	// only to read or set them, so that a reader the persisted cache can
	// answer never waits for a computation (cache.go).
	compute sync.Mutex
	mu      sync.Mutex
	base    *base
	snaps   map[string]*snapshot // by viewer key; allKey for the unfiltered one
	stored  *storedMarks         // what the cached views were computed from (cache.go)
}

var _ telltale.KnowledgeService = (*Service)(nil)

// New returns a knowledge service reading from st, showing everything.
func New(st Store) *Service { return &Service{store: st} }

// NewWithOptions returns a knowledge service reading from st that filters
// what each caller sees.
func NewWithOptions(st Store, opts Options) *Service { return &Service{store: st, opts: opts} }

// snapshotTypes are the object types the domain views are computed from.
var snapshotTypes = []string{
	"intrusion-set", "threat-actor", "campaign", "malware", "tool", "attack-pattern",
	"course-of-action", "identity", "location", "report", "x-mitre-tactic", "x-mitre-matrix", "note",
}

// provenanceRels are the relationship types whose own objects (creator,
// references, confidence) are read, because their sources are shown.
// ("related-to" for the same-as claims of reports.)
var provenanceRels = []string{"targets", "originates-from", "attributed-to", "related-to", "x-telltale-same-as", "x-telltale-distinct-from"}

// node is what the views need of one object.
type node struct {
	ID                 string                   `json:"id"`
	Type               string                   `json:"type"`
	Name               string                   `json:"name"`
	Description        string                   `json:"description"`
	CreatedByRef       string                   `json:"created_by_ref"`
	Modified           string                   `json:"modified"`
	Aliases            []string                 `json:"aliases"`
	FirstSeen          string                   `json:"first_seen"`
	LastSeen           string                   `json:"last_seen"`
	Published          string                   `json:"published"`
	PrimaryMotivation  string                   `json:"primary_motivation"`
	Country            string                   `json:"country"`
	Region             string                   `json:"region"`
	IdentityClass      string                   `json:"identity_class"`
	SectorKey          string                   `json:"x_telltale_sector_key"`
	ObjectRefs         []string                 `json:"object_refs"`
	ObjectMarkingRefs  []string                 `json:"object_marking_refs"`
	ExternalReferences []stix.ExternalReference `json:"external_references"`
	KillChainPhases    []struct {
		KillChainName string `json:"kill_chain_name"`
		PhaseName     string `json:"phase_name"`
	} `json:"kill_chain_phases"`
	Shortname      string                `json:"x_mitre_shortname"`
	TacticRefs     []string              `json:"tactic_refs"`
	IsSubtechnique bool                  `json:"x_mitre_is_subtechnique"`
	Domains        []string              `json:"x_mitre_domains"`
	Confidence     int                   `json:"confidence"`
	FromDesc       bool                  `json:"x_telltale_from_description"`
	Status         string                `json:"x_telltale_status"` // reports: "draft" until accepted
	AliasClaims    []telltale.AliasClaim `json:"x_telltale_alias_claims"`
	ReportRef      string                `json:"x_telltale_report_ref"` // relationships made from a report
	Content        string                `json:"content"`               // notes
	Polarity       string                `json:"x_telltale_polarity"`   // notes keeping a claim
	ClaimBy        string                `json:"x_telltale_claim_by"`
	Relation       string                `json:"x_telltale_relation"` // the claim's relation (same-as, part-of...)
	MISPMotives    []string              `json:"x_misp_motivations"`  // actors: the galaxy's own words (motivation.go)
	Labels         []string              `json:"labels"`

	// Relationship objects.
	RelationshipType string `json:"relationship_type"`
	SourceRef        string `json:"source_ref"`
	TargetRef        string `json:"target_ref"`

	mitreID string        // ATT&CK id from the external references
	url     string        // first reference URL
	cited   string        // actors: what url points at (citedName)
	mark    telltale.Mark // the object's marking, as Options.Mark read it
	facts   bundleFacts   // what sector bundles need of it (bundle_ids.go)
}

// snapshot is the knowledge computed from one state of the store.
type snapshot struct {
	seq      int64
	nodes    map[string]*node
	held     map[string]*node // every node of the base, nodes those the viewer sees
	bySource map[string][]*telltale.Relationship
	byTarget map[string][]*telltale.Relationship
	relNodes map[string]*node            // relationship objects with provenance
	relFacts map[string]bundleFacts      // every relationship read, the viewer's or not (bundle_ids.go)
	relMarks map[string]telltale.Mark    // and its mark, when marks are read
	names    map[string][]*telltale.Name // object id → its names
	sectorOf map[string]string           // identity id → sector key
	display  map[string]string           // folded key → a spelling of it
	reports  map[string][]string         // object id → accepted reports that refer to it
	notes    map[string][]string         // object id → notes keeping claims about it
	tactics  []string                    // ATT&CK tactic shortnames in matrix order

	clusters   []*cluster
	clusterOf  map[string]*cluster   // member id → cluster
	byKey      map[string][]*cluster // every name of every member
	attackKey  map[string]*cluster   // names ATT&CK gives one group → its cluster
	attackOf   map[string]*node      // names ATT&CK gives one group → the group
	primaryKey map[string][]*cluster // members' own names → their clusters
	conflicts  []telltale.Conflict

	campaignLike map[string]bool  // intrusion sets and threat actors that are campaigns
	campaignOf   map[string]*node // such an object → the campaign object of its name

	mu         sync.Mutex
	landscapes map[string]*telltale.Landscape
	actors     map[string]*telltale.Actor
	lists      map[string][]telltale.ListRow // by kind (lists.go)
	sectors    []telltale.SectorSummary      // every sector with its attacker count (Sectors)
	dict       telltale.Dictionary
	reader     telltale.TextReader // Options.Reader

	suggestOnce sync.Once
	suggestIx   *suggestIndex       // actor profiles for suggestions (suggest.go)
	revokedTech map[string]string   // revoked ATT&CK technique id → its replacement's object id
	relCVEs     map[string][]string // relationship id → CVEs its description names (suggest_knowledge.go)
}

// Viewer says who is asking: a key under which what they may see is
// cached (equal keys see equal objects) and a test of an object's mark.
// A nil test sees everything.
type Viewer func(ctx context.Context) (key string, sees func(telltale.Mark) bool)

// Options tune a Service.
type Options struct {
	// Mark reads the mark of an object from its JSON, once per object and
	// store state, for Viewer's test (telltale.MarkWith with the store's
	// marking definitions, as internal/app sets it). Nil: no mark is
	// read; Viewer's test gets the zero Mark (TLP:CLEAR) for objects, and
	// relationships and exported objects are not tested.
	Mark func(raw []byte) telltale.Mark
	// Viewer filters every view by what the caller may see: hidden
	// objects and relationships are left out of clusters, counts, rows,
	// exports and dictionaries alike.
	Viewer Viewer
	// Reader is the extractor (internal/extract's Reader) that reads texts
	// for suggestions with the dictionary of the knowledge (Dictionary).
	// Without one, Dictionary fails and suggestions read texts as empty.
	Reader telltale.TextReader
}

// maxViewerSnapshots bounds how many viewers' snapshots are kept at once.
const maxViewerSnapshots = 8

// base is what one state of the store holds, read once and shared by the
// snapshots of every viewer.
type base struct {
	seq   int64
	nodes map[string]*node
	// all are the current relationships between objects of the views'
	// types, ordered by id; rels those of them both of whose ends nodes
	// holds.
	all      []*telltale.Relationship
	rels     []*telltale.Relationship
	relMarks map[string]telltale.Mark // relationship id → mark, when marks are read
	relNodes map[string]*node
	// relFacts are what sector bundles need of the relationships read
	// (relMarks' and relNodes'), by id (bundle_ids.go).
	relFacts map[string]bundleFacts
	names    []*telltale.Name
	// revokedTech serves the suggestions (suggest_knowledge.go).
	revokedTech map[string]string // revoked ATT&CK technique id → its replacement's object id
	// relCVEs serves them too: the CVEs an actor's or a campaign's "uses"
	// relationship names in its description, by relationship id.
	relCVEs map[string][]string
	// marks are the distinct marks of nodes and relMarks, markIDs an
	// object of each (the smallest id): a viewer whose test passes every
	// one sees all of the base (seesAll).
	marks   []telltale.Mark
	markIDs []string
}

// allKey names the snapshot of every viewer who sees all of the base: the
// unfiltered one, which they share.
const allKey = "\x00all"

// current returns the snapshot of the store as it is now for the caller,
// computing a new one when the store changed.
func (s *Service) current(ctx context.Context) (*snapshot, error) {
	key, sees := s.viewer(ctx)
	return s.snapshotFor(ctx, key, sees)
}

// snapshotFor returns the snapshot of the store as it is now for the
// viewer (key, sees).
func (s *Service) snapshotFor(ctx context.Context, key string, sees func(telltale.Mark) bool) (*snapshot, error) {
	ctx = s.pinReads(ctx)
	seq, err := s.store.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	if snap := s.warm(seq, key, sees); snap != nil {
		return snap, nil
	}
	s.compute.Lock()
	defer s.compute.Unlock()
	if snap := s.warm(seq, key, sees); snap != nil {
		return snap, nil // computed while this caller waited
	}
	s.mu.Lock()
	b := s.base
	s.mu.Unlock()
	if b == nil || b.seq != seq {
		if b, err = nextBase(ctx, s.store, b, seq, s.opts.Mark); err != nil {
			return nil, err
		}
		s.mu.Lock()
		s.base, s.snaps = b, map[string]*snapshot{}
		s.mu.Unlock()
	}
	if b.seesAll(sees) {
		key, sees = allKey, nil // the same snapshot as the unfiltered one
	}
	snap := derive(b, sees)
	snap.reader = s.opts.Reader
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.snaps) >= maxViewerSnapshots {
		// Many distinct viewers: start over rather than grow without
		// bound (each snapshot is some tens of MB on large stores).
		s.snaps = map[string]*snapshot{}
	}
	s.snaps[key] = snap
	return snap, nil
}

// pinReads makes the reads of one computation come from one server when
// the store sends reads to a replica (store.DB.PinReads): the sequence
// number a snapshot is stamped with and the objects it is read from are
// then of one state of the store, never a primary's number over a lagging
// replica's objects.
func (s *Service) pinReads(ctx context.Context) context.Context {
	if p, ok := s.store.(interface {
		PinReads(context.Context) context.Context
	}); ok {
		return p.PinReads(ctx)
	}
	return ctx
}

// viewer returns the caller's viewer key and test (nil: sees everything).
func (s *Service) viewer(ctx context.Context) (string, func(telltale.Mark) bool) {
	if s.opts.Viewer == nil {
		return "", nil
	}
	return s.opts.Viewer(ctx)
}

// sees returns the caller's test of a stored object's JSON: whether its
// marking lets the caller see it.
func (s *Service) sees(ctx context.Context) func(raw []byte) bool {
	_, test := s.viewer(ctx)
	if test == nil || s.opts.Mark == nil {
		return func([]byte) bool { return true }
	}
	return func(raw []byte) bool { return test(s.opts.Mark(raw)) }
}

// warm returns the snapshot in memory of the store at seq for the viewer
// (key, sees), nil when none was computed yet.
func (s *Service) warm(seq int64, key string, sees func(telltale.Mark) bool) *snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.base == nil || s.base.seq != seq {
		return nil
	}
	if snap := s.snaps[key]; snap != nil {
		return snap
	}
	if s.base.seesAll(sees) {
		return s.snaps[allKey]
	}
	return nil
}

// seesAll reports whether a viewer who passes sees (nil: everything) sees
// every object and relationship of b: its snapshot is then the unfiltered
// one.
func (b *base) seesAll(sees func(telltale.Mark) bool) bool {
	if sees == nil {
		return true
	}
	for _, m := range b.marks {
		if !sees(m) {
			return false
		}
	}
	return true
}

// Warm computes the unfiltered snapshot of the store as it is now, which
// every viewer who sees all of it shares (a server's start), and its
// actors' views, which the landscapes, the actor pages and the sector
// bundles (TAXII's sector collections) read: the first of those after
// the start need not compute them.
func (s *Service) Warm(ctx context.Context) error {
	snap, err := s.snapshotFor(ctx, allKey, nil)
	if err != nil {
		return err
	}
	for _, c := range snap.clusters {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		snap.cachedActor(c)
	}
	return nil
}

// Refresh recomputes the snapshot now (after an import, so the first
// reader does not pay for it).
func (s *Service) Refresh(ctx context.Context) error {
	_, err := s.current(ctx)
	return err
}

// loadBase reads what the views are computed from.
func loadBase(ctx context.Context, st Store, seq int64, mark func([]byte) telltale.Mark) (*base, error) {
	b := &base{seq: seq, nodes: map[string]*node{}}
	// Only relationships between objects of the views' types: a feed's
	// millions of relationships from indicators are never read. They are
	// read while the objects are read and parsed.
	var relErr error
	relsRead := make(chan struct{})
	go func() {
		defer close(relsRead)
		b.all, relErr = st.Relationships(ctx, telltale.RelationshipFilter{SourceTypes: snapshotTypes, TargetTypes: snapshotTypes})
	}()
	objs, err := st.Objects(ctx, telltale.ObjectFilter{Types: snapshotTypes})
	if err != nil {
		<-relsRead
		return nil, fmt.Errorf("load knowledge: %w", err)
	}
	for _, n := range readNodes(objs, mark) {
		b.nodes[n.ID] = n
	}
	if <-relsRead; relErr != nil {
		return nil, fmt.Errorf("load relationships: %w", relErr)
	}
	if err := b.keepRelationships(ctx, st, mark, nil); err != nil {
		return nil, err
	}
	return b, b.finish(ctx, st)
}

// readNodes reads the nodes of objs (readNode) on as many goroutines as
// there are processors; those that do not parse are left out.
func readNodes(objs []*telltale.Object, mark func([]byte) telltale.Mark) []*node {
	nodes := make([]*node, len(objs))
	parallel(len(objs), func(i int) { nodes[i] = readNode(objs[i], mark) })
	return slices.DeleteFunc(nodes, func(n *node) bool { return n == nil })
}

// readNode is what the views keep of a stored object; nil when it does
// not parse (stored objects were validated: nothing odd is kept).
func readNode(o *telltale.Object, mark func([]byte) telltale.Mark) *node {
	raw := o.Raw
	n, err := parseNode(raw)
	if err != nil {
		return nil
	}
	n.facts = readFacts(o)
	if mark != nil {
		n.mark = mark(raw)
	}
	if n.Type != "intrusion-set" && n.Type != "threat-actor" {
		// Only actors' prose and claims are shown, and software's
		// prose is read for the actors it names (suggest.go); the
		// rest of what a long-lived server keeps in memory stays small.
		if n.Type != "malware" && n.Type != "tool" {
			n.Description = ""
		}
		n.AliasClaims, n.Labels, n.MISPMotives = nil, nil, nil
	} else if n.url != "" {
		n.cited = citedName(n.url)
	}
	n.ExternalReferences = nil // mitreID and url are kept
	return n
}

// keepRelationships sets b.rels to the relationships of b.all both of
// whose ends b holds (an end revoked, deprecated or of no interest leaves
// it out), and reads the marks and, for provenanceRels, the objects of
// those kept, and for an actor's or a campaign's "uses" the CVEs its
// description names (relCVEs). Those prev kept are taken from prev (nil: read them all).
func (b *base) keepRelationships(ctx context.Context, st Store, mark func([]byte) telltale.Mark, prev *keptRels) error {
	b.rels, b.relNodes, b.relCVEs, b.relFacts = nil, map[string]*node{}, map[string][]string{}, map[string]bundleFacts{}
	if mark != nil {
		b.relMarks = map[string]telltale.Mark{}
	}
	var read []string
	prov, uses, rel := map[string]bool{}, map[string]bool{}, map[string]*telltale.Relationship{}
	for _, r := range b.all {
		if b.nodes[r.Source] == nil || b.nodes[r.Target] == nil {
			continue
		}
		b.rels = append(b.rels, r)
		if prev != nil && prev.ids[r.ID] {
			if m, ok := prev.marks[r.ID]; ok && b.relMarks != nil {
				b.relMarks[r.ID] = m
			}
			if n := prev.nodes[r.ID]; n != nil {
				b.relNodes[r.ID] = n
			}
			if v := prev.cves[r.ID]; v != nil {
				b.relCVEs[r.ID] = v
			}
			if f, ok := prev.facts[r.ID]; ok {
				b.relFacts[r.ID] = f
			}
			continue
		}
		// Every kept relationship's marking decides who sees it; only
		// those kept are read: a feed's millions of relationships
		// between indicators and actors are no part of the views.
		prov[r.ID] = slices.Contains(provenanceRels, r.Type)
		uses[r.ID] = actorUses(r)
		if mark != nil || prov[r.ID] || uses[r.ID] {
			read, rel[r.ID] = append(read, r.ID), r
		}
	}
	err := eachBatch(ctx, st, read, false, func(objs []*telltale.Object) {
		got := make([]relRead, len(objs))
		parallel(len(objs), func(i int) {
			o := objs[i]
			got[i] = readRel(o, rel[o.ID], mark, prov[o.ID], uses[o.ID])
		})
		for i, o := range objs {
			g := got[i]
			b.relFacts[o.ID] = g.facts
			if mark != nil {
				b.relMarks[o.ID] = g.mark
			}
			if g.node != nil {
				b.relNodes[g.node.ID] = g.node
			}
			if g.cves != nil {
				b.relCVEs[o.ID] = g.cves
			}
		}
	})
	if err != nil {
		return fmt.Errorf("load relationships: %w", err)
	}
	return nil
}

// relRead is what keepRelationships reads of a kept relationship's object.
type relRead struct {
	facts bundleFacts
	mark  telltale.Mark
	node  *node    // provenance relationships: creator, references, confidence
	cves  []string // an actor's or a campaign's "uses": the CVEs it names
}

// readRel reads the object o of the relationship r (nil: o is not known
// as one, and is read as any object).
func readRel(o *telltale.Object, r *telltale.Relationship, mark func([]byte) telltale.Mark, prov, uses bool) relRead {
	var g relRead
	if r != nil && r.ID == o.ID {
		g.facts = relationshipFacts(o, r)
	} else {
		g.facts = readFacts(o)
	}
	if mark != nil {
		g.mark = mark(o.Raw)
	}
	if prov {
		if n, err := parseNode(o.Raw); err == nil {
			g.node = n
		}
	}
	if uses {
		g.cves = namedCVEs(o.Raw)
	}
	return g
}

// finish reads the names and the revoked techniques of b's objects and
// indexes its marks.
func (b *base) finish(ctx context.Context, st Store) error {
	var err error
	if b.names, err = st.NamesOfTypes(ctx, snapshotTypes); err != nil {
		return fmt.Errorf("load names: %w", err)
	}
	if err := loadRevokedTechniques(ctx, st, b, b.all); err != nil {
		return fmt.Errorf("load revoked techniques: %w", err)
	}
	b.indexMarks()
	return nil
}

// indexMarks lists the distinct marks of b's objects and relationships,
// each with the smallest id that bears it. Marks are told apart by their
// level and recipients, all a viewer's test reads: equal keys are equal
// marks, so no viewer can see one and not the other.
func (b *base) indexMarks() {
	first := map[string]int{}
	add := func(id string, m telltale.Mark) {
		k := fmt.Sprintf("%d %q", m.Level, m.Recipients)
		i, ok := first[k]
		if !ok {
			first[k] = len(b.marks)
			b.marks, b.markIDs = append(b.marks, m), append(b.markIDs, id)
		} else if id < b.markIDs[i] {
			b.markIDs[i] = id
		}
	}
	for id, n := range b.nodes {
		add(id, n.mark)
	}
	for id, m := range b.relMarks {
		add(id, m)
	}
}

// eachObjectOf calls fn with the stored objects of ids, read a window at
// a time, with revoked and deprecated objects too when all is set.
func eachObjectOf(ctx context.Context, st Store, ids []string, all bool, fn func(*telltale.Object)) error {
	return eachBatch(ctx, st, ids, all, func(objs []*telltale.Object) {
		for _, o := range objs {
			fn(o)
		}
	})
}

// eachBatch is eachObjectOf, calling fn with each window's objects.
func eachBatch(ctx context.Context, st Store, ids []string, all bool, fn func([]*telltale.Object)) error {
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		objs, err := st.Objects(ctx, telltale.ObjectFilter{IDs: batch, IncludeRevoked: all})
		if err != nil {
			return err
		}
		fn(objs)
	}
	return nil
}

// derive computes the snapshot a viewer sees (sees nil: everything).
func derive(b *base, sees func(telltale.Mark) bool) *snapshot {
	snap := &snapshot{
		seq:        b.seq,
		nodes:      map[string]*node{},
		held:       b.nodes,
		bySource:   map[string][]*telltale.Relationship{},
		byTarget:   map[string][]*telltale.Relationship{},
		relNodes:   map[string]*node{},
		names:      map[string][]*telltale.Name{},
		sectorOf:   map[string]string{},
		landscapes: map[string]*telltale.Landscape{},
		actors:     map[string]*telltale.Actor{},
		// Read through the replacement, which the viewer must see.
		revokedTech: b.revokedTech,
		relCVEs:     b.relCVEs,
		relFacts:    b.relFacts,
		relMarks:    b.relMarks,
	}
	snap.copyVisible(b, func(m telltale.Mark) bool { return sees == nil || sees(m) })
	snap.indexSectors()
	snap.indexReportsAndNotes()
	snap.tactics = tacticOrder(snap.nodes)
	buildClusters(snap)
	return snap
}

// copyVisible takes from b the objects the viewer sees, the relationships
// between them that it sees, and their names.
func (snap *snapshot) copyVisible(b *base, visible func(telltale.Mark) bool) {
	for id, n := range b.nodes {
		if visible(n.mark) {
			snap.nodes[id] = n
		}
	}
	for _, r := range b.rels {
		if snap.nodes[r.Source] == nil || snap.nodes[r.Target] == nil {
			continue
		}
		if m, ok := b.relMarks[r.ID]; ok && !visible(m) {
			continue
		}
		snap.bySource[r.Source] = append(snap.bySource[r.Source], r)
		snap.byTarget[r.Target] = append(snap.byTarget[r.Target], r)
		if rn := b.relNodes[r.ID]; rn != nil {
			snap.relNodes[r.ID] = rn
		}
	}
	for _, n := range b.names {
		if snap.nodes[n.ObjectID] != nil {
			snap.names[n.ObjectID] = append(snap.names[n.ObjectID], n)
		}
	}
}

// indexSectors maps each sector identity (a class) to its sector: by its
// id, its sector key, or its name.
func (snap *snapshot) indexSectors() {
	for id, n := range snap.nodes {
		if n.Type != "identity" || n.IdentityClass != "class" {
			continue
		}
		if sec, ok := SectorByID(id); ok {
			snap.sectorOf[id] = sec.Key
		} else if sec, ok := SectorByKey(n.SectorKey); ok && n.SectorKey != "" {
			snap.sectorOf[id] = sec.Key
		} else if sec, ok := ResolveSector(n.Name); ok {
			snap.sectorOf[id] = sec.Key
		}
	}
}

// indexReportsAndNotes lists, for each object, the reports (neither draft
// nor rejected) and the notes keeping a claim that refer to it, each list
// sorted by id.
func (snap *snapshot) indexReportsAndNotes() {
	snap.reports = map[string][]string{}
	for id, n := range snap.nodes {
		if n.Type != "report" || n.Status == "draft" || n.Status == "rejected" {
			continue
		}
		for _, ref := range n.ObjectRefs {
			snap.reports[ref] = append(snap.reports[ref], id)
		}
	}
	snap.notes = map[string][]string{}
	for id, n := range snap.nodes {
		if n.Type == "note" && n.Polarity != "" {
			for _, ref := range n.ObjectRefs {
				snap.notes[ref] = append(snap.notes[ref], id)
			}
		}
	}
	// Sorted, as the reports are: the nodes come from a map, and the
	// views that read these lists (origins and their disputes, an actor's
	// claims) must come out the same on every build.
	for _, list := range snap.reports {
		sort.Strings(list)
	}
	for _, list := range snap.notes {
		sort.Strings(list)
	}
}

func parseNode(raw []byte) (*node, error) {
	var n node
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, err
	}
	for _, r := range n.ExternalReferences {
		if mitreSources[r.SourceName] && r.ExternalID != "" && n.mitreID == "" {
			n.mitreID = r.ExternalID
		}
		if r.URL != "" && n.url == "" {
			n.url = r.URL
		}
	}
	return &n, nil
}

// attackDomain names the ATT&CK domain of a technique, tactic or
// mitigation ("enterprise-attack", "mobile-attack", "ics-attack"): the
// domain of its ATT&CK kill chain, else its first x_mitre_domains entry;
// "" when it has neither.
func attackDomain(n *node) string {
	if n == nil {
		return ""
	}
	for _, p := range n.KillChainPhases {
		if d, ok := killChainDomains[p.KillChainName]; ok {
			return d
		}
	}
	if len(n.Domains) > 0 {
		return n.Domains[0]
	}
	return ""
}

var killChainDomains = map[string]string{"mitre-attack": "enterprise-attack", "mitre-mobile-attack": "mobile-attack", "mitre-ics-attack": "ics-attack"}

var mitreSources = map[string]bool{"mitre-attack": true, "mitre-mobile-attack": true, "mitre-ics-attack": true}

// tacticOrder returns tactic shortnames in the order of the Enterprise
// matrix (then any other matrix), falling back to name order.
func tacticOrder(nodes map[string]*node) []string {
	var matrices []*node
	for _, n := range nodes {
		if n.Type == "x-mitre-matrix" {
			matrices = append(matrices, n)
		}
	}
	sort.Slice(matrices, func(i, j int) bool {
		ei, ej := matrices[i].mitreID == "enterprise-attack", matrices[j].mitreID == "enterprise-attack"
		if ei != ej {
			return ei
		}
		return matrices[i].ID < matrices[j].ID
	})
	seen := map[string]bool{}
	var out []string
	for _, m := range matrices {
		for _, ref := range m.TacticRefs {
			if t := nodes[ref]; t != nil && t.Shortname != "" && !seen[t.Shortname] {
				seen[t.Shortname] = true
				out = append(out, t.Shortname)
			}
		}
	}
	var rest []string
	for _, n := range nodes {
		if n.Type == "x-mitre-tactic" && n.Shortname != "" && !seen[n.Shortname] {
			seen[n.Shortname] = true
			rest = append(rest, n.Shortname)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func (snap *snapshot) reportsOf(id string) []string { return snap.reports[id] }

// Tactics returns the ATT&CK tactic shortnames in matrix order, for
// heatmap columns.
func (s *Service) Tactics(ctx context.Context) ([]string, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.tactics, nil
}

// creatorName is the display name of who published an object.
func (snap *snapshot) creatorName(n *node) string {
	if n == nil {
		return ""
	}
	if id := snap.nodes[n.CreatedByRef]; id != nil && id.Name != "" {
		return id.Name
	}
	if n.CreatedByRef == "" || snap.hidden(n.CreatedByRef) {
		// A creator hidden from the viewer is not named, not even by
		// its id.
		return "unattributed"
	}
	return n.CreatedByRef
}

// hidden reports whether id (in any letter case: the same UUID) names an
// object the store holds and the viewer may not see.
func (snap *snapshot) hidden(id string) bool {
	for _, k := range []string{id, strings.ToLower(id)} {
		if snap.held[k] != nil && snap.nodes[k] == nil {
			return true
		}
	}
	return false
}

// source describes the provenance of relationship r.
func (snap *snapshot) source(r *telltale.Relationship) telltale.Source {
	rn := snap.relNodes[r.ID]
	src := telltale.Source{ObjectID: r.ID, Kind: telltale.SourceCurated}
	if rn == nil {
		// Relationship objects not loaded for provenance: credit the
		// publisher of the source object.
		src.Name = snap.creatorName(snap.nodes[r.Source])
		return src
	}
	// A relationship made from an ingested report is backed by that
	// report; one that cites its publisher, by the publisher rather than
	// whoever packaged it.
	if rep := snap.nodes[rn.ReportRef]; rep != nil && rn.ReportRef != "" {
		src.Name, src.URL, src.Kind = rep.Name, rep.url, telltale.SourceReport
		return src
	}
	src.Name = snap.creatorName(rn)
	var attack *stix.ExternalReference // an ATT&CK page it cites
	for i, ref := range rn.ExternalReferences {
		if ref.SourceName != "" && ref.URL != "" && !mitreSources[ref.SourceName] {
			src.Name, src.URL = ref.SourceName, ref.URL
			break
		}
		if mitreSources[ref.SourceName] && ref.URL != "" && attack == nil {
			attack = &rn.ExternalReferences[i]
		}
	}
	if src.URL == "" && attack != nil && rn.CreatedByRef != mitreIdentity {
		// Another's relationship that cites only ATT&CK's page (the
		// starter knowledge's): ATT&CK is the source, the publisher
		// packaged it.
		src.Name, src.URL = strings.TrimSpace("MITRE ATT&CK "+attack.ExternalID)+" (via "+src.Name+")", attack.URL
	}
	if src.URL == "" {
		src.URL = rn.url
	}
	src.Confidence = rn.Confidence
	src.FromDescription = rn.FromDesc
	if rn.FromDesc {
		src.Kind = telltale.SourceDescription
	}
	if src.URL == "" {
		if n := snap.nodes[r.Source]; n != nil && n.url != "" {
			// The relationship cites nothing of its own (a galaxy's
			// targeting): it rests on what the object cites, so name that,
			// and who packaged it.
			cited := n.cited
			if cited == "" {
				cited = citedName(n.url)
			}
			src.URL = n.url
			src.Name = cited + " (via " + src.Name + ")"
		}
	}
	return src
}

// citedName names what a reference URL points at, for a reader: the site
// and the title its address spells ("securelist.com: the naikon apt"), or
// the site and path when the address spells no title. The title is the
// last path segment with letters, or an earlier one written as a slug
// ("winnti-faq-more-than-just-a-game/57585").
func citedName(ref string) string {
	u, err := url.Parse(ref)
	if err != nil || u.Host == "" {
		return ref
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	path := strings.Trim(u.Path, "/")
	segs := strings.Split(path, "/")
	title := ""
	for i := len(segs) - 1; i >= 0 && title == ""; i-- {
		seg := segs[i]
		if ext := strings.LastIndexByte(seg, '.'); ext > 0 && len(seg)-ext <= 5 {
			seg = seg[:ext]
		}
		if !strings.ContainsFunc(seg, unicode.IsLetter) {
			continue
		}
		words := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '+' || r == ' ' })
		if i < len(segs)-1 && len(words) < 2 {
			break // a directory name, no title
		}
		title = strings.Join(words, " ")
	}
	if title == "" {
		if path == "" {
			return host
		}
		return host + "/" + path
	}
	if r := []rune(title); len(r) > 80 {
		title = string(r[:80]) + "…"
	}
	return host + ": " + title
}

// addSource appends src unless an equal source (same publisher and URL)
// is there already.
func addSource(list []telltale.Source, src telltale.Source) []telltale.Source {
	for _, s := range list {
		if s.Name == src.Name && s.URL == src.URL && s.Kind == src.Kind {
			return list
		}
	}
	return append(list, src)
}

func lower(s string) string { return strings.ToLower(s) }
