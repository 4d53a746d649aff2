package omesim

import (
	"fmt"
	"strings"
)

// filterNode is a parsed $filter expression. addr is the management address
// bound by an enclosing any() lambda, "" outside one.
type filterNode interface {
	eval(e *entry, addr string) bool
}

// field is a filterable property: a device field or, inside a lambda, the
// bound entry's NetworkAddress.
type field struct {
	name  string
	isInt bool
	idx   int
	addr  bool
}

// deviceFields are the device properties $filter and $orderby accept.
var deviceFields = map[string]field{
	"Id":                {name: "Id", isInt: true, idx: nID},
	"Type":              {name: "Type", isInt: true, idx: nType},
	"PowerState":        {name: "PowerState", isInt: true, idx: nPowerState},
	"Status":            {name: "Status", isInt: true, idx: nStatus},
	"SystemId":          {name: "SystemId", isInt: true, idx: nSystemID},
	"Identifier":        {name: "Identifier", idx: sIdentifier},
	"DeviceServiceTag":  {name: "DeviceServiceTag", idx: sServiceTag},
	"ChassisServiceTag": {name: "ChassisServiceTag", idx: sChassisTag},
	"DeviceName":        {name: "DeviceName", idx: sDeviceName},
	"Model":             {name: "Model", idx: sModel},
}

// literalKind classifies a $filter literal.
type literalKind int

const (
	litInt literalKind = iota
	litString
	litNull
)

// literal is a constant on the right of a comparison.
type literal struct {
	kind literalKind
	n    int
	s    string
}

// parseFilter parses the $filter subset the simulator understands.
func parseFilter(src string) (filterNode, error) {
	toks, err := lexFilter(src)
	if err != nil {
		return nil, err
	}

	p := &filterParser{toks: toks}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}

	if t := p.peek(); t.kind != tokEOF {
		return nil, fmt.Errorf("unexpected token at offset %d", t.pos)
	}

	return n, nil
}

// filterParser is a recursive-descent parser over lexed tokens.
type filterParser struct {
	toks      []token
	i         int
	lambdaVar string
}

func (p *filterParser) peek() token { return p.toks[p.i] }

func (p *filterParser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}

	return t
}

// keyword consumes the identifier word when it is next.
func (p *filterParser) keyword(word string) bool {
	if t := p.peek(); t.kind == tokIdent && t.text == word {
		p.i++
		return true
	}

	return false
}

// expect consumes a token of kind k or fails.
func (p *filterParser) expect(k tokenKind, what string) (token, error) {
	t := p.next()
	if t.kind != k {
		return t, fmt.Errorf("expected %s at offset %d", what, t.pos)
	}

	return t, nil
}

// expr parses or-expressions.
func (p *filterParser) expr() (filterNode, error) {
	left, err := p.and()
	for err == nil && p.keyword("or") {
		var right filterNode
		right, err = p.and()
		left = orNode{left, right}
	}

	return left, err
}

// and parses and-expressions.
func (p *filterParser) and() (filterNode, error) {
	left, err := p.unary()
	for err == nil && p.keyword("and") {
		var right filterNode
		right, err = p.unary()
		left = andNode{left, right}
	}

	return left, err
}

// unary parses an optional not.
func (p *filterParser) unary() (filterNode, error) {
	if p.keyword("not") {
		n, err := p.unary()
		return notNode{n}, err
	}

	return p.primary()
}

// primary parses a parenthesised expression, a function call, a lambda or
// a comparison.
func (p *filterParser) primary() (filterNode, error) {
	t := p.peek()
	switch {
	case t.kind == tokLParen:
		p.next()
		n, err := p.expr()
		if err != nil {
			return nil, err
		}

		_, err = p.expect(tokRParen, "')'")

		return n, err
	case t.kind != tokIdent:
		return nil, fmt.Errorf("expected a property name at offset %d", t.pos)
	case t.text == "contains":
		p.next()
		return p.contains()
	case strings.HasSuffix(t.text, "/any"):
		p.next()
		return p.lambda(t)
	}

	return p.comparison()
}

// contains parses contains(Field,'text') after the function name.
func (p *filterParser) contains() (filterNode, error) {
	if _, err := p.expect(tokLParen, "'(' after contains"); err != nil {
		return nil, err
	}

	f, err := p.field()
	if err != nil {
		return nil, err
	}

	if f.isInt {
		return nil, fmt.Errorf("contains needs a string property, %s is a number", f.name)
	}

	if _, err := p.expect(tokComma, "','"); err != nil {
		return nil, err
	}

	s, err := p.expect(tokString, "a quoted string")
	if err != nil {
		return nil, err
	}

	_, err = p.expect(tokRParen, "')'")

	return containsNode{f, s.text}, err
}

// lambda parses DeviceManagement/any(d:<expr over d/NetworkAddress>).
func (p *filterParser) lambda(name token) (filterNode, error) {
	if name.text != "DeviceManagement/any" || p.lambdaVar != "" {
		return nil, fmt.Errorf("unsupported lambda %q at offset %d", name.text, name.pos)
	}

	if _, err := p.expect(tokLParen, "'(' after any"); err != nil {
		return nil, err
	}

	v, err := p.expect(tokIdent, "a lambda variable")
	if err != nil || strings.Contains(v.text, "/") {
		return nil, fmt.Errorf("expected a lambda variable at offset %d", v.pos)
	}

	if _, err := p.expect(tokColon, "':'"); err != nil {
		return nil, err
	}

	p.lambdaVar = v.text
	body, err := p.expr()
	p.lambdaVar = ""
	if err != nil {
		return nil, err
	}

	_, err = p.expect(tokRParen, "')'")

	return anyNode{body}, err
}

// comparison parses Field op literal.
func (p *filterParser) comparison() (filterNode, error) {
	f, err := p.field()
	if err != nil {
		return nil, err
	}

	op, err := p.expect(tokIdent, "an operator")
	if err != nil || !validOp(op.text) {
		return nil, fmt.Errorf("expected eq, ne, gt, ge, lt or le at offset %d", op.pos)
	}

	lit, err := p.literal()
	if err != nil {
		return nil, err
	}

	if err := checkTypes(f, op.text, lit); err != nil {
		return nil, err
	}

	return cmpNode{f, op.text, lit}, nil
}

// field parses a property name valid at this point.
func (p *filterParser) field() (field, error) {
	t, err := p.expect(tokIdent, "a property name")
	if err != nil {
		return field{}, err
	}

	if p.lambdaVar != "" {
		if t.text == p.lambdaVar+"/NetworkAddress" {
			return field{name: t.text, addr: true}, nil
		}

		return field{}, fmt.Errorf("unknown property %q in lambda", t.text)
	}

	f, ok := deviceFields[t.text]
	if !ok {
		return field{}, fmt.Errorf("unknown or non-filterable property %q", t.text)
	}

	return f, nil
}

// literal parses a number, a quoted string or null.
func (p *filterParser) literal() (literal, error) {
	t := p.next()
	switch {
	case t.kind == tokNumber:
		return literal{kind: litInt, n: t.num}, nil
	case t.kind == tokString:
		return literal{kind: litString, s: t.text}, nil
	case t.kind == tokIdent && t.text == "null":
		return literal{kind: litNull}, nil
	}

	return literal{}, fmt.Errorf("expected a literal at offset %d", t.pos)
}

// validOp reports whether op is a supported comparison operator.
func validOp(op string) bool {
	switch op {
	case "eq", "ne", "gt", "ge", "lt", "le":
		return true
	}

	return false
}

// checkTypes rejects comparisons between mismatched types.
func checkTypes(f field, op string, lit literal) error {
	switch {
	case f.isInt && lit.kind != litInt:
		return fmt.Errorf("property %s is a number and cannot be compared with a string or null", f.name)
	case !f.isInt && lit.kind == litInt:
		return fmt.Errorf("property %s is a string; quote the value", f.name)
	case !f.isInt && op != "eq" && op != "ne":
		return fmt.Errorf("operator %s is not supported on string property %s", op, f.name)
	}

	return nil
}
