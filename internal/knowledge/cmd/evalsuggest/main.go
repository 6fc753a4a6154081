// Command evalsuggest measures the actor suggestions ("which known actor is
// it?") on masked reports: for each shared report about a known actor,
// every name of that actor (all names of its cluster in the knowledge, and
// the gold mentions) is replaced by "the actor", and the suggestions for
// the masked text are checked against the actor. It reports top-1 and
// top-3 accuracy and the time per report.
//
// The knowledge is the starter knowledge, ATT&CK Enterprise 18.1 and every
// MISP galaxy cluster file, imported into a temporary SQLite database.
//
// Splits, fixed before any tuning:
//
//   - tune: AnnoCTR train. The weights of knowledge.DefaultSuggestWeights
//     were tuned on it only; its numbers are in-sample.
//   - held-out: AnnoCTR dev, and TRAM2 train (whose reports were never
//     looked at while tuning).
//
// The actor a report is about: for AnnoCTR, the claims gold's actors with
// role "subject" (the one the text mentions most when there are several;
// every subject is masked); for TRAM2, which has no actor gold, the known
// actor the extractor finds most often in the unmasked text, kept only
// when it is named at least three times and at least twice as often as
// any other. Reports whose subject the knowledge does not know are left
// out and counted; so is a gold actor the knowledge knows only by
// mentions that resolve to different actors (resolveSubject).
//
// It is a development tool, not part of the telltale binary; run it with
// scripts/eval-suggest.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/knowledge"
)

func main() {
	shared := flag.String("shared", os.Getenv("TELLTALE_SHARED"), "shared data directory (default $TELLTALE_SHARED or ../shared)")
	dbPath := flag.String("db", "", "reuse this SQLite database (built when missing) instead of a temporary one")
	split := flag.String("split", "all", "tune (AnnoCTR train), heldout (AnnoCTR dev + TRAM2), or all")
	weights := flag.String("w", "", "weights to try instead of the defaults, e.g. Malware=3,Technique=0.4 (tuning)")
	verbose := flag.Bool("v", false, "print every report with its subject and the top three suggestions")
	flag.StringVar(&explain, "explain", "", "print the evidence and candidates of the reports whose name contains this")
	tune := flag.Bool("tune", false, "search the weights on the tuning split (coordinate descent from the defaults) and print the best")
	flag.Parse()
	if *shared == "" {
		*shared = "../shared"
	}
	w := knowledge.DefaultSuggestWeights
	if err := setWeights(&w, *weights); err != nil {
		fmt.Fprintln(os.Stderr, "evalsuggest:", err)
		os.Exit(2)
	}
	var splits []string
	switch *split {
	case "tune", "heldout":
		splits = []string{*split}
	case "all":
		splits = []string{"tune", "heldout"}
	default:
		fmt.Fprintln(os.Stderr, "evalsuggest: -split is tune, heldout or all")
		os.Exit(2)
	}
	ctx := context.Background()
	k, cleanup, err := openKnowledge(ctx, *shared, *dbPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evalsuggest:", err)
		os.Exit(1)
	}
	defer cleanup()
	if *tune {
		if err := tuneWeights(ctx, os.Stdout, k, *shared, w); err != nil {
			fmt.Fprintln(os.Stderr, "evalsuggest:", err)
			os.Exit(1)
		}
		return
	}
	n, built, err := k.SuggestIndexStats(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evalsuggest:", err)
		os.Exit(1)
	}
	fmt.Printf("knowledge: %d actor profiles, built in %s\n\n", n, built.Round(time.Millisecond))
	for _, s := range splits {
		sc, err := evaluate(ctx, os.Stdout, k, *shared, s, w, *verbose)
		if err != nil {
			fmt.Fprintln(os.Stderr, "evalsuggest:", err)
			os.Exit(1)
		}
		sc.print(os.Stdout, s)
	}
}

// setWeights sets fields of w from "Name=value,Name=value".
func setWeights(w *knowledge.SuggestWeights, spec string) error {
	v := reflect.ValueOf(w).Elem()
	for _, kv := range strings.Split(spec, ",") {
		if strings.TrimSpace(kv) == "" {
			continue
		}
		name, val, ok := strings.Cut(kv, "=")
		f := v.FieldByName(strings.TrimSpace(name))
		if !ok || !f.IsValid() {
			return fmt.Errorf("-w: no weight %q", name)
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			return fmt.Errorf("-w %s: %w", name, err)
		}
		if f.Kind() == reflect.Int {
			f.SetInt(int64(x))
		} else {
			f.SetFloat(x)
		}
	}
	return nil
}

// openKnowledge imports the starter knowledge, ATT&CK and the MISP
// galaxy into a SQLite database (path, or a temporary one).
func openKnowledge(ctx context.Context, shared, path string) (*knowledge.Service, func(), error) {
	a, done, err := app.OpenShared(ctx, shared, path)
	if err != nil {
		return nil, nil, err
	}
	return a.Knowledge, done, nil
}

var explain string

// report is one masked evaluation item.
type report struct {
	name    string
	text    string // unmasked
	subject string // cluster id
	label   string // cluster name
	masked  []string
	// keep are the spans of longer software names that hold a masked
	// name ("Cobalt Strike", where "Cobalt" names the Cobalt Group): the
	// masking leaves them whole
	keep   [][2]int
	corpus string // "AnnoCTR train", "AnnoCTR dev" or "TRAM2"
	// elsewhere are the gold names of the subject that resolve to
	// another cluster, as `"Winnti" opens APT41`
	elsewhere []string
}

// scores of one split.
type scores struct {
	reports, top1, top3, leaks int
	// reports whose subject's sibling (see siblings) ranks above it, and
	// the top-1 and top-3 counts when a sibling counted as the subject
	siblingAhead, top1Joined, top3Joined int
	// reports whose gold names of the subject resolve to another cluster
	elsewhere int
	rr        float64
	byCorpus  map[string]*[3]int // reports, top-1, top-3
	corpora   []string
	dropped   []string
	latencies []time.Duration
}

func (s *scores) print(w io.Writer, split string) {
	desc := map[string]string{"tune": "AnnoCTR train (tuning split, in-sample)", "heldout": "AnnoCTR dev + TRAM2 train (held out)"}[split]
	pct := func(n int) float64 { return 100 * float64(n) / float64(max(s.reports, 1)) }
	sort.Slice(s.latencies, func(i, j int) bool { return s.latencies[i] < s.latencies[j] })
	med, worst := time.Duration(0), time.Duration(0)
	if len(s.latencies) > 0 {
		med, worst = s.latencies[len(s.latencies)/2], s.latencies[len(s.latencies)-1]
	}
	why := map[string]int{}
	var reasons []string
	for _, d := range s.dropped {
		r, _, _ := strings.Cut(d, ": ")
		if why[r] == 0 {
			reasons = append(reasons, r)
		}
		why[r]++
	}
	var left []string
	for _, r := range reasons {
		left = append(left, fmt.Sprintf("%d %s", why[r], r))
	}
	fmt.Fprintf(w, "%s: %d reports (left out: %s)\n", desc, s.reports, strings.Join(left, ", "))
	fmt.Fprintf(w, "  top-1 %.1f%% (%d)  top-3 %.1f%% (%d)  MRR %.3f  names left after masking: %d\n", pct(s.top1), s.top1, pct(s.top3), s.top3, s.rr/float64(max(s.reports, 1)), s.leaks)
	if len(s.corpora) > 1 {
		for _, c := range s.corpora {
			n := s.byCorpus[c]
			fmt.Fprintf(w, "    %s: %d reports, top-1 %d, top-3 %d\n", c, n[0], n[1], n[2])
		}
	}
	if s.siblingAhead > 0 {
		fmt.Fprintf(w, "  not counted: %d reports rank above their subject a sibling the knowledge names alike but resolution keeps apart (conflicts, rule mitre-id); counting them, top-1 %.1f%% (%d)  top-3 %.1f%% (%d)\n",
			s.siblingAhead, pct(s.top1+s.top1Joined), s.top1+s.top1Joined, pct(s.top3+s.top3Joined), s.top3+s.top3Joined)
	}
	if s.elsewhere > 0 {
		fmt.Fprintf(w, "  %d reports give their subject a name that resolves to another cluster (-v lists them)\n", s.elsewhere)
	}
	fmt.Fprintf(w, "  time per report (extraction and ranking): median %s, max %s\n\n", med.Round(100*time.Microsecond), worst.Round(100*time.Microsecond))
}

func (s *scores) top1Pct() float64 { return 100 * float64(s.top1) / float64(max(s.reports, 1)) }
func (s *scores) top3Pct() float64 { return 100 * float64(s.top3) / float64(max(s.reports, 1)) }

func loadSplit(ctx context.Context, k *knowledge.Service, shared, split string) ([]report, []string, error) {
	reports, dropped, err := loadReports(ctx, k, shared, split)
	if err != nil {
		return nil, nil, err
	}
	d, err := k.Dictionary(ctx)
	if err != nil {
		return nil, nil, err
	}
	for i := range reports {
		reports[i].keep = softwareSpans(d, reports[i].text, reports[i].masked)
	}
	return reports, dropped, nil
}

// softwareSpans returns the spans of the malware and tools the extractor
// finds in text whose name holds one of the masked names and more: a
// masked name inside one ("Cobalt" in "Cobalt Strike") names the
// software there, not the actor. A software named as the actor is
// ("Kimsuky", "Shamoon"), or after it ("BlackByte Ransomware": the
// name and a kind of software), stays masked: its name gives the
// actor's.
func softwareSpans(d telltale.Dictionary, text string, masked []string) [][2]int {
	re := maskPattern(masked)
	if re == nil {
		return nil
	}
	res := d.Read(text)
	var out [][2]int
	for _, m := range append(res.Malware, res.Tools...) {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			continue
		}
		surface := text[m.Start:m.End]
		if loc := re.FindStringIndex(surface); loc != nil && ownWords(surface[:loc[0]]+" "+surface[loc[1]:]) {
			out = append(out, [2]int{m.Start, m.End})
		}
	}
	return out
}

// softwareKinds are the words that say what kind of software a name
// is, not which.
var softwareKinds = map[string]bool{
	"ransomware": true, "malware": true, "rat": true, "backdoor": true, "loader": true, "trojan": true,
	"stealer": true, "locker": true, "wiper": true, "botnet": true, "implant": true, "variant": true,
}

// ownWords reports whether rest (a software's name less a masked name)
// holds a word of its own, not only kinds of software.
func ownWords(rest string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(rest), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !softwareKinds[w] {
			return true
		}
	}
	return false
}

func loadReports(ctx context.Context, k *knowledge.Service, shared, split string) ([]report, []string, error) {
	switch split {
	case "tune":
		return annoctrReports(ctx, k, shared, "train", []string{"annoctr-train-a.json", "annoctr-train-b.json"})
	case "heldout":
		reports, dropped, err := annoctrReports(ctx, k, shared, "dev", []string{"annoctr-dev.json"})
		if err != nil {
			return nil, nil, err
		}
		r2, d2, err := tramReports(ctx, k, shared)
		return append(reports, r2...), append(dropped, d2...), err
	}
	return nil, nil, fmt.Errorf("no split %q", split)
}

// tuneWeights searches the weights on the tuning split only, one weight at
// a time (coordinate descent), for the most reports ranked first and in
// the top three.
func tuneWeights(ctx context.Context, out io.Writer, k *knowledge.Service, shared string, w knowledge.SuggestWeights) error {
	reports, _, err := loadSplit(ctx, k, shared, "tune")
	if err != nil {
		return err
	}
	queries, err := tuneQueries(ctx, k, reports)
	if err != nil {
		return err
	}
	objective := func() float64 { return rankScore(ctx, k, queries[w.MinPhrases], reports, w) }
	best := objective()
	fmt.Fprintf(out, "start %.2f\n", best)
	v := reflect.ValueOf(&w).Elem()
	for pass := 0; pass < 3; pass++ {
		improved := false
		for i := 0; i < v.NumField(); i++ {
			if tuneField(out, v, i, &best, objective) {
				improved = true
			}
		}
		if !improved {
			break
		}
	}
	fmt.Fprintf(out, "best %.2f: %+v\n", best, w)
	return nil
}

// tuneQueries reads the reports' (masked) texts once for each setting of
// MinPhrases tried.
func tuneQueries(ctx context.Context, k *knowledge.Service, reports []report) (map[int][]knowledge.SuggestQuery, error) {
	d, err := k.Dictionary(ctx)
	if err != nil {
		return nil, err
	}
	queries := map[int][]knowledge.SuggestQuery{}
	for _, mp := range []int{1, 2, 3} {
		for _, r := range reports {
			text := mask(r.text, r.masked, r.keep...)
			q := knowledge.QueryFromTextWith(text, d.Read(text), mp)
			q.Limit = 100
			queries[mp] = append(queries[mp], q)
		}
	}
	return queries, nil
}

// rankScore is what tuneWeights maximises: for each report, 1 when its
// actor is ranked first, 1 when in the top three, and the reciprocal of
// its rank; -1 when a suggestion fails.
func rankScore(ctx context.Context, k *knowledge.Service, queries []knowledge.SuggestQuery, reports []report, w knowledge.SuggestWeights) float64 {
	total := 0.0
	for i, q := range queries {
		sug, err := k.SuggestWith(ctx, q, w)
		if err != nil {
			return -1
		}
		for j, c := range sug.Candidates {
			if c.ID == reports[i].subject {
				if j == 0 {
					total += 1
				}
				if j < 3 {
					total += 1
				}
				total += 1 / float64(j+1)
				break
			}
		}
	}
	return total
}

// tuneField tries a few values of field i of the weights v, keeping the
// one that raises objective above best, if any (then it reports true).
func tuneField(out io.Writer, v reflect.Value, i int, best *float64, objective func() float64) (improved bool) {
	f := v.Field(i)
	name := v.Type().Field(i).Name
	if f.Kind() == reflect.Int {
		cur := f.Int()
		for _, c := range []int64{1, 2, 3} {
			f.SetInt(c)
			if o := objective(); o > *best {
				*best, cur, improved = o, c, true
				fmt.Fprintf(out, "  %s=%d → %.2f\n", name, c, o)
			}
		}
		f.SetInt(cur)
		return improved
	}
	cur := f.Float()
	tries := []float64{0, cur * 0.25, cur * 0.5, cur * 0.75, cur * 1.5, cur * 2, cur * 4}
	if cur == 0 {
		tries = []float64{0.1, 0.3, 1, 3}
	}
	for _, c := range tries {
		f.SetFloat(c)
		if o := objective(); o > *best {
			*best, cur, improved = o, c, true
			fmt.Fprintf(out, "  %s=%g → %.2f\n", name, c, o)
		}
	}
	f.SetFloat(cur)
	return improved
}

func evaluate(ctx context.Context, out io.Writer, k *knowledge.Service, shared, split string, w knowledge.SuggestWeights, verbose bool) (*scores, error) {
	reports, dropped, err := loadSplit(ctx, k, shared, split)
	if err != nil {
		return nil, err
	}
	if _, _, err := k.SuggestIndexStats(ctx); err != nil { // build the profiles outside the timings
		return nil, err
	}
	sib, err := siblings(ctx, k)
	if err != nil {
		return nil, err
	}
	sc := &scores{dropped: dropped, byCorpus: map[string]*[3]int{}}
	for _, r := range reports {
		text := mask(r.text, r.masked, r.keep...)
		t0 := time.Now()
		sug, err := k.SuggestTextWith(ctx, text, w)
		if err != nil {
			return nil, err
		}
		sc.latencies = append(sc.latencies, time.Since(t0))
		for _, e := range sug.Evidence {
			if e == "name: "+r.label || e == "linked: "+r.label {
				sc.leaks++
				if verbose {
					fmt.Fprintf(out, "  LEAK %s: %s still named\n", r.name, r.label)
				}
			}
		}
		if explain != "" && strings.Contains(r.name, explain) {
			printExplain(out, r, sug)
		}
		rk := rankOf(sug.Candidates, r.subject, sib[r.subject])
		sc.record(r.corpus, rk)
		if len(r.elsewhere) > 0 {
			sc.elsewhere++
		}
		if verbose {
			printRank(out, r, sug, rk)
		}
	}
	return sc, nil
}

// ranked is where a report's subject ranks among its suggestions (0: not
// listed), and where the first sibling of it ranks (see siblings).
type ranked struct {
	subject, sibling int
	siblingName      string
}

// rankOf finds the subject's rank and its best sibling's among cands.
func rankOf(cands []telltale.Candidate, subject string, sibs map[string]string) ranked {
	var rk ranked
	for i, c := range cands {
		if c.ID == subject && rk.subject == 0 {
			rk.subject = i + 1
		}
		if _, ok := sibs[c.ID]; ok && rk.sibling == 0 {
			rk.sibling, rk.siblingName = i+1, c.Name
		}
	}
	return rk
}

// joined is the rank when a sibling counts as the subject.
func (rk ranked) joined() int {
	if rk.sibling > 0 && (rk.subject == 0 || rk.sibling < rk.subject) {
		return rk.sibling
	}
	return rk.subject
}

// record counts one report's ranks.
func (s *scores) record(corpus string, rk ranked) {
	bc := s.byCorpus[corpus]
	if bc == nil {
		bc = &[3]int{}
		s.byCorpus[corpus] = bc
		s.corpora = append(s.corpora, corpus)
	}
	s.reports++
	bc[0]++
	rank := rk.subject
	if rank == 1 {
		s.top1++
		bc[1]++
	}
	if rank >= 1 && rank <= 3 {
		s.top3++
		bc[2]++
	}
	if rank > 0 {
		s.rr += 1 / float64(rank)
	}
	if j := rk.joined(); j != rank {
		s.siblingAhead++
		if j == 1 {
			s.top1Joined++
		}
		if j <= 3 && (rank == 0 || rank > 3) {
			s.top3Joined++
		}
	}
}

func printExplain(out io.Writer, r report, sug *telltale.Suggestions) {
	fmt.Fprintf(out, "== %s (subject %s)\nevidence: %s\n", r.name, r.label, strings.Join(sug.Evidence, "; "))
	for i, c := range sug.Candidates {
		if i < 3 || c.ID == r.subject {
			fmt.Fprintf(out, "  %d %s %.2f\n     + %v\n     - %v\n", i+1, c.Name, c.Score, c.Supports, c.Contradicts)
		}
	}
}

// printRank prints a report's line of -v: its subject's rank, the top
// three, and a sibling ranked above the subject.
func printRank(out io.Writer, r report, sug *telltale.Suggestions, rk ranked) {
	var top []string
	for i, c := range sug.Candidates {
		if i == 3 {
			break
		}
		top = append(top, fmt.Sprintf("%s %.2f", c.Name, c.Score))
	}
	mark := " "
	if rk.subject == 1 {
		mark = "+"
	} else if rk.subject > 0 && rk.subject <= 3 {
		mark = "~"
	}
	sib := ""
	if rk.joined() != rk.subject {
		sib = fmt.Sprintf("  [sibling %s at rank %d]", rk.siblingName, rk.sibling)
	}
	if len(r.elsewhere) > 0 {
		sib += "  [gold name " + strings.Join(r.elsewhere, ", ") + "]"
	}
	fmt.Fprintf(out, "%s %-60.60s %-18.18s rank %2d  | %s%s\n", mark, r.name, r.label, rk.subject, strings.Join(top, "; "), sib)
}

// siblings maps each actor cluster to the clusters the knowledge names
// alike but resolution keeps apart: a name that clusters holding
// different ATT&CK groups both claim (`telltale conflicts`, rule
// mitre-id), as MISP gives APT41 the Winnti Group's names (Winnti,
// Blackfly, G0044) and the Lazarus Group APT38's. A suggestion of such a
// sibling does not count; it is reported beside the scores. The other
// conflicts (an alias several clusters claim, as Grizzly Steppe for APT28
// and APT29) say nothing of identity.
func siblings(ctx context.Context, k *knowledge.Service) (map[string]map[string]string, error) {
	conflicts, err := k.Conflicts(ctx)
	if err != nil {
		return nil, err
	}
	sib := map[string]map[string]string{}
	for _, c := range conflicts {
		if c.Rule != "mitre-id" {
			continue
		}
		// A conflict names the member objects; the suggestions, clusters.
		var ids, names []string
		for _, m := range c.Clusters {
			if a, err := k.Actor(ctx, m.ID); err == nil && !slices.Contains(ids, a.ID) {
				ids, names = append(ids, a.ID), append(names, a.Name)
			}
		}
		for i, a := range ids {
			for j, b := range ids {
				if i == j {
					continue
				}
				if sib[a] == nil {
					sib[a] = map[string]string{}
				}
				sib[a][b] = names[j]
			}
		}
	}
	return sib, nil
}

// annoctrReports reads the AnnoCTR reports of a split with their subject
// actors from the claims gold.
func annoctrReports(ctx context.Context, k *knowledge.Service, shared, split string, files []string) ([]report, []string, error) {
	var out []report
	var dropped []string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(shared, "data", "eval-dev", "claims", f))
		if err != nil {
			return nil, nil, err
		}
		var docs []struct {
			Doc    string `json:"doc"`
			Actors []struct {
				Name     string   `json:"name"`
				Mentions []string `json:"mentions"`
				Role     string   `json:"role"`
			} `json:"actors"`
		}
		if err := json.Unmarshal(b, &docs); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, d := range docs {
			text, err := os.ReadFile(filepath.Join(shared, "data", "eval-dev", "annoctr", "text", split, d.Doc))
			if err != nil {
				return nil, nil, err
			}
			r := report{name: strings.TrimSuffix(d.Doc, ".txt"), text: string(text), corpus: "AnnoCTR " + split}
			best, subjects := -1, 0
			for _, a := range d.Actors {
				if a.Role != "subject" {
					continue
				}
				subjects++
				r.masked = append(r.masked, a.Mentions...)
				r.masked = append(r.masked, a.Name)
				id, label, names := resolveSubject(ctx, k, a.Name, a.Mentions)
				if id == "" {
					continue
				}
				r.masked = append(r.masked, names...)
				n := 0
				for _, m := range append([]string{a.Name}, a.Mentions...) {
					n += strings.Count(strings.ToLower(r.text), strings.ToLower(m))
				}
				if n > best {
					best, r.subject, r.label = n, id, label
					r.elsewhere = otherClusters(ctx, k, id, append([]string{a.Name}, a.Mentions...))
				}
			}
			if r.subject == "" {
				why := "no subject actor in the gold"
				if subjects > 0 {
					why = "subject unknown to the knowledge"
				}
				dropped = append(dropped, why+": "+r.name)
				continue
			}
			out = append(out, r)
		}
	}
	return out, dropped, nil
}

// resolveSubject finds the cluster of a gold actor: the one its name
// resolves to, else the one its mentions resolve to. Mentions that
// resolve to different clusters name other actors, not this one ("Fancy
// Lazarus", whose mentions include the Fancy Bear and Lazarus it
// impersonates): the actor is then not one the knowledge holds.
func resolveSubject(ctx context.Context, k *knowledge.Service, name string, mentions []string) (id, label string, all []string) {
	if id, label, all = resolve(ctx, k, []string{name}); id != "" {
		return id, label, all
	}
	for _, m := range mentions {
		mid, mlabel, mall := resolve(ctx, k, []string{m})
		switch {
		case mid == "":
		case id == "":
			id, label, all = mid, mlabel, mall
		case mid != id:
			return "", "", nil
		}
	}
	return id, label, all
}

// otherClusters lists the names that resolve to another cluster than id,
// as `"Winnti" opens APT41`: the gold treats them as one actor, the
// knowledge resolves them apart.
func otherClusters(ctx context.Context, k *knowledge.Service, id string, names []string) []string {
	var out []string
	for _, n := range names {
		if a, err := k.Actor(ctx, n); err == nil && a.ID != id {
			if s := fmt.Sprintf("%q opens %s", n, a.Name); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// resolve finds the cluster of the first name the knowledge knows, and
// all the cluster's names.
func resolve(ctx context.Context, k *knowledge.Service, names []string) (id, label string, all []string) {
	for _, n := range names {
		a, err := k.Actor(ctx, n)
		if err != nil {
			continue
		}
		for _, al := range a.Aliases {
			all = append(all, al.Name)
		}
		for _, m := range a.Members {
			all = append(all, m.Name)
		}
		return a.ID, a.Name, all
	}
	return "", "", nil
}

// tramReports reads the TRAM2 reports; the subject is the known actor
// the unmasked text names most, when it clearly dominates.
func tramReports(ctx context.Context, k *knowledge.Service, shared string) ([]report, []string, error) {
	dir := filepath.Join(shared, "data", "eval-dev", "tram", "mjson_files")
	files, err := filepath.Glob(filepath.Join(dir, "*.mjson"))
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	d, err := k.Dictionary(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out []report
	var dropped []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		var doc struct {
			Signal string `json:"signal"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f, err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".mjson")
		res := d.Read(doc.Signal)
		count := map[string]int{}
		surface := map[string][]string{}
		for _, m := range res.Actors {
			if m.ID != "" {
				count[m.ID]++
				surface[m.ID] = append(surface[m.ID], m.Mention)
			}
		}
		var ids []string
		for id := range count {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool {
			if count[ids[i]] != count[ids[j]] {
				return count[ids[i]] > count[ids[j]]
			}
			return ids[i] < ids[j]
		})
		if len(ids) == 0 || count[ids[0]] < 3 || (len(ids) > 1 && count[ids[0]] < 2*count[ids[1]]) {
			dropped = append(dropped, "no dominant known actor: "+name)
			continue
		}
		id, label, names := resolve(ctx, k, []string{ids[0]})
		if id == "" {
			dropped = append(dropped, "subject unknown to the knowledge: "+name)
			continue
		}
		out = append(out, report{name: name, text: doc.Signal, subject: id, label: label, masked: append(names, surface[ids[0]]...), corpus: "TRAM2"})
	}
	return out, dropped, nil
}

// mask replaces every name in names (folded: case, spaces, dots and dashes
// between its letters and digits may differ) by "the actor".
func mask(text string, names []string, keep ...[2]int) string {
	re := maskPattern(names)
	if re == nil {
		return text
	}
	var b strings.Builder
	last := 0
	for _, loc := range re.FindAllStringIndex(text, -1) {
		if slices.ContainsFunc(keep, func(k [2]int) bool { return k[0] <= loc[0] && loc[1] <= k[1] }) {
			continue
		}
		b.WriteString(text[last:loc[0]])
		b.WriteString("the actor")
		last = loc[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// maskPattern matches every spelling of every name, the longest first
// (nil: no name to mask).
func maskPattern(names []string) *regexp.Regexp {
	var pats []string
	seen := map[string]bool{}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	for _, n := range names {
		p := namePattern(n)
		if p != "" && !seen[p] {
			seen[p] = true
			pats = append(pats, p)
		}
	}
	if len(pats) == 0 {
		return nil
	}
	return regexp.MustCompile(`(?i)` + strings.Join(pats, "|"))
}

// namePattern is a pattern matching name with any separators (or none)
// between its runs of letters and digits, as whole words.
func namePattern(name string) string {
	var runs []string
	var cur []rune
	kind := 0 // 1 letter, 2 digit
	flush := func() {
		if len(cur) > 0 {
			runs = append(runs, regexp.QuoteMeta(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range name {
		k := 0
		switch {
		case unicode.IsLetter(r):
			k = 1
		case unicode.IsDigit(r):
			k = 2
		}
		if k == 0 || k != kind {
			flush()
		}
		kind = k
		if k != 0 {
			cur = append(cur, r)
		}
	}
	flush()
	if len(runs) == 0 || len(strings.Join(runs, "")) < 2 {
		return ""
	}
	return `\b` + strings.Join(runs, `[\s._\-’']*`) + `\b`
}
