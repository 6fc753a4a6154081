// Command evalextract scores the extractor on the development data in the
// shared directory: AnnoCTR dev (actors, malware, tools, sectors,
// locations, techniques per document) and TRAM2 train (techniques per
// report). It builds the dictionary the way the knowledge layer will: names
// and aliases of intrusion sets, malware, tools, campaigns and techniques
// from the ATT&CK bundle, threat actors and their synonyms from the MISP
// galaxy, sectors from the knowledge package's taxonomy.
//
// It is a development tool, not part of the telltale binary; run it with
// scripts/eval-extract.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/extract/extracttest"
)

func main() {
	taxonomy := flag.String("sectors", "internal/knowledge/sectors.json", "sector taxonomy file of the knowledge package")
	shared := flag.String("shared", os.Getenv("TELLTALE_SHARED"), "shared data directory (default $TELLTALE_SHARED or ../shared)")
	minPhrases := flag.Int("min-phrases", extract.DefaultMinPhrases, "phrase hits a technique needs when never named or cited by id")
	perLabel := flag.Bool("per-label", false, "print per-technique counts on TRAM2 (for tuning)")
	verbose := flag.Bool("v", false, "print false positives and negatives per document")
	malpedia := flag.Bool("malpedia", true, "add the MISP Malpedia galaxy's malware families to the dictionary")
	probe := flag.String("probe", "", "print the extraction of this text with the evaluation dictionary, and exit")
	flag.Parse()
	if *shared == "" {
		*shared = "../shared"
	}
	sectorFile = *taxonomy
	extracttest.SetMalpedia(*malpedia)
	if *probe != "" {
		entries, err := extracttest.Entries(*shared, sectorFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "evalextract:", err)
			os.Exit(1)
		}
		r := extract.Extract(*probe, extract.NewDictionary(entries))
		out, _ := json.MarshalIndent(r, "", "  ")
		fmt.Println(string(out))
		return
	}
	if err := run(os.Stdout, *shared, *minPhrases, *perLabel, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "evalextract:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, shared string, minPhrases int, perLabel, verbose bool) error {
	t0 := time.Now()
	entries, err := extracttest.Entries(shared, sectorFile)
	if err != nil {
		return err
	}
	d := extract.NewDictionary(entries)
	fmt.Fprintf(w, "dictionary: %d entries, %d patterns (%s)\n\n", len(entries), d.Len(), time.Since(t0).Round(time.Millisecond))

	scores, err := evalAnnoCTR(shared, d, minPhrases, verbose)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "AnnoCTR dev (%s), micro-averaged over (document, name) pairs:\n", filepath.Join("data", "eval-dev", "annoctr"))
	fmt.Fprintf(w, "  %-11s %6s %6s %6s %6s %6s %6s\n", "type", "P", "R", "F1", "tp", "fp", "fn")
	for _, typ := range []string{"actors", "malware", "tools", "sectors", "countries", "techniques"} {
		s := scores[typ]
		p, r, f := s.prf()
		fmt.Fprintf(w, "  %-11s %6.3f %6.3f %6.3f %6d %6d %6d\n", typ, p, r, f, s.tp, s.fp, s.fn)
	}
	fmt.Fprintln(w)
	return evalTRAM(w, shared, d, minPhrases, perLabel)
}

var sectorFile = "internal/knowledge/sectors.json"

// fold is the alias key: lower case, letters and digits only.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type score struct{ tp, fp, fn int }

func (s score) prf() (p, r, f float64) {
	if s.tp+s.fp > 0 {
		p = float64(s.tp) / float64(s.tp+s.fp)
	}
	if s.tp+s.fn > 0 {
		r = float64(s.tp) / float64(s.tp+s.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func (s *score) add(gold, pred map[string]bool) (fps, fns []string) {
	for k := range pred {
		if gold[k] {
			s.tp++
		} else {
			s.fp++
			fps = append(fps, k)
		}
	}
	for k := range gold {
		if !pred[k] {
			s.fn++
			fns = append(fns, k)
		}
	}
	sort.Strings(fps)
	sort.Strings(fns)
	return
}

// goldKinds maps AnnoCTR mention types to the result lists scored.
var goldKinds = map[string]string{
	"mention:GROUP":   "actors",
	"mention:MALWARE": "malware",
	"mention:TOOL":    "tools",
	"mention:SECTOR":  "sectors",
	"mention:LOC":     "countries",
}

func evalAnnoCTR(shared string, d *extract.Dictionary, minPhrases int, verbose bool) (map[string]*score, error) {
	dir := filepath.Join(shared, "data", "eval-dev", "annoctr")
	b, err := os.ReadFile(filepath.Join(dir, "doclevel_gold_dev.json"))
	if err != nil {
		return nil, err
	}
	var gold map[string]map[string][]string
	if err := json.Unmarshal(b, &gold); err != nil {
		return nil, err
	}
	docs := make([]string, 0, len(gold))
	for k := range gold {
		docs = append(docs, k)
	}
	sort.Strings(docs)
	scores := map[string]*score{}
	for _, typ := range []string{"actors", "malware", "tools", "sectors", "countries", "techniques"} {
		scores[typ] = &score{}
	}
	for _, doc := range docs {
		tb, err := os.ReadFile(filepath.Join(dir, "text", "dev", doc+".txt"))
		if err != nil {
			return nil, err
		}
		text := string(tb)
		r := extract.Extract(text, d)
		pred := map[string]map[string]bool{
			"actors": set(extract.Names(r.Actors)), "malware": set(extract.Names(r.Malware)), "tools": set(extract.Names(r.Tools)),
			"sectors": set(extract.Names(r.Sectors)), "countries": set(extract.Names(r.Countries)),
			"techniques": set(extract.TechniqueIDs(r.Techniques, minPhrases)),
		}
		for gk, typ := range goldKinds {
			g := map[string]bool{}
			for _, m := range gold[doc][gk] {
				if k := normalise(m, text, typ, d); k != "" {
					g[k] = true
				}
			}
			fps, fns := scores[typ].add(g, pred[typ])
			if verbose && (len(fps) > 0 || len(fns) > 0) {
				fmt.Printf("%s %s\n   fp %q\n   fn %q\n", doc, typ, fps, fns)
			}
		}
		g := map[string]bool{}
		for _, l := range gold[doc]["linked:TECHNIQUE"] {
			if id, _, ok := strings.Cut(l, " "); ok {
				g[id] = true
			}
		}
		// AnnoCTR links techniques at the parent level: score parents.
		p := map[string]bool{}
		for id := range pred["techniques"] {
			p[strings.Split(id, ".")[0]] = true
		}
		fps, fns := scores["techniques"].add(g, p)
		if verbose && (len(fps) > 0 || len(fns) > 0) {
			fmt.Printf("%s techniques\n   fp %q\n   fn %q\n", doc, fps, fns)
		}
	}
	return scores, nil
}

// normalise turns a gold mention into the key predictions are compared
// with: the canonical name the dictionary gives it, else its folded form.
// Some AnnoCTR mentions lost their first letter to an offset shift
// ("hina" for "China"); the word in the text is used then.
func normalise(m, text, typ string, d *extract.Dictionary) string {
	m = strings.Trim(m, " \t\n,;:()’'\"")
	if strings.Count(m, ".") == 1 && strings.HasSuffix(m, ".") {
		m = strings.TrimSuffix(m, ".")
	}
	if m == "" {
		return ""
	}
	try := func(s string) string {
		// Mid-sentence,
		// and next to a context word, so that common-word names count.
		ms := d.Match("see " + s + " malware here")
		var order []string
		switch typ {
		case "actors":
			order = []string{extract.KindActor, extract.KindMalware, extract.KindTool}
		case "malware":
			order = []string{extract.KindMalware, extract.KindActor, extract.KindTool}
		case "tools":
			order = []string{extract.KindTool, extract.KindMalware, extract.KindActor}
		case "sectors":
			order = []string{extract.KindSector}
		case "countries":
			order = []string{extract.KindCountry, extract.KindRegion}
		}
		for _, k := range order {
			for _, m := range ms {
				if m.Kind == k {
					return m.Name
				}
			}
		}
		return ""
	}
	if k := try(m); k != "" {
		return k
	}
	if !containsWord(text, m) {
		if w := repairWord(text, m); w != "" {
			if k := try(w); k != "" {
				return k
			}
			m = w
		}
	}
	return "?" + fold(m)
}

func containsWord(text, w string) bool {
	for from := 0; ; {
		k := strings.Index(text[from:], w)
		if k < 0 {
			return false
		}
		k += from
		if k == 0 || !isLetter(text[k-1]) {
			return true
		}
		from = k + 1
	}
}

// repairWord finds w in text preceded by one letter and returns the word
// with that letter.
func repairWord(text, w string) string {
	for from := 0; ; {
		k := strings.Index(text[from:], w)
		if k < 0 {
			return ""
		}
		k += from
		if k > 0 && isLetter(text[k-1]) && (k == 1 || !isLetter(text[k-2])) {
			return text[k-1 : k+len(w)]
		}
		from = k + 1
	}
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func set(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func evalTRAM(w io.Writer, shared string, d *extract.Dictionary, minPhrases int, perLabel bool) error {
	dir := filepath.Join(shared, "data", "eval-dev", "tram")
	b, err := os.ReadFile(filepath.Join(dir, "doclevel_gold_train.json"))
	if err != nil {
		return err
	}
	var gold map[string]struct {
		Techniques map[string]json.RawMessage `json:"techniques"`
	}
	if err := json.Unmarshal(b, &gold); err != nil {
		return err
	}
	docs := make([]string, 0, len(gold))
	freq := map[string]int{}
	for k, v := range gold {
		docs = append(docs, k)
		for id := range v.Techniques {
			freq[id]++
		}
	}
	sort.Strings(docs)
	labels := make([]string, 0, len(freq))
	for id := range freq {
		labels = append(labels, id)
	}
	sort.Slice(labels, func(i, j int) bool {
		if freq[labels[i]] != freq[labels[j]] {
			return freq[labels[i]] > freq[labels[j]]
		}
		return labels[i] < labels[j]
	})
	top10 := set(labels[:min(10, len(labels))])
	// TRAM2's models choose among the 50 classes of tram2_classes.txt;
	// predictions are scored within that label set as well.
	cb, err := os.ReadFile(filepath.Join(dir, "tram2_classes.txt"))
	if err != nil {
		return err
	}
	classes := set(strings.Fields(string(cb)))

	type tally struct{ tp, fp, fn int }
	per := map[string]*tally{}
	var sumAll, sumTop, sumOpen float64
	var nAll, nTop int
	var micro score
	for _, doc := range docs {
		mb, err := os.ReadFile(filepath.Join(dir, "mjson_files", doc))
		if err != nil {
			return err
		}
		var mj struct {
			Signal string `json:"signal"`
		}
		if err := json.Unmarshal(mb, &mj); err != nil {
			return fmt.Errorf("%s: %w", doc, err)
		}
		r := extract.Extract(mj.Signal, d)
		open := set(extract.TechniqueIDs(r.Techniques, minPhrases))
		pred := restrict(open, classes)
		g := map[string]bool{}
		for id := range gold[doc].Techniques {
			g[id] = true
		}
		micro.add(g, pred)
		sumAll += f1(g, pred)
		sumOpen += f1(g, open)
		nAll++
		gt, pt := restrict(g, top10), restrict(pred, top10)
		if len(gt) > 0 || len(pt) > 0 {
			sumTop += f1(gt, pt)
			nTop++
		}
		for id := range pred {
			if per[id] == nil {
				per[id] = &tally{}
			}
			if g[id] {
				per[id].tp++
			} else {
				per[id].fp++
			}
		}
		for id := range g {
			if per[id] == nil {
				per[id] = &tally{}
			}
			if !pred[id] {
				per[id].fn++
			}
		}
	}
	p, r, f := micro.prf()
	fmt.Fprintf(w, "TRAM2 train (%d reports, %d gold labels, predictions within the %d TRAM2 classes), techniques, min-phrases=%d:\n", len(docs), len(labels), len(classes), minPhrases)
	fmt.Fprintf(w, "  per-document F1, all labels:     %5.1f   (baseline to beat: 14.5)\n", 100*sumAll/float64(nAll))
	fmt.Fprintf(w, "  per-document F1, top-10 labels:  %5.1f   (baseline to beat: 36.6)\n", 100*sumTop/float64(max(nTop, 1)))
	fmt.Fprintf(w, "  micro P %.3f R %.3f F1 %.3f\n", p, r, f)
	fmt.Fprintf(w, "  per-document F1, all labels, predictions not limited to the classes: %5.1f\n", 100*sumOpen/float64(nAll))
	if perLabel {
		ids := make([]string, 0, len(per))
		for id := range per {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		fmt.Fprintf(w, "\n  %-10s %5s %5s %5s\n", "technique", "tp", "fp", "fn")
		for _, id := range ids {
			t := per[id]
			fmt.Fprintf(w, "  %-10s %5d %5d %5d\n", id, t.tp, t.fp, t.fn)
		}
	}
	return nil
}

func restrict(m, keep map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		if keep[k] {
			out[k] = true
		}
	}
	return out
}

// f1 of one document; 1 when both sets are empty.
func f1(gold, pred map[string]bool) float64 {
	if len(gold) == 0 && len(pred) == 0 {
		return 1
	}
	tp := 0
	for k := range pred {
		if gold[k] {
			tp++
		}
	}
	if tp == 0 {
		return 0
	}
	p := float64(tp) / float64(len(pred))
	r := float64(tp) / float64(len(gold))
	return 2 * p * r / (p + r)
}
