// Package ingest turns texts (reports, news, feed items) into reviewable
// STIX knowledge: extraction, the review's changes applied to it, and the
// bundle builder, which make a draft report with its provenance; and
// enrichment of imported intrusion sets from their own descriptions.
// Feeds (internal/feeds) and watches (internal/watches) are packages of
// their own, above this one; the drafts (internal/drafts) are below it.
//
// Extraction is internal/extract's pure function; this package is its
// wrapper. It reads the objects of the Store it declares (*store.DB
// satisfies it), and hands what it builds to the drafts service it embeds,
// which keeps it in the store's drafts table, reviews it and imports it
// when accepted, and through which alone it reads that table (a text
// ingested already, a report's previous version); that service builds a
// changed draft again through this one (Redraft, Known: its Builder). Of the module it may import the root
// package, internal/stix, geo, extract, fetch, knowledge, importer (the
// enrichment's import) and drafts; never the store, the web, API or TAXII
// packages.
//
// Drafts. Ingest builds the whole bundle (the report, the objects it
// creates, references to what the store already has); the drafts package
// keeps it outside the object store until an analyst accepts it (see
// there). The same text (by SHA-256) ingested again is "unchanged"; with
// Document.Restate and other metadata, its draft is rebuilt with them.
//
// What becomes what. Indicators get STIX patterns unless the extractor
// judged them benign (listed in the description and
// x_telltale_benign_indicators with the reason). Actors are linked only
// from strong mentions: a form that cannot be a common word (a digit, an
// inner capital, several capitalised words), a stored name or alias spelt
// exactly so mid-sentence, or the capitalised subject of an attribution
// claim; "hacking" or "comment" never link an actor, and claims about such
// a weak subject are claims about the unnamed group. An unnamed group
// becomes an intrusion set ("Unnamed actor: <title>") only when the text
// makes claims about it and gives victims, and is not about an actor it
// names (three times or more, and more often than it speaks of the
// unnamed group); when the text names one group the knowledge does not
// hold and its claims are about it, the new intrusion set carries that
// name. Attribution claims keep their
// polarity: asserted ones become relationships at confidence 85, hedged
// ones at 40, negated and denied ones become notes quoting the evidence
// and who said it, never relationships. Every relationship carries the
// report in external_references (its URL when known) and
// x_telltale_report_ref.
//
// Report ids. A text fetched from a URL gets the id of its URL:
// DeterministicID("report", {"x_telltale_source_url": URL without its
// fragment}), so a corrected version of the same page keeps the id and
// becomes a new version (newer modified). Any other text gets
// stix.ReportID(title, published) when a publication date is given, and
// stix.ReportID(title, "") otherwise, so the same title ingested again is
// the same report.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/drafts"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/importer"
	"github.com/telltale-cti/telltale/internal/knowledge"
	"github.com/telltale-cti/telltale/internal/stix"
)

// Statuses of a draft.
const (
	StatusDraft    = drafts.StatusDraft
	StatusAccepted = drafts.StatusAccepted
	StatusRejected = drafts.StatusRejected
)

// Outcomes of an ingest.
const (
	Created   = drafts.Created   // a new report
	Versioned = drafts.Versioned // a new version of a known report (corrected text at the same URL)
	Unchanged = drafts.Unchanged // this text was ingested already
	Updated   = drafts.Updated   // this text was ingested already; the draft now has the metadata given
)

// Store is what ingestion reads (*store.DB): the objects, to refer to
// what the store holds already. The drafts table (a text ingested already,
// a report's previous version) it reads through its drafts service.
type Store interface {
	telltale.ObjectService
}

// Tables is what New wires (*store.DB holds both): the objects ingestion
// reads and the drafts table its drafts service keeps.
type Tables interface {
	Store
	drafts.Store
}

// Service ingests texts. It embeds the drafts service that keeps and
// reviews what it builds (queue, edits, accept, reject, reopen, audit),
// and is that service's Builder; the clock (Now), the audit log (Audit)
// and the importer are the drafts service's, one for both.
type Service struct {
	*drafts.Service
	Store     Store
	Knowledge *knowledge.Service
}

// New returns a service on the wired program's parts.
func New(st Tables, k *knowledge.Service, im *importer.Importer) *Service {
	s := &Service{Store: st, Knowledge: k}
	s.Service = drafts.New(st, im, s)
	return s
}

// SubmitAs ingests a report a reviewer sends (POST /api/v1/drafts) as
// Ingest does, never accepting it: for an analyst or an admin, audited.
// The metadata given replaces that of a draft of the same text.
func (s *Service) SubmitAs(ctx context.Context, rv telltale.Reviewer, m telltale.DraftMetadata, text string) (*telltale.IngestResult, error) {
	if err := s.MayReview(rv); err != nil {
		return nil, err
	}
	res, err := s.Ingest(ctx, Document{Text: text, Title: m.Title, Published: m.Published, URL: m.SourceURL, Publisher: m.Publisher, Restate: true}, false)
	if err != nil {
		return nil, err
	}
	s.Audited(ctx, rv, drafts.AuditSubmit, res.Report.ReportID, res.Report.Title)
	return res, nil
}

// Document is a text to ingest and what is known about it.
type Document struct {
	Text      string
	Title     string // "" takes the text's first line
	Published string // a date or a STIX timestamp; "" takes the ingest time
	URL       string // where the text was fetched from, if anywhere
	Publisher string // who published it; "" takes the URL's host
	// Restate makes the title, publisher, date and URL given replace those
	// of the draft of the same text when it was ingested already (the
	// ingest command's flags); without it (feeds) an ingested text keeps
	// its draft as it is.
	Restate bool
}

// Result is what one ingest did (see telltale.IngestResult).
type Result = telltale.IngestResult

// Ingest extracts what doc says and stores it as a draft report (and
// accepts it at once with accept). The same text ingested again changes
// nothing.
func (s *Service) Ingest(ctx context.Context, doc Document, accept bool) (*Result, error) {
	if strings.TrimSpace(doc.Text) == "" {
		return nil, telltale.Errorf(telltale.EINVALID, "ingest: the text is empty")
	}
	if err := telltale.CheckText(doc.Text); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	hash := textHash(doc.Text)
	if d, err := s.ByHash(ctx, hash); err == nil {
		return s.again(ctx, d, doc, accept)
	} else if telltale.ErrorCode(err) != telltale.ENOTFOUND {
		return nil, err
	}

	now := stix.FormatTime(s.now())
	givenDate := doc.Published != ""
	if err := normalise(&doc, now); err != nil {
		return nil, err
	}
	in := &input{doc: &doc, textHash: hash, created: now, modified: now}
	idDoc := doc
	if !givenDate {
		idDoc.Published = ""
	}
	in.reportID = ReportID(idDoc)
	outcome := Created
	prev, err := s.Latest(ctx, in.reportID)
	var prevObjs map[string]map[string]any
	if err == nil {
		outcome = Versioned
		prevObjs, in.created = bundleObjects(prev.Bundle)
		if in.created == "" {
			in.created = prev.Created
		}
		if !laterTime(now, prev.Modified) {
			in.modified = bumpTime(prev.Modified)
		}
	} else if telltale.ErrorCode(err) != telltale.ENOTFOUND {
		return nil, err
	}

	d, sum, err := s.buildDraft(ctx, in, prevObjs, nil)
	if err != nil {
		return nil, err
	}
	if err := s.Put(ctx, d); err != nil {
		return nil, err
	}
	out := &Result{Outcome: outcome, Report: sum}
	if accept {
		ir, err := s.AcceptDraft(ctx, d)
		if err != nil {
			return nil, err
		}
		out.Import = ir
		sum.Status = StatusAccepted
	}
	return out, nil
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// resolve finds what the store already holds among the objects the
// report may refer to: the publisher, actors, software, locations,
// sectors, indicators; and the attack patterns of technique ids.
func (s *Service) resolve(ctx context.Context, in *input, res *extract.Result) error {
	resolvePublisher(in)
	found, err := s.existing(ctx, referencedIDs(in, res))
	if err != nil {
		return err
	}
	if found[in.pubID] {
		in.pubObj = nil
	}
	in.exists = func(id string) bool { return found[id] }
	techs, err := s.storedTechniques(ctx, res)
	if err != nil {
		return err
	}
	in.technique = func(id string) (string, string) { t := techs[id]; return t[0], t[1] }
	exact, err := s.exactNames(ctx, res)
	if err != nil {
		return err
	}
	in.knownName = func(surface string) bool { return exact[surface] }
	return nil
}

// resolvePublisher names the report's publisher: the document's, with
// an identity the bundle brings unless the store has it, else Telltale.
func resolvePublisher(in *input) {
	in.publisher, in.pubID = knowledge.TelltaleName, knowledge.TelltaleID
	if name := in.doc.Publisher; name != "" {
		in.publisher, in.pubID = name, stix.IdentityID(name, "organization")
		in.pubObj = &stix.Identity{
			Common: stix.NewCommon("identity", in.pubID, knowledge.TelltaleID, knowledge.Epoch, knowledge.Epoch),
			Name:   name, Description: "Publisher of reports ingested by Telltale.", IdentityClass: "organization",
		}
	}
}

// referencedIDs are the ids of every object the report may refer to,
// sorted, each once.
func referencedIDs(in *input, res *extract.Result) []string {
	ids := []string{knowledge.TelltaleID, in.pubID}
	for _, m := range res.Actors {
		ids = append(ids, m.ID)
	}
	for _, m := range res.Malware {
		ids = append(ids, m.ID)
	}
	for _, m := range res.Tools {
		ids = append(ids, m.ID)
	}
	for _, m := range res.Countries {
		ids = append(ids, countryID(m))
	}
	for _, c := range res.Claims {
		if c.ObjectKind == "country" {
			ids = append(ids, stix.LocationID(c.Object, "Country"))
		}
	}
	for _, m := range res.Sectors {
		ids = append(ids, sectorID(m.ID), sectorID(topLevel(m.ID)))
	}
	for _, c := range res.CVEs {
		ids = append(ids, stix.NamedID("vulnerability", c.ID))
	}
	for _, ind := range res.Indicators {
		if p := patternOf(ind); p != "" {
			ids = append(ids, stix.IndicatorID(p))
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// existing says which of ids the store holds, reading 500 at a time.
func (s *Service) existing(ctx context.Context, ids []string) (map[string]bool, error) {
	found := map[string]bool{}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		objs, err := s.Store.Objects(ctx, telltale.ObjectFilter{IDs: batch})
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			found[o.ID] = true
		}
	}
	return found, nil
}

// storedTechniques maps each ATT&CK id the text names to the stored
// attack pattern (id, name) of that external id, a zero pair when the
// store has none current.
func (s *Service) storedTechniques(ctx context.Context, res *extract.Result) (map[string][2]string, error) {
	techs := map[string][2]string{}
	for _, t := range res.Techniques {
		if _, ok := techs[t.ID]; ok {
			continue
		}
		techs[t.ID] = [2]string{}
		names, err := s.Store.NamesByKey(ctx, knowledge.Fold(t.ID))
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if n.Kind == "external_id" && strings.HasPrefix(n.ObjectID, "attack-pattern--") {
				name := t.Name
				if objs, err := s.Store.Objects(ctx, telltale.ObjectFilter{IDs: []string{n.ObjectID}}); err == nil && len(objs) == 1 {
					name = objs[0].Name
				} else if err == nil {
					continue // revoked or deprecated
				}
				techs[t.ID] = [2]string{n.ObjectID, name}
				break
			}
		}
	}
	return techs, nil
}

// exactNames says, for each surface form of an actor, malware or tool
// mention, whether a stored name or alias is spelt exactly so.
func (s *Service) exactNames(ctx context.Context, res *extract.Result) (map[string]bool, error) {
	exact := map[string]bool{}
	for _, list := range [][]extract.Mention{res.Actors, res.Malware, res.Tools} {
		for _, m := range list {
			if _, ok := exact[m.Mention]; ok {
				continue
			}
			exact[m.Mention] = false
			names, err := s.Store.NamesByKey(ctx, knowledge.Fold(m.Mention))
			if err != nil {
				return nil, err
			}
			for _, n := range names {
				if n.Name == m.Mention {
					exact[m.Mention] = true
					break
				}
			}
		}
	}
	return exact, nil
}

// normalise fills the title, publication date and publisher a document
// lacks.
func normalise(doc *Document, now string) error {
	doc.Text = strings.ToValidUTF8(doc.Text, "\uFFFD")
	if doc.Title == "" {
		doc.Title = firstLine(doc.Text)
	}
	if doc.Published == "" {
		doc.Published = now
	} else {
		ts, err := parseDate(doc.Published)
		if err != nil {
			return err
		}
		doc.Published = ts
	}
	if doc.URL != "" {
		u, err := url.Parse(doc.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return telltale.Errorf(telltale.EINVALID, "ingest: %q is not an http(s) URL", doc.URL)
		}
		u.Fragment = ""
		doc.URL = u.String()
		if doc.Publisher == "" {
			doc.Publisher = hostOf(doc.URL)
		}
	}
	return nil
}

// firstLine is the first non-empty line of text, cut to 120 characters.
func firstLine(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			continue
		}
		if utf8.RuneCountInString(line) > 120 {
			r := []rune(line)
			line = strings.TrimSpace(string(r[:117])) + "..."
		}
		return line
	}
	return "Untitled report"
}

// parseDate accepts a STIX timestamp, RFC 3339 or a plain date.
func parseDate(s string) (string, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return stix.FormatTime(t), nil
		}
	}
	return "", telltale.Errorf(telltale.EINVALID, "ingest: publication date %q is not a date (want YYYY-MM-DD or RFC 3339)", s)
}

// ReportID is the id a document's report gets (see the package doc).
func ReportID(doc Document) string {
	if doc.URL != "" {
		return stix.DeterministicID("report", map[string]any{"x_telltale_source_url": doc.URL})
	}
	if doc.Published != "" {
		return stix.ReportID(doc.Title, doc.Published)
	}
	return stix.ReportID(doc.Title, "")
}

func textHash(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:])
}

// keepUnchanged gives every object that did not change since the
// previous version of the report its previous modified, so accepting a
// correction adds versions only of what was corrected.
func keepUnchanged(objs []stix.Typed, prev map[string]map[string]any) {
	for _, o := range objs {
		c := o.Props()
		p, ok := prev[c.ID]
		if !ok || c.Type == "report" {
			continue
		}
		raw, err := draftEncoding.Encode(o)
		var now map[string]any
		if err != nil || json.Unmarshal(raw, &now) != nil {
			continue
		}
		if reflect.DeepEqual(without(now, "modified", "created"), without(p, "modified", "created")) {
			c.Modified, _ = p["modified"].(string)
			c.Created, _ = p["created"].(string)
		} else if created, ok := p["created"].(string); ok {
			c.Created = created
		}
	}
}

func without(o map[string]any, keys ...string) map[string]any {
	out := map[string]any{}
	for k, v := range o {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// bundleObjects decodes a draft bundle into its objects by id, and returns
// the report's created time.
func bundleObjects(bundle string) (map[string]map[string]any, string) {
	var b struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal([]byte(bundle), &b); err != nil {
		return nil, ""
	}
	out := map[string]map[string]any{}
	created := ""
	for _, o := range b.Objects {
		id, _ := o["id"].(string)
		out[id] = o
		if o["type"] == "report" {
			created, _ = o["created"].(string)
		}
	}
	return out, created
}

func marshalBundle(reportID, modified string, objs []stix.Typed) ([]byte, error) {
	// The bundle's keys in order too, and a newline, as an Encoder wrote
	// the map it was.
	var buf bytes.Buffer
	buf.WriteString(`{"id":"bundle--` + stix.UUIDv5(stix.Namespace, []byte(reportID+"@"+modified)) + `","objects":[`)
	for i, o := range objs {
		raw, err := draftEncoding.Encode(o)
		if err != nil {
			return nil, fmt.Errorf("ingest: encode bundle: %w", err)
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(raw)
	}
	buf.WriteString("],\"type\":\"bundle\"}\n")
	return buf.Bytes(), nil
}

func laterTime(a, b string) bool {
	ta, err1 := stix.ParseTime(a)
	tb, err2 := stix.ParseTime(b)
	return err1 == nil && err2 == nil && ta.After(tb)
}

func bumpTime(ts string) string {
	t, err := stix.ParseTime(ts)
	if err != nil {
		return ts
	}
	return stix.FormatTime(t.Add(time.Millisecond))
}
