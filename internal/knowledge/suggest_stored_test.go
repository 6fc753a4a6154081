package knowledge_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/store"
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

// openStoredFeed opens the starter knowledge with storedFeed imported.
func openStoredFeed(t *testing.T) *store.DB {
	t.Helper()
	db, k := openStarter(t)
	var ids []string
	for _, name := range []string{"LightBasin", "APT41"} {
		a, err := k.Actor(context.Background(), name)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.Members[0].ID)
	}
	messagetap := starterObject(t, "MESSAGETAP", func(_, name string) bool { return name == "MESSAGETAP" })
	importBytes(t, db, "feed", []byte(storedFeed(ids[0], ids[1], messagetap)))
	return db
}

// openWithLightBasin opens the starter knowledge and returns LightBasin's
// id there.
func openWithLightBasin(t *testing.T) (*store.DB, string) {
	t.Helper()
	db, k := openStarter(t)
	a, err := k.Actor(context.Background(), "LightBasin")
	if err != nil {
		t.Fatal(err)
	}
	return db, a.Members[0].ID
}

// implantHash is the hash of a file a stored indicator says is MESSAGETAP.
const implantHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

// A report's addresses and domains that stored indicators ask for are
// evidence for what those indicators indicate, whatever the indicators
// are named, and only as far as the caller may see the indicator and its
// relationship; an indicator of malware names the malware.
func TestSuggestStoredIndicators(t *testing.T) {
	ctx := context.Background()
	db := openStoredFeed(t)
	// The name index holds the pattern's value: search finds it.
	hits, err := db.Search(ctx, "45.77.12.34", 5)
	if err != nil || len(hits) == 0 || hits[0].Name != "C2 of the spring campaign" || hits[0].Matched != "45.77.12.34" {
		t.Errorf("search for an indicator's value: %+v, %v", hits, err)
	}
	// Alike from a store that looks many values up at once and from one
	// that only has the name index.
	for _, st := range []knowledge.Store{db, noCache{db}} {
		checkStoredText(t, knowledge.NewWithOptions(st, knowledge.Options{Mark: redMark, Viewer: redViewers, Reader: extract.Reader{}}))
	}
}

// checkStoredText checks what ks suggests from a text giving storedFeed's
// values, for a viewer who may not see TLP:RED and for one who may.
func checkStoredText(t *testing.T, ks *knowledge.Service) {
	t.Helper()
	ctx := context.Background()
	cleared := context.WithValue(ctx, clearedKey{}, true)
	const text = `The intruders reached the servers from 45.77.12.34 and 45.77.12.88, and staged data on relay-updates.net. The implant (SHA-256 ` + implantHash + `) ran on two hosts.`

	sug, err := ks.SuggestText(ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	checkUnclearedStored(t, sug)
	want := []string{"stored indicator: " + implantHash + " (indicates malware MESSAGETAP)", "stored indicator: 45.77.12.34 (indicates LightBasin)"}
	if !slices.Equal(storedLines(sug), want) {
		t.Errorf("evidence = %q, want the stored indicators %q", sug.Evidence, want)
	}
	// The malware counts as if the text named it, saying why.
	found := false
	for _, c := range sug.Candidates {
		for _, e := range c.Supports {
			found = found || c.Name == "APT41" && e.Kind == "malware" && e.Value == "MESSAGETAP" && strings.HasSuffix(e.Detail, "; a stored indicator of it: "+implantHash)
		}
	}
	if !found {
		t.Errorf("candidates = %+v, want APT41 supported by MESSAGETAP, which a stored indicator indicates", sug.Candidates)
	}

	sug, err = ks.SuggestText(cleared, text)
	if err != nil {
		t.Fatal(err)
	}
	if got := storedSupports(sug, "APT41"); got != "45.77.12.88: a stored indicator indicates it: 45.77.12.88 | relay-updates.net: a stored indicator indicates it: relay" {
		t.Errorf("APT41's stored-indicator supports for a cleared viewer = %q", got)
	}
}

// checkUnclearedStored checks what a viewer who may not see TLP:RED is
// suggested from storedFeed: LightBasin first, by the indicator named
// otherwise than its value, and nothing of APT41's hidden indicators.
func checkUnclearedStored(t *testing.T, sug *telltale.Suggestions) {
	t.Helper()
	if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "LightBasin" {
		t.Fatalf("candidates = %+v, want LightBasin first", sug.Candidates)
	}
	if got := storedSupports(sug, "LightBasin"); got != "45.77.12.34: a stored indicator indicates it: C2 of the spring campaign" {
		t.Errorf("LightBasin's stored-indicator supports = %q", got)
	}
	if got := storedSupports(sug, "APT41"); got != "" {
		t.Errorf("a viewer who may not see TLP:RED is shown APT41's stored indicators: %q", got)
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

// An actor's own stored indicators are its evidence too: another actor
// whose stored indicators ask for the same values is suggested for it,
// as far as the caller sees both.
func TestSuggestForActorStoredIndicators(t *testing.T) {
	ctx := context.Background()
	cleared := context.WithValue(ctx, clearedKey{}, true)
	db := openStoredFeed(t)
	const ts = `"created":"2024-05-01T00:00:00.000Z","modified":"2024-05-01T00:00:00.000Z"`
	const actor = "intrusion-set--5d0c1a2b-0000-4000-8000-000000000020"
	tracked := `[{"type":"intrusion-set","spec_version":"2.1","id":"` + actor + `",` + ts + `,"name":"Unnamed actor: Spring intrusions"}`
	for i, v := range []string{"45.77.12.34", "45.77.12.88"} {
		tracked += fmt.Sprintf(`,{"type":"indicator","spec_version":"2.1","id":"indicator--5d0c1a2b-0000-4000-8000-00000000002%d",%s,"name":%q,"pattern":"[ipv4-addr:value = '%s']","pattern_type":"stix","valid_from":"2024-05-01T00:00:00Z"}`, i+1, ts, v, v)
		tracked += fmt.Sprintf(`,{"type":"relationship","spec_version":"2.1","id":"relationship--5d0c1a2b-0000-4000-8000-00000000002%d",%s,"relationship_type":"indicates","source_ref":"indicator--5d0c1a2b-0000-4000-8000-00000000002%d","target_ref":%q}`, i+1, ts, i+1, actor)
	}
	importBytes(t, db, "tracked", []byte(tracked+"]"))
	ks := knowledge.NewWithOptions(db, knowledge.Options{Mark: redMark, Viewer: redViewers, Reader: extract.Reader{}})

	sug, err := ks.SuggestForActor(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	checkUnclearedStored(t, sug)
	sug, err = ks.SuggestForActor(cleared, actor)
	if err != nil {
		t.Fatal(err)
	}
	if got := storedSupports(sug, "APT41"); got != "45.77.12.88: a stored indicator indicates it: 45.77.12.88" {
		t.Errorf("APT41's stored-indicator supports for a cleared viewer = %q", got)
	}
	for _, c := range sug.Candidates {
		if c.ID == actor {
			t.Errorf("the actor asked about is its own candidate")
		}
	}
}

// A STIX 2.0 indicator (no pattern_type: its pattern is STIX) is evidence
// as a 2.1 one is.
func TestSuggestStoredSTIX20Indicator(t *testing.T) {
	ctx := context.Background()
	db, lb := openWithLightBasin(t)
	const ts = `"created":"2024-03-01T00:00:00.000Z","modified":"2024-03-01T00:00:00.000Z"`
	importBytes(t, db, "feed20", []byte(`[{"type":"indicator","id":"indicator--5d0c1a2b-0000-4000-8000-000000000091",`+ts+`,"labels":["malicious-activity"],"name":"c2","pattern":"[ipv4-addr:value = '45.77.12.34']","valid_from":"2024-03-01T00:00:00Z"},
{"type":"relationship","id":"relationship--5d0c1a2b-0000-4000-8000-000000000091",`+ts+`,"relationship_type":"indicates","source_ref":"indicator--5d0c1a2b-0000-4000-8000-000000000091","target_ref":"`+lb+`"}]`))
	sug, err := knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}}).SuggestText(ctx, "The intruders came from 45.77.12.34.")
	if err != nil {
		t.Fatal(err)
	}
	if got := storedSupports(sug, "LightBasin"); got != "45.77.12.34: a stored indicator indicates it: c2" {
		t.Errorf("LightBasin's supports from a STIX 2.0 indicator = %q; evidence %q", got, sug.Evidence)
	}
}

// Indicators the caller may not see never take a visible one's place
// under the bound of indicators read per value; a stored indicator of a
// tool weighs as the text naming the tool does (nothing, by default).
func TestSuggestStoredBoundsAndTools(t *testing.T) {
	ctx := context.Background()
	db, lb := openWithLightBasin(t)
	tool := starterObject(t, "a tool", func(typ, _ string) bool { return typ == "tool" })
	const ts = `"created":"2024-03-01T00:00:00.000Z","modified":"2024-03-01T00:00:00.000Z"`
	ind := func(id, name, value, extra string) string {
		return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%s",%s,"name":%q,"pattern":"[ipv4-addr:value = '%s']","pattern_type":"stix","valid_from":"2024-03-01T00:00:00Z"%s}`, id, ts, name, value, extra)
	}
	rel := func(id, target string) string {
		return fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--%s",%s,"relationship_type":"indicates","source_ref":"indicator--%s","target_ref":%q}`, id, ts, id, target)
	}
	var objs []string
	for i := range 25 { // stored first, marked TLP:RED
		objs = append(objs, ind(fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "hidden", "45.77.12.34", `,"object_marking_refs":["`+tlpRed+`"]`))
	}
	const visible, toolC2 = "ffffffff-0000-4000-8000-000000000001", "ffffffff-0000-4000-8000-000000000002"
	objs = append(objs, ind(visible, "visible", "45.77.12.34", ""), rel(visible, lb), ind(toolC2, "tool c2", "45.77.99.1", ""), rel(toolC2, tool))
	importBytes(t, db, "feed", []byte("["+strings.Join(objs, ",")+"]"))
	ks := knowledge.NewWithOptions(db, knowledge.Options{Mark: redMark, Viewer: redViewers, Reader: extract.Reader{}})
	sug, err := ks.SuggestText(ctx, "The intruders came from 45.77.12.34 and 45.77.99.1.")
	if err != nil {
		t.Fatal(err)
	}
	if got := storedSupports(sug, "LightBasin"); got != "45.77.12.34: a stored indicator indicates it: visible" {
		t.Errorf("LightBasin's supports behind 25 hidden indicators = %q", got)
	}
	for _, c := range sug.Candidates {
		for _, e := range c.Supports {
			if e.Kind == "tool" && e.Weight > 0 {
				t.Errorf("%s: tool %s weighs %.2f from a stored indicator; a text naming it weighs %v", c.Name, e.Value, e.Weight, knowledge.DefaultSuggestWeights.Tool)
			}
		}
	}
}

// A text giving many stored values lists the first 20 one by one, in the
// evidence and in the candidate's supports, and counts the rest together
// at their whole weight (weights are shown rounded).
func TestSuggestStoredManyValues(t *testing.T) {
	ctx := context.Background()
	db, lb := openWithLightBasin(t)
	const ts = `"created":"2024-03-01T00:00:00.000Z","modified":"2024-03-01T00:00:00.000Z"`
	var objs, values []string
	for i := range 30 {
		v := fmt.Sprintf("45.77.%d.9", 100+i)
		values = append(values, v)
		objs = append(objs, fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-%012d",%s,"name":%q,"pattern":"[ipv4-addr:value = '%s']","pattern_type":"stix","valid_from":"2024-03-01T00:00:00Z"}`, i, ts, v, v),
			fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-%012d",%s,"relationship_type":"indicates","source_ref":"indicator--00000000-0000-4000-8000-%012d","target_ref":%q}`, i, ts, i, lb))
	}
	importBytes(t, db, "feed", []byte("["+strings.Join(objs, ",")+"]"))
	sug, err := knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}}).SuggestText(ctx, "The intruders came from "+strings.Join(values, ", ")+".")
	if err != nil {
		t.Fatal(err)
	}
	if lines := storedLines(sug); len(lines) != 20 || !slices.Contains(sug.Evidence, "stored indicators: 10 more values indicate known actors") {
		t.Errorf("evidence = %q, want 20 stored values and the 10 more", sug.Evidence)
	}
	if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "LightBasin" {
		t.Fatalf("candidates = %+v, want LightBasin first", sug.Candidates)
	}
	var one, total float64
	n := 0
	for _, e := range sug.Candidates[0].Supports {
		if e.Kind != "indicator" {
			continue
		}
		n++
		total += e.Weight
		if e.Value == "10 more values" {
			one = e.Weight / 10
		}
	}
	if n != 21 || one == 0 || math.Abs(total-30*one) > 0.01 {
		t.Errorf("LightBasin's indicator supports: %d of them weighing %.12f, want 21 weighing 30 × %.12f", n, total, one)
	}
}

// An indicator that had expired (valid_until passed) by the time the text
// is about weighs Expired of a valid one's weight and says until when it
// was valid; one valid at a year the text gives weighs fully, and so does
// a value that a valid indicator also asks for. Indicators named alike
// are counted apart.
func TestSuggestStoredExpiry(t *testing.T) {
	ctx := context.Background()
	db, k := openStarter(t)
	var ids []string
	for _, name := range []string{"LightBasin", "APT41"} {
		a, err := k.Actor(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.Members[0].ID)
	}
	const ts = `"created":"2019-03-01T00:00:00.000Z","modified":"2019-03-01T00:00:00.000Z"`
	ind := func(n int, name, value, until string) string {
		return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--6e1d2b3c-0000-4000-8000-00000000000%d",%s,"name":%q,"pattern":"[ipv4-addr:value = '%s']","pattern_type":"stix","valid_from":"2019-03-01T00:00:00Z"%s}`, n, ts, name, value, until)
	}
	rel := func(n int, target string) string {
		return fmt.Sprintf(`{"type":"relationship","spec_version":"2.1","id":"relationship--6e1d2b3c-0000-4000-8000-00000000000%d",%s,"relationship_type":"indicates","source_ref":"indicator--6e1d2b3c-0000-4000-8000-00000000000%d","target_ref":%q}`, n, ts, n, target)
	}
	const until = `,"valid_until":"2021-06-30T00:00:00Z"`
	importBytes(t, db, "aging feed", []byte("["+strings.Join([]string{
		ind(1, "old relay", "45.76.20.23", until), rel(1, ids[0]),
		ind(2, "current relay", "45.76.20.99", ""), rel(2, ids[1]),
		ind(3, "retired relay", "45.76.20.99", until), rel(3, ids[1]),
		ind(5, "current relay", "45.76.20.99", ""), rel(5, ids[1]), // another feed's, named alike
		strings.Replace(ind(4, "old implant", "", until), `[ipv4-addr:value = '']`, `[file:hashes.'SHA-256' = '`+implantHash+`']`, 1),
		rel(4, starterObject(t, "MESSAGETAP", func(_, name string) bool { return name == "MESSAGETAP" })),
	}, ",")+"]"))
	ks := knowledge.NewWithOptions(db, knowledge.Options{Reader: extract.Reader{}})
	weights := func(text string) (lb, apt41 float64, detail, apt41Detail string) {
		t.Helper()
		sug, err := ks.SuggestText(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range sug.Candidates {
			for _, e := range c.Supports {
				switch {
				case e.Kind == "indicator" && c.Name == "LightBasin":
					lb, detail = e.Weight, e.Detail
				case e.Kind == "indicator" && c.Name == "APT41":
					apt41, apt41Detail = e.Weight, e.Detail
				}
			}
		}
		return lb, apt41, detail, apt41Detail
	}
	sug, err := ks.SuggestText(ctx, "The implant (SHA-256 "+implantHash+") ran on two hosts.")
	if err != nil {
		t.Fatal(err)
	}
	if want := "stored indicator: " + implantHash + " (indicates malware MESSAGETAP; valid until 2021-06-30)"; !slices.Equal(storedLines(sug), []string{want}) {
		t.Errorf("evidence of an expired indicator of malware = %q, want %q", storedLines(sug), want)
	}
	named, err := ks.SuggestText(ctx, "The implant, MESSAGETAP, ran on two hosts.")
	if err != nil {
		t.Fatal(err)
	}
	if got, full := supportWeight(sug, "APT41", "MESSAGETAP"), supportWeight(named, "APT41", "MESSAGETAP"); full == 0 || math.Abs(got-full*knowledge.DefaultSuggestWeights.Expired) > 0.02 {
		t.Errorf("MESSAGETAP from an expired indicator weighs %.2f for APT41; named by the text %.2f", got, full)
	}
	lb, apt41, detail, apt41Detail := weights("The intruders came from 45.76.20.23 and 45.76.20.99.")
	if apt41Detail != "3 stored indicators indicate it: current relay; retired relay (valid until 2021-06-30)" {
		t.Errorf("APT41's detail %q: want the three indicators, two named alike, the retired one dated", apt41Detail)
	}
	if apt41 == 0 || lb >= apt41 || math.Abs(lb-apt41*knowledge.DefaultSuggestWeights.Expired) > 0.02 {
		t.Errorf("an expired indicator weighs %.2f beside a valid one's %.2f, want %v of it", lb, apt41, knowledge.DefaultSuggestWeights.Expired)
	}
	if detail != "a stored indicator indicates it: old relay (valid until 2021-06-30)" {
		t.Errorf("expired indicator's detail = %q", detail)
	}
	// The year of a CVE id or of a URL's path is no year the text is
	// about.
	lb, apt41, detail, _ = weights("In 2020 the intruders came from 45.76.20.23 and 45.76.20.99, exploiting CVE-2024-3400 (see https://example.org/2025/04/advisory).")
	if lb == 0 || math.Abs(lb-apt41) > 0.02 || detail != "a stored indicator indicates it: old relay" {
		t.Errorf("an indicator valid in the text's year: %.2f (%q) beside %.2f, want the same weight and no date", lb, detail, apt41)
	}
}

// supportWeight is the weight of a candidate's support of the value.
func supportWeight(sug *telltale.Suggestions, name, value string) float64 {
	for _, c := range sug.Candidates {
		for _, e := range c.Supports {
			if c.Name == name && e.Value == value {
				return e.Weight
			}
		}
	}
	return 0
}

// An actor the text asserts its subject is attributed to ranks first,
// saying so, whatever the rest of the evidence weighs; a hedged link
// weighs, and ranks where its score puts it.
func TestSuggestAttributedFirst(t *testing.T) {
	ctx := context.Background()
	_, k := openStarter(t)
	const story = `An unnamed group has breached 13 telecommunications carriers since 2016, CrowdStrike said, stealing call records and SMS metadata from their networks.`
	sug, err := k.SuggestText(ctx, story+" The intrusions were attributed to APT41.")
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) < 2 || sug.Candidates[0].Name != "APT41" || sug.Candidates[1].Score <= sug.Candidates[0].Score {
		t.Fatalf("candidates %+v, want APT41 first, ahead of a better score", sug.Candidates)
	}
	if got := supportDetail(sug.Candidates[0], "name"); got != "the text attributes its subject to it (asserted): ranked first" {
		t.Errorf("APT41's name support %q", got)
	}
	// Ranked first even when the rest of the evidence weighs against it
	// (an origin the text gives that is not the actor's).
	sug, err = k.SuggestText(ctx, "An Iranian group breached 13 telecommunications carriers in Israel since 2016. The intrusions were attributed to APT41.")
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "APT41" {
		t.Errorf("with a contrary origin: candidates %+v, want APT41 first", sug.Candidates)
	}
	for _, tie := range []string{" The intrusions were possibly the work of APT41.", " The intrusions are associated with APT41 infrastructure."} {
		checkNotPinned(t, k, story+tie)
	}
}

// checkNotPinned checks that a hedged or loose tie to APT41 does not
// reorder the candidates, and weighs as a link.
func checkNotPinned(t *testing.T, k *knowledge.Service, text string) {
	t.Helper()
	sug, err := k.SuggestText(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range sug.Candidates {
		if i > 0 && c.Score > sug.Candidates[i-1].Score {
			t.Errorf("a hedged link reorders the candidates: %s %.2f after %s %.2f", c.Name, c.Score, sug.Candidates[i-1].Name, sug.Candidates[i-1].Score)
		}
		if c.Name == "APT41" && supportDetail(c, "name") != "the text ties its subject to it" {
			t.Errorf("APT41's name support for a hedged link: %q", supportDetail(c, "name"))
		}
	}
}

// supportDetail is the detail of a candidate's first support of a kind.
func supportDetail(c telltale.Candidate, kind string) string {
	for _, e := range c.Supports {
		if e.Kind == kind {
			return e.Detail
		}
	}
	return ""
}

// A group the text names that the knowledge does not hold is the one the
// text is about: its ties are the subject's ("Umber Kite overlaps with
// APT41") though the text names known actors too, and a tie the text
// says it has no evidence for weighs nothing.
func TestSuggestCoinedGroupsTies(t *testing.T) {
	ctx := context.Background()
	_, k := openStarter(t)
	text := `Acme Labs said the intruders, which it tracks as Umber Kite, broke into nine mobile carriers and stole call records. ` +
		`The firm said with moderate confidence that Umber Kite overlaps with APT41. ` +
		`Another vendor linked similar intrusions to LightBasin; Acme said it found no evidence for that link.`
	sug, err := k.SuggestText(ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "APT41" {
		t.Fatalf("candidates %+v, want APT41 first", sug.Candidates)
	}
	if got := supportDetail(sug.Candidates[0], "name"); got != "the text ties its subject to it" {
		t.Errorf("APT41's name support %q, want the tie", got)
	}
	for _, c := range sug.Candidates {
		if c.Name == "LightBasin" && supportDetail(c, "name") != "" && supportDetail(c, "name") != "the text names it" {
			t.Errorf("LightBasin, a tie the text has no evidence for: %q", supportDetail(c, "name"))
		}
	}
}
