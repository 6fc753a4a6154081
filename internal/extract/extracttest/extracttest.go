package extracttest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/telltale-cti/telltale/internal/extract"
)

// IncludeMalpedia adds the MISP Malpedia galaxy's malware families.
var includeMalpedia = true

// SetMalpedia turns the Malpedia families on or off.
func SetMalpedia(on bool) { includeMalpedia = on }

// Entries builds dictionary entries from the ATT&CK bundle, the MISP
// threat-actor (and Malpedia) galaxies and the sector taxonomy.
func Entries(shared, sectorFile string) ([]extract.Entry, error) {
	out, actorByFold, softwareByFold, err := attackEntries(shared)
	if err != nil {
		return nil, err
	}
	actors, err := mispActorEntries(shared, actorByFold)
	if err != nil {
		return nil, err
	}
	out = append(out, actors...)
	if includeMalpedia {
		malware, err := malpediaEntries(shared, softwareByFold)
		if err != nil {
			return nil, err
		}
		out = append(out, malware...)
	}
	if sectorFile == "" {
		return out, nil
	}
	sectors, err := sectorEntries(sectorFile)
	if err != nil {
		return nil, err
	}
	return append(out, sectors...), nil
}

// attackEntries reads the names of ATT&CK's groups, software, campaigns
// and techniques, and returns with them the groups by folded alias and
// the software (name and kind) by folded alias.
func attackEntries(shared string) (out []extract.Entry, actorByFold map[string]string, softwareByFold map[string][2]string, err error) {
	f, err := os.Open(filepath.Join(shared, "data", "attack", "enterprise-attack-18.1.json"))
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	var bundle struct {
		Objects []struct {
			Type       string   `json:"type"`
			ID         string   `json:"id"`
			Name       string   `json:"name"`
			Aliases    []string `json:"aliases"`
			XAliases   []string `json:"x_mitre_aliases"`
			Revoked    bool     `json:"revoked"`
			Deprecated bool     `json:"x_mitre_deprecated"`
			ExtRefs    []struct {
				Source string `json:"source_name"`
				ExtID  string `json:"external_id"`
			} `json:"external_references"`
		} `json:"objects"`
	}
	if err := json.NewDecoder(f).Decode(&bundle); err != nil {
		return nil, nil, nil, fmt.Errorf("attack bundle: %w", err)
	}
	actorByFold = map[string]string{}       // folded alias -> ATT&CK group name
	softwareByFold = map[string][2]string{} // folded alias -> ATT&CK software name and kind
	kinds := map[string]string{"intrusion-set": extract.KindActor, "malware": extract.KindMalware, "tool": extract.KindTool, "campaign": extract.KindCampaign, "attack-pattern": extract.KindTechnique}
	for _, o := range bundle.Objects {
		kind, ok := kinds[o.Type]
		if o.Revoked || o.Deprecated || !ok {
			continue
		}
		id := o.ID
		for _, r := range o.ExtRefs {
			if r.Source == "mitre-attack" && r.ExtID != "" {
				id = r.ExtID
			}
		}
		names := append([]string{o.Name}, o.Aliases...)
		names = append(names, o.XAliases...)
		for _, n := range names {
			out = append(out, extract.Entry{Kind: kind, Name: n, Canonical: o.Name, ID: id})
			switch kind {
			case extract.KindActor:
				actorByFold[Fold(n)] = o.Name
			case extract.KindMalware, extract.KindTool:
				softwareByFold[Fold(n)] = [2]string{o.Name, kind}
			}
		}
	}
	return out, actorByFold, softwareByFold, nil
}

// galaxy is a MISP galaxy cluster file, as far as the entries read it.
type galaxy struct {
	Values []struct {
		Value string `json:"value"`
		UUID  string `json:"uuid"`
		Meta  struct {
			Synonyms []string `json:"synonyms"`
		} `json:"meta"`
	} `json:"values"`
}

func readGalaxy(shared, name string) (*galaxy, error) {
	b, err := os.ReadFile(filepath.Join(shared, "data", "misp-galaxy", "clusters", name+".json"))
	if err != nil {
		return nil, err
	}
	var g galaxy
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("%s galaxy: %w", name, err)
	}
	return &g, nil
}

// mispActorEntries reads the MISP threat actors, joined to an ATT&CK group
// when a name is shared.
func mispActorEntries(shared string, actorByFold map[string]string) ([]extract.Entry, error) {
	g, err := readGalaxy(shared, "threat-actor")
	if err != nil {
		return nil, err
	}
	var out []extract.Entry
	for _, v := range g.Values {
		names := append([]string{v.Value}, v.Meta.Synonyms...)
		canonical := v.Value
		for _, n := range names {
			if c, ok := actorByFold[Fold(n)]; ok {
				canonical = c
				break
			}
		}
		for _, n := range names {
			out = append(out, extract.Entry{Kind: extract.KindActor, Name: n, Canonical: canonical, ID: "misp:" + v.UUID})
		}
	}
	return out, nil
}

// malpediaEntries reads the malware families of the MISP Malpedia galaxy,
// joined to ATT&CK software when a name is shared.
func malpediaEntries(shared string, softwareByFold map[string][2]string) ([]extract.Entry, error) {
	g, err := readGalaxy(shared, "malpedia")
	if err != nil {
		return nil, err
	}
	var out []extract.Entry
	for _, v := range g.Values {
		names := append([]string{strings.TrimSuffix(strings.SplitN(v.Value, " (", 2)[0], " ")}, v.Meta.Synonyms...)
		canonical, kind := names[0], extract.KindMalware
		for _, n := range names {
			if sw, ok := softwareByFold[Fold(n)]; ok {
				canonical, kind = sw[0], sw[1]
				break
			}
		}
		for _, n := range names {
			out = append(out, extract.Entry{Kind: kind, Name: n, Canonical: canonical, ID: "malpedia:" + v.UUID})
		}
	}
	return out, nil
}

// sectorEntries reads the sectors of the taxonomy file (the root
// package's sectors.json) directly, their names and aliases as
// telltale.SectorPhrases gives them, so the evaluation does not depend on
// that package.
func sectorEntries(sectorFile string) ([]extract.Entry, error) {
	sb, err := os.ReadFile(sectorFile)
	if err != nil {
		return nil, fmt.Errorf("sector taxonomy: %w", err)
	}
	var tax struct {
		Sectors []struct {
			Key         string   `json:"key"`
			Name        string   `json:"name"`
			Aliases     []string `json:"aliases"`
			GenericName bool     `json:"generic_name"`
			ListWords   []string `json:"list_words"`
		} `json:"sectors"`
	}
	if err := json.Unmarshal(sb, &tax); err != nil {
		return nil, fmt.Errorf("sector taxonomy: %w", err)
	}
	var out []extract.Entry
	for _, s := range tax.Sectors {
		out = append(out, extract.Entry{Kind: extract.KindSector, Name: s.Name, Canonical: s.Name, ID: s.Key, ListOnly: s.GenericName})
		for _, a := range s.Aliases {
			out = append(out, extract.Entry{Kind: extract.KindSector, Name: a, Canonical: s.Name, ID: s.Key})
		}
		for _, w := range s.ListWords {
			out = append(out, extract.Entry{Kind: extract.KindSector, Name: w, Canonical: s.Name, ID: s.Key, ListOnly: true})
		}
	}
	return out, nil
}

// Fold is the alias key of the evaluations: lower case, letters and
// digits only.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Corpus returns the texts of the development reports (AnnoCTR train and
// dev, TRAM2 train), for benchmarks.
func Corpus(shared string) ([]string, error) {
	var out []string
	for _, sub := range []string{"train", "dev"} {
		texts, err := readGlob(filepath.Join(shared, "data", "eval-dev", "annoctr", "text", sub, "*.txt"), func(_ string, b []byte) (string, error) { return string(b), nil })
		if err != nil {
			return nil, err
		}
		out = append(out, texts...)
	}
	signals, err := readGlob(filepath.Join(shared, "data", "eval-dev", "tram", "mjson_files", "*.mjson"), func(f string, b []byte) (string, error) {
		var mj struct {
			Signal string `json:"signal"`
		}
		if err := json.Unmarshal(b, &mj); err != nil {
			return "", fmt.Errorf("%s: %w", f, err)
		}
		return mj.Signal, nil
	})
	if err != nil {
		return nil, err
	}
	return append(out, signals...), nil
}

// readGlob reads the files matching pattern, in order, each into a text
// with text.
func readGlob(pattern string, text func(file string, b []byte) (string, error)) ([]string, error) {
	files, err := filepath.Glob(pattern)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		t, err := text(f, b)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
