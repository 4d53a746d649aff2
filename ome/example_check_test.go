package ome

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestExamplesNeverExitPastClose: no example leaves through log.Fatal or
// os.Exit, which skip deferred calls such as Close and so leave the
// session open on the appliance, the pattern the examples must not teach.
func TestExamplesNeverExitPastClose(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "example_test.go", nil, 0)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}

	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || !strings.HasPrefix(fn.Name.Name, "Example") {
			continue
		}

		if exits := exitCalls(fn.Body); len(exits) > 0 {
			t.Errorf("%s calls %v, which skips the deferred Close", fn.Name.Name, exits)
		}
	}
}

// exitCalls lists the calls in n that end the program.
func exitCalls(n ast.Node) []string {
	var out []string
	ast.Inspect(n, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}

		pkg, ok := sel.X.(*ast.Ident)
		name := ""
		if ok {
			name = pkg.Name + "." + sel.Sel.Name
		}

		if strings.HasPrefix(name, "log.Fatal") || strings.HasPrefix(name, "log.Panic") ||
			name == "os.Exit" {
			out = append(out, name)
		}
		return true
	})
	return out
}
