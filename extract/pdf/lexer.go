package pdf

import (
	"bytes"
	"strconv"
)

// tokKind is the kind of a token of a content stream or CMap.
type tokKind uint8

const (
	tokEOF        tokKind = iota
	tokNumber             // 12, -3.5, .5
	tokString             // (literal) or <hex>, decoded
	tokName               // /Name, decoded, without the slash
	tokOp                 // an operator or keyword: Tj, BT, true, null, begincmap
	tokArrayOpen          // [
	tokArrayClose         // ]
	tokDictOpen           // <<
	tokDictClose          // >>
	tokProcOpen           // {
	tokProcClose          // }
)

// token is one lexical token. For strings and names, b aliases the
// lexer's input when no decoding was needed and a private buffer
// otherwise; it is valid until the next call to next.
type token struct {
	kind tokKind
	num  float64
	b    []byte
	// owned: b is in the lexer's scratch buffer (decoded escapes), not
	// a slice of the input, and must be copied to be kept.
	owned bool
}

func (t token) isOp(s string) bool { return t.kind == tokOp && string(t.b) == s }

// lexer splits a content stream (or CMap program) into tokens. It never
// panics and always makes progress: malformed input yields best-effort
// tokens, and an unterminated string or hex string ends at the end of the
// input.
type lexer struct {
	data []byte
	pos  int
	buf  []byte // scratch space for decoded strings and names
}

func newLexer(data []byte) *lexer { return &lexer{data: data} }

func isWhite(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skipSpace skips white space and comments.
func (lx *lexer) skipSpace() {
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		if isWhite(c) {
			lx.pos++
			continue
		}
		if c == '%' {
			for lx.pos < len(lx.data) && lx.data[lx.pos] != '\n' && lx.data[lx.pos] != '\r' {
				lx.pos++
			}
			continue
		}
		return
	}
}

// next returns the next token, tokEOF at the end of the input.
func (lx *lexer) next() token {
	lx.skipSpace()
	if lx.pos >= len(lx.data) {
		return token{kind: tokEOF}
	}
	c := lx.data[lx.pos]
	switch c {
	case '[':
		lx.pos++
		return token{kind: tokArrayOpen}
	case ']':
		lx.pos++
		return token{kind: tokArrayClose}
	case '{':
		lx.pos++
		return token{kind: tokProcOpen}
	case '}':
		lx.pos++
		return token{kind: tokProcClose}
	case '(':
		lx.pos++
		b, owned := lx.literal()
		return token{kind: tokString, b: b, owned: owned}
	case '<':
		if lx.pos+1 < len(lx.data) && lx.data[lx.pos+1] == '<' {
			lx.pos += 2
			return token{kind: tokDictOpen}
		}
		lx.pos++
		return token{kind: tokString, b: lx.hex(), owned: true}
	case '>':
		lx.pos++
		if lx.pos < len(lx.data) && lx.data[lx.pos] == '>' {
			lx.pos++
			return token{kind: tokDictClose}
		}
		return lx.next() // a stray '>': skip it
	case ')':
		lx.pos++
		return lx.next() // a stray ')': skip it
	case '/':
		lx.pos++
		b, owned := lx.name()
		return token{kind: tokName, b: b, owned: owned}
	}
	start := lx.pos
	for lx.pos < len(lx.data) && !isWhite(lx.data[lx.pos]) && !isDelimiter(lx.data[lx.pos]) {
		lx.pos++
	}
	word := lx.data[start:lx.pos]
	if n, ok := parseNumber(word); ok {
		return token{kind: tokNumber, num: n}
	}
	return token{kind: tokOp, b: word}
}

// parseNumber parses a PDF number (integer or real, no exponent). Some
// producers write exponents or doubled signs; those are accepted where
// strconv accepts them.
func parseNumber(w []byte) (float64, bool) {
	if len(w) == 0 {
		return 0, false
	}
	c := w[0]
	if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.') {
		return 0, false
	}
	// Fast path: plain integers and decimals.
	neg := false
	i := 0
	if w[0] == '-' || w[0] == '+' {
		neg = w[0] == '-'
		i = 1
		// "--5" and "-+5" occur in the wild; treat as one sign.
		for i < len(w) && (w[i] == '-' || w[i] == '+') {
			i++
		}
	}
	var v float64
	digits := 0
	for ; i < len(w) && w[i] >= '0' && w[i] <= '9'; i++ {
		v = v*10 + float64(w[i]-'0')
		digits++
	}
	if i < len(w) && w[i] == '.' {
		i++
		scale := 0.1
		for ; i < len(w) && w[i] >= '0' && w[i] <= '9'; i++ {
			v += float64(w[i]-'0') * scale
			scale /= 10
			digits++
		}
	}
	if i == len(w) {
		if digits == 0 {
			return 0, false
		}
		if neg {
			v = -v
		}
		return v, true
	}
	f, err := strconv.ParseFloat(string(w), 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// literal reads a literal string after its opening parenthesis. owned
// reports that the result is in the scratch buffer.
func (lx *lexer) literal() (_ []byte, owned bool) {
	start := lx.pos
	// Fast path: no escapes, balanced parentheses.
	depth := 1
	for i := start; i < len(lx.data); i++ {
		switch lx.data[i] {
		case '\\':
			goto slow
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				lx.pos = i + 1
				return lx.data[start:i], false
			}
		}
	}
slow:
	out := lx.buf[:0]
	depth = 1
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		lx.pos++
		switch c {
		case '(':
			depth++
			out = append(out, c)
		case ')':
			depth--
			if depth == 0 {
				lx.buf = out
				return out, true
			}
			out = append(out, c)
		case '\\':
			if lx.pos >= len(lx.data) {
				break
			}
			c = lx.data[lx.pos]
			lx.pos++
			switch c {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r':
				if lx.pos < len(lx.data) && lx.data[lx.pos] == '\n' {
					lx.pos++
				}
			case '\n':
			case '0', '1', '2', '3', '4', '5', '6', '7':
				x := int(c - '0')
				for k := 0; k < 2 && lx.pos < len(lx.data); k++ {
					d := lx.data[lx.pos]
					if d < '0' || d > '7' {
						break
					}
					x = x*8 + int(d-'0')
					lx.pos++
				}
				out = append(out, byte(x))
			default:
				out = append(out, c)
			}
		default:
			out = append(out, c)
		}
	}
	lx.buf = out
	return out, true
}

// hex reads a hex string after its '<'. An odd final digit counts as if
// followed by 0; a missing '>' ends the string at the end of the input.
func (lx *lexer) hex() []byte {
	out := lx.buf[:0]
	hi := -1
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		lx.pos++
		if c == '>' {
			break
		}
		v := unhexDigit(c)
		if v < 0 {
			continue // white space or junk
		}
		if hi < 0 {
			hi = v
		} else {
			out = append(out, byte(hi<<4|v))
			hi = -1
		}
	}
	if hi >= 0 {
		out = append(out, byte(hi<<4))
	}
	lx.buf = out
	return out
}

func unhexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// name reads a name after its '/', decoding #xx escapes.
func (lx *lexer) name() (_ []byte, owned bool) {
	start := lx.pos
	esc := false
	for lx.pos < len(lx.data) && !isWhite(lx.data[lx.pos]) && !isDelimiter(lx.data[lx.pos]) {
		if lx.data[lx.pos] == '#' {
			esc = true
		}
		lx.pos++
	}
	raw := lx.data[start:lx.pos]
	if !esc {
		return raw, false
	}
	out := lx.buf[:0]
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) && unhexDigit(raw[i+1]) >= 0 && unhexDigit(raw[i+2]) >= 0 {
			out = append(out, byte(unhexDigit(raw[i+1])<<4|unhexDigit(raw[i+2])))
			i += 2
			continue
		}
		out = append(out, raw[i])
	}
	lx.buf = out
	return out, true
}

// skipInlineImage is called after the ID operator of an inline image: it
// skips the image data and the EI operator. n is the data length when the
// image dictionary allows computing it (unfiltered data, or an explicit
// /L), else -1.
func (lx *lexer) skipInlineImage(n int) {
	// One white-space byte follows ID.
	if lx.pos < len(lx.data) && isWhite(lx.data[lx.pos]) {
		lx.pos++
	}
	if n >= 0 && lx.pos+n <= len(lx.data) {
		end := lx.pos + n
		// Accept the computed length when EI follows it.
		j := end
		for j < len(lx.data) && isWhite(lx.data[j]) {
			j++
		}
		if bytes.HasPrefix(lx.data[j:], []byte("EI")) && (j+2 == len(lx.data) || isWhite(lx.data[j+2]) || isDelimiter(lx.data[j+2])) {
			lx.pos = j + 2
			return
		}
	}
	// Search for white space, "EI", then white space or the end, followed
	// by text that looks like content-stream syntax rather than binary.
	for i := lx.pos; i+2 <= len(lx.data); {
		k := bytes.Index(lx.data[i:], []byte("EI"))
		if k < 0 {
			break
		}
		k += i
		before := k == lx.pos || isWhite(lx.data[k-1])
		after := k+2 == len(lx.data) || isWhite(lx.data[k+2])
		if before && after && looksLikeContent(lx.data[k+2:]) {
			lx.pos = k + 2
			return
		}
		i = k + 1
	}
	lx.pos = len(lx.data)
}

// looksLikeContent reports whether b starts with plausible content-stream
// text (printable ASCII and white space) for a short stretch.
func looksLikeContent(b []byte) bool {
	if len(b) > 32 {
		b = b[:32]
	}
	for _, c := range b {
		if c >= 0x7f || c < 0x20 && !isWhite(c) {
			return false
		}
	}
	return true
}
