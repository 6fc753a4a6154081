package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
)

// Ingesting the news story on the unnamed group that broke into 13
// carriers suggests LightBasin first, and links nothing.
func TestSuggestNewsDraftLightBasinFirst(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	res, err := s.Ingest(ctx, Document{Text: sample(t, "telecom-records-theft-news.txt"), Title: "Cybercrime group hacked telecommunications to steal phone records"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.ActiveSince != 2016 {
		t.Errorf("active since = %d, want 2016", res.Report.ActiveSince)
	}
	sug, err := s.SuggestForReport(ctx, res.Report.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	if sug.Subject != res.Report.ReportID || len(sug.Candidates) == 0 || sug.Candidates[0].Name != "LightBasin" {
		t.Fatalf("suggestions = %+v, want LightBasin first", sug)
	}
	for _, c := range sug.Candidates {
		if c.ID == res.Report.Actors[0].ID && res.Report.Actors[0].New {
			t.Errorf("the report's own unnamed actor is a candidate")
		}
	}
	a, err := s.Knowledge.Actor(ctx, "LightBasin")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Members) != 1 {
		t.Errorf("LightBasin has %d members after suggesting; nothing may be merged", len(a.Members))
	}
	// Accepted, the report's unnamed actor asks the same question with its
	// own knowledge: its dates, victims, sectors; the hedged and negated
	// origin is no evidence.
	if _, err := s.Accept(ctx, res.Report.ReportID); err != nil {
		t.Fatal(err)
	}
	var unnamed string
	for _, r := range res.Report.Actors {
		if r.New {
			unnamed = r.ID
		}
	}
	sug, err = s.SuggestForActor(ctx, unnamed)
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "LightBasin" {
		t.Fatalf("suggestions for the unnamed actor = %+v, want LightBasin first", sug)
	}
	for _, e := range sug.Evidence {
		if strings.HasPrefix(e, "origin:") {
			t.Errorf("evidence %q: a disputed origin counts", e)
		}
	}
	if _, err := s.SuggestForReport(ctx, "report--00000000-0000-4000-8000-000000000000"); telltale.ErrorCode(err) != telltale.ENOTFOUND {
		t.Errorf("unknown report: err = %v, want ENOTFOUND", err)
	}
}

// A new report giving an address an accepted report gave suggests the
// unnamed actor that earlier report created: its indicators indicate it.
func TestSuggestEarlierReportsActorByIndicator(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	first, err := s.Ingest(ctx, Document{Title: "Intrusion at a carrier", Text: "A gang of hackers, possibly based in Iran, broke into five telecommunications operators in Norway since 2021. " +
		"The intruders connected from 91.219.236.12 and 45.77.12.34 and sent the data to update-relay.net."}, false)
	if err != nil {
		t.Fatal(err)
	}
	var unnamed string
	for _, a := range first.Report.Actors {
		if a.New {
			unnamed = a.ID
		}
	}
	if unnamed == "" {
		t.Fatalf("the first report made no unnamed actor: %+v", first.Report.Actors)
	}
	if _, err := s.Accept(ctx, first.Report.ReportID); err != nil {
		t.Fatal(err)
	}
	second, err := s.Ingest(ctx, Document{Title: "Another intrusion", Text: "In May, a mobile carrier in Sweden found a web shell; the attackers came from 45.77.12.34."}, false)
	if err != nil {
		t.Fatal(err)
	}
	sug, err := s.SuggestForReport(ctx, second.Report.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sug.Candidates) == 0 || sug.Candidates[0].ID != unnamed {
		t.Fatalf("suggestions = %+v, want the first report's actor %s first", sug.Candidates, unnamed)
	}
	found := false
	for _, e := range sug.Candidates[0].Supports {
		found = found || e.Kind == "indicator" && e.Value == "45.77.12.34"
	}
	if !found {
		t.Errorf("supports = %+v, want the stored indicator 45.77.12.34", sug.Candidates[0].Supports)
	}
}

// A report's suggestions compare its text's words with the actors'
// descriptions, as the same text's do: the draft keeps the text, and the
// words are the weightiest evidence the news sample gives LightBasin.
func TestSuggestForReportReadsTheTextsWords(t *testing.T) {
	s := newService(t)
	text, res := ingestNewsSample(t, s)
	fromText, fromReport := suggestTextAndReport(t, s, text, res.Report.ReportID)
	words := func(sug *telltale.Suggestions) string {
		for _, c := range sug.Candidates {
			if c.Name != "LightBasin" {
				continue
			}
			for _, e := range c.Supports {
				if e.Kind == "words" {
					return e.Value
				}
			}
		}
		return ""
	}
	want := words(fromText)
	if want == "" {
		t.Fatalf("the text's suggestions give LightBasin no words: %+v", fromText.Candidates)
	}
	if got := words(fromReport); got != want {
		t.Errorf("LightBasin's words from the report = %q, want %q as from its text", got, want)
	}
}

// The publisher, who speaks the text's own claims, is no vendor the text
// quotes: a report's suggestions list no "source: the publisher".
func TestSuggestForReportPublisherIsNoSource(t *testing.T) {
	s := newService(t)
	_, res := ingestNewsSample(t, s)
	sug, err := s.SuggestForReport(context.Background(), res.Report.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sug.Evidence {
		if strings.HasSuffix(e, ": "+extract.Publisher) {
			t.Errorf("evidence %q", e)
		}
	}
}

// ingestNewsSample ingests the news story on the telecom records theft as
// a draft and returns its text and what ingesting it made.
func ingestNewsSample(t *testing.T, s *Service) (string, *Result) {
	t.Helper()
	text := sample(t, "telecom-records-theft-news.txt")
	res, err := s.Ingest(context.Background(), Document{Text: text, Title: "Cybercrime group hacked telecommunications to steal phone records"}, false)
	if err != nil {
		t.Fatal(err)
	}
	return text, res
}

// A report's suggestions read a stored indicator's validity against the
// years its text gives, as the text's own suggestions do: an address
// valid until mid-2021 was valid in the 2020 a report is about.
func TestSuggestForReportReadsTheTextsYears(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	lb, err := s.Knowledge.Actor(ctx, "LightBasin")
	if err != nil {
		t.Fatal(err)
	}
	const ts = `"created":"2019-03-01T00:00:00.000Z","modified":"2019-03-01T00:00:00.000Z"`
	feed := `[{"type":"indicator","spec_version":"2.1","id":"indicator--6e1d2b3c-0000-4000-8000-0000000000a1",` + ts + `,"name":"old relay","pattern":"[ipv4-addr:value = '45.76.20.23']","pattern_type":"stix","valid_from":"2019-03-01T00:00:00Z","valid_until":"2021-06-30T00:00:00Z"},
		{"type":"relationship","spec_version":"2.1","id":"relationship--6e1d2b3c-0000-4000-8000-0000000000a1",` + ts + `,"relationship_type":"indicates","source_ref":"indicator--6e1d2b3c-0000-4000-8000-0000000000a1","target_ref":"` + lb.Members[0].ID + `"}]`
	if _, err := s.Importer.Import(ctx, strings.NewReader(feed), "aging feed", importer.Options{Strict: true}); err != nil {
		t.Fatal(err)
	}
	text := "In March 2020, intruders at a mobile carrier connected from 45.76.20.23 and copied call records."
	res, err := s.Ingest(ctx, Document{Text: text, Title: "Intrusion at a carrier in 2020"}, false)
	if err != nil {
		t.Fatal(err)
	}
	indicator := func(sug *telltale.Suggestions) (float64, string) {
		for _, c := range sug.Candidates {
			for _, e := range c.Supports {
				if c.ID == lb.ID && e.Kind == "indicator" {
					return e.Weight, e.Detail
				}
			}
		}
		return 0, ""
	}
	fromText, fromReport := suggestTextAndReport(t, s, text, res.Report.ReportID)
	want, wantDetail := indicator(fromText)
	if want == 0 || strings.Contains(wantDetail, "valid until") {
		t.Fatalf("from the text, LightBasin's stored indicator weighs %.2f (%q): want it valid in 2020", want, wantDetail)
	}
	if got, detail := indicator(fromReport); got != want || detail != wantDetail {
		t.Errorf("from the report, LightBasin's stored indicator weighs %.2f (%q), want %.2f (%q) as from its text", got, detail, want, wantDetail)
	}
}

// suggestTextAndReport asks for the suggestions of a text and of the
// report ingesting it made.
func suggestTextAndReport(t *testing.T, s *Service, text, reportID string) (fromText, fromReport *telltale.Suggestions) {
	t.Helper()
	ctx := context.Background()
	fromText, err := s.SuggestText(ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	fromReport, err = s.SuggestForReport(ctx, reportID)
	if err != nil {
		t.Fatal(err)
	}
	return fromText, fromReport
}

// A report whose text asserts its unnamed group is attributed to a known
// actor ranks that actor first, as the text's own suggestions do.
func TestSuggestForReportAttributedFirst(t *testing.T) {
	s := newService(t)
	text := "Intrusions at carriers\n\nAn unnamed group has breached 13 telecommunications carriers since 2016, CrowdStrike said, stealing call records and SMS metadata from their networks. The intrusions were attributed to APT41."
	res, err := s.Ingest(context.Background(), Document{Text: text, Title: "Intrusions at carriers"}, false)
	if err != nil {
		t.Fatal(err)
	}
	fromText, fromReport := suggestTextAndReport(t, s, text, res.Report.ReportID)
	for _, sug := range []*telltale.Suggestions{fromText, fromReport} {
		if len(sug.Candidates) == 0 || sug.Candidates[0].Name != "APT41" {
			t.Errorf("candidates %+v, want APT41 first", sug.Candidates)
		}
	}
}
