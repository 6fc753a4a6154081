package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/telltale-cti/telltale"
	ihttp "github.com/telltale-cti/telltale/internal/http"
)

// IndicatorEntry is what a list of indicators shows of one: the CSV
// export's rows and an actor's indicators.
type IndicatorEntry struct {
	ID             string   `json:"id"`
	Name           string   `json:"name,omitempty"`
	PatternType    string   `json:"pattern_type,omitempty"`
	Pattern        string   `json:"pattern,omitempty"`
	ValidFrom      string   `json:"valid_from,omitempty"`
	ValidUntil     string   `json:"valid_until,omitempty"`
	IndicatorTypes []string `json:"indicator_types,omitempty"`
	Confidence     *int     `json:"confidence,omitempty"`
	CreatedByRef   string   `json:"created_by_ref,omitempty"`
	Modified       string   `json:"modified,omitempty"`
	Revoked        bool     `json:"revoked,omitempty"`
}

// ActorIndicators is one page of what to look for of an actor: the
// indicators that indicate it, one per `indicates` relationship from an
// indicator to one of its intrusion sets, threat actors or campaigns,
// member by member in the cluster's order, then by relationship as stored.
// A page reads its own relationships and indicators only, and a count per
// member: a feed can give an actor hundreds of thousands.
type ActorIndicators struct {
	Actor Link `json:"actor"`
	Page
	Items []ActorIndicator `json:"items"`
}

// ActorIndicator is one indicator of an actor, with the relationship that
// ties it to the member it indicates. An indicator the store does not
// hold (a relationship imported without it) has its id only.
type ActorIndicator struct {
	IndicatorEntry
	Relationship string `json:"relationship"`
	Indicates    Link   `json:"indicates"`
}

// indicatedTypes are the member types an indicator's `indicates` names as
// an actor.
var indicatedTypes = map[string]bool{"intrusion-set": true, "threat-actor": true, "campaign": true}

// actorIndicatorPagesKept bounds the pages of indicators kept per state
// of the store (each about 50 indicators' fields).
const actorIndicatorPagesKept = 1000

// ActorIndicators reads page number (from 1; past the last, the last) of
// the indicators of the actor name resolves to, as the viewer may see
// them. A page is read once per state of the store and viewer.
func (v *Views) ActorIndicators(ctx context.Context, name string, number int) (*ActorIndicators, error) {
	key := fmt.Sprintf("%s\x00%s\x00%d", v.viewer(ctx), name, number)
	return v.indicators.Get(ctx, v.versionOf(), key, actorIndicatorPagesKept, func(int64) (*ActorIndicators, int, error) {
		p, err := v.actorIndicators(ctx, name, number)
		return p, 1, err
	})
}

func (v *Views) actorIndicators(ctx context.Context, name string, number int) (*ActorIndicators, error) {
	a, err := v.Actor(ctx, name)
	if err != nil {
		return nil, err
	}
	out := &ActorIndicators{Actor: Link{ID: a.ID, Type: typeOf(a.ID), Name: a.Name}, Page: Page{Number: number}}
	var filters []telltale.RelationshipFilter
	members := map[string]telltale.ActorMember{}
	for _, m := range a.Members {
		if indicatedTypes[m.Type] {
			filters = append(filters, indicatesOf(m.ID))
			members[m.ID] = m
		}
	}
	rels, err := v.relationshipsPage(ctx, &out.Page, filters...)
	if err != nil {
		return nil, err
	}
	return out, v.fillIndicators(ctx, out, rels, members)
}

// indicatesOf selects the `indicates` relationships from indicators to id.
func indicatesOf(id string) telltale.RelationshipFilter {
	return telltale.RelationshipFilter{Target: id, Type: "indicates", SourceTypes: []string{"indicator"}}
}

// fillIndicators sets out's items from the page's relationships. Each
// indicator is read as the viewer may see it, as its object page reads
// it (without the references to objects hidden from them: an unmarked
// indicator made by a TLP:RED identity names no creator); one the store
// does not hold, or cannot read, is listed by its id.
func (v *Views) fillIndicators(ctx context.Context, out *ActorIndicators, rels []*telltale.Relationship, via map[string]telltale.ActorMember) error {
	out.Items = make([]ActorIndicator, 0, len(rels))
	for _, r := range rels {
		it := ActorIndicator{IndicatorEntry: IndicatorEntry{ID: r.Source}, Relationship: r.ID}
		o, err := v.visibleObject(ctx, r.Source)
		switch {
		case err == nil:
			if json.Unmarshal(o.Raw, &it.IndicatorEntry) != nil {
				it.IndicatorEntry = IndicatorEntry{ID: r.Source}
			}
		case telltale.ErrorCode(err) != telltale.ENOTFOUND:
			return err
		}
		m := via[r.Target]
		it.Indicates = Link{ID: m.ID, Type: m.Type, Name: m.Name}
		out.Items = append(out.Items, it)
	}
	return nil
}

// actorIndicators serves GET /api/v1/actors/{name}/indicators?page=N.
func (h *Handler) actorIndicators(w http.ResponseWriter, r *http.Request) {
	p, err := h.Views.ActorIndicators(r.Context(), r.PathValue("name"), IntParam(r, "page"))
	if err != nil {
		ihttp.Error(w, r, err)
		return
	}
	ihttp.JSON(w, r, p)
}
