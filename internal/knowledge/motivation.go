package knowledge

import "strings"

// Motivation turns a STIX primary motivation (attack-motivation-ov) into
// the word an analyst uses, reading the actor's own words (descriptions,
// labels, the MISP galaxy's motivations) where STIX is too coarse:
//
//	organizational-gain   espionage when the words say espionage, else "organizational gain"
//	personal-gain         financial gain when they speak of money, fraud, ransom, crime; else "personal gain"
//	ideology              hacktivism when they say so, else "ideology"
//	dominance             sabotage when they speak of sabotage or destruction, else "dominance"
//	(none)                the first of espionage, financial gain, hacktivism, sabotage the words name;
//	                      else "" (unknown)
//	anything else         its STIX words, dashes as spaces (personal satisfaction, revenge...)
func Motivation(stix string, words []string) string {
	text := strings.ToLower(strings.Join(words, "\n"))
	says := func(cue []string) bool {
		for _, c := range cue {
			if strings.Contains(text, c) {
				return true
			}
		}
		return false
	}
	switch stix {
	case "organizational-gain":
		if says(espionageCues) {
			return "espionage"
		}
	case "personal-gain":
		if says(financialCues) {
			return "financial gain"
		}
	case "ideology":
		if says(hacktivismCues) {
			return "hacktivism"
		}
	case "dominance":
		if says(sabotageCues) {
			return "sabotage"
		}
	case "":
		for _, m := range inferred {
			if says(m.cues) {
				return m.label
			}
		}
		return ""
	}
	return strings.ReplaceAll(stix, "-", " ")
}

var (
	espionageCues = []string{"espionage", "spying", "intelligence gathering", "intelligence-gathering", "intelligence collection",
		// what telecom espionage takes: "the aim as signals
		// intelligence", "took customer call records"
		"signals intelligence", "call records", "call detail records", "call metadata"}
	financialCues  = []string{"financ", "ransom", "fraud", "money", "cybercrim", "criminal", "extortion", "theft of funds"}
	hacktivismCues = []string{"hacktivis"}
	sabotageCues   = []string{"sabotage", "destructive", "destruction", "wiper"}

	// inferred is what words alone say when STIX says nothing, firmest
	// first.
	inferred = []struct {
		label string
		cues  []string
	}{
		{"espionage", espionageCues}, {"financial gain", financialCues},
		{"hacktivism", hacktivismCues}, {"sabotage", sabotageCues},
	}
)

// motivationWords are the words of a cluster's members that say why the
// actor acts: descriptions, labels, the MISP galaxy's motivations.
func motivationWords(c *cluster) []string {
	var out []string
	for _, m := range c.members {
		out = append(out, m.Description)
		out = append(out, m.Labels...)
		out = append(out, m.MISPMotives...)
	}
	return out
}
