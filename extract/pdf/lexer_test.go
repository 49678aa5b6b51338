package pdf

import (
	"strings"
	"testing"
	"time"
)

func tokens(src string) []string {
	lx := newLexer([]byte(src))
	var out []string
	for i := 0; i < 10000; i++ {
		t := lx.next()
		switch t.kind {
		case tokEOF:
			return out
		case tokNumber:
			out = append(out, "n:"+strconvFormat(t.num))
		case tokString:
			out = append(out, "s:"+string(t.b))
		case tokName:
			out = append(out, "/"+string(t.b))
		case tokOp:
			out = append(out, string(t.b))
		case tokArrayOpen:
			out = append(out, "[")
		case tokArrayClose:
			out = append(out, "]")
		case tokDictOpen:
			out = append(out, "<<")
		case tokDictClose:
			out = append(out, ">>")
		default:
			out = append(out, "?")
		}
	}
	return append(out, "LOOP")
}

func TestLexer(t *testing.T) {
	tests := []struct{ src, want string }{
		{"1 -2.5 .5 +3 --4 BT", "n:1 n:-2.5 n:0.5 n:3 n:-4 BT"},
		{"(a\\(b\\)c) (x(y)z) (\\101\\n) <48 49> <4>", "s:a(b)c s:x(y)z s:A\n s:HI s:@"},
		{"/Name /A#42 /", "/Name /AB /"},
		{"[(a) -10 (b)] TJ", "[ s:a n:-10 s:b ] TJ"},
		{"<< /ActualText (x) >> BDC % comment\nEMC", "<< /ActualText s:x >> BDC EMC"},
		{"(unterminated", "s:unterminated"},
		{"<414", "s:A@"},
		{") > ] T*", "] T*"},
	}
	for _, tt := range tests {
		got := strings.Join(tokens(tt.src), " ")
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestLexerUnterminatedHexAtEnd(t *testing.T) {
	done := make(chan []string)
	go func() { done <- tokens("BT (A) Tj <0102") }()
	select {
	case got := <-done:
		if strings.Join(got, " ") != "BT s:A Tj s:\x01\x02" {
			t.Errorf("got %q", got)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("lexer hangs on an unterminated hex string")
	}
}

func TestInlineImageSkipping(t *testing.T) {
	tests := []struct {
		name, src string
		n         int
	}{
		{"exact length", "ID \x29\x3cEI\x00 EI Q", 5},
		{"search", "ID ab)c<d EIx EI Q", -1},
		{"binary after EI", "ID ab EI \xff\xfe EI Q", -1},
		{"no EI", "ID abc", -1},
	}
	for _, tt := range tests {
		lx := newLexer([]byte(tt.src))
		lx.next() // ID
		lx.skipInlineImage(tt.n)
		rest := strings.Join(tokens(string(lx.data[lx.pos:])), " ")
		want := "Q"
		if tt.name == "no EI" {
			want = ""
		}
		if rest != want {
			t.Errorf("%s: after the image: %q, want %q", tt.name, rest, want)
		}
	}
}

func TestHugeOperandRun(t *testing.T) {
	src := strings.Repeat("1 ", 200000) + "0 0 Td BT /F1 10 Tf (A) Tj ET"
	data := (&testDoc{pages: []string{src}}).build()
	gs := pagesOf(t, data, Options{})[0].Glyphs
	if text(gs) != "A" {
		t.Errorf("got %q", text(gs))
	}
}
