package extract

import (
	"regexp"
	"strings"
)

// State bodies as objects: "the GRU", "the Islamic Revolutionary
// Guard Corps (IRGC)", "PLA Unit 61398".

// stateBodyAbbrevs are the services of states that reports name as
// sponsors, by their usual abbreviations.
var stateBodyAbbrevs = wordSet(`GRU FSB SVR KGB MSS PLA IRGC MOIS RGB VAJA SBU`)

// stateBodyHeads start the names of state services.
var stateBodyHeads = []string{"Ministry of State Security", "Ministry of Intelligence", "Ministry of Security",
	"Ministry of Defense", "Ministry of Defence", "Islamic Revolutionary Guard Corps", "Revolutionary Guard",
	"People's Liberation Army", "People’s Liberation Army", "PLA Unit", "PLA unit", "Main Intelligence Directorate",
	"Main Directorate", "General Staff", "Foreign Intelligence Service", "Federal Security Service",
	"Reconnaissance General Bureau", "Strategic Support Force", "Unit "}

// stateBodyAfter reads the name of a state service a few words after a
// cue: "the GRU", "the Iranian MOIS", "the Islamic Revolutionary Guard
// Corps (IRGC)", "the Ministry of State Security of China", "PLA Unit
// 61398". The name runs over its capitalised words, "of Country" and a
// bracketed abbreviation.
func stateBodyAfter(sentence string, a, ce int, parties []party) (party, bool) {
	i := skipStateBodyLead(sentence, ce)
	var state *party
	for k := range parties {
		p := &parties[k]
		if p.Kind == KindCountry && p.Start-a == i {
			if n := possessiveAfter(sentence[p.End-a:]); n > 0 {
				// "China's Ministry of State Security": whose
				// service it is; "Russia's military intelligence
				// service, the GRU": the name after what it is.
				n += len(serviceDescriptionRE.FindString(sentence[p.End-a+n:]))
				if startsStateBody(sentence[p.End-a+n:]) {
					state, i = p, p.End-a+n
				}
			}
			break
		}
	}
	rest := sentence[i:]
	end := -1
	for _, h := range stateBodyHeads {
		if strings.HasPrefix(rest, h) {
			end = len(h)
			break
		}
	}
	if end < 0 {
		w, _ := rawWordAt(sentence, i)
		if !stateBodyAbbrevs[w] || !strings.HasPrefix(rest, w) {
			return party{}, false
		}
		end = len(w)
	} else {
		end = stateBodyNameEnd(rest, end)
	}
	name, start := sentence[i:i+end], i
	if state != nil {
		// named as one writes it without the possessive: "Ministry of
		// State Security (China)", "Ministry of Intelligence and
		// Security (MOIS, Iran)"
		if strings.HasSuffix(name, ")") {
			name = name[:len(name)-1] + ", " + state.Name + ")"
		} else {
			name += " (" + state.Name + ")"
		}
		start = state.Start - a
	}
	return party{hit: hit{Mention: Mention{Kind: KindOrganization, Name: name, Mention: name, Start: a + start, End: a + i + end}}, fresh: true}, true
}

// serviceDescriptionRE matches a state service described in lower case
// before its name: "military intelligence service, the ", "foreign
// intelligence agency (".
var serviceDescriptionRE = regexp.MustCompile(`^(?:(?:military|foreign|domestic|main|federal|national|state|security|intelligence|secret|spy)\s+){0,3}(?:service|agency|directorate|ministry|intelligence)(?:,\s*(?:the\s+)?|\s+\(\s*)`)

// possessiveAfter returns the length of the possessive ending ("'s ",
// "’s ") that starts s, or 0.
func possessiveAfter(s string) int {
	for _, p := range []string{"'s ", "’s "} {
		if strings.HasPrefix(s, p) {
			return len(p)
		}
	}
	return 0
}

// skipStateBodyLead steps from i over up to three words that may come
// before a state service's name: spaces and marks, "the", "a" and a
// demonym ("the Iranian"). It returns where the name may start.
func skipStateBodyLead(sentence string, i int) int {
	for n := 0; n < 3 && i < len(sentence); n++ {
		for i < len(sentence) && (sentence[i] == ' ' || sentence[i] == '*' || sentence[i] == '[') {
			i++
		}
		w, _ := rawWordAt(sentence, i)
		lw := asciiLower(w)
		if startsStateBody(sentence[i:]) {
			break
		}
		// "Iran's intelligence ministry": a possessive is the state
		// itself, not a demonym ("Iran" ends as "Afghan" does).
		if lw == "the" || lw == "a" || demonymWord(w) && possessiveAfter(sentence[i+len(w):]) == 0 {
			i += len(w)
			continue
		}
		break
	}
	return i
}

// stateBodyNameEnd extends a state service's name that starts rest with a
// head of end bytes over further capitalised words, numbers, "of" and
// "and", and a bracketed abbreviation, and returns its end without a
// trailing " of" or " and".
func stateBodyNameEnd(rest string, end int) int {
	for end < len(rest) {
		j := end
		for j < len(rest) && rest[j] == ' ' {
			j++
		}
		w, _ := rawWordAt(rest, j)
		if w == "" || !(w[0] >= 'A' && w[0] <= 'Z' || w[0] >= '0' && w[0] <= '9' || w == "of" || w == "and") {
			break
		}
		end = j + len(w)
	}
	if k := strings.Index(rest[end:min(len(rest), end+12)], ")"); strings.HasPrefix(rest[end:], " (") && k > 0 &&
		strings.Trim(rest[end+2:end+k], "[]0123456789, ") != "" {
		// "(IRGC)", not a reference number "([15])"
		end += k + 1
	}
	return len(strings.TrimSuffix(strings.TrimSuffix(rest[:end], " of"), " and"))
}

// startsStateBody reports whether s starts with a state service's name.
func startsStateBody(s string) bool {
	for _, h := range stateBodyHeads {
		if strings.HasPrefix(s, h) {
			return true
		}
	}
	w, _ := rawWordAt(s, 0)
	return stateBodyAbbrevs[w]
}

// rawWordAt returns the word that starts at i, as written.
func rawWordAt(s string, i int) (string, int) {
	j := i
	for j < len(s) && (isWordByte(s[j]) || s[j] >= 0x80 && s[j] != 0xc2) {
		j++
	}
	return s[i:j], j
}

// demonymWord reports whether a capitalised word is a nationality
// adjective ("Iranian", "Chinese") before a state service's name.
func demonymWord(w string) bool {
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	return demonym(Mention{Mention: w, Name: w + "_"})
}
