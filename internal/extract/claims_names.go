package extract

import "strings"

// The names claims carry: actor objects named as the dictionary names
// them, aliases as subjects, and state bodies cited by an abbreviation the
// text defines ("Islamic Revolutionary Guard Corps (IRGC)").

// vagueObject reports whether a claim's object names no state in
// particular.
func vagueObject(o string) bool { return strings.HasPrefix(o, "unspecified") }

// nameActorObjects names each known actor a claim points to as the text
// most often writes it ("Winnti Group" in a text that says so five times
// and "Winnti" once), so one actor is one object however a sentence
// abbreviates it. A same-as claim keeps the two names it joins.
func nameActorObjects(claims []Claim, hits []hit) {
	wanted := false
	for _, c := range claims {
		wanted = wanted || c.ObjectKind == "actor" && c.ObjectRef != ""
	}
	if !wanted {
		return
	}
	type form struct {
		name string
		n    int
	}
	best := map[string]form{}
	counts := map[[2]string]int{}
	for _, h := range hits {
		if h.Kind != KindActor || h.ID == "" {
			continue
		}
		m := strings.TrimSpace(stripMarks(h.Mention.Mention))
		k := [2]string{h.Name, m}
		counts[k]++
		if b := best[h.Name]; counts[k] > b.n || counts[k] == b.n && len(m) > len(b.name) {
			best[h.Name] = form{m, counts[k]}
		}
	}
	bestName := map[string]string{}
	for n, b := range best {
		bestName[n] = b.name
	}
	full := fullForms(counts, bestName)
	for i := range claims {
		c := &claims[i]
		if c.ObjectKind == "actor" && c.ObjectRef != "" && c.Relation != SameAs && c.Subject != c.ObjectRef {
			if f, ok := full[c.ObjectRef]; ok && sameNameForm(c.Object, f) && len(f) >= len(c.Object) {
				c.Object = f
			}
		}
	}
}

// nameAliasSubjects names the subject of a same-as claim as the text
// writes it when its canonical name is the object's: "Earth Preta (also
// known as Mustang Panda)" reads "Earth Preta same-as Mustang Panda", not
// "Mustang Panda same-as Mustang Panda".
func nameAliasSubjects(claims []Claim) {
	for i := range claims {
		c := &claims[i]
		if c.Relation == SameAs && foldName(c.Subject) == foldName(c.Object) && c.Mention != "" && foldName(c.Mention) != foldName(c.Object) {
			c.Subject = c.Mention
		}
	}
}

// nameAbbreviatedObjects names a state body a claim cites by its
// abbreviation ("in support of the IRGC") as the text defines it
// ("Islamic Revolutionary Guard Corps (IRGC)"), so that one body is one
// object however a sentence shortens it.
func nameAbbreviatedObjects(text string, claims []Claim) {
	defined, given := map[string]string{}, map[string]string{}
	var brackets []bracketedAcronym // read once, when a claim first needs them
	read := false
	for i := range claims {
		c := &claims[i]
		needs := c.ObjectKind == "organization" || c.ObjectKind == "actor" && c.ObjectRef == ""
		if !read && needs {
			brackets, read = bracketedAcronyms(text), true
		}
		if needs {
			// "Mahak Rayan Afraz (MRA)": a new name keeps the
			// abbreviation the text gives it (looked up once a name:
			// claims repeat their objects).
			abbr, ok := given[c.Object]
			if !ok {
				abbr = abbreviationAfter(text, brackets, c.Object)
				given[c.Object] = abbr
			}
			if abbr != "" {
				c.Object += " (" + abbr + ")"
				continue
			}
		}
		if c.ObjectKind != "organization" || !acronym(c.Object) {
			continue
		}
		long, ok := defined[c.Object]
		if !ok {
			long = definedAbbreviation(text, brackets, c.Object)
			defined[c.Object] = long
		}
		if long != "" {
			c.Object = long
		}
	}
}

// bracketedAcronym is an acronym a text writes in brackets, "(MRA)", and
// the offset of its opening bracket.
type bracketedAcronym struct {
	at   int
	abbr string
}

// bracketedAcronyms returns every acronym a text writes in brackets, in
// order: the only places abbreviationAfter and definedAbbreviation can
// find what they look for, read in one pass instead of one pass a name.
func bracketedAcronyms(text string) []bracketedAcronym {
	var out []bracketedAcronym
	for at := 0; ; at++ {
		k := strings.IndexByte(text[at:], '(')
		if k < 0 {
			return out
		}
		at += k
		e := strings.IndexByte(text[at+1:min(len(text), at+1+7)], ')')
		if e > 0 && acronym(text[at+1:at+1+e]) {
			out = append(out, bracketedAcronym{at, text[at+1 : at+1+e]})
		}
	}
}

// abbreviationAfter returns the abbreviation a text gives a name in
// brackets right after it ("Mahak Rayan Afraz (MRA)"), or "". brackets
// are the text's bracketed acronyms.
func abbreviationAfter(text string, brackets []bracketedAcronym, name string) string {
	if strings.Contains(name, "(") {
		// Occurrences of the name and its bracket could overlap,
		// which the reading below would count where a search does not.
		return abbreviationAfterSearch(text, name)
	}
	for _, b := range brackets {
		if k := b.at - 1; k >= len(name) && text[k] == ' ' && text[k-len(name):k] == name && spells(strings.Fields(name), b.abbr) {
			return b.abbr
		}
	}
	return ""
}

// abbreviationAfterSearch is abbreviationAfter by search of the text.
func abbreviationAfterSearch(text, name string) string {
	for at := 0; ; {
		k := strings.Index(text[at:], name+" (")
		if k < 0 {
			return ""
		}
		k += at + len(name) + len(" (")
		at = k
		e := strings.IndexByte(text[k:min(len(text), k+8)], ')')
		if e > 0 && acronym(text[k:k+e]) && spells(strings.Fields(name), text[k:k+e]) {
			return text[k : k+e]
		}
	}
}

// acronym reports whether a name is two to six capital letters.
func acronym(s string) bool {
	if len(s) < 2 || len(s) > 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// definedAbbreviation finds where a text defines an abbreviation, "Long
// Name (ABBR)", and returns that definition whole; "" when it does not.
// The long name is the shortest run of words before the bracket whose
// capitalised words' initials, with those of "of" and "and" where needed,
// spell the abbreviation. brackets are the text's bracketed acronyms,
// among them every "(ABBR)" of an acronym.
func definedAbbreviation(text string, brackets []bracketedAcronym, abbr string) string {
	paren := "(" + abbr + ")"
	for _, b := range brackets {
		if b.abbr != abbr {
			continue
		}
		k := b.at
		words := strings.Fields(text[max(0, k-100):k])
		for j := len(words) - 1; j >= 0 && j >= len(words)-len(abbr)*2; j-- {
			if w := words[j]; w[0] < 'A' || w[0] > 'Z' {
				continue
			}
			if spells(words[j:], abbr) {
				return strings.Join(words[j:], " ") + " " + paren
			}
		}
	}
	return ""
}

// spells reports whether the words' initials spell an abbreviation:
// each capitalised word gives its initial; "of", "and", "for" may give
// theirs or none.
func spells(words []string, abbr string) bool {
	if len(words) == 0 {
		return abbr == ""
	}
	w := words[0]
	switch w {
	case "of", "and", "for", "the":
		if abbr != "" && lowerByte(abbr[0]) == w[0] && spells(words[1:], abbr[1:]) {
			return true
		}
		return spells(words[1:], abbr)
	}
	if w[0] < 'A' || w[0] > 'Z' || abbr == "" || w[0] != abbr[0] {
		return false
	}
	return spells(words[1:], abbr[1:])
}

// fullForms names each actor in full: the form with the most words among
// the forms of its most frequent name written as a proper name ("Winnti
// Group" where the text also says "Winnti" more often; not "Lazarus
// group"), the more frequent among equals. counts holds how often each
// (actor, written form) occurs.
func fullForms(counts map[[2]string]int, best map[string]string) map[string]string {
	full := map[string]string{}
	for k, n := range counts {
		b, ok := best[k[0]]
		if !ok || !sameNameForm(k[1], b) || k[1] != b && !titleCased(k[1]) {
			continue
		}
		f := full[k[0]]
		wk, wf := len(strings.Fields(k[1])), len(strings.Fields(f))
		if f == "" || wk > wf || wk == wf && n > counts[[2]string{k[0], f}] {
			full[k[0]] = k[1]
		}
	}
	return full
}

// titleCased reports whether every word of a name starts with a capital
// or a digit ("Winnti Group", "APT 40"), as a name, not a noun phrase.
func titleCased(s string) bool {
	for _, w := range strings.Fields(s) {
		if !(w[0] >= 'A' && w[0] <= 'Z' || w[0] >= '0' && w[0] <= '9') {
			return false
		}
	}
	return true
}

// sameNameForm reports whether two ways of writing an actor are forms of
// one name ("Winnti" and "Winnti Group", "APT 40" and "APT40"), not two
// aliases ("Tortoiseshell" and "TA456"), which the text keeps apart on
// purpose. A claim's object is renamed only to a form at least as long
// as its own: "Winnti Group" stays whole in a text that mostly says
// "Winnti".
func sameNameForm(x, y string) bool {
	fx, fy := strings.Fields(asciiLower(x)), strings.Fields(asciiLower(y))
	if len(fx) == 0 || len(fy) == 0 {
		return false
	}
	return fx[0] == fy[0] || strings.ReplaceAll(asciiLower(x), " ", "") == strings.ReplaceAll(asciiLower(y), " ", "")
}
