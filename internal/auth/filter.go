package auth

import (
	"context"
	"slices"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// VisibleObjects wraps an object service so that everything it returns
// passes the visibility rule for the viewer of each call's context: an
// object the viewer may not see is ENOTFOUND (not EFORBIDDEN, which would
// tell that it exists), lists leave it out, and a relationship is left out
// when either end is hidden. Search hits and names are checked against
// their objects. Stats are not filtered: they are for administrators.
type VisibleObjects struct {
	telltale.ObjectService
	// Viewer says who reads in a context; Service.ViewerOf in the program.
	Viewer func(ctx context.Context) *User

	seen seenMemo // what lookups of ids found, per state and viewer
}

var (
	_ telltale.ObjectService     = (*VisibleObjects)(nil)
	_ telltale.ShowService       = (*VisibleObjects)(nil)
	_ telltale.RelationshipPager = (*VisibleObjects)(nil)
)

func (v *VisibleObjects) viewer(ctx context.Context) *User { return v.Viewer(ctx) }

// Object returns the current version of id if the viewer may see it, as
// Shown shows it.
func (v *VisibleObjects) Object(ctx context.Context, id string) (*telltale.Object, error) {
	o, err := v.ObjectService.Object(ctx, id)
	if err != nil {
		return nil, err
	}
	u := v.viewer(ctx)
	shown, err := v.Shown(ctx, u, []*telltale.Object{o})
	if err != nil {
		return nil, err
	}
	if len(shown) == 0 {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no object %s", id)
	}
	o = shown[0]
	if o.Versions > 1 {
		// The count of versions is of those the viewer may see: an older
		// version can be marked where the current one is not.
		vs, err := v.ObjectService.ObjectVersions(ctx, id)
		if err != nil {
			return nil, err
		}
		c := *o
		c.Versions = len(telltale.Visible(u, vs))
		o = &c
	}
	return o, nil
}

// Shown returns what u is shown of objs (telltale.ShowService): the
// objects u may see, without the relationships and sightings one of whose
// ends u may not see and the reports, groupings and notes all of whose
// object_refs u may not see, each without its references to objects u may
// not see, removed as a whole export removes the references to objects it
// leaves out (stix.WithoutRefs): what the viewer may see must not tell the
// ids of what they may not. The object API and pages, TAXII and the
// exports all show through it.
func (v *VisibleObjects) Shown(ctx context.Context, u *telltale.User, objs []*telltale.Object) ([]*telltale.Object, error) {
	return v.show(ctx, u, telltale.Visible(u, objs), true)
}

// show keeps of objs, which u may see, the relationships and sightings
// whose ends u may see and every other object; with prune, an object that
// refers to objects hidden from u is a copy without those references.
// The ends and the references of all of objs are looked up at once.
func (v *VisibleObjects) show(ctx context.Context, u *telltale.User, objs []*telltale.Object, prune bool) ([]*telltale.Object, error) {
	ends := make([][]string, len(objs))
	readable := make([]bool, len(objs))
	refs := make([][]string, len(objs))
	var ids []string
	for i, o := range objs {
		ends[i], readable[i] = telltale.EndRefs(o)
		ids = append(ids, ends[i]...)
		if prune {
			refs[i] = stix.PrunableRefs(o.Raw)
			ids = append(ids, refs[i]...)
		}
	}
	seen, err := v.visibleIDs(ctx, u, ids)
	if err != nil {
		return nil, err
	}
	hidden := func(id string) bool { return !seen(id) }
	out := objs[:0:0]
	for i, o := range objs {
		if !readable[i] || slices.ContainsFunc(ends[i], hidden) {
			continue
		}
		if slices.ContainsFunc(refs[i], hidden) {
			if stix.EmptiedBy(o.Raw, hidden) {
				// a report whose every object is hidden: shown
				// without object_refs it would not be STIX
				continue
			}
			c := *o
			c.Raw = stix.WithoutRefs(o.Raw, hidden)
			o = &c
		}
		out = append(out, o)
	}
	return out, nil
}

// ObjectVersions returns the versions of id the viewer may see, as Shown
// shows them; markings can change between versions.
func (v *VisibleObjects) ObjectVersions(ctx context.Context, id string) ([]*telltale.Object, error) {
	vs, err := v.ObjectService.ObjectVersions(ctx, id)
	if err != nil {
		return nil, err
	}
	if vs, err = v.Shown(ctx, v.viewer(ctx), vs); err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, telltale.Errorf(telltale.ENOTFOUND, "no object %s", id)
	}
	return ownProperties(vs), nil
}

// ownProperties returns copies of versions whose indexed properties come
// from each version itself, not from the current version (which may be
// hidden from the viewer): its name, revoked and deprecated flags; the
// number of versions, on the last one, counts only those given.
func ownProperties(vs []*telltale.Object) []*telltale.Object {
	out := make([]*telltale.Object, len(vs))
	for i, o := range vs {
		c := *o
		c.Name, c.Revoked, c.Deprecated, c.Versions = "", false, false, 0
		if p, err := stix.Parse(o.Raw); err == nil {
			c.Name, c.Revoked, c.Deprecated = p.Name, p.Revoked, p.Deprecated
		}
		out[i] = &c
	}
	out[len(out)-1].Versions = len(out)
	return out
}

// Objects returns the current objects the viewer may see. With a Limit,
// hidden objects do not shorten the page: it reads on until the page is
// full or the objects run out.
func (v *VisibleObjects) Objects(ctx context.Context, f telltale.ObjectFilter) ([]*telltale.Object, error) {
	u := v.viewer(ctx)
	if f.Limit <= 0 {
		objs, err := v.ObjectService.Objects(ctx, f)
		if err != nil {
			return nil, err
		}
		return v.show(ctx, u, telltale.Visible(u, objs), false)
	}
	want := f.Limit
	var out []*telltale.Object
	for {
		objs, err := v.ObjectService.Objects(ctx, f)
		if err != nil {
			return nil, err
		}
		var page []*telltale.Object
		for _, o := range objs {
			if u.CanSee(o.Raw) {
				page = append(page, o)
			}
		}
		if page, err = v.show(ctx, u, page, false); err != nil {
			return nil, err
		}
		for _, o := range page {
			out = append(out, o)
			if len(out) == want {
				return out, nil
			}
		}
		if len(objs) > 0 {
			f.AfterSeq = objs[len(objs)-1].Seq
		}
		if len(objs) < f.Limit {
			return out, nil
		}
	}
}

// Relationships returns the relationships whose own object and both ends
// the viewer may see.
func (v *VisibleObjects) Relationships(ctx context.Context, f telltale.RelationshipFilter) ([]*telltale.Relationship, error) {
	rels, err := v.ObjectService.Relationships(ctx, f)
	if err != nil || len(rels) == 0 {
		return rels, err
	}
	ids := make([]string, 0, 3*len(rels))
	for _, r := range rels {
		ids = append(ids, r.ID, r.Source, r.Target)
	}
	seen, err := v.visibleIDs(ctx, v.viewer(ctx), ids)
	if err != nil {
		return nil, err
	}
	out := rels[:0:0]
	for _, r := range rels {
		if seen(r.ID) && seen(r.Source) && seen(r.Target) {
			out = append(out, r)
		}
	}
	return out, nil
}

// RelationshipPage returns one page of the relationships the viewer may
// see (telltale.RelationshipPager). A viewer who may see every marking
// the store holds sees every relationship: the store pages them itself.
// The markings are read after the page, so that an import of marked
// objects in between cannot slip into it unseen: if the viewer no longer
// sees every marking, the page is read again as for any other viewer,
// who reads them all, keeps those Relationships keeps and pages them
// here, so that neither the page nor the count tells of a hidden one.
// A limit of 0 or less asks for the count only.
func (v *VisibleObjects) RelationshipPage(ctx context.Context, f telltale.RelationshipFilter, offset, limit int) ([]*telltale.Relationship, int, error) {
	if p, ok := v.ObjectService.(telltale.RelationshipPager); ok {
		page, total, err := p.RelationshipPage(ctx, f, offset, limit)
		if err != nil {
			return nil, 0, err
		}
		if all, err := telltale.SeesEveryMarking(ctx, v.ObjectService, v.viewer(ctx)); err != nil {
			return nil, 0, err
		} else if all {
			return page, total, nil
		}
	}
	return telltale.ReadAllPage(ctx, v, f, offset, limit)
}

// NamesByKey returns the name entries of objects the viewer may see.
func (v *VisibleObjects) NamesByKey(ctx context.Context, key string) ([]*telltale.Name, error) {
	names, err := v.ObjectService.NamesByKey(ctx, key)
	if err != nil || len(names) == 0 {
		return names, err
	}
	return visibleOnly(ctx, v, names, len(names), func(n *telltale.Name) string { return n.ObjectID })
}

// visibleOnly keeps, in order, the first limit items whose object (id)
// the viewer may see.
func visibleOnly[T any](ctx context.Context, v *VisibleObjects, items []T, limit int, id func(T) string) ([]T, error) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = id(it)
	}
	seen, err := v.visibleIDs(ctx, v.viewer(ctx), ids)
	if err != nil {
		return nil, err
	}
	out := items[:0:0]
	for _, it := range items {
		if seen(id(it)) && len(out) < limit {
			out = append(out, it)
		}
	}
	return out, nil
}

// Search returns the hits on objects the viewer may see, asking for more
// when hidden hits would shorten the list.
func (v *VisibleObjects) Search(ctx context.Context, query string, limit int) ([]*telltale.SearchHit, error) {
	if limit <= 0 {
		limit = 20
	}
	hits, err := v.ObjectService.Search(ctx, query, limit*3)
	if err != nil || len(hits) == 0 {
		return hits, err
	}
	return visibleOnly(ctx, v, hits, limit, func(h *telltale.SearchHit) string { return h.ID })
}

// LastSeq passes the store's change marker through (an error when the
// wrapped service has none), so caches keyed by it keep working behind
// the filter. A
// cache of anything filtered must also be keyed by the viewer (User.Key).
func (v *VisibleObjects) LastSeq(ctx context.Context) (int64, error) {
	if s, ok := v.ObjectService.(interface {
		LastSeq(context.Context) (int64, error)
	}); ok {
		return s.LastSeq(ctx)
	}
	return 0, telltale.Errorf(telltale.EINTERNAL, "the object service has no change marker")
}
