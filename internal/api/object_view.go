package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// ObjectDetail is a stored object with its properties, the objects it
// refers to and the relationships in and out of it, each list one page at
// a time so that a report with 80,000 indicators stays cheap to show.
type ObjectDetail struct {
	// Object is the stored object, complete, as the viewer may see it
	// (without references to objects hidden from them); the API serves
	// it at STIX.
	Object *telltale.Object `json:"-"`
	// Shown is Object as the view carries it: its arrays of more than
	// PropertyItemsShown items cut to their first ones, each cut array
	// named in Cut with its length. It is Object itself when nothing is
	// cut.
	Shown      *telltale.Object `json:"object"`
	Cut        []Cut            `json:"cut,omitempty"`
	STIX       string           `json:"stix"`
	Properties []Property       `json:"properties"`
	Refs       RefList          `json:"refs"`
	Out        RelList          `json:"relationships_out"`
	In         RelList          `json:"relationships_in"`

	// The detail as the API sends it, encoded once: a kept detail is
	// served many times, and encoding a large object costs more than
	// everything else of a request.
	encodeOnce sync.Once
	encoded    []byte
	encodeErr  error

	// The complete object as GET /api/v1/objects/{id}/stix serves it,
	// made on its first request: its tag and its gzip form are kept.
	stixOnce sync.Once
	stix     *ihttp.Kept
}

// Cut is an array property of the STIX object that the view carries cut
// to its first Shown items of Total.
type Cut struct {
	Name  string `json:"name"`
	Total int    `json:"total"`
	Shown int    `json:"shown"`
}

// JSON returns the detail encoded as the API answers it.
func (d *ObjectDetail) JSON() ([]byte, error) {
	d.encodeOnce.Do(func() { d.encoded, d.encodeErr = ihttp.EncodeJSON(d) })
	return d.encoded, d.encodeErr
}

// Property is one top-level property of a STIX object, sorted into a kind
// the page knows how to show. It is a rendering of the property, not a
// copy: the value itself is only in the object (ObjectDetail.Object.Raw,
// "object"."object" in the API's answer), which is always complete. A
// list longer than PropertyItemsShown is rendered by its first items,
// and Total and Shown say so.
type Property struct {
	Name string `json:"name"`
	// Kind: "text", "markdown" (description), "timestamp", "ref", "list"
	// (of strings), "external_references", "json" (Text is the value as
	// indented JSON; for an array, of its first Shown items).
	Kind  string        `json:"kind"`
	Text  string        `json:"text,omitempty"`
	List  []string      `json:"list,omitempty"`
	Ref   *Link         `json:"ref,omitempty"`
	Links []ExternalRef `json:"external_references,omitempty"`
	// Total is the number of items of a list, external_references or
	// JSON array property whose rendering shows only the first Shown of
	// them; both are absent when everything is shown.
	Total int `json:"total,omitempty"`
	Shown int `json:"shown,omitempty"`
}

// PropertyItemsShown is the number of items of a list property the view
// renders: ATT&CK's collection object lists its 24,770 objects in
// x_mitre_contents, which the view renders by the first ones.
const PropertyItemsShown = 100

// More is the number of items of the property its rendering leaves out.
func (p Property) More() int { return p.Total - p.Shown }

// shorten keeps the first PropertyItemsShown of n items and records
// what it left out; it returns how many to keep.
func (p *Property) shorten(n int) int {
	if n <= PropertyItemsShown {
		return n
	}
	p.Total, p.Shown = n, PropertyItemsShown
	return PropertyItemsShown
}

// Link is an object another one points at.
type Link struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Name string `json:"name,omitempty"`
}

// ExternalRef is one entry of external_references.
type ExternalRef struct {
	Source      string `json:"source_name"`
	ExternalID  string `json:"external_id,omitempty"`
	URL         string `json:"url,omitempty"`
	Description string `json:"description,omitempty"`
}

// RefList is one page of the objects an object lists by id (object_refs
// of reports, groupings, notes...).
type RefList struct {
	Property string `json:"property,omitempty"`
	Page
	Items []Link `json:"items"`
}

// RelList is one page of relationships from or to an object.
type RelList struct {
	Page
	Items []Rel `json:"items"`
}

// Rel is a relationship seen from one end.
type Rel struct {
	ID    string `json:"id"`
	Type  string `json:"relationship_type"`
	Other Link   `json:"other"`
}

// Pages selects the pages of an object's lists.
type Pages struct {
	Refs, Out, In int
}

// refListProperties are the id lists an object page pages through.
var refListProperties = []string{"object_refs", "sample_refs", "observed_data_refs", "where_sighted_refs"}

// objectViewsKept bounds what the object views kept for reuse weigh, so
// that reading many large objects cannot grow the memory without bound.
// A view weighs about one and a half times its object's JSON (the object,
// its gzip form for /stix, and the encoded answer, which holds the object
// with its long arrays cut); views of objects over about 16 MB are not
// kept.
const objectViewsKept = 96 << 20

// Object builds the detail of the object id. The detail is shared: it is
// reused for callers who see the same (the same viewer key) until the
// store changes, so callers must not change it.
func (v *Views) Object(ctx context.Context, id string, pages Pages) (*ObjectDetail, error) {
	key := fmt.Sprintf("%s\x00%s\x00%d,%d,%d", v.viewer(ctx), id, pages.Refs, pages.Out, pages.In)
	return v.objects.Get(ctx, v.versionOf(), key, objectViewsKept, func(int64) (*ObjectDetail, int, error) {
		d, err := v.object(ctx, id, pages)
		if err != nil {
			return nil, 0, err
		}
		// The object with room for its gzip form (made when /stix is
		// asked for), and the encoded view, which holds Shown.
		cost := 3*len(d.Object.Raw)/2 + 2*len(d.Shown.Raw) + 512*(len(d.Refs.Items)+len(d.Out.Items)+len(d.In.Items)+len(d.Properties))
		return d, cost, nil
	})
}

// visibleObject is the object id as the caller may see it, kept like the
// views: its pages and its complete STIX object share it. Reading it
// behind the TLP filter checks every object it refers to (a report's
// 80,000 object_refs, the 24,770 of ATT&CK's collection), which each page
// would repeat.
func (v *Views) visibleObject(ctx context.Context, id string) (*telltale.Object, error) {
	key := v.viewer(ctx) + "\x00" + id
	return v.visible.Get(ctx, v.versionOf(), key, objectViewsKept, func(int64) (*telltale.Object, int, error) {
		o, err := v.Objects.Object(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		return o, len(o.Raw), nil
	})
}

func (v *Views) object(ctx context.Context, id string, pages Pages) (*ObjectDetail, error) {
	o, err := v.visibleObject(ctx, id)
	if err != nil {
		return nil, err
	}
	var props map[string]json.RawMessage
	if err := json.Unmarshal(o.Raw, &props); err != nil {
		return nil, fmt.Errorf("object %s: %w", id, err)
	}
	d := &ObjectDetail{Object: o}
	pageIDs := d.refPage(props, pages.Refs)
	out, in, err := v.relationshipPages(ctx, d, id, pages)
	if err != nil {
		return nil, err
	}
	// One lookup for every name the page shows.
	names, err := v.objectsByID(ctx, namesShown(pageIDs, out, in, props))
	if err != nil {
		return nil, err
	}
	link := func(id string) Link {
		l := Link{ID: id, Type: typeOf(id)}
		if o := names[id]; o != nil {
			l.Name = o.Name
		}
		return l
	}
	d.Refs.Items = make([]Link, 0, len(pageIDs))
	for _, id := range pageIDs {
		d.Refs.Items = append(d.Refs.Items, link(id))
	}
	d.Out.Items = make([]Rel, 0, len(out))
	for _, r := range out {
		d.Out.Items = append(d.Out.Items, Rel{ID: r.ID, Type: r.Type, Other: link(r.Target)})
	}
	d.In.Items = make([]Rel, 0, len(in))
	for _, r := range in {
		d.In.Items = append(d.In.Items, Rel{ID: r.ID, Type: r.Type, Other: link(r.Source)})
	}
	d.Properties = properties(props, d.Refs.Property, link)
	d.Shown, d.Cut = cutObject(o, props)
	d.STIX = "/api/v1/objects/" + url.PathEscape(id) + "/stix"
	return d, nil
}

// refPage sets the page of the object's list of references (the first
// of refListProperties it has) and returns the ids on that page.
func (d *ObjectDetail) refPage(props map[string]json.RawMessage, number int) []string {
	var refIDs []string
	for _, name := range refListProperties {
		if raw, ok := props[name]; ok && d.Refs.Property == "" {
			if json.Unmarshal(raw, &refIDs) == nil {
				d.Refs.Property = name
			}
		}
	}
	d.Refs.Page = Page{Number: number, Size: PageSize, Total: len(refIDs)}
	lo, hi := d.Refs.Bounds()
	return refIDs[lo:hi]
}

// relationshipPages sets the pages of the relationships from and to the
// object and returns the relationships on them: one page each is read,
// never all of them (an actor a feed's indicators indicate has hundreds of
// thousands), sorted by relationship type, then in the order they were
// stored.
func (v *Views) relationshipPages(ctx context.Context, d *ObjectDetail, id string, pages Pages) (out, in []*telltale.Relationship, err error) {
	d.Out.Page = Page{Number: pages.Out}
	if out, err = v.relationshipsPage(ctx, &d.Out.Page, telltale.RelationshipFilter{Source: id}); err != nil {
		return nil, nil, err
	}
	d.In.Page = Page{Number: pages.In}
	if in, err = v.relationshipsPage(ctx, &d.In.Page, telltale.RelationshipFilter{Target: id}); err != nil {
		return nil, nil, err
	}
	return out, in, nil
}

// relationshipsPage reads page p (its Number; Size 0 is PageSize) of the
// relationships the filters select, as the viewer may see them, each
// filter's after the one before, and sets p's Total; a number past the
// last page reads the last. Each filter is asked once for its part of the
// page and its count (a filter the page does not reach, for its count
// only), not for all it selects.
func (v *Views) relationshipsPage(ctx context.Context, p *Page, filters ...telltale.RelationshipFilter) ([]*telltale.Relationship, error) {
	if p.Size <= 0 {
		p.Size = PageSize
	}
	p.Number = max(p.Number, 1)
	lo := (p.Number - 1) * p.Size
	rels, total, err := v.readAcross(ctx, filters, lo, p.Size)
	if err != nil {
		return nil, err
	}
	p.Total = total
	if again, _ := p.Bounds(); again != lo {
		// past the end: the last page
		if rels, total, err = v.readAcross(ctx, filters, again, p.Size); err != nil {
			return nil, err
		}
		p.Total = total
	}
	return rels, nil
}

// readAcross returns the relationships from offset on, at most limit, of
// the filters' lists one after another, and how many they hold in all.
func (v *Views) readAcross(ctx context.Context, filters []telltale.RelationshipFilter, offset, limit int) ([]*telltale.Relationship, int, error) {
	var out []*telltale.Relationship
	total := 0
	for _, f := range filters {
		from, want := max(offset-total, 0), 0
		if offset+limit > total {
			want = limit - len(out)
		}
		page, n, err := telltale.RelationshipPage(ctx, v.Objects, f, from, want)
		if err != nil {
			return nil, 0, err
		}
		out, total = append(out, page...), total+n
	}
	return out, total, nil
}

// namesShown is every id whose name the view shows: the references on
// their page, the other ends of the relationships on theirs, and the
// object's _ref properties.
func namesShown(pageIDs []string, out, in []*telltale.Relationship, props map[string]json.RawMessage) []string {
	want := append([]string{}, pageIDs...)
	for _, r := range out {
		want = append(want, r.Target)
	}
	for _, r := range in {
		want = append(want, r.Source)
	}
	for name, raw := range props {
		if strings.HasSuffix(name, "_ref") {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				want = append(want, s)
			}
		}
	}
	return want
}

// cutObject is o with its arrays of more than PropertyItemsShown items
// cut to their first ones, and what it cut; o itself when nothing is.
// The view stays small however large the object: ATT&CK's collection
// object (2.8 MB) lists 24,770 objects in x_mitre_contents.
func cutObject(o *telltale.Object, props map[string]json.RawMessage) (*telltale.Object, []Cut) {
	var cut []Cut
	short := make(map[string]json.RawMessage, len(props))
	for name, raw := range props {
		short[name] = raw
		var items []json.RawMessage
		if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &items) != nil || len(items) <= PropertyItemsShown {
			continue
		}
		first, err := json.Marshal(items[:PropertyItemsShown])
		if err != nil {
			continue
		}
		short[name] = first
		cut = append(cut, Cut{Name: name, Total: len(items), Shown: PropertyItemsShown})
	}
	if len(cut) == 0 {
		return o, nil
	}
	raw, err := json.Marshal(short)
	if err != nil {
		return o, nil
	}
	sort.Slice(cut, func(i, j int) bool { return cut[i].Name < cut[j].Name })
	c := *o
	c.Raw = raw
	return &c, cut
}

// STIXObject is the complete STIX object id as the caller may see it,
// kept to be served many times: the object of the view (the same
// version, and the same references to hidden objects left out), tagged by
// its stored version and the caller's viewer key.
func (v *Views) STIXObject(ctx context.Context, id string) (*ihttp.Kept, error) {
	d, err := v.Object(ctx, id, Pages{})
	if err != nil {
		return nil, err
	}
	d.stixOnce.Do(func() {
		h := sha256.New()
		h.Write([]byte(v.viewer(ctx)))
		h.Write([]byte{0})
		h.Write(d.Object.Raw)
		etag := fmt.Sprintf(`"%d-%x"`, d.Object.Seq, h.Sum(nil)[:12])
		d.stix = &ihttp.Kept{Body: d.Object.Raw, ETag: etag, ContentType: "application/json"}
	})
	return d.stix, nil
}

// typeOf is the type part of a STIX id.
func typeOf(id string) string {
	t, _, _ := strings.Cut(id, "--")
	return t
}

// propertyOrder puts the properties people read first; the rest follow
// alphabetically.
var propertyOrder = []string{"type", "name", "description", "aliases", "x_mitre_aliases", "labels",
	"relationship_type", "source_ref", "target_ref", "pattern", "pattern_type", "valid_from",
	"first_seen", "last_seen", "published", "created", "modified", "created_by_ref", "spec_version", "id"}

func properties(props map[string]json.RawMessage, skip string, link func(string) Link) []Property {
	rank := func(name string) int {
		for i, n := range propertyOrder {
			if n == name {
				return i
			}
		}
		return len(propertyOrder)
	}
	names := make([]string, 0, len(props))
	for n := range props {
		if n != skip {
			names = append(names, n)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		ri, rj := rank(names[i]), rank(names[j])
		if ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	out := make([]Property, 0, len(names))
	for _, n := range names {
		out = append(out, property(n, props[n], link))
	}
	return out
}

func property(name string, raw json.RawMessage, link func(string) Link) Property {
	p := Property{Name: name, Kind: "json"}
	var s string
	var list []string
	switch {
	case json.Unmarshal(raw, &s) == nil:
		switch {
		case name == "description" || name == "x_mitre_detection" || name == "content" || name == "explanation":
			p.Kind, p.Text = "markdown", s
		case strings.HasSuffix(name, "_ref"):
			l := link(s)
			p.Kind, p.Ref = "ref", &l
		case name == "created" || name == "modified" || strings.HasSuffix(name, "_seen") || name == "published" || name == "valid_from" || name == "valid_until":
			p.Kind, p.Text = "timestamp", s
		default:
			p.Kind, p.Text = "text", s
		}
	case json.Unmarshal(raw, &list) == nil:
		p.Kind, p.List = "list", list[:p.shorten(len(list))]
	case name == "external_references":
		var refs []ExternalRef
		if json.Unmarshal(raw, &refs) == nil {
			p.Kind, p.Links = "external_references", refs[:p.shorten(len(refs))]
		}
	default:
		var v any
		if json.Unmarshal(raw, &v) == nil {
			switch v.(type) {
			case bool, float64, nil:
				p.Kind, p.Text = "text", string(raw)
				return p
			}
		}
		p.Text = p.indented(raw)
	}
	return p
}

// indented is raw as indented JSON; of an array, only its first items.
func (p *Property) indented(raw json.RawMessage) string {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) == nil && len(items) > PropertyItemsShown {
		if first, err := json.Marshal(items[:p.shorten(len(items))]); err == nil {
			raw = first
		}
	}
	var buf bytes.Buffer
	if json.Indent(&buf, raw, "", "  ") != nil {
		return string(raw)
	}
	return buf.String()
}
