package extract

import (
	"regexp"
	"strings"
)

// turnLabelRE matches the label that opens a speaker's turn in a
// transcript: "Daniel Okafor (Director of Operations, National Cyber
// Agency): ", "Dr Varga: ", "Chair: ".
var turnLabelRE = regexp.MustCompile(`(?m)^((?:(?:Dr|Mr|Ms|Mrs|Prof|Sir|Dame)\.? )?[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?: \(([^()\n]{3,80})\))?: +["A-Z]`)

// turn is one labelled turn of a transcript: where its label starts, the
// speaker's name and bracketed title.
type turn struct {
	at           int
	name, title  string
	nameLastWord string
}

// readTurns returns the turns of text when it is a transcript: four
// labelled lines or more, of two speakers or more, one of them with a
// bracketed title and one who speaks again (by the same surname).
// Otherwise none: a report's "Note:" lines, or a glossary of tools
// ("Beacon: It is a malware", "Airbreak (also called Orz): Malware"), are
// no turns.
func readTurns(text string) []turn {
	var turns []turn
	names := map[string]bool{}
	surnames := map[string]int{}
	titled, again := false, false
	for _, m := range turnLabelRE.FindAllStringSubmatchIndex(text, -1) {
		t := turn{at: m[0], name: text[m[2]:m[3]]}
		if m[4] >= 0 {
			t.title = text[m[4]:m[5]]
			titled = true
		}
		t.nameLastWord = t.name[strings.LastIndexByte(t.name, ' ')+1:]
		names[t.name] = true
		surnames[t.nameLastWord]++
		again = again || surnames[t.nameLastWord] > 1
		turns = append(turns, t)
	}
	if len(turns) < 4 || len(names) < 2 || !titled || !again {
		return nil
	}
	return turns
}

// turnSpeaker returns who speaks at offset at of a transcript whose turns
// are turns: the body after the last comma of the speaker's bracketed
// title ("National Cyber Agency"), given in the turn's label or in
// another label of the same surname ("Okafor:" after "Daniel Okafor
// (Director of Operations, National Cyber Agency):"), else the speaker's
// name as labelled in full. "" before the first turn.
func turnSpeaker(turns []turn, at int) string {
	var cur *turn
	for i := range turns {
		if turns[i].at <= at {
			cur = &turns[i]
		}
	}
	if cur == nil {
		return ""
	}
	t := *cur
	if t.title == "" {
		for _, o := range turns {
			if o.title != "" && o.nameLastWord == t.nameLastWord {
				t = o
				break
			}
		}
	}
	if k := strings.LastIndexByte(t.title, ','); k >= 0 {
		if body := strings.TrimSpace(t.title[k+1:]); body != "" {
			return body
		}
	}
	return t.name
}
