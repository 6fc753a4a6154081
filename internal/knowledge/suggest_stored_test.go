package knowledge_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

// storedFeed is a feed of four indicators: one, named otherwise than its
// value, indicates LightBasin; one marked TLP:RED indicates APT41; one
// whose "indicates" relationship is marked TLP:RED indicates APT41; and
// one whose value folds like the first one's (the name index keys by
// folded names) indicates APT41.
func storedFeed(lightBasin, apt41, messagetap string) string {
	const ts = `"created":"2024-03-01T00:00:00.000Z","modified":"2024-03-01T00:00:00.000Z"`
	ind := func(n int, name, pattern, marking string) string {
		return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--5d0c1a2b-0000-4000-8000-00000000000%d",%s,"name":%q,"pattern":%q,"pattern_type":"stix","valid_from":"2024-03-01T00:00:00Z"%s}`, n, ts, name, pattern, marking)
	}
	rel := func(n int, target, marking string) string {
		return fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--5d0c1a2b-0000-4000-8000-00000000001%d",%s,"relationship_type":"indicates","source_ref":"indicator--5d0c1a2b-0000-4000-8000-00000000000%d","target_ref":%q%s}`, n, ts, n, target, marking)
	}
	red := `,"object_marking_refs":["` + tlpRed + `"]`
	return "[" + strings.Join([]string{
		ind(1, "C2 of the spring campaign", "[ipv4-addr:value = '45.77.12.34']", ""),
		rel(1, lightBasin, ""),
		ind(2, "45.77.12.88", "[ipv4-addr:value = '45.77.12.88']", red),
		rel(2, apt41, ""),
		ind(3, "relay", "[domain-name:value = 'relay-updates.net' OR domain-name:value = 'cdn-relay.net']", ""),
		rel(3, apt41, red),
		ind(4, "another spelling", "[domain-name:value = '4577.123.4']", ""),
		rel(4, apt41, ""),
		ind(5, "implant", "[file:hashes.'SHA-256' = '"+implantHash+"']", ""),
		rel(5, messagetap, ""),
	}, ",") + "]"
}

// implantHash is the hash of a file a stored indicator says is MESSAGETAP.
const implantHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

// A report's addresses and domains that stored indicators ask for are
// evidence for what those indicators indicate, whatever the indicators
// are named, and only as far as the caller may see the indicator and its
// relationship; an indicator of malware names the malware.
func TestSuggestStoredIndicators(t *testing.T) {
	ctx := context.Background()
	cleared := context.WithValue(ctx, clearedKey{}, true)
	db, k := openStarter(t)
	lb, err := k.Actor(ctx, "LightBasin")
	if err != nil {
		t.Fatal(err)
	}
	apt41, err := k.Actor(ctx, "APT41")
	if err != nil {
		t.Fatal(err)
	}
	importBytes(t, db, "feed", []byte(storedFeed(lb.Members[0].ID, apt41.Members[0].ID, starterObject(t, "MESSAGETAP", func(_, name string) bool { return name == "MESSAGETAP" }))))
	// The name index holds the pattern's value: search finds it.
	hits, err := db.Search(ctx, "45.77.12.34", 5)
	if err != nil || len(hits) == 0 || hits[0].Name != "C2 of the spring campaign" || hits[0].Matched != "45.77.12.34" {
		t.Errorf("search for an indicator's value: %+v, %v", hits, err)
	}
	ks := knowledge.NewWithOptions(db, knowledge.Options{Mark: redMark, Viewer: redViewers, Reader: extract.Reader{}})
	const text = `The intruders reached the servers from 45.77.12.34 and 45.77.12.88, and staged data on relay-updates.net. The implant (SHA-256 ` + implantHash + `) ran on two hosts.`

	sug, err := ks.SuggestText(ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "LightBasin" {
		t.Fatalf("candidates = %+v, want LightBasin first", sug.Candidates)
	}
	if got := storedSupports(sug, "LightBasin"); got != "45.77.12.34: a stored indicator indicates it: C2 of the spring campaign" {
		t.Errorf("LightBasin's stored-indicator supports = %q", got)
	}
	if got := storedSupports(sug, "APT41"); got != "" {
		t.Errorf("a viewer who may not see TLP:RED is shown APT41's stored indicators: %q", got)
	}
	if want := []string{"stored indicator: 45.77.12.34 (indicates LightBasin)"}; !slices.Equal(storedLines(sug), want) {
		t.Errorf("evidence = %q, want the stored indicators %q", sug.Evidence, want)
	}
	if !slices.Contains(sug.Evidence, "malware: MESSAGETAP") {
		t.Errorf("evidence = %q, want the malware a stored indicator indicates", sug.Evidence)
	}

	sug, err = ks.SuggestText(cleared, text)
	if err != nil {
		t.Fatal(err)
	}
	if got := storedSupports(sug, "APT41"); got != "45.77.12.88: a stored indicator indicates it: 45.77.12.88 | relay-updates.net: a stored indicator indicates it: relay" {
		t.Errorf("APT41's stored-indicator supports for a cleared viewer = %q", got)
	}
}

// storedSupports lists a candidate's stored-indicator supports.
func storedSupports(sug *telltale.Suggestions, name string) string {
	var out []string
	for _, c := range sug.Candidates {
		if c.Name != name {
			continue
		}
		for _, e := range c.Supports {
			if e.Kind == "indicator" && e.Weight > 0 {
				out = append(out, e.Value+": "+e.Detail)
			}
		}
	}
	return strings.Join(out, " | ")
}

func storedLines(sug *telltale.Suggestions) []string {
	var out []string
	for _, e := range sug.Evidence {
		if strings.HasPrefix(e, "stored indicator:") {
			out = append(out, e)
		}
	}
	return out
}
