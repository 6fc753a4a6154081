package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/extract"
)

// runActorSuggest answers "which known actor is it?" for a report text
// (file, URL, standard input), a draft report id, or an actor (an unnamed
// one, typically): known actors ranked by the evidence they share, with
// what supports and contradicts each. It links nothing.
func (m *Main) runActorSuggest(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("actor suggest", &c)
	allowPrivate := fs.Bool("allow-private-fetch", false, "allow URLs on private, loopback and link-local addresses")
	fs.Usage = func() {
		m.help("actor suggest", fs, "Known actors ranked by the evidence the report, text or actor shares with each.\nNothing is linked: 'telltale actor link A B' records an analyst's decision.",
			"[flags] FILE|URL|-|REPORT-ID|ACTOR")
	}
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return telltale.Errorf(telltale.EINVALID, "actor suggest: give a file, URL, report id or actor")
	}
	arg := strings.Join(words, " ")
	return m.withApp(ctx, &c, func(a *app.App) error {
		var sug *telltale.Suggestions
		switch {
		case strings.HasPrefix(arg, "report--"):
			sug, err = ingestService(a).SuggestForReport(ctx, arg)
		case arg == "-" || strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") || isFile(arg):
			var doc *document
			if doc, err = m.readDocument(ctx, arg, *allowPrivate); err != nil {
				return err
			}
			if sug, err = a.Knowledge.SuggestText(ctx, doc.Text); err == nil {
				sug.Subject = arg
			}
		default:
			sug, err = a.Knowledge.SuggestForActor(ctx, arg)
			err = notAFile(arg, err)
		}
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(sug)
		}
		printSuggestions(m.Stdout, sug)
		return nil
	})
}

// notAFile says why arg, which names no actor (err not found) but looks
// like a path, was read as no file: a missing file or a directory is
// then told as extract tells it, beside the actor it does not name.
func notAFile(arg string, err error) error {
	if telltale.ErrorCode(err) != telltale.ENOTFOUND {
		return err
	}
	st, statErr := os.Stat(arg)
	switch {
	case statErr == nil && st.IsDir():
		return telltale.Errorf(telltale.EINVALID, "%s is a directory, and no actor is called %q", arg, arg)
	case statErr != nil && (strings.ContainsAny(arg, `/\`) || strings.EqualFold(filepath.Ext(arg), ".txt") || extract.Detect("", arg, nil) != extract.FormatText):
		return telltale.Errorf(telltale.EINVALID, "%v, and no actor is called %q", statErr, arg)
	}
	return err
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func printSuggestions(w io.Writer, s *telltale.Suggestions) {
	fmt.Fprintf(w, "Which known actor is it? %s\n", s.Subject)
	if len(s.Evidence) > 0 {
		fmt.Fprintf(w, "evidence: %s\n", strings.Join(s.Evidence, "; "))
	}
	if len(s.Candidates) == 0 {
		fmt.Fprintln(w, "\nno known actor shares evidence with it")
		return
	}
	for i, c := range s.Candidates {
		fmt.Fprintf(w, "\n%2d. %-30s score %.2f  (%s)\n", i+1, c.Name, c.Score, c.ID)
		for _, e := range c.Supports {
			fmt.Fprintf(w, "      + %5.2f %-12s %-28s %s\n", e.Weight, e.Kind, e.Value, e.Detail)
		}
		for _, e := range c.Contradicts {
			fmt.Fprintf(w, "      - %5.2f %-12s %-28s %s\n", e.Weight, e.Kind, e.Value, e.Detail)
		}
	}
	fmt.Fprintln(w, "\nNothing was linked; 'telltale actor link A B' records the decision.")
}
