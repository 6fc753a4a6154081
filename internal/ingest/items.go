package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// A draft's items and where the text names them (see telltale.DraftItem).
type (
	DraftItem = telltale.DraftItem
	Span      = telltale.DraftSpan
)

func itemKey(kind, name string) string { return kind + ":" + name }

func mentionKey(m extract.Mention) string {
	if m.Kind == extract.KindSector {
		return itemKey(m.Kind, m.ID)
	}
	return itemKey(m.Kind, m.Name)
}

func techniqueKey(t extract.Technique) string { return itemKey(extract.KindTechnique, t.ID) }
func cveKey(c extract.CVE) string             { return itemKey("cve", c.ID) }
func indicatorKey(i extract.Indicator) string { return itemKey("indicator", i.Value) }
func countKey(c extract.Count) string         { return itemKey("count", fmt.Sprint(c.Start)) }
func claimKey(c extract.Claim) string {
	return itemKey("claim", fmt.Sprintf("%d:%s:%s", c.Start, c.Relation, c.Object))
}

// itemsOf lists what an extraction found, one item per key, in the order
// of the kinds and of first mention.
func itemsOf(res *extract.Result, origins map[string]string) []DraftItem {
	var out []DraftItem
	at := map[string]int{}
	add := func(key, kind, label, value string, known bool, start, end int) {
		i, ok := at[key]
		if !ok {
			i = len(out)
			at[key] = i
			out = append(out, DraftItem{Key: key, Kind: kind, Label: label, Value: value, Known: known, Origin: origins[key]})
		}
		if end > start {
			out[i].Spans = append(out[i].Spans, Span{Start: start, End: end})
		}
	}
	for _, list := range [][]extract.Mention{res.Actors, res.Malware, res.Tools, res.Campaigns, res.Sectors, res.Countries, res.Organizations} {
		for _, m := range list {
			value := ""
			if m.Kind == extract.KindActor || m.Kind == extract.KindMalware || m.Kind == extract.KindTool {
				value = m.Name
			}
			add(mentionKey(m), m.Kind, m.Name, value, m.ID != "" || m.Kind == extract.KindOrganization, m.Start, m.End)
		}
	}
	for _, t := range res.Techniques {
		add(techniqueKey(t), extract.KindTechnique, strings.TrimSpace(t.ID+" "+t.Name), t.ID, t.Name != "", t.Start, t.End)
	}
	for _, c := range res.CVEs {
		add(cveKey(c), "cve", c.ID, "", true, c.Start, c.End)
	}
	for _, ind := range res.Indicators {
		add(indicatorKey(ind), "indicator", ind.Type+" "+ind.Value, ind.Value, true, ind.Start, ind.End)
		if ind.Warning != "" {
			out[at[indicatorKey(ind)]].Detail = "not an indicator: " + ind.Warning
		}
	}
	for _, c := range res.Counts {
		add(countKey(c), "count", c.Phrase, "", true, c.Start, c.End)
	}
	for _, c := range res.Claims {
		k := claimKey(c)
		add(k, "claim", c.Subject+" "+c.Relation+" "+c.Object, c.Polarity, true, 0, 0)
		out[at[k]].Detail = c.Evidence
	}
	return out
}

// markKnownPlaces says of each country and region item whether the
// knowledge holds its location: a new database holds only the starter
// knowledge's countries, and the draft brings the others.
func markKnownPlaces(items []DraftItem, exists func(id string) bool) {
	for i, it := range items {
		if it.Kind == extract.KindCountry || it.Kind == extract.KindRegion {
			items[i].Known = exists(countryID(extract.Mention{Kind: it.Kind, Name: it.Label}))
		}
	}
}

// Indicator checks value as the new value of an indicator whose value is
// old: one indicator of old's type, written whole (defanged or not); it
// returns the value as extraction normalises it ("hxxp://Evil[.]example/"
// → "http://evil.example/").
func (s *Service) Indicator(old, value string) (string, error) {
	value = strings.TrimSpace(value)
	was := extract.ScanIndicators(old)
	if len(was) != 1 {
		return "", telltale.Errorf(telltale.EINVALID, "%q is no indicator to correct", old)
	}
	got := extract.ScanIndicators(value)
	if len(got) != 1 || got[0].Start != 0 || got[0].End != len(value) {
		return "", telltale.Errorf(telltale.EINVALID, "%q is not a %s indicator (the value it corrects: %s)", value, was[0].Type, old)
	}
	if got[0].Type != was[0].Type {
		return "", telltale.Errorf(telltale.EINVALID, "%q is a %s, not a %s like %s; remove the item instead", value, got[0].Type, was[0].Type, old)
	}
	return got[0].Value, nil
}

// Known finds a stored object of one of the types by id or by a name or
// alias, and returns its id and name; ENOTFOUND when there is none.
func (s *Service) Known(ctx context.Context, nameOrID string, types ...string) (string, string, error) {
	nameOrID = strings.TrimSpace(nameOrID)
	var ids []string
	if typ, _, ok := strings.Cut(nameOrID, "--"); ok && slices.Contains(types, typ) {
		ids = []string{nameOrID}
	} else {
		names, err := s.Store.NamesByKey(ctx, knowledge.Fold(nameOrID))
		if err != nil {
			return "", "", err
		}
		for _, n := range names {
			// Only objects of the types asked for are read: a value
			// thousands of a feed's indicators share is no actor's name.
			if typ, _, _ := strings.Cut(n.ObjectID, "--"); slices.Contains(types, typ) {
				ids = append(ids, n.ObjectID)
			}
		}
	}
	if len(ids) > 0 {
		objs, err := s.Store.Objects(ctx, telltale.ObjectFilter{IDs: ids})
		if err != nil {
			return "", "", err
		}
		// The object named exactly so first, then any with the name as an alias.
		slices.SortStableFunc(objs, func(a, b *telltale.Object) int { return boolRank(a.Name == nameOrID) - boolRank(b.Name == nameOrID) })
		for _, o := range objs {
			if slices.Contains(types, o.Type) {
				return o.ID, o.Name, nil
			}
		}
	}
	return "", "", telltale.Errorf(telltale.ENOTFOUND, "the knowledge has no %s named %q", strings.Join(types, " or "), nameOrID)
}

func boolRank(b bool) int {
	if b {
		return 0
	}
	return 1
}

// applyReview changes an extraction as a draft's review says: removals,
// then edits, then links, each on the keys the extraction gave. It
// returns, for each item an edit or a link renamed, the key it was
// extracted under.
func (s *Service) applyReview(ctx context.Context, in *input, res *extract.Result, rv *telltale.DraftReview) (map[string]string, error) {
	origins := map[string]string{}
	if rv.Empty() {
		return origins, nil
	}
	drop := map[string]bool{}
	for _, k := range rv.Removed {
		drop[k] = true
	}
	for _, list := range []*[]extract.Mention{&res.Actors, &res.Malware, &res.Tools, &res.Campaigns, &res.Sectors, &res.Countries, &res.Organizations} {
		*list = slices.DeleteFunc(*list, func(m extract.Mention) bool { return drop[mentionKey(m)] })
	}
	res.Techniques = slices.DeleteFunc(res.Techniques, func(t extract.Technique) bool { return drop[techniqueKey(t)] })
	res.CVEs = slices.DeleteFunc(res.CVEs, func(c extract.CVE) bool { return drop[cveKey(c)] })
	res.Indicators = slices.DeleteFunc(res.Indicators, func(i extract.Indicator) bool { return drop[indicatorKey(i)] })
	res.Counts = slices.DeleteFunc(res.Counts, func(c extract.Count) bool { return drop[countKey(c)] })
	res.Claims = slices.DeleteFunc(res.Claims, func(c extract.Claim) bool { return drop[claimKey(c)] })

	in.forced = map[string]bool{}
	for key, v := range rv.Edited {
		if err := s.applyEdit(ctx, in, res, key, v, origins); err != nil {
			return nil, err
		}
	}
	for group, id := range rv.Linked {
		_, name, err := s.Known(ctx, id, "intrusion-set", "threat-actor")
		if err != nil {
			return nil, err
		}
		if group == "unnamed" {
			in.unnamedAs = [2]string{id, name}
			continue
		}
		renameActor(res, itemKey(extract.KindActor, group), group, id, name, origins)
		in.forced[id] = true
	}
	return origins, nil
}

// applyEdit gives the item extracted under key its new value.
func (s *Service) applyEdit(ctx context.Context, in *input, res *extract.Result, key, v string, origins map[string]string) error {
	kind, name, _ := strings.Cut(key, ":")
	switch kind {
	case extract.KindActor:
		_, newName, err := s.Known(ctx, v, "intrusion-set", "threat-actor")
		if err != nil {
			return err
		}
		renameActor(res, key, name, v, newName, origins)
		in.forced[v] = true
	case extract.KindMalware, extract.KindTool:
		_, newName, err := s.Known(ctx, v, kind)
		if err != nil {
			return err
		}
		for _, list := range []*[]extract.Mention{&res.Malware, &res.Tools} {
			for i, m := range *list {
				if mentionKey(m) == key {
					(*list)[i].ID, (*list)[i].Name = v, newName
					origins[itemKey(kind, newName)] = key
				}
			}
		}
	case extract.KindTechnique:
		for i, t := range res.Techniques {
			if techniqueKey(t) == key {
				res.Techniques[i].ID, res.Techniques[i].Name = v, ""
				origins[itemKey(kind, v)] = key
			}
		}
	case "indicator":
		for i, ind := range res.Indicators {
			if indicatorKey(ind) == key {
				res.Indicators[i].Value = v
				origins[itemKey(kind, v)] = key
			}
		}
	case "claim":
		for i, c := range res.Claims {
			if claimKey(c) == key {
				res.Claims[i].Polarity = v
			}
		}
	}
	return nil
}

// onePerSpan keeps one software object for each span of the text: the
// starter's, ATT&CK's and MISP's objects named "SLAPSTICK" are each found
// there, as MISP's "tsh" is for "TinyShell", and a draft that used them
// all listed the malware twice and made one "uses" for each. The object
// whose own name the text writes is kept, else the first.
func onePerSpan(ms []extract.Mention) []extract.Mention {
	best := map[[2]int]int{}
	for i, m := range ms {
		span := [2]int{m.Start, m.End}
		j, ok := best[span]
		if !ok || !strings.EqualFold(ms[j].Name, ms[j].Mention) && strings.EqualFold(m.Name, m.Mention) {
			best[span] = i
		}
	}
	out := ms[:0:0]
	for i, m := range ms {
		if best[[2]int{m.Start, m.End}] == i {
			out = append(out, m)
		}
	}
	return out
}

// renameActor makes the actor mentions extracted under key (and the
// claims about name) stand for the known actor id.
func renameActor(res *extract.Result, key, name, id, newName string, origins map[string]string) {
	for i, m := range res.Actors {
		if mentionKey(m) == key {
			res.Actors[i].ID, res.Actors[i].Name = id, newName
			origins[itemKey(extract.KindActor, newName)] = key
		}
	}
	for i, c := range res.Claims {
		if c.Subject == name {
			res.Claims[i].Subject = newName
		}
	}
}

// buildDraft extracts what in's document says, applies the review, and
// builds the draft's bundle and summary (not stored).
func (s *Service) buildDraft(ctx context.Context, in *input, prevObjs map[string]map[string]any, rv *telltale.DraftReview) (*telltale.DraftRecord, *Summary, error) {
	dict, err := s.Knowledge.Dictionary(ctx)
	if err != nil {
		return nil, nil, err
	}
	doc := in.doc
	res := extract.ExtractWith(doc.Text, extract.DictionaryOf(dict), extract.Options{Publisher: doc.URL})
	res.Malware, res.Tools = onePerSpan(res.Malware), onePerSpan(res.Tools)
	origins, err := s.applyReview(ctx, in, res, rv)
	if err != nil {
		return nil, nil, err
	}
	items := itemsOf(res, origins)
	// An operation named after its malware ("DarkSide affiliates") that
	// the knowledge holds no actor for has no id: there is nothing to
	// link, and the summary lists its name.
	unknown := []string{}
	res.Actors = slices.DeleteFunc(res.Actors, func(m extract.Mention) bool {
		if m.ID == "" && !slices.Contains(unknown, m.Name) {
			unknown = append(unknown, m.Name)
		}
		return m.ID == ""
	})
	unknownSoftware := []string{}
	for _, ms := range []*[]extract.Mention{&res.Malware, &res.Tools} {
		*ms = slices.DeleteFunc(*ms, func(m extract.Mention) bool {
			if m.ID == "" && !slices.Contains(unknownSoftware, m.Name) {
				unknownSoftware = append(unknownSoftware, m.Name)
			}
			return m.ID == ""
		})
	}
	in.res = res
	if len(unknown) == 1 {
		in.coined = unknown[0]
	}
	if err := s.resolve(ctx, in, res); err != nil {
		return nil, nil, err
	}
	markKnownPlaces(items, in.exists)
	objs, sum := build(in)
	for _, a := range sum.Actors {
		if a.New && a.Name == in.coined {
			unknown = unknown[:0] // the new actor carries the name
		}
	}
	sum.UnknownActors = unknown
	sum.UnknownSoftware = unknownSoftware
	sum.Items = items
	if !rv.Empty() {
		sum.Review = rv
	}
	keepUnchanged(objs, prevObjs)

	bundle, err := marshalBundle(in.reportID, in.modified, objs)
	if err != nil {
		return nil, nil, err
	}
	sj, _ := json.Marshal(sum)
	now := in.modified
	d := &telltale.DraftRecord{ReportID: in.reportID, TextHash: in.textHash, Title: doc.Title, SourceURL: doc.URL, Status: StatusDraft,
		Modified: in.modified, Bundle: string(bundle), Summary: string(sj), Created: now, Updated: now}
	return d, sum, nil
}
