package knowledge

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/telltale-cti/telltale/internal/stix"
)

// The reports a malware's or tool's entry cites often say in their address
// which actor they are about: MISP's malpedia lists for Remcos
// ".../apt-c-36-updates-its-long-term-spam-campaign..." and
// ".../blind-eagle-hacks-colombian...". Such an address ties the software
// to the actor, as the software's description naming it does (suggest.go),
// more loosely: the suggestions weigh it by SuggestWeights.Cited.

// referencePaths keeps the path of every reference address that ignore
// does not reject, lower-cased: only the path says what a report is about.
func referencePaths(refs []stix.ExternalReference, ignore func(string) bool) []string {
	var out []string
	for _, r := range refs {
		if r.URL == "" || ignore != nil && ignore(r.URL) {
			continue
		}
		u, err := url.Parse(r.URL)
		if err != nil || u.Path == "" || u.Path == "/" {
			continue
		}
		out = append(out, strings.ToLower(u.Path))
	}
	return out
}

// maxNameTokens is how many words of an address an actor's name may span
// ("apt-c-36", "blind-eagle").
const maxNameTokens = 4

// minCitedKey is the length of the shortest folded actor name looked for
// in addresses: shorter ones ("apt", "ta5") meet words by chance.
const minCitedKey = 5

// citedActors returns, for each software of sw, the ids of the clusters
// whose names its reference addresses give.
func (snap *snapshot) citedActors(sw []*node, ix *suggestIndex) [][]string {
	// Every name of one cluster only, that is no software's name too. An
	// alias of one plain word ("Summit", "Popeye", "Wraith": Turla's) is
	// left out, as a word an address uses for something else; the
	// cluster's own name ("Turla") is kept.
	byKey := map[string]string{}
	for _, c := range snap.clusters {
		own := Fold(c.name)
		for _, m := range c.members {
			for _, nm := range snap.names[m.ID] {
				k := nm.Key
				if len(k) < minCitedKey || nm.Kind == "external_id" || k != own && plainWord(nm.Name) {
					continue
				}
				if _, isSoftware := ix.swKey[k]; isSoftware {
					continue
				}
				if prev, ok := byKey[k]; ok && prev != c.id {
					byKey[k] = "" // names two clusters
					continue
				}
				byKey[k] = c.id
			}
		}
	}
	out := make([][]string, len(sw))
	parallel(len(sw), func(i int) {
		seen := map[string]bool{}
		for _, p := range sw[i].refPaths {
			for _, id := range namesInPath(p, byKey) {
				if !seen[id] {
					seen[id] = true
					out[i] = append(out[i], id)
				}
			}
		}
	})
	return out
}

// namesInPath returns the clusters whose folded names a run of up to
// maxNameTokens words of path spells.
func namesInPath(path string, byKey map[string]string) []string {
	tokens := strings.FieldsFunc(path, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	var out []string
	for i := range tokens {
		key := ""
		for j := i; j < len(tokens) && j < i+maxNameTokens; j++ {
			key += tokens[j]
			if id := byKey[key]; id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// plainWord says whether a name is one word of letters only.
func plainWord(name string) bool {
	for _, r := range name {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return name != ""
}
