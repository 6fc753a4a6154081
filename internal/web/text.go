package web

import (
	"regexp"
	"sort"
	"unicode/utf8"

	"github.com/telltale-cti/telltale"
)

// A report's text as a page shows it: paragraphs kept, and every place
// the extraction found an item marked in place. The text stays text: the
// template escapes every segment, whatever the report held (report HTML
// is never rendered as HTML).

// segment is a run of a paragraph: plain text, or a mention of an item.
type segment struct {
	Text string
	Item *telltale.DraftItem // nil for plain text
}

// paragraph is the segments of one paragraph of the text.
type paragraph []segment

var blankLines = regexp.MustCompile(`\n[ \t\r\f\v]*\n\s*`)

// highlight cuts text into paragraphs (at blank lines) with the items'
// spans marked. Overlapping spans keep the one that starts first (the
// longer of two that start together); spans off the text or inside a
// character are left out.
func highlight(text string, items []telltale.DraftItem) []paragraph {
	type span struct {
		start, end int
		item       *telltale.DraftItem
	}
	var spans []span
	for i := range items {
		for _, s := range items[i].Spans {
			if s.Start < 0 || s.End > len(text) || s.Start >= s.End || !utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End])) {
				continue
			}
			spans = append(spans, span{s.Start, s.End, &items[i]})
		}
	}
	sort.SliceStable(spans, func(a, b int) bool {
		if spans[a].start != spans[b].start {
			return spans[a].start < spans[b].start
		}
		return spans[a].end > spans[b].end
	})
	var out []paragraph
	var cur paragraph
	pos, next := 0, 0
	emit := func(end int, item *telltale.DraftItem) {
		if end > pos {
			cur = append(cur, segment{Text: text[pos:end], Item: item})
			pos = end
		}
	}
	breaks := blankLines.FindAllStringIndex(text, -1)
	breaks = append(breaks, []int{len(text), len(text)})
	for _, br := range breaks {
		for next < len(spans) && spans[next].start < br[0] {
			s := spans[next]
			next++
			if s.start < pos {
				continue // overlaps the previous mark
			}
			emit(s.start, nil)
			emit(min(s.end, br[0]), s.item)
		}
		emit(br[0], nil)
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur, pos = nil, br[1]
	}
	return out
}
