package extract

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// WriteText prints a result for people: one section per kind, distinct
// values with how often they occur and the forms they were written in,
// claims with their polarity and evidence. It is what "telltale extract"
// prints without --json.
func (r *Result) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	writeIndicators(bw, r.Indicators)
	for _, l := range []struct {
		title string
		ms    []Mention
	}{
		{"Actors", r.Actors}, {"Malware", r.Malware}, {"Tools", r.Tools}, {"Campaigns", r.Campaigns},
		{"Sectors", r.Sectors}, {"Countries and regions", r.Countries}, {"Organizations", r.Organizations},
	} {
		writeMentions(bw, l.title, l.ms)
	}
	writeTechniques(bw, r.Techniques)
	writeCVEs(bw, r.CVEs)
	writeCounts(bw, r.Counts)
	writeClaims(bw, r.Claims)
	return bw.Flush()
}

func section(bw *bufio.Writer, title string, n int) {
	fmt.Fprintf(bw, "%s (%d)\n", title, n)
}

// writeIndicators lists the distinct indicators, with how often each
// occurs and the warning of a benign-looking one.
func writeIndicators(bw *bufio.Writer, indicators []Indicator) {
	type ind struct {
		typ, value, warning string
		n                   int
	}
	var inds []*ind
	seen := map[string]*ind{}
	for _, i := range indicators {
		k := i.Type + "\x00" + i.Value
		if x := seen[k]; x != nil {
			x.n++
			continue
		}
		x := &ind{i.Type, i.Value, i.Warning, 1}
		seen[k] = x
		inds = append(inds, x)
	}
	section(bw, "Indicators", len(inds))
	for _, i := range inds {
		fmt.Fprintf(bw, "  %-16s %s", i.typ, i.value)
		if i.n > 1 {
			fmt.Fprintf(bw, "  x%d", i.n)
		}
		if i.warning != "" {
			fmt.Fprintf(bw, "  [benign? %s]", i.warning)
		}
		fmt.Fprintln(bw)
	}
}

// writeMentions lists the distinct names of one kind, with the forms they
// were written in, how often, and their roles.
func writeMentions(bw *bufio.Writer, title string, ms []Mention) {
	names := Names(ms)
	section(bw, title, len(names))
	for _, name := range names {
		var forms []string
		formSeen := map[string]bool{}
		n := 0
		var roles []string
		for _, m := range ms {
			if m.Name != name {
				continue
			}
			n++
			if m.Role != "" && !slices.Contains(roles, m.Role) {
				roles = append(roles, m.Role)
			}
			if !formSeen[m.Mention] && m.Mention != name {
				formSeen[m.Mention] = true
				forms = append(forms, fmt.Sprintf("%q", m.Mention))
			}
		}
		fmt.Fprintf(bw, "  %s", name)
		if len(forms) > 0 {
			fmt.Fprintf(bw, " (as %s)", strings.Join(forms, ", "))
		}
		if n > 1 {
			fmt.Fprintf(bw, "  x%d", n)
		}
		if len(roles) > 0 {
			fmt.Fprintf(bw, "  [%s]", strings.Join(roles, ", "))
		}
		fmt.Fprintln(bw)
	}
}

// writeTechniques lists the techniques that count, by id, with how they
// were found.
func writeTechniques(bw *bufio.Writer, techniques []Technique) {
	ids := TechniqueIDs(techniques, DefaultMinPhrases)
	sort.Strings(ids)
	section(bw, "Techniques", len(ids))
	for _, id := range ids {
		name, via := "", map[string]int{}
		for _, t := range techniques {
			if t.ID == id {
				via[t.Via]++
				if name == "" {
					name = t.Name
				}
			}
		}
		var vs []string
		for _, k := range []string{"id", "name", "phrase"} {
			if via[k] > 0 {
				vs = append(vs, fmt.Sprintf("%s x%d", k, via[k]))
			}
		}
		fmt.Fprintf(bw, "  %-10s %s  [%s]\n", id, name, strings.Join(vs, ", "))
	}
}

func writeCVEs(bw *bufio.Writer, list []CVE) {
	cves := map[string]bool{}
	var cveList []string
	for _, c := range list {
		if !cves[c.ID] {
			cves[c.ID] = true
			cveList = append(cveList, c.ID)
		}
	}
	section(bw, "CVEs", len(cveList))
	for _, c := range cveList {
		fmt.Fprintf(bw, "  %s\n", c)
	}
}

func writeCounts(bw *bufio.Writer, counts []Count) {
	section(bw, "Counts", len(counts))
	for _, c := range counts {
		approx := ""
		if c.Approx {
			approx = "~"
		}
		fmt.Fprintf(bw, "  %s%d %s", approx, c.Value, c.Noun)
		if c.Sector != "" {
			fmt.Fprintf(bw, " [%s]", c.Sector)
		}
		fmt.Fprintf(bw, "  %q\n", c.Phrase)
	}
}

// writeClaims lists the distinct claims, each with the first sentence
// that makes it and how many sentences do: an advisory that writes
// "Chinese state-sponsored cyber actors" in every paragraph makes one
// claim, not one per paragraph.
func writeClaims(bw *bufio.Writer, claims []Claim) {
	type claim struct {
		c Claim
		n int
	}
	var list []*claim
	seen := map[[7]string]*claim{}
	for _, c := range claims {
		k := [7]string{c.Polarity, c.Subject, foldName(c.SubjectRef), c.Relation, c.ObjectKind, c.Object, c.By}
		if x := seen[k]; x != nil {
			x.n++
			continue
		}
		x := &claim{c, 1}
		seen[k] = x
		list = append(list, x)
	}
	section(bw, "Claims", len(list))
	for _, x := range list {
		c := x.c
		subject := c.Subject
		if c.SubjectRef != "" && c.SubjectRef != c.Subject {
			subject += fmt.Sprintf(" (%q)", c.SubjectRef)
		}
		by := c.By
		if by == "" {
			by = "unstated"
		}
		fmt.Fprintf(bw, "  %-8s %s %s %s %s, by %s, cue %q", c.Polarity, subject, c.Relation, c.ObjectKind, c.Object, by, c.Cue)
		if x.n > 1 {
			fmt.Fprintf(bw, "  x%d sentences", x.n)
		}
		fmt.Fprintf(bw, "\n           %q\n", c.Evidence)
	}
}
