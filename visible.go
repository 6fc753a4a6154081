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

// VisibleWithEnds keeps the objects u may see, in order, leaving out the
// relationships and sightings one of whose ends u may not see (looked up in
// svc): the rule of internal/auth's VisibleObjects, for callers that read the store
// themselves (exports, TAXII).
func VisibleWithEnds(ctx context.Context, svc ObjectService, u *User, objs []*Object) ([]*Object, error) {
	return WithVisibleEnds(ctx, svc, u, Visible(u, objs))
}

// endRefs lists what a relationship or sighting points at: an unmarked
// relationship must not reveal a hidden object it connects. Keys count in
// any case and every time they occur; ok is false when the object cannot
// be read, and then it is not shown.
func endRefs(o *Object) (ids []string, ok bool) {
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

// WithVisibleEnds drops from objs, which u may see, the relationships and
// sightings one of whose ends u may not see (looked up in svc).
func WithVisibleEnds(ctx context.Context, svc ObjectService, u *User, objs []*Object) ([]*Object, error) {
	ends := make([][]string, len(objs))
	readable := make([]bool, len(objs))
	var ids []string
	for i, o := range objs {
		ends[i], readable[i] = endRefs(o)
		ids = append(ids, ends[i]...)
	}
	seen := map[string]bool{}
	if len(ids) > 0 {
		var err error
		if seen, err = VisibleIDs(ctx, svc, u, ids); err != nil {
			return nil, err
		}
	}
	out := objs[:0:0]
	for i, o := range objs {
		ok := readable[i]
		for _, id := range ends[i] {
			ok = ok && seen[id]
		}
		if ok {
			out = append(out, o)
		}
	}
	return out, nil
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
