package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/auth"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/store"
	"github.com/telltale-cti/telltale/internal/taxii/client"
)

// pullResult is what one pull did.
type pullResult struct {
	URL          string `json:"url"`
	APIRoot      string `json:"api_root"`
	Collection   string `json:"collection"`
	AddedAfter   string `json:"added_after,omitempty"` // where this pull started
	ResumeAfter  string `json:"resume_after,omitempty"`
	Pages        int    `json:"pages"`
	Received     int    `json:"received"`
	Added        int    `json:"added"`
	Updated      int    `json:"updated"`
	Unchanged    int    `json:"unchanged"`
	Rejected     int    `json:"rejected"`
	TotalFetched int64  `json:"total_received"` // over every pull of this collection
}

func (m *Main) runPull(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("pull", &c)
	collection := fs.String("collection", "", "the collection's id, alias or title (required)")
	user := fs.String("user", "", "HTTP Basic user name; the password comes from TELLTALE_TAXII_PASSWORD or --password-stdin")
	passwordStdin := fs.Bool("password-stdin", false, "read the Basic password from the first line of standard input")
	token := fs.String("token", "", "bearer token (default $TELLTALE_TAXII_TOKEN)")
	limit := fs.Int("limit", 1000, "objects per page")
	fromStart := fs.Bool("from-start", false, "ignore where the last pull stopped and read the whole collection")
	allowPrivate := fs.Bool("allow-private-fetch", false, "allow servers on private, loopback and link-local addresses")
	fs.Usage = func() {
		m.help("pull", fs, "URL is the server's discovery URL (e.g. https://host/taxii2/) or an API root.", "[flags] URL --collection ID")
	}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *collection == "" {
		return telltale.Errorf(telltale.EINVALID, "pull: give one URL and --collection ID")
	}
	cl := client.New(*allowPrivate)
	if *user != "" {
		cl.User = *user
		cl.Password = m.Getenv("TELLTALE_TAXII_PASSWORD")
		if *passwordStdin {
			if cl.Password, err = m.readPassword(true, false); err != nil {
				return err
			}
		}
	} else if cl.Token = *token; cl.Token == "" {
		cl.Token = m.Getenv("TELLTALE_TAXII_TOKEN")
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		res, err := pull(ctx, a.DB, a.Importer, cl, pos[0], *collection, *limit, *fromStart, func(r *pullResult) {
			if !c.json && !c.quiet {
				fmt.Fprintf(m.Stderr, "\rtelltale: %d objects in %d pages", r.Received, r.Pages)
			}
		})
		if !c.json && !c.quiet && res != nil && res.Pages > 0 {
			fmt.Fprintln(m.Stderr)
		}
		if res != nil {
			auth.New(a.DB).AuditFrom(ctx, "cli", operator(), "pull", res.APIRoot+"collections/"+res.Collection+"/",
				fmt.Sprintf("%d received, %d added, %d updated, %d rejected", res.Received, res.Added, res.Updated, res.Rejected))
		}
		if err != nil {
			return err
		}
		if c.json {
			return m.printJSON(res)
		}
		from := "the start"
		if res.AddedAfter != "" {
			from = "objects added after " + res.AddedAfter
		}
		fmt.Fprintf(m.Stdout, "pulled %s from %s: %s, %d added, %d updated, %d unchanged, %d rejected\n",
			plural(res.Received, "object"), from, plural(res.Pages, "page"), res.Added, res.Updated, res.Unchanged, res.Rejected)
		return nil
	})
}

// pull reads a remote collection into db page by page, each page in one
// import, and records after each page where to resume, so an interrupted
// pull loses nothing and repeats nothing.
func pull(ctx context.Context, db *store.DB, im *importer.Importer, cl *client.Client, rawURL, which string, limit int, fromStart bool, progress func(*pullResult)) (*pullResult, error) {
	root, err := cl.ResolveAPIRoot(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	col, err := cl.FindCollection(ctx, root, which)
	if err != nil {
		return nil, err
	}
	if !col.CanRead {
		return nil, telltale.Errorf(telltale.EFORBIDDEN, "collection %s (%s) at %s cannot be read with these credentials", col.ID, col.Title, root)
	}
	state, err := db.PullStateFor(ctx, root, col.ID)
	if err != nil {
		return nil, err
	}
	if fromStart {
		state.AddedAfter = ""
	}
	res := &pullResult{URL: rawURL, APIRoot: root, Collection: col.ID, AddedAfter: state.AddedAfter, ResumeAfter: state.AddedAfter}
	err = cl.Pull(ctx, root, col.ID, state.AddedAfter, limit, func(p *client.Page, resume string) error {
		res.Pages++
		if len(p.Objects) > 0 {
			var b bytes.Buffer
			b.WriteString(`{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[`)
			for i, o := range p.Objects {
				if i > 0 {
					b.WriteByte(',')
				}
				b.Write(o)
			}
			b.WriteString("]}")
			r, err := im.Import(ctx, &b, fmt.Sprintf("taxii %scollections/%s/ page %d", root, col.ID, res.Pages), importer.Options{Format: importer.FormatSTIX})
			if err != nil {
				return err
			}
			res.Received += len(p.Objects)
			res.Added += r.Added
			res.Updated += r.Updated
			res.Unchanged += r.Unchanged
			res.Rejected += r.Rejected
		}
		if resume != state.AddedAfter || len(p.Objects) > 0 {
			state.AddedAfter = resume
			state.Objects += int64(len(p.Objects))
			if err := db.PutPullState(ctx, state); err != nil {
				return err
			}
		}
		res.ResumeAfter = resume
		if progress != nil {
			progress(res)
		}
		return nil
	})
	res.TotalFetched = state.Objects
	return res, err
}
