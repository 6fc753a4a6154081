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
	for i := 0; i < len(list); i += 500 {
		chunk := list[i:min(i+500, len(list))]
		objs, err := svc.Objects(ctx, ObjectFilter{IDs: chunk, IncludeRevoked: true})
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			uniq[o.ID] = u.CanSee(o.Raw)
		}
	}
	for _, id := range ids {
		uniq[id] = uniq[id] && uniq[strings.ToLower(id)]
	}
	return uniq, nil
}
