package codeshape

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"testing"

	"github.com/telltale-cti/telltale/internal/testutil"
)

// The limits of issue #15: a function longer or more branched than this is
// split into named phases.
const (
	MaxLines      = 80
	MaxCyclomatic = 25
)

// allowlist names the functions over a limit that have not been split yet,
// as "path/to/file.go:Func" or "path/to/file.go:Type.Method" relative to the
// module root. It must only shrink: split a function and remove its line;
// never add one. The test fails when a listed function is back under both
// limits, so a line cannot outlive its function. `go test -v` prints each
// listed function's size.
var allowlist = map[string]bool{}

// funcShape is what the test measures of one function.
type funcShape struct {
	name       string // file:Func or file:Type.Method
	lines      int    // from the func keyword to the closing brace
	cyclomatic int
}

func (f funcShape) over() bool { return f.lines > MaxLines || f.cyclomatic > MaxCyclomatic }

func (f funcShape) String() string {
	return fmt.Sprintf("%s: %d lines, cyclomatic %d", f.name, f.lines, f.cyclomatic)
}

func TestFunctionShape(t *testing.T) {
	shapes := moduleShapes(t, testutil.ModuleRoot(t))
	var offenders []string
	seen := map[string]bool{}
	for _, f := range shapes {
		if !f.over() {
			continue
		}
		seen[f.name] = true
		if testing.Verbose() {
			t.Logf("over: %s", f)
		}
		if !allowlist[f.name] {
			offenders = append(offenders, f.String())
		}
	}
	for _, o := range offenders {
		t.Errorf("%s (limits: %d lines, cyclomatic %d): split it into named phases", o, MaxLines, MaxCyclomatic)
	}
	for name := range allowlist {
		if !seen[name] {
			t.Errorf("%s is in the allowlist but no longer over a limit (or gone): remove its line", name)
		}
	}
}

// TestCyclomatic pins the measure on a function whose count is known by hand.
func TestCyclomatic(t *testing.T) {
	const src = `package p
func f(a []int, c chan int) int {
	n := 0
	for _, x := range a { // +1
		if x > 0 && x < 9 || x == 42 { // +3
			n++
		}
	}
	for i := 0; i < 3; i++ { // +1
	}
	switch n { // cases: +2, default: 0
	case 1:
	case 2, 3:
	default:
	}
	select { // comm clauses: +1, default: 0
	case <-c:
	default:
	}
	g := func() bool { return n > 1 && n < 5 } // a literal's branches count for f: +1
	_ = g
	return n
}`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := fileShapes(fset, "p.go", file)
	if len(got) != 1 {
		t.Fatalf("got %d functions, want 1", len(got))
	}
	if want := 1 + 1 + 3 + 1 + 2 + 1 + 1; got[0].cyclomatic != want {
		t.Errorf("cyclomatic = %d, want %d", got[0].cyclomatic, want)
	}
	if want := 22; got[0].lines != want {
		t.Errorf("lines = %d, want %d", got[0].lines, want)
	}
}

// moduleShapes measures every function of the module's non-test,
// non-generated Go files, in file order.
func moduleShapes(t *testing.T, root string) []funcShape {
	t.Helper()
	fset := token.NewFileSet()
	var shapes []funcShape
	for _, rel := range testutil.ModuleGoFiles(t, root) {
		file, err := parser.ParseFile(fset, filepath.Join(root, filepath.FromSlash(rel)), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if !ast.IsGenerated(file) {
			shapes = append(shapes, fileShapes(fset, rel, file)...)
		}
	}
	sort.SliceStable(shapes, func(i, j int) bool { return shapes[i].name < shapes[j].name })
	return shapes
}

// fileShapes measures the declared functions and methods of one file.
// Function literals count towards the function that holds them.
func fileShapes(fset *token.FileSet, rel string, file *ast.File) []funcShape {
	var shapes []funcShape
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		shapes = append(shapes, funcShape{
			name:       rel + ":" + funcName(fn),
			lines:      fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1,
			cyclomatic: cyclomatic(fn.Body),
		})
	}
	return shapes
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	typ := fn.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	switch x := typ.(type) {
	case *ast.IndexExpr: // generic receiver T[P]
		typ = x.X
	case *ast.IndexListExpr:
		typ = x.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name + "." + fn.Name.Name
	}
	return fn.Name.Name
}

// cyclomatic is 1 plus the decision points: if, for, range, each non-default
// case or select clause, and each && and ||.
func cyclomatic(body *ast.BlockStmt) int {
	n := 1
	ast.Inspect(body, func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			n++
		case *ast.CaseClause:
			if x.List != nil {
				n++
			}
		case *ast.CommClause:
			if x.Comm != nil {
				n++
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				n++
			}
		}
		return true
	})
	return n
}
