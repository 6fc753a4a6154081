package extract

import "strings"

// Country roles. Each country or region mention gets one role, read from
// the words around it, after the claims are known:
//   - origin: the place is the object of an attribution claim (whatever its
//     polarity: a hedged or negated origin is still the origin the text
//     discusses), or a demonym qualifies a threat-actor noun ("Chinese
//     hackers", "a Russian-speaking gang", "Iran-based operators");
//   - target: victims are there ("organizations in Japan", "targeting
//     Ukraine", "Italian organizations", "against Taiwanese government
//     entities");
//   - other: anything else (a publisher's or an agency's home, a lure's
//     theme, a place in passing).
// A place may carry several roles in one text; the roles are per mention.

// victimNouns follow a demonym or a country that locates victims.
var victimNouns = []string{
	"organization", "organisation", "compan", "business", "firm", "entit", "government", "ministr", "agenc", "bank",
	"user", "victim", "customer", "citizen", "target", "individual", "enterprise", "institution", "industr", "network",
	"provider", "operator", "carrier", "hospital", "universit", "school", "embass", "diplomat", "military", "defense",
	"defence", "energy", "telecom", "financial", "manufactur", "retail", "media", "journalist", "activist", "dissident",
	"official", "infrastructure", "critical", "utilit", "sector", "public", "private", "local", "regional", "federal",
	"state-owned", "healthcare", "health", "pharma", "airline", "shipping", "port", "law firm", "think tank",
	"nonprofit", "ngo", "academ", "research", "educat", "oil", "gas", "water", "power", "election", "parliament",
	"supplier", "contractor", "vendor", "subsidiar", "branch", "office", "employee", "staff", "people", "population",
}

// victimBefore are the words that, right before a place, say victims are
// there.
var victimBefore = []string{
	" in", " against", "targeting", "targeted", "targets", "target", " across", "victims in", " into", " at", " throughout",
	" within", " inside", "attacks on", "attack on", "attacking", "attacked", "hit", "hitting", "compromised", "breached",
	"infected", "spying on", "espionage against", "focused on", "focus on", "interest in", "located in the",
}

// notVictimBefore are the words that, right before a place, say it is
// something else even after a victim word ("based in", "from").
var notVictimBefore = []string{"based in", "located in", "operating in", "operating from", "out of", "from", "behind", "by", "of the", " with", "headquartered in", "origin in", "born in", "living in", "resides in"}

func assignRoles(text string, res *Result) {
	originAt := map[int]bool{}
	for _, c := range res.Claims {
		if c.ObjectKind != "country" && c.ObjectKind != "region" {
			continue
		}
		for i := range res.Countries {
			m := &res.Countries[i]
			if m.Start >= c.Start && m.End <= c.End && m.Name == c.Object {
				originAt[m.Start] = true
			}
		}
	}
	for i := range res.Countries {
		m := &res.Countries[i]
		switch {
		case originAt[m.Start] || actorNounAfter(text, m.End):
			m.Role = RoleOrigin
		case victimPlace(text, m):
			m.Role = RoleTarget
		default:
			m.Role = RoleOther
		}
	}
}

// actorNounAfter reports whether a threat-actor noun follows a place,
// possibly after an attribution modifier: "Chinese hackers", "Iran-based
// operators", "a Russian state-sponsored group".
func actorNounAfter(text string, end int) bool {
	after := asciiLower(text[end:min(len(text), end+60)])
	for changed := true; changed; {
		changed = false
		for _, p := range attributionModifiers {
			if strings.HasPrefix(after, p) {
				after = after[len(p):]
				changed = true
			}
		}
	}
	for _, w := range actorNouns {
		if strings.HasPrefix(after, " "+w) {
			return true
		}
	}
	return false
}

// attributionModifiers sit between a demonym and a threat-actor noun.
var attributionModifiers = []string{
	"-based", "-linked", "-nexus", "-speaking", "-sponsored", "-backed", "-aligned", "-affiliated", "-origin", "-led",
	" state-sponsored", " state sponsored", " state-backed", " government-backed", " government-sponsored", " government-linked",
	" government linked", " nation-state", " nation state", " nation-sponsored", " state", " government", " sponsored",
	" military", " intelligence", " cyber", " threat", " apt", " advanced persistent threat", " cybercriminal", " criminal",
	" ransomware", " hacking", " espionage",
}

// actorNouns name a threat actor after a demonym.
var actorNouns = []string{
	"hacker", "group", "actor", "apt", "operator", "attacker", "adversar", "gang", "crew", "spies", "spy", "cybercriminal",
	"criminal", "threat", "team", "unit", "cluster", "campaign", "operation", "intrusion set", "collective", "outfit",
	"underground", "speaker", "developer", "author", "affiliate", "cybercrime",
}

// victimPlace reports whether a place locates victims.
func victimPlace(text string, m *Mention) bool {
	before := strings.TrimRight(asciiLower(text[max(0, m.Start-40):m.Start]), " ")
	for _, w := range notVictimBefore {
		if strings.HasSuffix(before, w) {
			return false
		}
	}
	for _, w := range victimBefore {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	after := asciiLower(text[m.End:min(len(text), m.End+40)])
	after = strings.TrimLeft(after, " -")
	for _, w := range victimNouns {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}
