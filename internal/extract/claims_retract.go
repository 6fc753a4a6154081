package extract

import (
	"slices"
	"strings"
)

// Ties the text sets aside after making or reporting them: corrections
// ("mistakenly attributed to"), retractions and rejections in the
// sentence after a tie, and dissents from it.

// corrections are the negation cues by which a speaker says an earlier
// attribution was wrong ("campaigns mistakenly attributed to X").
var corrections = []string{"mistakenly", "wrongly attribut", "erroneously attribut", "incorrectly attribut", "falsely attribut", "misattribut",
	// the speaker's own retraction: "We were wrong to attribute this
	// intrusion to X"
	"wrong to attribut", "wrong to link", "wrong to blame", "mistake to attribut",
	// a news story's correction: "An earlier version of this story said
	// Acme had attributed the attack to X."
	"earlier version of this", "earlier version of the"}

// retractions open the sentence after an attribution to say it was
// wrong: "This was wrong", "That vendor has since retracted the
// attribution", "Acme did not make that attribution".
var retractions = []string{"this was wrong", "that was wrong", "this is wrong", "that is wrong", "this was incorrect",
	"that was incorrect", "this is incorrect", "that is incorrect", "this was inaccurate", "that was inaccurate",
	"this was false", "that was false", "retracted the attribution", "retracted its attribution",
	"retracted that attribution", "retracted the claim", "withdrew the attribution", "withdrawn the attribution",
	"withdrew its attribution", "did not make that attribution", "did not make the attribution",
	"turned out to be wrong", "turned out to be false", "proved wrong", "proved false", "proved to be wrong",
	"ruled that out", "ruled it out", "ruled this out", "had been disproven", "has been disproven", "was disproven"}

// rejections open the sentence after an attribution to call it wrong
// ("That attribution was mistaken", "This claim is false") or to find
// nothing behind it ("We found no evidence of that"); they count only
// where the clause ends after them (rejectionAt), so that "no evidence of
// that loader", "its report is wrong about the date" and "this claim is
// false according to the Kremlin" (another's denial) reject nothing.
var rejections = func() []string {
	var out []string
	for _, d := range []string{"that", "this", "the", "their", "its", "such an", "such a"} {
		for _, n := range []string{"attribution", "claim", "link", "assessment", "report", "conclusion", "reporting"} {
			for _, v := range []string{"was", "is", "has been", "turned out to be", "proved"} {
				for _, a := range []string{"wrong", "mistaken", "incorrect", "false", "inaccurate", "unfounded", "baseless"} {
					out = append(out, d+" "+n+" "+v+" "+a)
				}
			}
		}
	}
	for _, v := range []string{"this was", "that was", "this is", "that is"} {
		for _, a := range []string{"mistaken", "unfounded", "baseless"} {
			out = append(out, v+" "+a)
		}
	}
	return out
}()

// noEvidence are the phrases of rejections that end their clause: each
// is written with what may follow it (a comma, a semicolon, "and") and is
// matched bare only at the end of the sentence (rejectionAt). Besides
// finding nothing behind a tie ("no evidence of that"), the writer may
// retract its own earlier one ("we no longer think so").
var noEvidence, noEvidenceEnds = func() ([]string, []string) {
	ends := slices.Clone(rejections)
	for _, p := range []string{"no evidence of", "no evidence for", "no evidence to support", "nothing to support",
		"nothing to back", "no sign of", "no basis for"} {
		// not "it": "looked for signs of data theft and found no
		// evidence of it"
		for _, d := range []string{"that", "this", "the claim", "the attribution", "that claim", "that attribution", "this claim"} {
			ends = append(ends, p+" "+d)
		}
	}
	for _, p := range []string{"we no longer believe", "we no longer think", "we no longer hold", "we no longer assess",
		"we no longer consider", "we no longer stand by", "we no longer accept", "we no longer share"} {
		for _, d := range []string{"that", "this", "it", "so", "that view", "this view", "that assessment", "that attribution", "that link"} {
			ends = append(ends, p+" "+d)
		}
	}
	var out []string
	for _, c := range ends {
		for _, e := range []string{",", ";", ":", " and ", " either", " as ", " because ", " since "} {
			out = append(out, c+e)
		}
	}
	return out, ends
}()

// rejectionAt returns the rejection cue of low, a sentence lower-cased:
// one of noEvidence (rejections among them) where its clause ends.
func rejectionAt(low string) string {
	if r := firstCue(low, noEvidence); r != "" {
		r = strings.TrimRight(r, " ")
		for _, e := range []string{",", ";", ":", " and", " either", " as", " because", " since"} {
			r = strings.TrimSuffix(r, e)
		}
		return r
	}
	low = strings.TrimRight(low, " .!?\"'”’)")
	for _, c := range noEvidenceEnds {
		if strings.HasSuffix(low, " "+c) || low == c {
			return c
		}
	}
	return ""
}

// openingClause returns the first clause of low, a lower-cased sentence,
// up to a comma (kept), a semicolon, a colon or "but": what may speak of
// the sentence before ("That attribution was mistaken, as ...", "We have
// seen no evidence of that, and ..."). A rejection in a later clause ("In
// 2021 we said it was new; we no longer believe that") rejects what its
// own sentence said.
func openingClause(low string) string {
	end := len(low)
	for _, sep := range []string{";", ":", " but ", ", "} {
		if k := strings.Index(low, sep); k >= 0 && k < end {
			end = k
		}
	}
	if end < len(low) && low[end] == ',' {
		// the comma right after the rejection ("no evidence of that,
		// and") belongs to it
		return low[:end+1]
	}
	return low[:end]
}

// dissents say the writer does not take an attribution it reports, in
// the sentence right after it or later in its own ("Some researchers tied
// the intrusions to Iran; we disagree with that assessment"): a verb of
// dissent and the attribution it is about, so that "we disagree with
// some of the timeline" or "we do not share their indicators" dissent
// from nothing.
var dissents = func() []string {
	var out []string
	for _, v := range []string{"we disagree with", "we do not agree with", "we don't agree with", "we dispute", "we reject",
		"we do not share", "we don't share", "we do not accept", "we don't accept",
		// "...; we found no evidence for that link", "it has seen no
		// evidence of such a link"
		"no evidence for", "no evidence of", "no evidence supporting", "no evidence to support", "nothing to support",
		"no support for", "no basis for"} {
		for _, d := range []string{"that", "this", "the", "their", "its", "such an", "such a", "these", "those"} {
			for _, n := range []string{"attribution", "assessment", "view", "conclusion", "link", "attributions", "assessments", "views", "conclusions", "links"} {
				out = append(out, v+" "+d+" "+n)
			}
		}
	}
	return out
}()

// retracted negates the claims that the sentence right after theirs
// retracts ("Earlier reporting attributed the activity to X. That vendor
// has since retracted the attribution."), or that the writer dissents
// from there or after the object in their own sentence: the text reports
// an attribution only to set it aside.
func retracted(text string, cs []Claim) []Claim {
	for i := range cs {
		c := &cs[i]
		if c.Polarity != Asserted && c.Polarity != Hedged || c.Relation == DistinctFrom || c.phrase || c.End <= 0 || c.End > len(text) {
			// a noun phrase's claim ("Kimsuky, another North Korean
			// group") describes; what is retracted is the attribution
			continue
		}
		raw := text[c.End:min(len(text), c.End+300)]
		next := strings.TrimLeft(raw, " \n\t\"”’')")
		if k := strings.IndexAny(next, ".!?\n"); k >= 0 {
			next = next[:k]
		}
		// a dissent in a sentence that makes a tie of its own is about
		// that tie, unless it opens the sentence
		dissentIn := next
		if at := c.End + len(raw) - len(strings.TrimLeft(raw, " \n\t\"”’')")); claimIn(cs, at, at+len(next)) {
			dissentIn = openingClause(asciiLower(next))
		}
		own := ""
		if c.located && c.objectAt > c.Start && c.objectAt < c.End {
			own = text[c.objectAt:c.End] // the words after the object
		}
		if r := firstCue(asciiLower(next), retractions); r != "" {
			c.Polarity, c.Cue = Negated, r
		} else if r := rejectionAt(openingClause(asciiLower(next))); r != "" {
			c.Polarity, c.Cue = Negated, r
		} else if r := rejectionAt(asciiLower(own)); r != "" {
			c.Polarity, c.Cue = Negated, r
		} else if r := firstCue(asciiLower(own)+" "+asciiLower(dissentIn), dissents); r != "" {
			c.Polarity, c.Cue = Negated, r
		}
	}
	return cs
}

// claimIn reports whether one of cs starts in text[start:end].
func claimIn(cs []Claim, start, end int) bool {
	for _, c := range cs {
		if c.Start >= start && c.Start < end {
			return true
		}
	}
	return false
}

// dropCorrected drops a speaker's asserted ties of unnamed activity to an
// object when the same speaker corrects an attribution of activity to that
// object: in "past waves were mistakenly attributed to X ... the campaigns
// attributed to X used Y", the campaigns are X's own, and the activity the
// text is about is not asserted to be X's. A tie negated otherwise ("no
// evidence ties these waves to X") says nothing of other activity, and a
// named subject is kept whatever its speaker corrects.
func dropCorrected(cs []Claim) []Claim {
	corrected := map[[2]string]bool{}
	for _, c := range cs {
		if c.Subject == "unnamed" && c.Polarity == Negated && containsAny(asciiLower(c.Cue), corrections) {
			corrected[[2]string{c.By, c.Object}] = true
		}
	}
	if len(corrected) == 0 {
		return cs
	}
	out := cs[:0]
	for _, c := range cs {
		if c.Subject == "unnamed" && c.Polarity == Asserted && corrected[[2]string{c.By, c.Object}] {
			continue
		}
		out = append(out, c)
	}
	return out
}
