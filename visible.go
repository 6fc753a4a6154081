package telltale

import (
	"context"
	"encoding/json"
	"strings"
)

// Visible keeps the objects u may see, in order. Every read path filters
// through it (or CanSee) before it shows, counts or exports anything.
func Visible(u *User, objs []*Object) []*Object {
	out := objs[:0:0]
	for _, o := range objs {
		if u.CanSee(o.Raw) {
			out = append(out, o)
		}
	}
	return out
}

// ShowService says what a viewer is shown of stored objects: the one rule
// of every path that serves objects as stored (the object API and pages,
// TAXII, the exports). internal/auth's VisibleObjects implements it.
type ShowService interface {
	// Shown returns the objects of objs that u may see, in order, leaving
	// out the relationships and sightings one of whose ends (EndRefs) u
	// may not see. An object that names objects hidden from u in its
	// other references (a report's object_refs, a collection's
	// x_mitre_contents entries, created_by_ref, any *_ref or *_refs
	// property but markings, at any depth, in any letter case of the
	// UUID) is a copy without them; the others are returned as given.
	// Ids of objects the store does not hold stay: there is nothing to
	// hide.
	Shown(ctx context.Context, u *User, objs []*Object) ([]*Object, error)
}

// EndRefs lists what a relationship or sighting points at (nothing for
// other objects): an unmarked relationship must not reveal a hidden object
// it connects, so ShowService leaves it out with the object. Keys count in
// any case and every time they occur; ok is false when the object cannot
// be read, and then it is not shown.
func EndRefs(o *Object) (ids []string, ok bool) {
	if o.Type != "relationship" && o.Type != "sighting" {
		return nil, true
	}
	err := eachMember(o.Raw, func(key string, val []byte) error {
		switch {
		case strings.EqualFold(key, "source_ref"), strings.EqualFold(key, "target_ref"), strings.EqualFold(key, "sighting_of_ref"):
			var id string
			if err := json.Unmarshal(val, &id); err != nil {
				return err
			}
			if id != "" {
				ids = append(ids, id)
			}
		case strings.EqualFold(key, "where_sighted_refs"), strings.EqualFold(key, "observed_data_refs"):
			var list []string
			if err := json.Unmarshal(val, &list); err != nil {
				return err
			}
			for _, id := range list {
				if id != "" {
					ids = append(ids, id)
				}
			}
		}
		return nil
	})
	return ids, err == nil
}

// VisibleIDs returns which of ids name objects u may see (looked up in
// svc). Ids of objects svc does not hold count as visible: there is
// nothing to hide. A UUID is the same in any letter case (RFC 4122), and
// stored ids are lower case but for the rare input that is not: an id is
// looked up as given and in lower case, and seen only if both are.
func VisibleIDs(ctx context.Context, svc ObjectService, u *User, ids []string) (map[string]bool, error) {
	uniq := map[string]bool{}
	for _, id := range ids {
		uniq[id] = true
		uniq[strings.ToLower(id)] = true
	}
	list := make([]string, 0, len(uniq))
	for id := range uniq {
		list = append(list, id)
	}
	if err := lookUpVisible(ctx, svc, u, list, uniq); err != nil {
		return nil, err
	}
	for _, id := range ids {
		uniq[id] = uniq[id] && uniq[strings.ToLower(id)]
	}
	return uniq, nil
}

// MarkSource is what an ObjectService may offer so that who sees an
// object is decided without reading it, from the MarkSummary of its
// current version, which the store keeps with it.
type MarkSource interface {
	// ObjectMarks returns the summaries of the current versions of
	// those of ids it holds, revoked ones included.
	ObjectMarks(ctx context.Context, ids []string) (map[string]string, error)
	// MarkSummaries lists the distinct summaries of current objects but
	// "" (no marking, which everyone sees).
	MarkSummaries(ctx context.Context) ([]string, error)
	// MarkedIDs returns the ids of the current objects whose summary is
	// one of summaries; ok is false when there are more than limit.
	MarkedIDs(ctx context.Context, summaries []string, limit int) (ids []string, ok bool, err error)
}

// lookUpVisible sets seen[id] for each of ids svc holds: whether u may
// see its current version (revoked ones too). With a MarkSource it
// decides from the summaries, reading only the objects of the markings
// u may not see when they are fewer than ids (none when u may see every
// marking the store holds), else the summaries of ids; otherwise it
// reads the objects.
func lookUpVisible(ctx context.Context, svc ObjectService, u *User, ids []string, seen map[string]bool) error {
	ms, ok := svc.(MarkSource)
	if !ok {
		for i := 0; i < len(ids); i += 500 {
			chunk := ids[i:min(i+500, len(ids))]
			objs, err := svc.Objects(ctx, ObjectFilter{IDs: chunk, IncludeRevoked: true})
			if err != nil {
				return err
			}
			for _, o := range objs {
				seen[o.ID] = u.CanSee(o.Raw)
			}
		}
		return nil
	}
	if hidden, ok, err := hiddenObjects(ctx, ms, u, len(ids)); err != nil {
		return err
	} else if ok {
		for _, id := range hidden {
			if _, asked := seen[id]; asked {
				seen[id] = false
			}
		}
		return nil
	}
	marks, err := ms.ObjectMarks(ctx, ids)
	if err != nil {
		return err
	}
	for id, m := range marks {
		seen[id] = u.CanSeeSummary(m)
	}
	return nil
}

// hiddenObjects returns the ids of every current object u may not see,
// when they are at most limit (ok false otherwise).
func hiddenObjects(ctx context.Context, ms MarkSource, u *User, limit int) (ids []string, ok bool, err error) {
	hidden, ok, err := hiddenSummaries(ctx, ms, u)
	if err != nil || !ok {
		return nil, false, err
	}
	if len(hidden) == 0 {
		return nil, true, nil
	}
	return ms.MarkedIDs(ctx, hidden, limit)
}

// hiddenSummaries returns the marking summaries of current objects that u
// may not see; ok is false when it cannot tell (a nil user, one who may
// not see unmarked objects).
func hiddenSummaries(ctx context.Context, ms MarkSource, u *User) (hidden []string, ok bool, err error) {
	if u == nil || !u.CanSeeSummary("") {
		return nil, false, nil // not even unmarked objects: ask for those held
	}
	summaries, err := ms.MarkSummaries(ctx)
	if err != nil {
		return nil, false, err
	}
	for _, m := range summaries {
		if !u.CanSeeSummary(m) {
			hidden = append(hidden, m)
		}
	}
	return hidden, true, nil
}

// SeesEveryMarking reports whether u may see every object svc holds, by
// the markings it holds (svc a MarkSource; false otherwise): then every id
// is visible to u and none need be looked up.
func SeesEveryMarking(ctx context.Context, svc ObjectService, u *User) (bool, error) {
	ms, ok := svc.(MarkSource)
	if !ok {
		return false, nil
	}
	hidden, ok, err := hiddenSummaries(ctx, ms, u)
	return ok && len(hidden) == 0, err
}
