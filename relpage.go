package telltale

import (
	"cmp"
	"context"
	"slices"
)

// RelationshipPager is implemented by object services that read one page
// of an object's relationships, and count them, without reading them all:
// an actor that a feed's indicators indicate has hundreds of thousands.
type RelationshipPager interface {
	// RelationshipPage returns the relationships f selects (f names an
	// end: Source or Target; EINVALID otherwise) from offset on, at most
	// limit of them, sorted by relationship type, then Order, and how
	// many f selects in all. A limit of 0 or less asks for the count
	// only.
	RelationshipPage(ctx context.Context, f RelationshipFilter, offset, limit int) ([]*Relationship, int, error)
}

// RelationshipPage returns one page of the relationships f selects, as
// RelationshipPager defines it: from svc itself when it pages, else
// ReadAllPage.
func RelationshipPage(ctx context.Context, svc ObjectService, f RelationshipFilter, offset, limit int) ([]*Relationship, int, error) {
	if p, ok := svc.(RelationshipPager); ok {
		return p.RelationshipPage(ctx, f, offset, limit)
	}
	return ReadAllPage(ctx, svc, f, offset, limit)
}

// ReadAllPage is the page RelationshipPager defines, read from every
// relationship svc returns, sorted and cut here: for services that cannot
// page, and for viewers a store cannot page for.
func ReadAllPage(ctx context.Context, svc ObjectService, f RelationshipFilter, offset, limit int) ([]*Relationship, int, error) {
	if f.Source == "" && f.Target == "" {
		return nil, 0, Errorf(EINVALID, "a page of relationships needs an end")
	}
	rels, err := svc.Relationships(ctx, f)
	if err != nil || limit <= 0 {
		return nil, len(rels), err
	}
	return PageRelationships(rels, offset, limit), len(rels), nil
}

// PageRelationships sorts rels by type, then Order, and returns those
// from offset on, at most limit (all of them when limit is 0 or less).
func PageRelationships(rels []*Relationship, offset, limit int) []*Relationship {
	slices.SortStableFunc(rels, func(a, b *Relationship) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Order, b.Order))
	})
	offset = min(max(offset, 0), len(rels))
	end := len(rels)
	if limit > 0 {
		end = min(offset+limit, end)
	}
	return rels[offset:end]
}
