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
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/extract/extracttest"
)

func main() {
	taxonomy := flag.String("sectors", "sectors.json", "sector taxonomy file of the root package")
	shared := flag.String("shared", os.Getenv("TELLTALE_SHARED"), "shared data directory (default $TELLTALE_SHARED or ../shared)")
	minPhrases := flag.Int("min-phrases", extract.DefaultMinPhrases, "phrase hits a technique needs when never named or cited by id")
	perLabel := flag.Bool("per-label", false, "print per-technique counts on TRAM2 (for tuning)")
	verbose := flag.Bool("v", false, "print false positives and negatives per document")
	malpedia := flag.Bool("malpedia", true, "add the MISP Malpedia galaxy's malware families to the dictionary")
	split := flag.String("split", "both", "AnnoCTR split to score: dev (the published document-level gold), train (gold rebuilt from its NER and linking annotations) or both")
	probe := flag.String("probe", "", "print the extraction of this text with the evaluation dictionary, and exit")
	claimsOnly := flag.Bool("claims", false, "score only the attribution claims and country roles (data/eval-dev/claims)")
	claimsDump := flag.String("claims-dump", "", "write each claim-gold document's extraction as JSON into this folder (for score.py)")
	flag.BoolVar(&shipped, "shipped", false, "use the dictionary the binary builds from its knowledge (ATT&CK and every MISP galaxy imported into a SQLite database) instead of the one built from the files")
	flag.StringVar(&shippedDB, "db", "", "with -shipped, keep that knowledge in this SQLite database (built when missing)")
	flag.Parse()
	if *shared == "" {
		*shared = "../shared"
	}
	sectorFile = *taxonomy
	extracttest.SetMalpedia(*malpedia)
	if *probe != "" {
		d, done, err := dictionary(*shared)
		if err != nil {
			fmt.Fprintln(os.Stderr, "evalextract:", err)
			os.Exit(1)
		}
		defer done()
		r := extract.Extract(*probe, d)
		out, _ := json.MarshalIndent(r, "", "  ")
		fmt.Println(string(out))
		return
	}
	splits := []string{"dev", "train"}
	switch *split {
	case "dev", "train":
		splits = []string{*split}
	case "both":
	default:
		fmt.Fprintln(os.Stderr, "evalextract: -split is dev, train or both")
		os.Exit(2)
	}
	if *claimsOnly || *claimsDump != "" {
		if err := runClaims(os.Stdout, *shared, append(splits, "samples"), *verbose, *claimsDump); err != nil {
			fmt.Fprintln(os.Stderr, "evalextract:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(os.Stdout, *shared, splits, *minPhrases, *perLabel, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "evalextract:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, shared string, splits []string, minPhrases int, perLabel, verbose bool) error {
	t0 := time.Now()
	d, done, err := dictionary(shared)
	if err != nil {
		return err
	}
	defer done()
	fmt.Fprintf(w, "dictionary: %d patterns (%s)\n\n", d.Len(), time.Since(t0).Round(time.Millisecond))

	for _, split := range splits {
		scores, err := evalAnnoCTR(shared, split, d, minPhrases, verbose)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "AnnoCTR %s (%s), micro-averaged over (document, name) pairs:\n", split, filepath.Join("data", "eval-dev", "annoctr"))
		fmt.Fprintf(w, "  %-11s %6s %6s %6s %6s %6s %6s   %s\n", "type", "P", "R", "F1", "tp", "fp", "fn", "known gold only: unknown fn, R, F1")
		for _, typ := range []string{"actors", "malware", "tools", "sectors", "countries", "techniques"} {
			s := scores[typ]
			p, r, f := s.prf()
			_, kr, kf := s.known().prf()
			fmt.Fprintf(w, "  %-11s %6.3f %6.3f %6.3f %6d %6d %6d   %6d %6.3f %6.3f\n", typ, p, r, f, s.tp, s.fp, s.fn, s.unknown, kr, kf)
		}
		fmt.Fprintln(w)
		if _, _, err := evalIndicators(w, shared, indicatorGold, split, d, verbose); err != nil {
			return err
		}
		cs, err := evalClaims(w, shared, split, d, verbose, "")
		if err != nil {
			return err
		}
		printClaimScores(w, split, cs)
	}
	if len(splits) == 1 && splits[0] == "train" {
		return nil
	}
	fmt.Fprintln(w)
	_, _, err = evalTRAM(w, shared, d, minPhrases, perLabel)
	return err
}

// runClaims scores only the attribution claims and country roles.
func runClaims(w io.Writer, shared string, splits []string, verbose bool, dump string) error {
	d, done, err := dictionary(shared)
	if err != nil {
		return err
	}
	defer done()
	for _, split := range splits {
		cs, err := evalClaims(w, shared, split, d, verbose, dump)
		if err != nil {
			return err
		}
		printClaimScores(w, split, cs)
	}
	return nil
}

var sectorFile = "sectors.json"

// shipped and shippedDB choose the dictionary: from the files
// (extracttest), or the one the binary builds from its knowledge.
var (
	shipped   bool
	shippedDB string
)

// dictionary builds the evaluation's dictionary: from the shared files by
// default, or with -shipped the one `telltale extract` reads, built by the
// knowledge service over ATT&CK and every MISP galaxy imported by the
// program's own construction path (the same store as `telltale update
// --from DIR`).
func dictionary(shared string) (*extract.Dictionary, func(), error) {
	if !shipped {
		entries, err := extracttest.Entries(shared, sectorFile)
		if err != nil {
			return nil, nil, err
		}
		return extract.NewDictionary(entries), func() {}, nil
	}
	ctx := context.Background()
	a, done, err := app.OpenShared(ctx, shared, shippedDB)
	if err != nil {
		return nil, nil, err
	}
	dict, err := a.Knowledge.Dictionary(ctx)
	if err != nil {
		done()
		return nil, nil, err
	}
	return extract.DictionaryOf(dict), done, nil
}

// indicatorGold holds the malicious/benign labels of the indicators of
// some AnnoCTR reports, one TSV file per split.
const indicatorGold = "internal/extract/testdata/indicator-gold"

// score counts (document, name) pairs. unknown counts the false
// negatives whose gold mention names nothing the dictionary knows (an
// organisation's name annotated as a sector, "industry", a misspelling):
// no dictionary-based extractor can output them.
type score struct{ tp, fp, fn, unknown int }

// known is the score over the gold mentions the dictionary knows.
func (s score) known() score { return score{tp: s.tp, fp: s.fp, fn: s.fn - s.unknown} }

func (s score) prf() (p, r, f float64) {
	if s.tp+s.fp > 0 {
		p = float64(s.tp) / float64(s.tp+s.fp)
	}
	if s.tp+s.fn > 0 {
		r = float64(s.tp) / float64(s.tp+s.fn)
	}
	if s.tp > 0 {
		// 2PR/(P+R), computed so that it rounds once.
		f = float64(2*s.tp) / float64(2*s.tp+s.fp+s.fn)
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
			if strings.HasPrefix(k, "?") {
				s.unknown++
			}
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

// annoctrGold reads the document-level gold of an AnnoCTR split: the
// dev split's file as published, and for the train split the same lists
// rebuilt from its sentence-level NER annotations (mention types only; the
// train split has no document-level technique links, so its technique
// gold comes from the linking file).
func annoctrGold(dir, split string) (map[string]map[string][]string, error) {
	if split == "dev" {
		b, err := os.ReadFile(filepath.Join(dir, "doclevel_gold_dev.json"))
		if err != nil {
			return nil, err
		}
		var gold map[string]map[string][]string
		if err := json.Unmarshal(b, &gold); err != nil {
			return nil, err
		}
		return gold, nil
	}
	files, err := filepath.Glob(filepath.Join(dir, "all_train", "ner_json_train", "*.json"))
	if err != nil {
		return nil, err
	}
	gold := map[string]map[string][]string{}
	for _, f := range files {
		g, err := nerMentions(f)
		if err != nil {
			return nil, err
		}
		gold[strings.TrimSuffix(filepath.Base(f), ".json")] = g
	}
	for doc, g := range gold {
		if err := linkedTechniques(dir, doc, g); err != nil {
			return nil, err
		}
	}
	return gold, nil
}

// nerMentions reads the gold mentions of one document of the train split
// from its sentence-level NER annotations, by type ("mention:TYPE").
func nerMentions(f string) (map[string][]string, error) {
	g := map[string][]string{}
	b, err := os.ReadFile(f)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var s struct {
			Text   string   `json:"text"`
			Tokens []string `json:"tokens"`
			Tags   []string `json:"all_tags"`
		}
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		sentenceMentions(g, s.Text, s.Tokens, s.Tags)
	}
	return g, nil
}

// sentenceMentions adds to g the mentions a sentence's BIO tags mark.
// Mentions are cut from the sentence text (tokens joined with spaces would
// turn "APT-C-36" into "APT - C - 36").
func sentenceMentions(g map[string][]string, text string, tokens, tags []string) {
	var offs [][2]int
	pos := 0
	for _, t := range tokens {
		k := strings.Index(text[pos:], t)
		if k < 0 {
			offs = append(offs, [2]int{-1, -1})
			continue
		}
		offs = append(offs, [2]int{pos + k, pos + k + len(t)})
		pos += k + len(t)
	}
	typ, first, last := "", -1, -1
	flush := func() {
		if typ != "" && first >= 0 && offs[first][0] >= 0 && offs[last][1] >= 0 {
			g["mention:"+typ] = append(g["mention:"+typ], text[offs[first][0]:offs[last][1]])
		}
		typ, first, last = "", -1, -1
	}
	for i := range tokens {
		tag := ""
		if i < len(tags) {
			tag = tags[i]
		}
		switch {
		case strings.HasPrefix(tag, "B-"):
			flush()
			typ, first, last = tag[2:], i, i
		case strings.HasPrefix(tag, "I-") && typ == tag[2:]:
			last = i
		default:
			flush()
		}
	}
	flush()
}

// linkedTechniques adds to g the ATT&CK techniques the train split's
// linking file links the document to ("linked:TECHNIQUE").
func linkedTechniques(dir, doc string, g map[string][]string) error {
	lb, err := os.ReadFile(filepath.Join(dir, "all_train", "linking_mitre_only_train", doc+".json"))
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(lb), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var l struct {
			Type string `json:"entity_type"`
			Link string `json:"label_link"`
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			return fmt.Errorf("%s linking: %w", doc, err)
		}
		if _, id, ok := strings.Cut(l.Link, "attack.mitre.org/techniques/"); ok && l.Type == "TECHNIQUE" {
			g["linked:TECHNIQUE"] = append(g["linked:TECHNIQUE"], strings.Split(id, "/")[0]+" ")
		}
	}
	return nil
}

func evalAnnoCTR(shared, split string, d *extract.Dictionary, minPhrases int, verbose bool) (map[string]*score, error) {
	dir := filepath.Join(shared, "data", "eval-dev", "annoctr")
	gold, err := annoctrGold(dir, split)
	if err != nil {
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
		tb, err := os.ReadFile(filepath.Join(dir, "text", split, doc+".txt"))
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
	return "?" + extracttest.Fold(m)
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

// repairWord finds in text the mention w whose words each lost their
// first letter ("hina  elecom  orp.Ltd." for "China Telecom Corp.Ltd."),
// and returns it as the text has it, or "".
func repairWord(text, w string) string {
	words := strings.Fields(w)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`(?:^|[^\p{L}])(`)
	for i, x := range words {
		if i > 0 {
			b.WriteString(`\s*`)
		}
		b.WriteString(`\p{L}?` + regexp.QuoteMeta(x))
	}
	b.WriteString(`)`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return ""
	}
	m := re.FindStringSubmatch(text)
	if m == nil || m[1] == w {
		return ""
	}
	return m[1]
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func set(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// evalTRAM prints the TRAM2 scores and returns the per-document F1 (in
// percent) on all labels and on the 10 most frequent.
func evalTRAM(w io.Writer, shared string, d *extract.Dictionary, minPhrases int, perLabel bool) (allF1, top10F1 float64, err error) {
	dir := filepath.Join(shared, "data", "eval-dev", "tram")
	gold, docs, labels, err := tramGold(dir)
	if err != nil {
		return 0, 0, err
	}
	top10 := set(labels[:min(10, len(labels))])
	// TRAM2's models choose among the 50 classes of tram2_classes.txt;
	// predictions are scored within that label set as well.
	cb, err := os.ReadFile(filepath.Join(dir, "tram2_classes.txt"))
	if err != nil {
		return 0, 0, err
	}
	classes := set(strings.Fields(string(cb)))

	per := map[string]*tally{}
	var sumAll, sumTop, sumOpen float64
	var nAll, nTop int
	var micro score
	for _, doc := range docs {
		open, err := tramPredict(dir, doc, d, minPhrases)
		if err != nil {
			return 0, 0, err
		}
		pred := restrict(open, classes)
		g := gold[doc]
		micro.add(g, pred)
		sumAll += f1(g, pred)
		sumOpen += f1(g, open)
		nAll++
		gt, pt := restrict(g, top10), restrict(pred, top10)
		if len(gt) > 0 || len(pt) > 0 {
			sumTop += f1(gt, pt)
			nTop++
		}
		countLabels(per, g, pred)
	}
	p, r, f := micro.prf()
	fmt.Fprintf(w, "TRAM2 train (%d reports, %d gold labels, predictions within the %d TRAM2 classes), techniques, min-phrases=%d:\n", len(docs), len(labels), len(classes), minPhrases)
	fmt.Fprintf(w, "  per-document F1, all labels:     %5.1f   (baseline to beat: 14.5)\n", 100*sumAll/float64(nAll))
	fmt.Fprintf(w, "  per-document F1, top-10 labels:  %5.1f   (baseline to beat: 36.6)\n", 100*sumTop/float64(max(nTop, 1)))
	fmt.Fprintf(w, "  micro P %.3f R %.3f F1 %.3f\n", p, r, f)
	fmt.Fprintf(w, "  per-document F1, all labels, predictions not limited to the classes: %5.1f\n", 100*sumOpen/float64(nAll))
	if perLabel {
		writePerLabel(w, per)
	}
	return 100 * sumAll / float64(nAll), 100 * sumTop / float64(max(nTop, 1)), nil
}

// tramGold reads TRAM2's document-level gold: each document's techniques,
// the documents in order, and the labels from most to least frequent.
func tramGold(dir string) (gold map[string]map[string]bool, docs, labels []string, err error) {
	b, err := os.ReadFile(filepath.Join(dir, "doclevel_gold_train.json"))
	if err != nil {
		return nil, nil, nil, err
	}
	var file map[string]struct {
		Techniques map[string]json.RawMessage `json:"techniques"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		return nil, nil, nil, err
	}
	gold = make(map[string]map[string]bool, len(file))
	freq := map[string]int{}
	for k, v := range file {
		docs = append(docs, k)
		gold[k] = map[string]bool{}
		for id := range v.Techniques {
			freq[id]++
			gold[k][id] = true
		}
	}
	sort.Strings(docs)
	for id := range freq {
		labels = append(labels, id)
	}
	sort.Slice(labels, func(i, j int) bool {
		if freq[labels[i]] != freq[labels[j]] {
			return freq[labels[i]] > freq[labels[j]]
		}
		return labels[i] < labels[j]
	})
	return gold, docs, labels, nil
}

// tramPredict extracts the techniques of one TRAM2 document.
func tramPredict(dir, doc string, d *extract.Dictionary, minPhrases int) (map[string]bool, error) {
	mb, err := os.ReadFile(filepath.Join(dir, "mjson_files", doc))
	if err != nil {
		return nil, err
	}
	var mj struct {
		Signal string `json:"signal"`
	}
	if err := json.Unmarshal(mb, &mj); err != nil {
		return nil, fmt.Errorf("%s: %w", doc, err)
	}
	r := extract.Extract(mj.Signal, d)
	return set(extract.TechniqueIDs(r.Techniques, minPhrases)), nil
}

// tally counts one label's true and false positives and false negatives.
type tally struct{ tp, fp, fn int }

// countLabels adds one document's predictions against its gold to per.
func countLabels(per map[string]*tally, g, pred map[string]bool) {
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

func writePerLabel(w io.Writer, per map[string]*tally) {
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

// indicatorTypes maps the extractor's indicator types to the gold's; the
// types out of the gold's scope (CVE and ATT&CK ids, file names, registry
// keys) are not scored.
var indicatorTypes = map[string]string{
	extract.TypeIPv4: "ipv4", extract.TypeIPv6: "ipv6", extract.TypeDomain: "domain", extract.TypeURL: "url",
	extract.TypeEmail: "email", extract.TypeMD5: "md5", extract.TypeSHA1: "sha1", extract.TypeSHA256: "sha256",
	extract.TypeSHA512: "sha512", extract.TypeBitcoin: "btc", extract.TypeEthereum: "eth",
}

// indicatorKey is how a gold and an extracted indicator are compared:
// type, and the value folded where case or a final slash carry no meaning.
func indicatorKey(typ, value string) string {
	if (typ == "ipv4" || typ == "ipv6") && strings.Contains(value, "/") {
		typ = "cidr"
	}
	switch typ {
	case "url":
		scheme, rest, ok := strings.Cut(value, "://")
		if ok {
			host, path, _ := strings.Cut(rest, "/")
			value = strings.ToLower(scheme) + "://" + strings.ToLower(host) + "/" + path
		}
		value = strings.TrimRight(value, "/")
	case "btc", "eth":
	default:
		value = strings.ToLower(value)
	}
	return typ + "\t" + value
}

// evalIndicators scores the malicious/benign judgement on the labelled
// indicators of AnnoCTR reports (testdata/indicator-gold/SPLIT.tsv): an
// extracted indicator with no warning is a prediction "malicious".
// Precision: predicted malicious that the gold labels malicious, over all
// predicted malicious (a benign one, or something that is no indicator at
// all, such as a file name read as a domain, counts against it). Recall:
// gold malicious predicted malicious, over gold malicious.
func evalIndicators(w io.Writer, shared, goldDir, split string, d *extract.Dictionary, verbose bool) (p, r float64, err error) {
	b, err := os.ReadFile(filepath.Join(goldDir, split+".tsv"))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	gold, err := readIndicatorGold(string(b), split)
	if err != nil {
		return 0, 0, err
	}
	docs := make([]string, 0, len(gold))
	for doc := range gold {
		docs = append(docs, doc)
	}
	sort.Strings(docs)
	var t indicatorTally
	for _, doc := range docs {
		tb, err := os.ReadFile(filepath.Join(shared, "data", "eval-dev", "annoctr", "text", split, doc+".txt"))
		if err != nil {
			return 0, 0, err
		}
		fps, fns := t.add(gold[doc], predictIndicators(string(tb), d))
		if verbose && len(fps)+len(fns) > 0 {
			sort.Strings(fps)
			sort.Strings(fns)
			fmt.Fprintf(w, "%s indicators\n   fp %q\n   fn %q\n", doc, fps, fns)
		}
	}
	p = float64(t.tp) / float64(max(1, t.tp+t.fp))
	r = float64(t.tp) / float64(max(1, t.tp+t.fn))
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	fmt.Fprintf(w, "Indicators, AnnoCTR %s, %d reports labelled malicious/benign (%s): %d malicious, %d benign\n", split, len(docs), filepath.Join(goldDir, split+".tsv"), t.goldMal, t.goldBen)
	fmt.Fprintf(w, "  judged malicious: P %.3f R %.3f F1 %.3f (tp %d, fp %d of which %d not an indicator, fn %d)\n", p, r, f, t.tp, t.fp, t.notIndicator, t.fn)
	fmt.Fprintf(w, "  benign ones: %d marked benign, %d reported as malicious, %d not reported\n\n", t.benWarned, t.goldBen-t.benWarned-t.benMissed, t.benMissed)
	return p, r, nil
}

// readIndicatorGold reads the labelled indicators of a split's TSV: doc ->
// indicator key -> "malicious" or "benign".
func readIndicatorGold(tsv, split string) (map[string]map[string]string, error) {
	gold := map[string]map[string]string{}
	for i, line := range strings.Split(strings.TrimRight(tsv, "\n"), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || strings.TrimSpace(line) == "" {
			continue
		}
		if len(f) < 4 || (f[3] != "malicious" && f[3] != "benign") {
			return nil, fmt.Errorf("%s.tsv line %d: want doc, type, value, label (malicious or benign)", split, i+1)
		}
		if gold[f[0]] == nil {
			gold[f[0]] = map[string]string{}
		}
		gold[f[0]][indicatorKey(f[1], f[2])] = f[3]
	}
	return gold, nil
}

// predictIndicators extracts a text's indicators of the gold's types:
// key -> judged malicious (found without a warning at least once).
func predictIndicators(text string, d *extract.Dictionary) map[string]bool {
	pred := map[string]bool{}
	for _, ind := range extract.Extract(text, d).Indicators {
		typ, ok := indicatorTypes[ind.Type]
		if !ok {
			continue
		}
		k := indicatorKey(typ, ind.Value)
		pred[k] = pred[k] || ind.Warning == ""
	}
	return pred
}

// indicatorTally counts the indicator predictions against the gold.
type indicatorTally struct {
	tp, fp, fn, goldMal, goldBen, benWarned, benMissed, notIndicator int
}

// add counts one document and returns its false positives and negatives,
// described.
func (t *indicatorTally) add(g map[string]string, pred map[string]bool) (fps, fns []string) {
	for k, mal := range pred {
		switch {
		case mal && g[k] == "malicious":
			t.tp++
		case mal:
			t.fp++
			if g[k] == "" {
				t.notIndicator++
			}
			fps = append(fps, k+" ("+cmp.Or(g[k], "not an indicator")+")")
		}
	}
	for k, label := range g {
		switch {
		case label == "malicious":
			t.goldMal++
			if !pred[k] {
				t.fn++
				_, found := pred[k]
				fns = append(fns, k+map[bool]string{true: " (marked benign)", false: " (not found)"}[found])
			}
		default:
			t.goldBen++
			if warned, found := pred[k]; found && !warned {
				t.benWarned++
			} else if !found {
				t.benMissed++
			}
		}
	}
	return fps, fns
}
