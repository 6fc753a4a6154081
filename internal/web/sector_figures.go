package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/telltale-cti/telltale"
)

// The sector page's figures are SVG drawn here, on the server: no script,
// no external asset, no inline style (the CSP forbids them). Colours come
// from classes that sector.css maps onto the theme's variables, so the
// figures follow light and dark and print. Every label is escaped here:
// the result is trusted HTML.

// barsShown is how many bars a breakdown draws; the table under it lists
// them all.
const barsShown = 10

// figureText escapes s for SVG text and attributes.
func figureText(s string) string { return html.EscapeString(s) }

// shorten cuts a label to n runes, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// barFigure draws tallies as horizontal bars, most first, up to barsShown;
// link, when not nil, makes each bar a link (none when it says ""). Hedged parts of a bar (an
// origin no source asserts) are drawn lighter.
func barFigure(id, title string, tallies []telltale.Tally, link func(telltale.Tally) string) template.HTML {
	const width, labelW, rowH, top = 400, 130, 22, 4
	shown := tallies[:min(len(tallies), barsShown)]
	most := 1
	for _, t := range shown {
		most = max(most, t.Count)
	}
	height := top + rowH*max(len(shown), 1) + 4
	var b strings.Builder
	// A group, not an image: its bars are links, and an image's content
	// is presentational.
	fmt.Fprintf(&b, `<svg class="figure bars" id="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="%s-t">`,
		figureText(id), width, height, width, height, figureText(id))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title>`, figureText(id), figureText(title))
	if len(shown) == 0 {
		fmt.Fprintf(&b, `<text class="fig-muted" x="0" y="%d">Nothing to show in this window.</text>`, top+16)
	}
	barMax := float64(width - labelW - 48)
	for i, t := range shown {
		y := top + i*rowH
		w := max(2, float64(t.Count)/float64(most)*barMax)
		hw := float64(t.Hedged) / float64(max(t.Count, 1)) * w
		note := ""
		if t.Hedged > 0 {
			note = fmt.Sprintf(" (%d hedged or disputed)", t.Hedged)
		}
		href := ""
		if link != nil {
			href = link(t)
		}
		if href != "" {
			fmt.Fprintf(&b, `<a href="%s">`, figureText(href))
		}
		fmt.Fprintf(&b, `<g class="bar" data-key="%s" data-count="%d"><title>%s: %s%s</title>`,
			figureText(t.Key), t.Count, figureText(t.Name), plural(t.Count, "attacker"), note)
		fmt.Fprintf(&b, `<text class="fig-label" x="%d" y="%d" text-anchor="end">%s</text>`, labelW-8, y+16, figureText(shorten(t.Name, 16)))
		fmt.Fprintf(&b, `<rect class="fig-bar" x="%d" y="%d" width="%.1f" height="16" rx="2"/>`, labelW, y+4, w)
		if hw > 0 {
			fmt.Fprintf(&b, `<rect class="fig-bar hedged" x="%.1f" y="%d" width="%.1f" height="16" rx="2"/>`, float64(labelW)+w-hw, y+4, hw)
		}
		fmt.Fprintf(&b, `<text class="fig-value" x="%.1f" y="%d">%d</text></g>`, float64(labelW)+w+6, y+16, t.Count)
		if href != "" {
			b.WriteString(`</a>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// activityFigure draws, for each period, the attackers active (left bar)
// and the reports published (right bar).
func activityFigure(id string, periods []telltale.Period) template.HTML {
	const width, height, left, bottom, top = 1180, 200, 36, 28, 22
	most := 1
	for _, p := range periods {
		most = max(most, p.Attackers, p.Reports)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="figure activity" id="%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-t">`,
		figureText(id), width, height, width, height, figureText(id))
	fmt.Fprintf(&b, `<title id="%s-t">Attackers active and reports published, by period</title>`, figureText(id))
	fmt.Fprintf(&b, `<rect class="fig-bar" x="%d" y="4" width="12" height="12"/><text class="fig-label" x="%d" y="15">attackers active</text>`, left, left+16)
	fmt.Fprintf(&b, `<rect class="fig-bar reports" x="%d" y="4" width="12" height="12"/><text class="fig-label" x="%d" y="15">reports published</text>`, left+150, left+166)
	plotH := float64(height - bottom - top)
	fmt.Fprintf(&b, `<line class="fig-axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, height-bottom, width, height-bottom)
	fmt.Fprintf(&b, `<text class="fig-muted" x="%d" y="%d" text-anchor="end">%d</text>`, left-6, top+10, most)
	if len(periods) == 0 {
		fmt.Fprintf(&b, `<text class="fig-muted" x="%d" y="%d">No dated activity in this window.</text>`, left+8, height/2)
	}
	step := float64(width-left) / float64(max(len(periods), 1))
	every := max(1, (len(periods)+19)/20) // at most 20 period labels
	for i, p := range periods {
		x := float64(left) + float64(i)*step
		bw := max(1, step*0.38)
		ha := float64(p.Attackers) / float64(most) * plotH
		hr := float64(p.Reports) / float64(most) * plotH
		base := float64(height - bottom)
		fmt.Fprintf(&b, `<g class="period" data-period="%s" data-attackers="%d" data-reports="%d"><title>%s: %s active, %s</title>`,
			figureText(p.Period), p.Attackers, p.Reports, figureText(p.Period), plural(p.Attackers, "attacker"), plural(p.Reports, "report"))
		fmt.Fprintf(&b, `<rect class="fig-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, x+step*0.1, base-ha, bw, ha)
		fmt.Fprintf(&b, `<rect class="fig-bar reports" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, x+step*0.1+bw, base-hr, bw, hr)
		if i%every == 0 {
			fmt.Fprintf(&b, `<text class="fig-muted" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x+step/2, height-8, figureText(p.Period))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
