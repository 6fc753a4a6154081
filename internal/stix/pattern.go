package stix

import (
	"fmt"
	"strings"
)

// This file checks STIX patterns (STIX 2.1 part 9) with a small hand-written
// lexer and recursive-descent parser. It only answers "is this a pattern,
// and which object paths does it compare"; Telltale does not evaluate
// patterns.

// PatternComparison is one object path a pattern compares: the object type
// and the path below it, e.g. "file" and ["hashes", "SHA-256"], and the
// string values it must equal when the comparison is an equality
// (path = 'v') or a set (path IN ('v', 'w')), not negated.
type PatternComparison struct {
	ObjectType string
	Path       []string
	Values     []string
}

// PatternError is a syntax error in a STIX pattern, at a byte offset of the
// pattern.
type PatternError struct {
	Offset int
	Msg    string
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("pattern syntax error at character %d: %s", e.Offset, e.Msg)
}

// ParsePattern checks the syntax of a STIX 2.1 pattern and returns the object
// paths its comparison expressions use. The error is a *PatternError.
func ParsePattern(pattern string) ([]PatternComparison, error) {
	toks, err := lexPattern(pattern)
	if err != nil {
		return nil, err
	}
	p := &patternParser{toks: toks}
	if err := p.observationExpressions(0); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.errorf(t, "unexpected %s after the end of the pattern", t)
	}
	return p.comparisons, nil
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokIdent
	tokString
	tokInt
	tokFloat
	tokHex
	tokBinary
	tokTimestamp
	tokPunct   // [ ] ( ) : . , *
	tokOp      // = == != <> < <= > >=
	tokKeyword // AND OR NOT ... (upper-case only)
)

type patternToken struct {
	kind tokKind
	text string
	pos  int
}

func (t patternToken) String() string {
	if t.kind == tokEOF {
		return "end of pattern"
	}
	return fmt.Sprintf("%q", t.text)
}

var patternKeywords = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "FOLLOWEDBY": true, "LIKE": true, "MATCHES": true,
	"ISSUPERSET": true, "ISSUBSET": true, "EXISTS": true, "LAST": true, "IN": true,
	"START": true, "STOP": true, "SECONDS": true, "TRUE": true, "FALSE": true,
	"WITHIN": true, "REPEATS": true, "TIMES": true,
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || isDigit(c) || c == '-' }

// lexPattern splits a pattern into tokens, the last one tokEOF.
func lexPattern(s string) ([]patternToken, error) {
	var toks []patternToken
	i := 0
	for i < len(s) {
		next, err := skipBlank(s, i)
		if err != nil {
			return nil, err
		}
		if next != i {
			i = next
			continue
		}
		tok, end, err := lexToken(s, i)
		if err != nil {
			return nil, err
		}
		toks = append(toks, tok)
		i = end
	}
	toks = append(toks, patternToken{tokEOF, "", len(s)})
	return toks, nil
}

// skipBlank returns the index after the white-space byte or comment at
// s[i], or i when there is none.
func skipBlank(s string, i int) (int, error) {
	c := s[i]
	switch {
	case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f':
		return i + 1, nil
	case c == '/' && i+1 < len(s) && s[i+1] == '*':
		end := strings.Index(s[i+2:], "*/")
		if end < 0 {
			return 0, &PatternError{i, "unterminated comment"}
		}
		return i + end + 4, nil
	case c == '/' && i+1 < len(s) && s[i+1] == '/':
		for i < len(s) && s[i] != '\n' {
			i++
		}
	}
	return i, nil
}

// lexToken reads the token that starts at s[i] and returns it with the
// index after it.
func lexToken(s string, i int) (patternToken, int, error) {
	c := s[i]
	switch {
	case c == '\'':
		end, err := scanQuoted(s, i)
		if err != nil {
			return patternToken{}, 0, err
		}
		return patternToken{tokString, s[i:end], i}, end, nil
	case (c == 'h' || c == 'b' || c == 't') && i+1 < len(s) && s[i+1] == '\'':
		return lexTypedLiteral(s, i)
	case isDigit(c) || ((c == '-' || c == '+' || c == '.') && i+1 < len(s) && (isDigit(s[i+1]) || s[i+1] == '.')):
		return lexNumber(s, i)
	case isIdentStart(c):
		end := i
		for end < len(s) && isIdentChar(s[end]) {
			end++
		}
		word := s[i:end]
		kind := tokIdent
		if patternKeywords[word] {
			kind = tokKeyword
		}
		return patternToken{kind, word, i}, end, nil
	}
	return lexPunct(s, i)
}

// lexTypedLiteral reads h'hex', b'base64' or t'timestamp' at s[i].
func lexTypedLiteral(s string, i int) (patternToken, int, error) {
	end, err := scanQuoted(s, i+1)
	if err != nil {
		return patternToken{}, 0, err
	}
	body := s[i+2 : end-1]
	var kind tokKind
	switch s[i] {
	case 'h':
		kind = tokHex
		if len(body)%2 != 0 || !allHex(body) {
			return patternToken{}, 0, &PatternError{i, fmt.Sprintf("h'%s' is not a hex literal (pairs of hex digits)", body)}
		}
	case 'b':
		kind = tokBinary
		if !isBase64(body) {
			return patternToken{}, 0, &PatternError{i, fmt.Sprintf("b'%s' is not a base64 binary literal", body)}
		}
	case 't':
		kind = tokTimestamp
		if _, err := ParseTime(body); err != nil || !timestampRE(body) {
			return patternToken{}, 0, &PatternError{i, fmt.Sprintf("t'%s' is not a timestamp literal (YYYY-MM-DDTHH:MM:SS[.s]Z)", body)}
		}
	}
	return patternToken{kind, s[i:end], i}, end, nil
}

// lexNumber reads an integer or a float at s[start].
func lexNumber(s string, start int) (patternToken, int, error) {
	i := start
	if s[i] == '-' || s[i] == '+' {
		i++
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	kind := tokInt
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return patternToken{}, 0, &PatternError{start, "malformed number"}
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		kind = tokFloat
	} else {
		digits := strings.TrimLeft(s[start:i], "+-")
		if digits == "" || (len(digits) > 1 && digits[0] == '0') {
			return patternToken{}, 0, &PatternError{start, fmt.Sprintf("malformed integer %q", s[start:i])}
		}
	}
	if i < len(s) && isIdentStart(s[i]) {
		return patternToken{}, 0, &PatternError{i, fmt.Sprintf("unexpected character %q after a number", s[i])}
	}
	return patternToken{kind, s[start:i], start}, i, nil
}

// lexPunct reads punctuation or a comparison operator at s[i]; "==" reads
// as "=" and "<>" as "!=".
func lexPunct(s string, i int) (patternToken, int, error) {
	c := s[i]
	switch c {
	case '[', ']', '(', ')', ':', '.', ',', '*':
		return patternToken{tokPunct, s[i : i+1], i}, i + 1, nil
	case '=':
		end := i + 1
		if end < len(s) && s[end] == '=' {
			end++
		}
		return patternToken{tokOp, "=", i}, end, nil
	case '!':
		if i+1 < len(s) && s[i+1] == '=' {
			return patternToken{tokOp, "!=", i}, i + 2, nil
		}
		return patternToken{}, 0, &PatternError{i, "unexpected character '!'"}
	case '<', '>':
		end := i + 1
		op := string(c)
		if end < len(s) && (s[end] == '=' || (c == '<' && s[end] == '>')) {
			op += string(s[end])
			end++
		}
		if op == "<>" {
			op = "!="
		}
		return patternToken{tokOp, op, i}, end, nil
	}
	return patternToken{}, 0, &PatternError{i, fmt.Sprintf("unexpected character %q", string(rune(c)))}
}

// scanQuoted returns the index after the closing quote of the string literal
// whose opening quote is at s[i]. Only \' and \\ are escapes.
func scanQuoted(s string, i int) (int, error) {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if j+1 >= len(s) || (s[j+1] != '\'' && s[j+1] != '\\') {
				return 0, &PatternError{j, "in a string literal only \\' and \\\\ are escapes"}
			}
			j++
		case '\'':
			return j + 1, nil
		}
	}
	return 0, &PatternError{i, "unterminated string literal"}
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHexDigit(s[i]) {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

type patternParser struct {
	toks        []patternToken
	i           int
	comparisons []PatternComparison
}

// maxPatternDepth bounds the nesting of parentheses so a hostile pattern
// cannot exhaust the stack.
const maxPatternDepth = 100

func (p *patternParser) peek() patternToken { return p.toks[p.i] }
func (p *patternParser) next() patternToken {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *patternParser) is(kind tokKind, text string) bool {
	t := p.peek()
	return t.kind == kind && t.text == text
}

func (p *patternParser) expect(kind tokKind, text, what string) error {
	t := p.next()
	if t.kind != kind || t.text != text {
		return p.errorf(t, "expected %s, found %s", what, t)
	}
	return nil
}

func (p *patternParser) errorf(t patternToken, format string, args ...any) error {
	return &PatternError{Offset: t.pos, Msg: fmt.Sprintf(format, args...)}
}

// observationExpressions: or-expressions joined by FOLLOWEDBY.
func (p *patternParser) observationExpressions(depth int) error {
	if depth > maxPatternDepth {
		return p.errorf(p.peek(), "parentheses nested too deeply")
	}
	for {
		if err := p.observationOr(depth); err != nil {
			return err
		}
		if !p.is(tokKeyword, "FOLLOWEDBY") {
			return nil
		}
		p.next()
	}
}

func (p *patternParser) observationOr(depth int) error {
	for {
		if err := p.observationAnd(depth); err != nil {
			return err
		}
		if !p.is(tokKeyword, "OR") {
			return nil
		}
		p.next()
	}
}

func (p *patternParser) observationAnd(depth int) error {
	for {
		if err := p.observation(depth); err != nil {
			return err
		}
		if !p.is(tokKeyword, "AND") {
			return nil
		}
		p.next()
	}
}

// observation: '[' comparison ']' or '(' observations ')', then qualifiers.
func (p *patternParser) observation(depth int) error {
	t := p.next()
	switch {
	case t.kind == tokPunct && t.text == "[":
		if err := p.comparisonOr(depth + 1); err != nil {
			return err
		}
		if err := p.expect(tokPunct, "]", "']' closing the observation expression"); err != nil {
			return err
		}
	case t.kind == tokPunct && t.text == "(":
		if err := p.observationExpressions(depth + 1); err != nil {
			return err
		}
		if err := p.expect(tokPunct, ")", "')'"); err != nil {
			return err
		}
	default:
		return p.errorf(t, "expected '[' or '(' starting an observation expression, found %s", t)
	}
	return p.qualifiers()
}

func (p *patternParser) qualifiers() error {
	for {
		t := p.peek()
		if t.kind != tokKeyword {
			return nil
		}
		switch t.text {
		case "WITHIN":
			p.next()
			n := p.next()
			if n.kind != tokInt && n.kind != tokFloat || strings.HasPrefix(n.text, "-") {
				return p.errorf(n, "WITHIN needs a positive number of seconds, found %s", n)
			}
			if err := p.expect(tokKeyword, "SECONDS", "SECONDS"); err != nil {
				return err
			}
		case "REPEATS":
			p.next()
			n := p.next()
			if n.kind != tokInt || strings.HasPrefix(n.text, "-") {
				return p.errorf(n, "REPEATS needs a positive integer, found %s", n)
			}
			if err := p.expect(tokKeyword, "TIMES", "TIMES"); err != nil {
				return err
			}
		case "START":
			p.next()
			if n := p.next(); n.kind != tokTimestamp {
				return p.errorf(n, "START needs a timestamp literal t'...', found %s", n)
			}
			if err := p.expect(tokKeyword, "STOP", "STOP"); err != nil {
				return err
			}
			if n := p.next(); n.kind != tokTimestamp {
				return p.errorf(n, "STOP needs a timestamp literal t'...', found %s", n)
			}
		default:
			return nil
		}
	}
}

func (p *patternParser) comparisonOr(depth int) error {
	for {
		if err := p.comparisonAnd(depth); err != nil {
			return err
		}
		if !p.is(tokKeyword, "OR") {
			return nil
		}
		p.next()
	}
}

func (p *patternParser) comparisonAnd(depth int) error {
	for {
		if err := p.propTest(depth); err != nil {
			return err
		}
		if !p.is(tokKeyword, "AND") {
			return nil
		}
		p.next()
	}
}

func (p *patternParser) propTest(depth int) error {
	if depth > maxPatternDepth {
		return p.errorf(p.peek(), "parentheses nested too deeply")
	}
	t := p.peek()
	if t.kind == tokPunct && t.text == "(" {
		p.next()
		if err := p.comparisonOr(depth + 1); err != nil {
			return err
		}
		return p.expect(tokPunct, ")", "')'")
	}
	if t.kind == tokKeyword && t.text == "EXISTS" {
		p.next()
		return p.objectPath()
	}
	if err := p.objectPath(); err != nil {
		return err
	}
	negated := p.is(tokKeyword, "NOT")
	if negated {
		p.next()
	}
	// The values an equality or a set asks for, unless negated.
	var values *[]string
	if !negated {
		values = &p.comparisons[len(p.comparisons)-1].Values
	}
	op := p.next()
	switch {
	case op.kind == tokOp && op.text == "=":
		return p.literal(true, values)
	case op.kind == tokOp:
		return p.literal(op.text == "!=", nil)
	case op.kind == tokKeyword && op.text == "IN":
		return p.set(values)
	case op.kind == tokKeyword && (op.text == "LIKE" || op.text == "MATCHES" || op.text == "ISSUBSET" || op.text == "ISSUPERSET"):
		if v := p.next(); v.kind != tokString {
			return p.errorf(v, "%s needs a string literal, found %s", op.text, v)
		}
		return nil
	default:
		return p.errorf(op, "expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET), found %s", op)
	}
}

// literal reads a primitive literal; booleans only when boolOK (= and !=).
// A string literal's value is added to values when it is not nil.
func (p *patternParser) literal(boolOK bool, values *[]string) error {
	v := p.next()
	switch v.kind {
	case tokString:
		if values != nil {
			*values = append(*values, unquotePattern(v.text))
		}
		return nil
	case tokInt, tokFloat, tokHex, tokBinary, tokTimestamp:
		return nil
	case tokKeyword:
		if boolOK && (v.text == "TRUE" || v.text == "FALSE") {
			return nil
		}
	case tokIdent:
		if boolOK && (strings.EqualFold(v.text, "true") || strings.EqualFold(v.text, "false")) {
			return nil
		}
	}
	return p.errorf(v, "expected a literal value, found %s", v)
}

func (p *patternParser) set(values *[]string) error {
	if err := p.expect(tokPunct, "(", "'(' starting a set"); err != nil {
		return err
	}
	if p.is(tokPunct, ")") {
		p.next()
		return nil
	}
	for {
		if err := p.literal(true, values); err != nil {
			return err
		}
		t := p.next()
		if t.kind == tokPunct && t.text == ")" {
			return nil
		}
		if t.kind != tokPunct || t.text != "," {
			return p.errorf(t, "expected ',' or ')' in a set, found %s", t)
		}
	}
}

// objectPath: type ':' first ('.' key | '[' index ']')*.
func (p *patternParser) objectPath() error {
	t := p.next()
	if t.kind != tokIdent {
		return p.errorf(t, "expected an object type, found %s", t)
	}
	c := PatternComparison{ObjectType: t.text}
	if err := p.expect(tokPunct, ":", "':' after the object type"); err != nil {
		return err
	}
	first := p.next()
	switch first.kind {
	case tokIdent:
		if strings.Contains(first.text, "-") {
			return p.errorf(first, "property name %s has a hyphen; quote it", first)
		}
		c.Path = append(c.Path, first.text)
	case tokString:
		c.Path = append(c.Path, unquotePattern(first.text))
	default:
		return p.errorf(first, "expected a property name after ':', found %s", first)
	}
	for {
		t := p.peek()
		switch {
		case t.kind == tokPunct && t.text == ".":
			p.next()
			k := p.next()
			switch {
			case k.kind == tokIdent && !strings.Contains(k.text, "-"):
				c.Path = append(c.Path, k.text)
			case k.kind == tokString:
				c.Path = append(c.Path, unquotePattern(k.text))
			default:
				return p.errorf(k, "expected a property name after '.', found %s", k)
			}
		case t.kind == tokPunct && t.text == "[":
			// A '[' right after a path is a list index: [n] or [*]. An
			// observation expression never follows a path directly.
			p.next()
			k := p.next()
			if !(k.kind == tokInt || k.kind == tokPunct && k.text == "*") {
				return p.errorf(k, "expected a list index or '*', found %s", k)
			}
			if err := p.expect(tokPunct, "]", "']' closing the list index"); err != nil {
				return err
			}
			c.Path = append(c.Path, "["+k.text+"]")
		default:
			p.comparisons = append(p.comparisons, c)
			return nil
		}
	}
}

func unquotePattern(s string) string {
	s = s[1 : len(s)-1]
	if !strings.Contains(s, `\`) {
		return s
	}
	return strings.NewReplacer(`\'`, `'`, `\\`, `\`).Replace(s)
}

// MaxPatternValues bounds the values PatternValues returns (the names an
// indicator gets), as --max-aliases bounds an object's aliases.
const MaxPatternValues = 1000

// PatternValues returns the observable values an indicator's STIX pattern
// asks for by equality or set, each once, in the order the pattern gives
// them: the value of an address, domain name, URL, e-mail address or any
// other observable (a path ending in "value", dst_ref.value included), and
// file hashes. Negated comparisons, inequalities and matches give none,
// nor does a pattern of another language or one that does not parse.
func (o *Object) PatternValues() []string {
	// STIX 2.0 indicators have no pattern_type: their pattern is STIX.
	stixPattern := o.PatternType == "stix" || o.PatternType == "" && o.SpecVersion != "2.1"
	if o.Type != "indicator" || !stixPattern || o.Pattern == "" {
		return nil
	}
	comps := o.comparisons
	if !o.compared {
		var err error
		if comps, err = ParsePattern(o.Pattern); err != nil {
			return nil
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range comps {
		if len(c.Values) == 0 || c.Path[len(c.Path)-1] != "value" && c.Path[0] != "hashes" {
			continue
		}
		for _, v := range c.Values {
			if v != "" && !seen[v] {
				if len(out) == MaxPatternValues {
					return out
				}
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}
