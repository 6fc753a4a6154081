package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/stix"
)

// A sector's narrative ("Understanding the cyber threat") is a STIX note
// about the sector's identity, with one id per sector so that every edit
// is a new version of the same note: versioned, diffable and shared like
// any other object.

// NarrativeID is the id of the note that holds a sector's narrative.
func NarrativeID(sectorID string) string {
	return stix.DeterministicID("note", map[string]any{"x_telltale_narrative_of": sectorID})
}

// MaxNarrative bounds a narrative's Markdown.
const MaxNarrative = 64 << 10

// narrative reads a sector's narrative as the caller may see it (its TLP
// marking counts like any object's); "" when none was written or the
// caller may not see it.
func (v *Views) narrative(ctx context.Context, sectorID string) (string, error) {
	o, err := v.Objects.Object(ctx, NarrativeID(sectorID))
	if telltale.ErrorCode(err) == telltale.ENOTFOUND {
		return "", nil
	} else if err != nil {
		return "", err
	}
	var n stix.Note
	if err := json.Unmarshal(o.Raw, &n); err != nil {
		return "", err
	}
	return n.Content, nil
}

// NarrativeNote returns the STIX note (as JSON) that sets a sector's
// narrative to markdown, written by author at now: a new version of the
// sector's note, or its first.
func (v *Views) NarrativeNote(ctx context.Context, sector telltale.Ref, markdown, author string, now time.Time) ([]byte, error) {
	if len(markdown) > MaxNarrative {
		return nil, telltale.Errorf(telltale.ETOOLARGE, "the narrative is longer than %d KB", MaxNarrative>>10)
	}
	id := NarrativeID(sector.ID)
	ts := now.UTC().Format("2006-01-02T15:04:05.000Z")
	n := stix.Note{
		Common:   stix.NewCommon("note", id, "", ts, ts),
		Abstract: "Understanding the cyber threat: " + sector.Name, Content: markdown,
		ObjectRefs: []string{sector.ID},
	}
	n.Custom.Set("x_telltale_narrative_of", sector.ID)
	n.Custom.SetNonEmpty("x_telltale_sector_key", sector.Key)
	if author != "" {
		n.Authors = []string{author}
	}
	old, err := v.Objects.Object(ctx, id)
	switch {
	case err == nil:
		var prev stix.Note
		if json.Unmarshal(old.Raw, &prev) == nil && prev.Created != "" {
			n.Created = prev.Created
			// modified must move forward even when the clock did not.
			if pm, err := time.Parse(time.RFC3339Nano, prev.Modified); err == nil && !now.After(pm) {
				n.Modified = pm.Add(time.Millisecond).UTC().Format("2006-01-02T15:04:05.000Z")
			}
		}
	case telltale.ErrorCode(err) != telltale.ENOTFOUND:
		return nil, err
	}
	return stix.Marshal(&n)
}
