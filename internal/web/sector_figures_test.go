package web

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
)

// wellFormed parses an SVG figure as XML and returns its elements' names
// and its text.
func wellFormed(t *testing.T, svg string) (map[string]int, string) {
	t.Helper()
	elems, text := map[string]int{}, ""
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			elems[tk.Name.Local]++
		case xml.CharData:
			text += string(tk)
		}
	}
	return elems, text
}

func TestBarFigureEscapesLabels(t *testing.T) {
	evil := `<script>alert("x")</script> & "Co"`
	tallies := []telltale.Tally{{Key: `"><img src=x>`, Name: evil, Count: 3, Hedged: 1}}
	for i := 0; i < 14; i++ {
		tallies = append(tallies, telltale.Tally{Key: fmt.Sprint("K", i), Name: fmt.Sprint("Country ", i), Count: 1})
	}
	svg := string(barFigure("fig-x", `Title <b>`, tallies, func(t telltale.Tally) string { return "/sectors/x?filter=" + t.Name + "&a=1" }))
	if strings.Contains(svg, "<script") || strings.Contains(svg, "<img") || strings.Contains(svg, "<b>") {
		t.Errorf("markup from labels got through:\n%s", svg)
	}
	elems, text := wellFormed(t, svg)
	if elems["script"] != 0 || elems["img"] != 0 {
		t.Errorf("elements %v", elems)
	}
	if !strings.Contains(text, `<script>alert("x")</script> & "Co": 3 attackers (1 hedged or disputed)`) || !strings.Contains(text, "Title <b>") {
		t.Errorf("the labels are not shown as text: %q", text)
	}
	if elems["g"] != barsShown || elems["a"] != barsShown {
		t.Errorf("%d bars, %d links; want %d", elems["g"], elems["a"], barsShown)
	}
	if !strings.Contains(svg, `data-count="3"`) || !strings.Contains(svg, `class="fig-bar hedged"`) {
		t.Errorf("bar data or hedged part missing:\n%s", svg)
	}
	empty := string(barFigure("fig-e", "Nothing", nil, nil))
	if _, text := wellFormed(t, empty); !strings.Contains(text, "Nothing to show") {
		t.Errorf("empty figure says %q", text)
	}
}

func TestActivityFigure(t *testing.T) {
	periods := []telltale.Period{{Period: "2024-Q1", Attackers: 4, Reports: 1}, {Period: `<x>`, Attackers: 0, Reports: 2}}
	svg := string(activityFigure("fig-a", periods))
	elems, text := wellFormed(t, svg)
	if elems["x"] != 0 || !strings.Contains(text, "<x>: 0 attackers active, 2 reports") {
		t.Errorf("period label not escaped: %v %q", elems, text)
	}
	if !strings.Contains(svg, `data-period="2024-Q1" data-attackers="4" data-reports="1"`) {
		t.Errorf("period data missing:\n%s", svg)
	}
	if _, text := wellFormed(t, string(activityFigure("fig-b", nil))); !strings.Contains(text, "No dated activity") {
		t.Errorf("empty activity says %q", text)
	}
}

// BenchmarkSectorFigures draws what the sector page draws for a large
// landscape: three breakdowns of 70 countries and 40 periods of activity.
func BenchmarkSectorFigures(b *testing.B) {
	var tallies []telltale.Tally
	for i := 0; i < 70; i++ {
		tallies = append(tallies, telltale.Tally{Key: fmt.Sprint(i), Name: fmt.Sprint("Country ", i), Count: 70 - i, Hedged: i % 3})
	}
	var periods []telltale.Period
	for i := 0; i < 40; i++ {
		periods = append(periods, telltale.Period{Period: fmt.Sprint(1990 + i), Attackers: i, Reports: i / 2})
	}
	link := func(t telltale.Tally) string { return "/sectors/communication?filter=" + t.Name + "#attackers" }
	b.ReportAllocs()
	for b.Loop() {
		_ = barFigure("o", "Origins", tallies, link)
		_ = barFigure("t", "Targets", tallies, nil)
		_ = barFigure("m", "Motivations", tallies[:8], link)
		_ = activityFigure("a", periods)
	}
}
