package omesim

import "strings"

type orNode struct{ a, b filterNode }

func (n orNode) eval(e *entry, addr string) bool { return n.a.eval(e, addr) || n.b.eval(e, addr) }

type andNode struct{ a, b filterNode }

func (n andNode) eval(e *entry, addr string) bool { return n.a.eval(e, addr) && n.b.eval(e, addr) }

type notNode struct{ a filterNode }

func (n notNode) eval(e *entry, addr string) bool { return !n.a.eval(e, addr) }

// anyNode is true when its body holds for some management address.
type anyNode struct{ body filterNode }

func (n anyNode) eval(e *entry, _ string) bool {
	for _, a := range e.addrs {
		if n.body.eval(e, a) {
			return true
		}
	}

	return false
}

// containsNode is a case-sensitive substring test.
type containsNode struct {
	f   field
	sub string
}

func (n containsNode) eval(e *entry, addr string) bool {
	s, null := stringValue(n.f, e, addr)

	return !null && strings.Contains(s, n.sub)
}

// cmpNode compares a property with a literal.
type cmpNode struct {
	f   field
	op  string
	lit literal
}

func (n cmpNode) eval(e *entry, addr string) bool {
	if n.f.isInt {
		return compareInts(e.num[n.f.idx], n.op, n.lit.n)
	}

	s, null := stringValue(n.f, e, addr)
	equal := null && n.lit.kind == litNull || !null && n.lit.kind == litString && s == n.lit.s

	return equal == (n.op == "eq")
}

// stringValue reads a string property; null reports a JSON null.
func stringValue(f field, e *entry, addr string) (s string, null bool) {
	if f.addr {
		return addr, false
	}

	return e.str[f.idx], e.null&(1<<f.idx) != 0
}

// compareInts applies op to a and b.
func compareInts(a int, op string, b int) bool {
	switch op {
	case "eq":
		return a == b
	case "ne":
		return a != b
	case "gt":
		return a > b
	case "ge":
		return a >= b
	case "lt":
		return a < b
	}

	return a <= b
}
