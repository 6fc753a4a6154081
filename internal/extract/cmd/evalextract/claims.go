package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/telltale-cti/telltale/internal/extract"
)

// The attribution-claim gold (data/eval-dev/claims) is scored here the way
// its own score.py does, so that a test can hold the extractor to it: the
// same keys, the same folding, the same matching of subjects. Any change
// to the rules below must keep the two in agreement (compare with
// `scripts/eval-extract -claims-dump DIR` and score.py on DIR).

// claimSets are the gold files of one split and the folder of their texts,
// relative to the shared directory.
var claimSets = map[string][][2]string{
	"dev": {
		{"data/eval-dev/claims/annoctr-dev.json", "data/eval-dev/annoctr/text/dev"},
	},
	"train": {
		{"data/eval-dev/claims/annoctr-train-a.json", "data/eval-dev/annoctr/text/train"},
		{"data/eval-dev/claims/annoctr-train-b.json", "data/eval-dev/annoctr/text/train"},
	},
	"samples": {
		{"data/eval-dev/claims/samples.json", "samples"},
	},
}

type claimGoldDoc struct {
	Doc    string `json:"doc"`
	Actors []struct {
		Name     string   `json:"name"`
		Mentions []string `json:"mentions"`
	} `json:"actors"`
	Claims []struct {
		Subject  string `json:"subject"`
		Relation string `json:"relation"`
		Object   string `json:"object"`
		Polarity string `json:"polarity"`
		Speaker  string `json:"speaker"`
		Evidence string `json:"evidence"`
	} `json:"claims"`
	Countries []struct {
		Name string `json:"name"`
		Role string `json:"role"`
	} `json:"countries"`
	Regions []struct {
		Name string `json:"name"`
		Role string `json:"role"`
	} `json:"regions"`
}

// claimScores are the scorer's measures over one split.
type claimScores struct {
	strict, relaxed, roles  score
	falseAttr, assertedAttr int
}

var scoreAliases = map[string]string{
	"unitedstatesofamerica": "unitedstates", "usa": "unitedstates", "us": "unitedstates",
	"uk": "unitedkingdom", "greatbritain": "unitedkingdom", "czechrepublic": "czechia",
	"republicofkorea": "southkorea", "korea,republicof": "southkorea", "dprk": "northkorea",
	"russianfederation": "russia", "prc": "china", "peoplesrepublicofchina": "china",
	"turkiye": "turkey", "uae": "unitedarabemirates",
}

// scoreFold is score.py's fold: NFKD, lower case, combining marks and
// the characters " .-_/'’()[]," removed, then a few country aliases.
func scoreFold(s string) string {
	s = strings.ToLower(norm.NFKD.String(s))
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) || unicode.IsSpace(r) || strings.ContainsRune(".-_/'’()[],", r) {
			continue
		}
		b.WriteRune(r)
	}
	f := b.String()
	if a, ok := scoreAliases[f]; ok {
		return a
	}
	return f
}

func scoreObject(s string) string {
	f := scoreFold(s)
	if f == "" || strings.HasPrefix(f, "unspecified") || strings.HasPrefix(f, "any") || strings.HasPrefix(f, "unknown") ||
		f == "nationstate" || f == "agovernment" || f == "government" || f == "state" {
		return "unspecified"
	}
	return f
}

func (g *claimGoldDoc) subjectKey(name string) string {
	f := scoreFold(name)
	if f == "" || strings.HasPrefix(f, "unnamed") || f == "thegroup" || f == "theactor" || f == "theattackers" {
		return "unnamed"
	}
	for _, a := range g.Actors {
		if scoreFold(a.Name) == f {
			return scoreFold(a.Name)
		}
		for _, m := range a.Mentions {
			if scoreFold(m) == f {
				return scoreFold(a.Name)
			}
		}
	}
	return f
}

func (g *claimGoldDoc) predSubject(c extract.Claim, goldSubjects map[string]bool) string {
	var cands []string
	for _, k := range []string{c.Subject, c.Mention, c.SubjectRef} {
		if k != "" {
			cands = append(cands, g.subjectKey(k))
		}
	}
	for _, k := range cands {
		if goldSubjects[k] {
			return k
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return "unnamed"
}

var originRelations = map[string]bool{"attributed-to": true, "sponsored-by": true, "originates-from": true}

// evalClaims scores the claims and country roles of one split, writing the
// errors of each document to w when verbose; dump, if not empty, is a
// folder that receives each document's extraction as score.py reads it.
func evalClaims(w io.Writer, shared, split string, d *extract.Dictionary, verbose bool, dump string) (*claimScores, error) {
	sets, ok := claimSets[split]
	if !ok {
		return nil, fmt.Errorf("no claim gold for split %q", split)
	}
	cs := &claimScores{}
	for _, set := range sets {
		b, err := os.ReadFile(filepath.Join(shared, set[0]))
		if err != nil {
			return nil, err
		}
		var gold []claimGoldDoc
		if err := json.Unmarshal(b, &gold); err != nil {
			return nil, fmt.Errorf("%s: %w", set[0], err)
		}
		for i := range gold {
			g := &gold[i]
			text, err := os.ReadFile(filepath.Join(shared, set[1], g.Doc))
			if err != nil {
				return nil, err
			}
			res := extract.Extract(string(text), d)
			if dump != "" {
				out, _ := json.Marshal(res)
				if err := os.WriteFile(filepath.Join(dump, strings.TrimSuffix(g.Doc, ".txt")+".json"), out, 0o644); err != nil {
					return nil, err
				}
			}
			cs.addDoc(w, g, res, verbose)
		}
	}
	return cs, nil
}

func (cs *claimScores) addDoc(w io.Writer, g *claimGoldDoc, res *extract.Result, verbose bool) {
	type key struct{ s, r, o, p string }
	gs := map[key]bool{}
	goldSubjects := map[string]bool{}
	for _, c := range g.Claims {
		k := key{g.subjectKey(c.Subject), c.Relation, scoreObject(c.Object), c.Polarity}
		gs[k] = true
		goldSubjects[k.s] = true
	}
	ps := map[key]bool{}
	for _, c := range res.Claims {
		ps[key{g.predSubject(c, goldSubjects), c.Relation, scoreObject(c.Object), c.Polarity}] = true
	}
	str := func(k key) string { return k.s + " | " + k.r + " | " + k.o + " | " + k.p }
	strictGold, strictPred := map[string]bool{}, map[string]bool{}
	relaxedGold, relaxedPred := map[string]bool{}, map[string]bool{}
	goldAsserted := map[[2]string]bool{}
	for k := range gs {
		strictGold[str(k)] = true
		relaxedGold[k.s+" | "+k.o+" | "+k.p] = true
		if k.p == extract.Asserted && originRelations[k.r] {
			goldAsserted[[2]string{k.s, k.o}] = true
		}
	}
	for k := range ps {
		strictPred[str(k)] = true
		relaxedPred[k.s+" | "+k.o+" | "+k.p] = true
		if k.p == extract.Asserted && originRelations[k.r] {
			cs.assertedAttr++
			if !goldAsserted[[2]string{k.s, k.o}] {
				cs.falseAttr++
				if verbose {
					fmt.Fprintf(w, "  false attribution in %s: %s %s %s\n", g.Doc, k.s, k.r, k.o)
				}
			}
		}
	}
	fps, fns := cs.strict.add(strictGold, strictPred)
	cs.relaxed.add(relaxedGold, relaxedPred)
	roleGold, rolePred := map[string]bool{}, map[string]bool{}
	for _, c := range g.Countries {
		roleGold[scoreFold(c.Name)+" | "+c.Role] = true
	}
	for _, c := range g.Regions {
		roleGold[scoreFold(c.Name)+" | "+c.Role] = true
	}
	for _, m := range res.Countries {
		rolePred[scoreFold(m.Name)+" | "+m.Role] = true
	}
	rfps, rfns := cs.roles.add(roleGold, rolePred)
	if verbose {
		for _, k := range fps {
			fmt.Fprintf(w, "  claim fp %s: %s\n", g.Doc, k)
		}
		for _, k := range fns {
			fmt.Fprintf(w, "  claim fn %s: %s\n", g.Doc, k)
		}
		for _, k := range rfps {
			fmt.Fprintf(w, "  role fp %s: %s\n", g.Doc, k)
		}
		for _, k := range rfns {
			fmt.Fprintf(w, "  role fn %s: %s\n", g.Doc, k)
		}
	}
}

// falseAttrShare is the share of asserted attribution and origin
// predictions that the gold does not assert.
func (cs *claimScores) falseAttrShare() float64 {
	if cs.assertedAttr == 0 {
		return 0
	}
	return float64(cs.falseAttr) / float64(cs.assertedAttr)
}

func printClaimScores(w io.Writer, split string, cs *claimScores) {
	fmt.Fprintf(w, "Attribution claims and country roles, %s (data/eval-dev/claims):\n", split)
	fmt.Fprintf(w, "  %-15s %6s %6s %6s %6s %6s %6s\n", "measure", "P", "R", "F1", "tp", "fp", "fn")
	for _, m := range []struct {
		name string
		s    score
	}{{"claims strict", cs.strict}, {"claims relaxed", cs.relaxed}, {"country roles", cs.roles}} {
		p, r, f := m.s.prf()
		fmt.Fprintf(w, "  %-15s %6.3f %6.3f %6.3f %6d %6d %6d\n", m.name, p, r, f, m.s.tp, m.s.fp, m.s.fn)
	}
	fmt.Fprintf(w, "  false attributions: %d of %d asserted attribution/origin predictions (%.1f%%)\n\n", cs.falseAttr, cs.assertedAttr, 100*cs.falseAttrShare())
}
