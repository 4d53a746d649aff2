package omesim

import (
	"fmt"
	"strconv"
	"strings"
)

// tokenKind classifies a $filter token.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokLParen
	tokRParen
	tokComma
	tokColon
	tokString
	tokNumber
	tokIdent
)

// token is one lexeme of a $filter expression.
type token struct {
	kind tokenKind
	text string // identifier text or the unquoted string value
	num  int
	pos  int
}

// lexFilter splits a $filter expression into tokens. Any character outside
// the subset (including a raw '+') is a syntax error, as on the appliance.
func lexFilter(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		if src[i] == ' ' || src[i] == '\t' {
			i++
			continue
		}

		t, next, err := lexToken(src, i)
		if err != nil {
			return nil, err
		}

		toks = append(toks, t)
		i = next
	}

	return append(toks, token{kind: tokEOF, pos: len(src)}), nil
}

// lexToken reads the token that starts at src[i].
func lexToken(src string, i int) (token, int, error) {
	c := src[i]
	switch {
	case strings.IndexByte("(),:", c) >= 0:
		return token{kind: punct(c), pos: i}, i + 1, nil
	case c == '\'':
		return lexString(src, i)
	case c == '-' || isDigit(c):
		return lexNumber(src, i)
	case isIdentStart(c):
		j := i + 1
		for j < len(src) && isIdentPart(src[j]) {
			j++
		}

		return token{kind: tokIdent, text: src[i:j], pos: i}, j, nil
	}

	return token{}, 0, fmt.Errorf("unexpected character %q at offset %d", c, i)
}

// punct maps a punctuation byte to its token kind.
func punct(c byte) tokenKind {
	switch c {
	case '(':
		return tokLParen
	case ')':
		return tokRParen
	case ',':
		return tokComma
	}

	return tokColon
}

// lexString reads a single-quoted literal starting at src[i]; two quotes
// in a row stand for one.
func lexString(src string, i int) (token, int, error) {
	var b strings.Builder
	for j := i + 1; j < len(src); j++ {
		if src[j] != '\'' {
			b.WriteByte(src[j])
			continue
		}

		if j+1 < len(src) && src[j+1] == '\'' {
			b.WriteByte('\'')
			j++

			continue
		}

		return token{kind: tokString, text: b.String(), pos: i}, j + 1, nil
	}

	return token{}, 0, fmt.Errorf("unterminated string literal at offset %d", i)
}

// lexNumber reads an optionally negative integer starting at src[i].
func lexNumber(src string, i int) (token, int, error) {
	j := i + 1
	for j < len(src) && isDigit(src[j]) {
		j++
	}

	if j < len(src) && isIdentPart(src[j]) {
		return token{}, 0, fmt.Errorf("malformed number at offset %d", i)
	}

	n, err := strconv.Atoi(src[i:j])
	if err != nil {
		return token{}, 0, fmt.Errorf("malformed number at offset %d", i)
	}

	return token{kind: tokNumber, num: n, text: src[i:j], pos: i}, j, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) || c == '/' }
