package update

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/telltale-cti/telltale/internal/fetch"
)

// Public locations of the releases.
const (
	// AttackURL is the current release of an ATT&CK domain in
	// mitre-attack/attack-stix-data: %[1]s is the domain.
	AttackURL = "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/%[1]s/%[1]s.json"
	// MISPURL is a cluster file of MISP/misp-galaxy: %s is its name.
	MISPURL = "https://raw.githubusercontent.com/MISP/misp-galaxy/main/clusters/%s.json"
)

// DefaultDomain is the ATT&CK domain fetched unless told otherwise.
const DefaultDomain = "enterprise-attack"

// Domains are the ATT&CK domains there are bundles of.
var Domains = []string{"enterprise-attack", "mobile-attack", "ics-attack"}

// Galaxies are the MISP galaxy cluster files the MISP adapter converts,
// with the galaxy type each declares, in the order they are imported
// (file name order, as `telltale import clusters/*.json` takes them).
var Galaxies = []struct{ Name, Type string }{
	{"360net", "360net-threat-actor"},
	{"country", "country"},
	{"malpedia", "malpedia"},
	{"mitre-intrusion-set", "mitre-intrusion-set"},
	{"producer", "producer"},
	{"sector", "sector"},
	{"threat-actor", "threat-actor"},
}

// DefaultMaxBytes bounds each file: ATT&CK Enterprise 18.1 is 51 MB.
const DefaultMaxBytes = 512 << 20

// Kinds of file.
const (
	KindSTIX = "stix" // a STIX 2.1 bundle
	KindMISP = "misp" // a MISP galaxy cluster file
)

// Source says where the releases come from and which to take.
type Source struct {
	// Dir is a directory laid out like the shared data; BaseURL a mirror
	// laid out the same way. With neither, the public locations.
	Dir, BaseURL string
	Domain       string   // ATT&CK domain; "" is DefaultDomain
	Galaxies     []string // galaxy file names; nil is every one of Galaxies
	// SHA256 are expected digests (hex) by file base name, on top of
	// those a mirror's misp-galaxy/SHA256SUMS lists.
	SHA256 map[string]string
	// Client fetches: its AllowPrivate rule applies to every URL.
	Client *fetch.Client
	// MaxBytes bounds each file; 0 is DefaultMaxBytes.
	MaxBytes int64
}

// File is one release file: where it is and what it must be.
type File struct {
	Name     string // base name, e.g. "enterprise-attack-18.1.json"
	Location string // URL or path
	Kind     string // KindSTIX or KindMISP
	Galaxy   string // the galaxy type a MISP file must declare
	SHA256   string // expected digest, "" when none is known
	Path     string // the local copy, once fetched
	Size     int64
	Sum      string // the digest of the local copy
	Objects  int    // bundle objects or cluster values, once verified
}

// Plan lists the files to import, in order: the ATT&CK bundle first (MISP
// values refer to its groups), then the galaxies.
func (s *Source) Plan(ctx context.Context) ([]*File, error) {
	domain := s.Domain
	if domain == "" {
		domain = DefaultDomain
	}
	if !slices.Contains(Domains, domain) {
		return nil, fmt.Errorf("unknown ATT&CK domain %q (known: %s)", domain, strings.Join(Domains, ", "))
	}
	galaxies := s.Galaxies
	if galaxies == nil {
		for _, g := range Galaxies {
			galaxies = append(galaxies, g.Name)
		}
	}
	attack, err := s.attackFile(ctx, domain)
	if err != nil {
		return nil, err
	}
	files := []*File{attack}
	sums, err := s.mirrorSums(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range Galaxies {
		if !slices.Contains(galaxies, g.Name) {
			continue
		}
		f := &File{Name: g.Name + ".json", Kind: KindMISP, Galaxy: g.Type, SHA256: sums["clusters/"+g.Name+".json"]}
		f.Location = s.location("misp-galaxy/clusters/"+f.Name, fmt.Sprintf(MISPURL, g.Name))
		files = append(files, f)
	}
	for _, name := range galaxies {
		if !containsGalaxy(name) {
			return nil, fmt.Errorf("unknown galaxy %q (known: %s)", name, galaxyNames())
		}
	}
	for _, f := range files {
		if want, ok := s.SHA256[f.Name]; ok {
			f.SHA256 = strings.ToLower(want)
		}
	}
	return files, nil
}

// location is rel in a mirror or directory, else the public URL.
func (s *Source) location(rel, public string) string {
	switch {
	case s.Dir != "":
		return filepath.Join(s.Dir, filepath.FromSlash(rel))
	case s.BaseURL != "":
		return strings.TrimSuffix(s.BaseURL, "/") + "/" + rel
	}
	return public
}

// attackFile is the bundle of domain: in a mirror, the latest version its
// attack/index.json lists (attack/<domain>.json without an index); else
// the current release at its public location.
func (s *Source) attackFile(ctx context.Context, domain string) (*File, error) {
	f := &File{Name: domain + ".json", Kind: KindSTIX, Location: fmt.Sprintf(AttackURL, domain)}
	if s.Dir == "" && s.BaseURL == "" {
		return f, nil
	}
	raw, err := s.small(ctx, "attack/index.json")
	if err != nil {
		return nil, err
	}
	if raw != nil {
		if f.Name, err = latestVersion(raw, domain); err != nil {
			return nil, fmt.Errorf("%s: %w", s.location("attack/index.json", ""), err)
		}
	}
	f.Location = s.location("attack/"+f.Name, "")
	return f, nil
}

// latestVersion reads an ATT&CK collection index and names the file of
// the latest version of domain's collection.
func latestVersion(raw []byte, domain string) (string, error) {
	var idx struct {
		Collections []struct {
			Versions []struct{ Version, URL, Modified string }
		}
	}
	if err := json.Unmarshal(raw, &idx); err != nil {
		return "", fmt.Errorf("not an ATT&CK collection index: %v", err)
	}
	best, modified := "", ""
	for _, c := range idx.Collections {
		for _, v := range c.Versions {
			if strings.Contains(v.URL, "/"+domain+"/") && v.Modified > modified {
				best, modified = path.Base(v.URL), v.Modified
			}
		}
	}
	if best == "" {
		return "", fmt.Errorf("no version of %s listed", domain)
	}
	return best, nil
}

// mirrorSums reads misp-galaxy/SHA256SUMS of a mirror, when it has one:
// digests by path under misp-galaxy/.
func (s *Source) mirrorSums(ctx context.Context) (map[string]string, error) {
	sums := map[string]string{}
	if s.Dir == "" && s.BaseURL == "" {
		return sums, nil
	}
	raw, err := s.small(ctx, "misp-galaxy/SHA256SUMS")
	if err != nil || raw == nil {
		return sums, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if sum, name, ok := strings.Cut(strings.TrimSpace(line), "  "); ok {
			sums[strings.TrimPrefix(name, "*")] = strings.ToLower(sum)
		}
	}
	return sums, nil
}

// small reads a small file of the mirror or directory; nil (no error)
// when it has none.
func (s *Source) small(ctx context.Context, rel string) ([]byte, error) {
	loc := s.location(rel, "")
	if s.Dir != "" {
		raw, err := os.ReadFile(loc)
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return raw, err
	}
	c := *s.client()
	c.MaxBytes = 16 << 20
	resp, err := c.Get(ctx, loc)
	var fe *fetch.Error
	if errors.As(err, &fe) && (fe.Status == http.StatusNotFound || fe.Status == http.StatusGone) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func (s *Source) client() *fetch.Client {
	if s.Client != nil {
		return s.Client
	}
	return &fetch.Client{}
}

// Fetch brings every file to a local copy (into dir for URLs; a file of a
// directory source is read where it is) and verifies it: its size, its
// digest when one is expected, and that it is JSON of the expected shape.
// The first failure is returned, naming the file's location.
func (s *Source) Fetch(ctx context.Context, files []*File, dir string) error {
	for _, f := range files {
		if err := s.fetchOne(ctx, f, dir); err != nil {
			return err
		}
		if err := Verify(f); err != nil {
			return fmt.Errorf("%s: %w", f.Location, err)
		}
	}
	return nil
}

func (s *Source) fetchOne(ctx context.Context, f *File, dir string) error {
	max := s.MaxBytes
	if max <= 0 {
		max = DefaultMaxBytes
	}
	if s.Dir != "" {
		st, err := os.Stat(f.Location)
		if err != nil {
			return err
		}
		if st.Size() > max {
			return fmt.Errorf("%s: %d bytes, over the limit of %d", f.Location, st.Size(), max)
		}
		f.Path = f.Location
		return nil
	}
	c := *s.client()
	c.MaxBytes = max
	st, err := c.Open(ctx, f.Location)
	if err != nil {
		return err
	}
	defer st.Body.Close()
	out, err := os.Create(filepath.Join(dir, f.Name))
	if err != nil {
		return err
	}
	defer out.Close()
	if _, err := io.Copy(out, st.Body); err != nil {
		return err
	}
	f.Path = out.Name()
	return out.Close()
}

// Verify checks the local copy of f: its digest when one is expected, and
// its content: a STIX bundle with objects, or a cluster file of the
// expected galaxy with values, as valid JSON to its end.
func Verify(f *File) error {
	in, err := os.Open(f.Path)
	if err != nil {
		return err
	}
	defer in.Close()
	h := sha256.New()
	var doc struct {
		Type    string            `json:"type"`
		UUID    string            `json:"uuid"`
		Objects []json.RawMessage `json:"objects"`
		Values  []json.RawMessage `json:"values"`
	}
	dec := json.NewDecoder(bufio.NewReaderSize(io.TeeReader(in, h), 1<<20))
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("not valid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("not valid JSON: data after the document")
	}
	_, _ = io.Copy(h, in)
	if st, err := in.Stat(); err == nil {
		f.Size = st.Size()
	}
	f.Sum = hex.EncodeToString(h.Sum(nil))
	if f.SHA256 != "" && f.SHA256 != f.Sum {
		return fmt.Errorf("SHA-256 %s, expected %s", f.Sum, f.SHA256)
	}
	switch f.Kind {
	case KindSTIX:
		if doc.Type != "bundle" || len(doc.Objects) == 0 {
			return fmt.Errorf("not a STIX bundle with objects (type %q, %d objects)", doc.Type, len(doc.Objects))
		}
		f.Objects = len(doc.Objects)
	case KindMISP:
		if doc.Type != f.Galaxy || doc.UUID == "" || len(doc.Values) == 0 {
			return fmt.Errorf("not a MISP %s cluster file with values (type %q, %d values)", f.Galaxy, doc.Type, len(doc.Values))
		}
		f.Objects = len(doc.Values)
	}
	return nil
}

func containsGalaxy(name string) bool {
	for _, g := range Galaxies {
		if g.Name == name {
			return true
		}
	}
	return false
}

func galaxyNames() string {
	var names []string
	for _, g := range Galaxies {
		names = append(names, g.Name)
	}
	return strings.Join(names, ", ")
}
