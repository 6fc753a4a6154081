package layering

import (
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/telltale-cti/telltale/internal/testutil"
)

// rule is what one package may import of the module: the packages named
// (paths relative to the module root, "" for the root package), and
// third-party modules unless stdOnly. Main packages (commands) are the
// wiring and may import anything.
type rule struct {
	may     []string
	stdOnly bool
}

// rules is the layout of DESIGN.md ("Shape of the code") and the README
// ("Layout"): the root package holds domain types and service interfaces
// and imports only the standard library; handlers (api, web, taxii)
// depend on the root interfaces and the HTTP helpers, never on the store,
// the import pipeline or the domain services built on the store (auth);
// the web pages also read the country table (geo: data, standard library
// only) to draw the sector page's map;
// domain packages (knowledge, ingest, drafts, feeds, watches) take root
// interfaces or interfaces they declare and are wired by the commands;
// drafts (the drafts table and their review: accept, revoke, audit) sits
// under ingest, which builds what it keeps (drafts reaches the builder
// through an interface it declares), and only ingest and the commands
// import it: the handlers review drafts through the root types; adapters (misp) turn a format into STIX and know no
// domain package; extract is text to mentions, in the root package's
// mention types (it implements the root's TextReader, which the knowledge
// layer reads texts with), and knows nothing of the store or the knowledge
// layer; memo (values kept for one state of the
// store, computed once however many callers ask) knows nothing of the
// module, and the handlers use it; app (the one construction path: store,
// knowledge service, importer, accounts) builds on the store and the
// domain services but never on the handlers or the HTTP layer, and only
// the commands and the test fixtures (knowledgetest) import it. A package
// missing here fails the test:
// give a new package its rule.
var rules = map[string]rule{
	"":                                 {stdOnly: true},
	"internal/stix":                    {stdOnly: true},
	"internal/stix/schema":             {may: []string{"internal/stix"}},
	"internal/geo":                     {stdOnly: true},
	"internal/fetch":                   {stdOnly: true},
	"internal/extract":                 {may: []string{"", "internal/geo"}},
	"internal/extract/extracttest":     {may: []string{"internal/extract"}},
	"internal/store":                   {may: []string{"", "internal/stix"}},
	"internal/store/storetest":         {may: []string{"", "internal/stix", "internal/store"}},
	"internal/misp":                    {may: []string{"", "internal/stix", "internal/geo"}},
	"internal/importer":                {may: []string{"", "internal/stix", "internal/store", "internal/misp"}},
	"internal/knowledge":               {may: []string{"", "internal/stix"}, stdOnly: true},
	"internal/knowledge/knowledgetest": {may: []string{"", "internal/app", "internal/store", "internal/importer", "internal/knowledge"}},
	"internal/app":                     {may: []string{"", "internal/store", "internal/importer", "internal/knowledge", "internal/extract", "internal/auth"}},
	"internal/drafts":                  {may: []string{"", "internal/stix", "internal/knowledge", "internal/importer"}},
	"internal/ingest":                  {may: []string{"", "internal/stix", "internal/geo", "internal/extract", "internal/fetch", "internal/knowledge", "internal/importer", "internal/drafts"}},
	"internal/feeds":                   {may: []string{"", "internal/stix", "internal/extract", "internal/fetch", "internal/ingest"}},
	"internal/watches":                 {may: []string{"", "internal/stix", "internal/fetch", "internal/knowledge"}},
	"internal/auth":                    {may: []string{"", "internal/stix", "internal/store", "internal/http"}},
	"internal/http":                    {may: []string{""}},
	"internal/memo":                    {},
	"internal/api":                     {may: []string{"", "internal/stix", "internal/http", "internal/memo"}},
	"internal/web":                     {may: []string{"", "internal/http", "internal/api", "internal/geo"}},
	"internal/taxii":                   {may: []string{"", "internal/stix", "internal/http", "internal/memo"}},
	"internal/taxii/client":            {may: []string{"", "internal/fetch"}},
	"internal/update":                  {may: []string{"", "internal/fetch"}},
	"internal/scale":                   {may: []string{"", "internal/stix", "internal/knowledge"}},
	"internal/testutil":                {},
	"internal/codeshape":               {stdOnly: true},
	"internal/layering":                {stdOnly: true},
}

// allowlist names the imports that break a rule and are not removed yet,
// as "file -> package" (paths relative to the module root; issue #15
// lists them). It must only shrink: remove an import and its line; never
// add one. The test fails when a listed import no longer exists, so a
// line cannot outlive its import.
var allowlist = map[string]bool{}

// goFile is the package clause and imports of one non-test Go file.
type goFile struct {
	path    string // relative to the module root, slash-separated
	pkg     string // its package's directory relative to the module root
	name    string // package name
	imports []string
}

func TestImportRules(t *testing.T) {
	root := testutil.ModuleRoot(t)
	module := modulePathOf(t, root)
	files := moduleFiles(t, root)
	broken, unruled := check(files, module, rules)
	for _, p := range unruled {
		t.Errorf("package %q has no import rule: give it one in rules (what it may import of the module)", p)
	}
	seen := map[string]bool{}
	for _, b := range broken {
		seen[b.key()] = true
		if !allowlist[b.key()] {
			t.Errorf("%s: %s may not import %s (%s); see the README's Layout section", b.file, b.pkg, b.imp, b.why)
		}
	}
	var gone []string
	for k := range allowlist {
		if !seen[k] {
			gone = append(gone, k)
		}
	}
	sort.Strings(gone)
	for _, k := range gone {
		t.Errorf("%s is in the allowlist but the import is gone (or allowed now): remove its line", k)
	}
	if testing.Verbose() {
		t.Logf("%d files, %d imports not removed yet", len(files), len(broken))
	}
}

// violation is one import a rule forbids.
type violation struct {
	file, pkg, imp, why string
}

func (v violation) key() string { return v.file + " -> " + v.imp }

// check returns the imports of files that their package's rule forbids,
// and the packages with no rule, sorted.
func check(files []goFile, module string, rules map[string]rule) (broken []violation, unruled []string) {
	missing := map[string]bool{}
	for _, f := range files {
		if f.name == "main" {
			continue // a command: the wiring
		}
		r, ok := rules[f.pkg]
		if !ok {
			missing[f.pkg] = true
			continue
		}
		for _, imp := range f.imports {
			if why := r.forbids(imp, module); why != "" {
				broken = append(broken, violation{f.path, displayPkg(f.pkg), modulePath(imp, module), why})
			}
		}
	}
	for p := range missing {
		unruled = append(unruled, p)
	}
	sort.Strings(unruled)
	sort.Slice(broken, func(i, j int) bool { return broken[i].key() < broken[j].key() })
	return broken, unruled
}

// forbids says why the rule forbids importing imp ("" when it does not).
func (r rule) forbids(imp, module string) string {
	if imp == module || strings.HasPrefix(imp, module+"/") {
		rel := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
		for _, m := range r.may {
			if m == rel {
				return ""
			}
		}
		if len(r.may) == 0 {
			return "it imports nothing of the module"
		}
		return "it may import only " + displayList(r.may)
	}
	first, _, _ := strings.Cut(imp, "/")
	if r.stdOnly && strings.Contains(first, ".") {
		return "standard library only"
	}
	return ""
}

// modulePath names a package of the module by its path from the root.
func modulePath(imp, module string) string {
	if imp == module {
		return "the root package"
	}
	return strings.TrimPrefix(imp, module+"/")
}

func displayPkg(p string) string {
	if p == "" {
		return "the root package"
	}
	return p
}

func displayList(ps []string) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = displayPkg(p)
	}
	return strings.Join(out, ", ")
}

// modulePathOf is the module path go.mod under root declares.
func modulePathOf(t *testing.T, root string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if m, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(m), `"`)
		}
	}
	t.Fatalf("%s/go.mod names no module", root)
	return ""
}

// moduleFiles reads the package clause and imports of every non-test Go
// file of the module.
func moduleFiles(t *testing.T, root string) []goFile {
	t.Helper()
	fset := token.NewFileSet()
	var files []goFile
	for _, rel := range testutil.ModuleGoFiles(t, root) {
		f, err := parser.ParseFile(fset, filepath.Join(root, filepath.FromSlash(rel)), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		pkg := path.Dir(rel)
		if pkg == "." {
			pkg = ""
		}
		g := goFile{path: rel, pkg: pkg, name: f.Name.Name}
		for _, s := range f.Imports {
			p, err := strconv.Unquote(s.Path.Value)
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			g.imports = append(g.imports, p)
		}
		files = append(files, g)
	}
	return files
}

// TestCheckFindsForbiddenImports pins check on a made-up module: a
// handler importing the store, a standard-library-only package importing a
// third-party module and a package without a rule are found; commands and
// allowed imports are not.
func TestCheckFindsForbiddenImports(t *testing.T) {
	const m = "example.com/m"
	rs := map[string]rule{
		"":                {stdOnly: true},
		"internal/store":  {may: []string{""}},
		"internal/api":    {may: []string{"", "internal/http"}},
		"internal/http":   {may: []string{""}},
		"internal/pure":   {stdOnly: true},
		"internal/nobody": {},
	}
	files := []goFile{
		{path: "t.go", pkg: "", name: "m", imports: []string{"context", "encoding/json"}},
		{path: "internal/api/a.go", pkg: "internal/api", name: "api", imports: []string{m, m + "/internal/http", "net/http"}},
		{path: "internal/api/b.go", pkg: "internal/api", name: "api", imports: []string{m + "/internal/store", "github.com/x/y"}},
		{path: "internal/pure/p.go", pkg: "internal/pure", name: "pure", imports: []string{"golang.org/x/text", "strings"}},
		{path: "internal/nobody/n.go", pkg: "internal/nobody", name: "nobody", imports: []string{m}},
		{path: "internal/new/n.go", pkg: "internal/new", name: "new"},
		{path: "cmd/m/main.go", pkg: "cmd/m", name: "main", imports: []string{m + "/internal/store", m + "/internal/api"}},
	}
	broken, unruled := check(files, m, rs)
	var got []string
	for _, b := range broken {
		got = append(got, b.key()+" ("+b.why+")")
	}
	want := []string{
		"internal/api/b.go -> internal/store (it may import only the root package, internal/http)",
		"internal/nobody/n.go -> the root package (it imports nothing of the module)",
		"internal/pure/p.go -> golang.org/x/text (standard library only)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("broken:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Join(unruled, ",") != "internal/new" {
		t.Errorf("unruled %v, want [internal/new]", unruled)
	}
}

// TestPackageDocs checks that every package of the module but the commands
// has one package comment, in one file, and that it says what the package
// may or must not import (the rules above are what it says, in prose).
func TestPackageDocs(t *testing.T) {
	root := testutil.ModuleRoot(t)
	fset := token.NewFileSet()
	docs := map[string][]string{} // package directory -> files with a package comment
	says := map[string]bool{}
	names := map[string]string{}
	for _, rel := range testutil.ModuleGoFiles(t, root) {
		f, err := parser.ParseFile(fset, filepath.Join(root, filepath.FromSlash(rel)), nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name == "main" {
			continue
		}
		pkg := path.Dir(rel)
		names[pkg] = f.Name.Name
		if f.Doc == nil {
			continue
		}
		docs[pkg] = append(docs[pkg], rel)
		says[pkg] = says[pkg] || strings.Contains(f.Doc.Text(), "import")
	}
	for pkg, name := range names {
		switch files := docs[pkg]; {
		case len(files) == 0:
			t.Errorf("package %s (%s) has no package comment: say what it owns and what it must not import (doc.go)", name, pkg)
		case len(files) > 1:
			t.Errorf("package %s has package comments in %v: keep one (doc.go)", name, files)
		case !says[pkg]:
			t.Errorf("%s: the package comment does not say what the package may or must not import", files[0])
		}
	}
}
