package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/nianbao/nianbao/extract/geom"
	"github.com/nianbao/nianbao/extract/layout"
)

// Options configures the reader. The zero value works; each zero field
// means the default documented on it.
type Options struct {
	// MaxPages is the largest page count accepted. Zero means 2000.
	MaxPages int
	// MaxOpsPerPage bounds the content-stream operators executed for one
	// page, forms included. Zero means 2,000,000.
	MaxOpsPerPage int
	// MaxXObjectDepth bounds the nesting of form XObjects. Zero means 16.
	MaxXObjectDepth int
	// MaxStreamBytes bounds one decoded stream. Zero means 64 MiB.
	MaxStreamBytes int64
	// MaxGlyphsPerPage bounds the characters shown on one page (a dense
	// page has a few thousand). Zero means 500,000.
	MaxGlyphsPerPage int
	// Password is tried after the empty user password for encrypted
	// files.
	Password string
	// MaxUnmapped is the share of glyphs without a Unicode mapping above
	// which Read fails with ErrNoUnicode. Zero means 0.3; shares above
	// 0.2 % are reported in Document.Warnings.
	MaxUnmapped float64
	// Layout configures the layout analysis.
	Layout geom.Options
}

func (o *Options) maxPages() int         { return def(o.MaxPages, 2000) }
func (o *Options) maxOps() int           { return def(o.MaxOpsPerPage, 2_000_000) }
func (o *Options) maxXObjectDepth() int  { return def(o.MaxXObjectDepth, 16) }
func (o *Options) maxStreamBytes() int64 { return int64(def(int(o.MaxStreamBytes), 64<<20)) }
func (o *Options) maxGlyphs() int        { return def(o.MaxGlyphsPerPage, 500_000) }
func (o *Options) maxUnmapped() float64 {
	if o.MaxUnmapped <= 0 {
		return 0.3
	}
	return o.MaxUnmapped
}

func def(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}

// Sentinel errors. Errors returned by Read wrap one of them.
var (
	// ErrNotPDF: the input has no %PDF- header.
	ErrNotPDF = errors.New("pdf: not a PDF file")
	// ErrCorrupt: the file structure cannot be read (damaged xref,
	// objects or streams).
	ErrCorrupt = errors.New("pdf: damaged file")
	// ErrEncrypted: the file is encrypted and neither the empty user
	// password nor Options.Password opens it, or it uses an encryption
	// method that is not supported.
	ErrEncrypted = errors.New("pdf: encrypted file")
	// ErrNoText: no page has text (scanned pages without a text layer).
	ErrNoText = errors.New("pdf: no text layer")
	// ErrNoUnicode: most of the text is in fonts without a usable Unicode
	// mapping, so the characters cannot be known.
	ErrNoUnicode = errors.New("pdf: text cannot be decoded (fonts without Unicode mapping)")
	// ErrLimit: a limit was hit; the error is a *LimitError.
	ErrLimit = errors.New("pdf: limit exceeded")
)

// LimitError reports which limit was hit.
type LimitError struct {
	Limit string // the Options field, e.g. "MaxPages"
	Value int64  // the limit in force
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("pdf: limit exceeded: %s = %d", e.Limit, e.Value)
}

func (e *LimitError) Unwrap() error { return ErrLimit }

// Read reads a PDF document into the layout model. It returns when ctx is
// done, even if the file structure library is stuck (its goroutine is then
// abandoned; see the package documentation).
func Read(ctx context.Context, r io.ReaderAt, size int64, opts Options) (*layout.Document, error) {
	pages, st, err := readAsync(ctx, r, size, &opts)
	if err != nil {
		return nil, err
	}
	warn, err := st.check(len(pages), &opts)
	if err != nil {
		return nil, err
	}
	doc := geom.Build(pages, opts.Layout)
	doc.Warnings = append(warn, doc.Warnings...)
	return doc, nil
}

// Pages reads the positioned glyphs and ruling segments of every page:
// the input of the layout analysis, exported for debugging tools.
// Coordinates are in points, y up, with the origin at the lower-left
// corner of the crop box, in the orientation the page's text reads in
// (most of its text runs left to right; /Rotate, which only says how the
// page is shown, is ignored).
func Pages(ctx context.Context, r io.ReaderAt, size int64, opts Options) ([]geom.Page, []string, error) {
	pages, st, err := readAsync(ctx, r, size, &opts)
	if err != nil {
		return nil, nil, err
	}
	warn, _ := st.check(len(pages), &opts)
	return pages, warn, nil
}

// readAsync runs readPages in a goroutine so that a hang inside the
// structure library cannot keep the caller past ctx.
func readAsync(ctx context.Context, r io.ReaderAt, size int64, opts *Options) ([]geom.Page, pageStats, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	type result struct {
		pages []geom.Page
		st    pageStats
		err   error
	}
	ch := make(chan result, 1)
	go func() {
		var res result
		defer func() {
			if p := recover(); p != nil {
				res = result{err: fmt.Errorf("%w: internal error: %v", ErrCorrupt, p)}
			}
			ch <- res
		}()
		res.pages, res.st, res.err = readPages(ctx, r, size, opts)
	}()
	select {
	case res := <-ch:
		return res.pages, res.st, res.err
	case <-ctx.Done():
		return nil, pageStats{}, fmt.Errorf("pdf: reading stopped: %w", ctx.Err())
	}
}

// doc is one open document.
type doc struct {
	r         *lpdf.Reader
	ra        io.ReaderAt
	size      int64
	opts      *Options
	encrypted bool
	fonts     map[objRef]*font
	fontsByK  map[string]*font
	forms     map[objRef][]byte
	formBytes int
	dfont     *font
	aesKey    []byte // AES-256 file key: we decrypt streams ourselves
	repaired  bool   // the cross-reference data was rebuilt
	pw        func() func() string
}

func readPages(ctx context.Context, r io.ReaderAt, size int64, opts *Options) ([]geom.Page, pageStats, error) {
	var total pageStats
	d, err := open(r, size, opts)
	if err != nil {
		return nil, total, err
	}
	pages, err := d.pageList()
	if err != nil && !d.repaired {
		// The xref table opened but points at the wrong places.
		if v, ok := d.ra.(*view); ok {
			if rd2, v2, ok := reopenRepaired(v, d.pw()); ok {
				d.r, d.ra, d.size, d.repaired = rd2, v2, v2.size, true
				d.fonts, d.fontsByK, d.forms = map[objRef]*font{}, map[string]*font{}, map[objRef][]byte{}
				pages, err = d.pageList()
			}
		}
	}
	if err != nil {
		return nil, total, err
	}
	if d.repaired {
		total.warn = append(total.warn, "pdf: the cross-reference table is damaged; it was rebuilt by scanning the file")
	}
	out := make([]geom.Page, 0, len(pages))
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, total, fmt.Errorf("pdf: reading stopped at page %d: %w", i+1, err)
		}
		gp, st, err := d.page(ctx, p, i+1)
		if err != nil {
			if errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrLimit) {
				// A damaged page: keep the others.
				total.warn = append(total.warn, fmt.Sprintf("pdf: page %d skipped: %v", i+1, err))
				total.badPages++
				out = append(out, geom.Page{Number: i + 1, Width: gp.Width, Height: gp.Height})
				continue
			}
			return nil, total, fmt.Errorf("page %d: %w", i+1, err)
		}
		total.glyphs += st.glyphs
		total.slanted += st.slanted
		total.bad += st.bad
		total.images += st.images
		total.pageImages += st.pageImages
		total.warn = append(total.warn, st.warn...)
		out = append(out, gp)
	}
	return out, total, nil
}

// check turns the text statistics into ErrNoText, ErrNoUnicode or
// warnings.
func (st pageStats) check(pages int, opts *Options) ([]string, error) {
	if st.badPages == pages && pages > 0 {
		return nil, fmt.Errorf("%w: no page could be read (%s)", ErrCorrupt, st.warn[len(st.warn)-1])
	}
	if st.pageImages >= pages && st.glyphs < 10*pages && st.glyphs > 0 {
		// Scanned pages with a little real text (a stamp, page numbers).
		return nil, fmt.Errorf("%w: %d pages with %d page-size images and only %d characters of text (a scan; OCR it first)", ErrNoText, pages, st.pageImages, st.glyphs)
	}
	if st.glyphs == 0 {
		if st.images > 0 {
			return nil, fmt.Errorf("%w: %d pages with %d images and no text (a scan; OCR it first)", ErrNoText, pages, st.images)
		}
		return nil, fmt.Errorf("%w: %d pages without text", ErrNoText, pages)
	}
	share := float64(st.bad) / float64(st.glyphs)
	if share > opts.maxUnmapped() {
		return nil, fmt.Errorf("%w: %.0f%% of %d characters unmapped", ErrNoUnicode, share*100, st.glyphs)
	}
	warn := st.warn
	if st.slanted > 0 {
		warn = append(warn, fmt.Sprintf("pdf: %d characters of a watermark (set at a slant, or faint and large) were left out", st.slanted))
	}
	if share > 0.002 {
		warn = append(warn, fmt.Sprintf("pdf: %d of %d characters (%.1f%%) have no Unicode mapping and read as U+FFFD", st.bad, st.glyphs, share*100))
	}
	return warn, nil
}

// open checks the header and opens the file structure.
func open(r io.ReaderAt, size int64, opts *Options) (*doc, error) {
	head := make([]byte, 1024)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	at := bytes.Index(head, []byte("%PDF-"))
	if at < 0 {
		return nil, ErrNotPDF
	}
	view, err := newView(r, size, at)
	if err != nil {
		return nil, err
	}
	d := &doc{ra: view, size: view.size, opts: opts, fonts: map[objRef]*font{}, fontsByK: map[string]*font{}, forms: map[objRef][]byte{}}
	if err := checkStructure(view); err != nil {
		return nil, err
	}
	// pw gives the library Options.Password once per opening.
	pw := func() func() string {
		tried := false
		return func() string {
			if tried || opts.Password == "" {
				return ""
			}
			tried = true
			return opts.Password
		}
	}
	var rd *lpdf.Reader
	if gerr := guard("open", func() { rd, err = lpdf.NewReaderEncrypted(view, view.size, pw()) }); gerr != nil {
		err = gerr
	}
	if errors.Is(err, lpdf.ErrInvalidPassword) && opts.Password != "" {
		// Perhaps the owner password: recover the user password from it.
		if user, ok := userFromOwner(view, opts.Password); ok {
			once := false
			pw2 := func() string {
				if once {
					return ""
				}
				once = true
				return user
			}
			var rd2 *lpdf.Reader
			var err2 error
			if gerr := guard("open", func() { rd2, err2 = lpdf.NewReaderEncrypted(view, view.size, pw2) }); gerr == nil && err2 == nil {
				rd, err = rd2, nil
			}
		}
	}
	if err != nil && isAES256Rejection(err) {
		rd, key, aerr := openAES256(view, opts.Password)
		if aerr != nil {
			return nil, aerr
		}
		d.r, d.aesKey = rd, key
		return d, nil
	}
	if err != nil {
		msg := err.Error()
		switch {
		case errors.Is(err, lpdf.ErrInvalidPassword):
			return nil, fmt.Errorf("%w: the password is not known", ErrEncrypted)
		case strings.Contains(msg, "encryption") || strings.Contains(msg, "encrypt"):
			return nil, fmt.Errorf("%w: %s", ErrEncrypted, msg)
		}
		// A damaged file structure: rebuild the cross-reference data.
		if rd2, v2, ok := reopenRepaired(view, pw()); ok {
			d.r, d.ra, d.size, d.repaired = rd2, v2, v2.size, true
			guard("trailer", func() { d.encrypted = !rd2.Trailer().Key("Encrypt").IsNull() })
			return d, nil
		}
		return nil, fmt.Errorf("%w: %s", ErrCorrupt, msg)
	}
	guard("trailer", func() { d.encrypted = !rd.Trailer().Key("Encrypt").IsNull() })
	if p, weak := weakRC4(rd, view); weak {
		// The library would decrypt every stream wrong: read a decrypted
		// copy instead (see rc4.go).
		v2, err := decryptRC4(view, p, opts.Password)
		if err != nil {
			return nil, err
		}
		var rd2 *lpdf.Reader
		if gerr := guard("open", func() { rd2, err = lpdf.NewReader(v2, v2.size) }); gerr != nil {
			return nil, gerr
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		d.r, d.ra, d.size, d.encrypted = rd2, v2, v2.size, false
		return d, nil
	}
	d.r = rd
	d.pw = pw
	return d, nil
}

// reopenRepaired opens v with a rebuilt cross-reference stream.
func reopenRepaired(v *view, pw func() string) (*lpdf.Reader, *view, bool) {
	rv, ok := repaired(v)
	if !ok {
		return nil, nil, false
	}
	if checkStructure(rv) != nil {
		return nil, nil, false
	}
	var rd *lpdf.Reader
	var err error
	if gerr := guard("open", func() { rd, err = lpdf.NewReaderEncrypted(rv, rv.size, pw) }); gerr != nil || err != nil {
		return nil, nil, false
	}
	return rd, rv, true
}

// pageInfo is one page object with its inherited attributes.
type pageInfo struct {
	v        lpdf.Value
	res      lpdf.Value
	box      [4]float64
	contents lpdf.Value
}

// pageList walks the page tree once.
func (d *doc) pageList() ([]pageInfo, error) {
	var root lpdf.Value
	if err := guard("catalog", func() { root = d.r.Trailer().Key("Root").Key("Pages") }); err != nil {
		return nil, err
	}
	if root.Kind() != lpdf.Dict {
		return nil, fmt.Errorf("%w: no page tree", ErrCorrupt)
	}
	var out []pageInfo
	seen := map[objRef]bool{}
	var walk func(node lpdf.Value, inh pageInfo, depth int) error
	walk = func(node lpdf.Value, inh pageInfo, depth int) error {
		if depth > 64 {
			return fmt.Errorf("%w: page tree too deep", ErrCorrupt)
		}
		if r := key(node, "Resources"); r.Kind() == lpdf.Dict {
			inh.res = r
		}
		if b := nums(key(node, "MediaBox"), 4); len(b) == 4 {
			inh.box = [4]float64{b[0], b[1], b[2], b[3]}
		}
		if b := nums(key(node, "CropBox"), 4); len(b) == 4 {
			inh.box = [4]float64{b[0], b[1], b[2], b[3]}
		}
		kids := key(node, "Kids")
		if kids.Kind() != lpdf.Array {
			if key(node, "Type").Name() == "Pages" {
				return nil
			}
			inh.v = node
			inh.contents = key(node, "Contents")
			if len(out) >= d.opts.maxPages() {
				return &LimitError{Limit: "MaxPages", Value: int64(d.opts.maxPages())}
			}
			out = append(out, inh)
			return nil
		}
		n := kids.Len()
		for i := 0; i < n; i++ {
			var kid lpdf.Value
			if ref, ok := refInArray(kids, i); ok {
				if seen[ref] {
					continue
				}
				seen[ref] = true
			}
			kid = index(kids, i)
			if kid.Kind() != lpdf.Dict {
				continue
			}
			if err := walk(kid, inh, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, pageInfo{box: [4]float64{0, 0, 612, 792}}, 0); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no pages", ErrCorrupt)
	}
	return out, nil
}

type pageStats struct {
	glyphs, bad, images int
	slanted             int // glyphs left out as a watermark: slanted, or faint and large
	pageImages          int // images covering most of a page
	badPages            int
	warn                []string
}

// page interprets one page.
func (d *doc) page(ctx context.Context, p pageInfo, num int) (geom.Page, pageStats, error) {
	box := p.box
	x0, y0 := math.Min(box[0], box[2]), math.Min(box[1], box[3])
	x1, y1 := math.Max(box[0], box[2]), math.Max(box[1], box[3])
	gp := geom.Page{Number: num, Width: x1 - x0, Height: y1 - y0}
	var content []byte
	switch p.contents.Kind() {
	case lpdf.Stream:
		c, err := d.streamData(p.contents)
		if err != nil {
			return gp, pageStats{}, err
		}
		content = c
	case lpdf.Array:
		n := p.contents.Len()
		for i := 0; i < n && i < 10000; i++ {
			c, err := d.streamData(index(p.contents, i))
			if err != nil {
				if errors.Is(err, ErrLimit) {
					return gp, pageStats{}, err
				}
				continue
			}
			content = append(content, c...)
			content = append(content, '\n')
		}
	}
	in := newInterp(d, ctx, &gp)
	// Page space: origin at the crop box's lower-left corner.
	in.gs.ctm = matrix{1, 0, 0, 1, -x0, -y0}
	if err := in.run(content, &resources{v: p.res}); err != nil {
		return gp, pageStats{}, err
	}
	// The layout is built in the orientation the text reads in, whatever
	// the page's /Rotate: a landscape table page is shown turned in a
	// portrait document, but its lines still run along its long side.
	slanted := in.slanted + in.dropWatermark()
	rotatePage(&gp, in.readingTurn())
	return gp, pageStats{glyphs: in.glyphs, bad: in.badText, images: in.images, pageImages: in.pageImages, slanted: slanted}, nil
}

// rotatePage turns page content clockwise by rot degrees: 0, 90, 180 or
// 270.
func rotatePage(p *geom.Page, rot int) {
	if rot == 0 {
		return
	}
	w, h := p.Width, p.Height
	tr := func(x, y float64) (float64, float64) {
		switch rot {
		case 90:
			return y, w - x
		case 180:
			return w - x, h - y
		default: // 270
			return h - y, x
		}
	}
	// turn moves the box (x0, y0)-(x1, y1), keeping x0 ≤ x1 and y0 ≤ y1.
	turn := func(x0, y0, x1, y1 *float64) {
		ax, ay := tr(*x0, *y0)
		bx, by := tr(*x1, *y1)
		*x0, *y0, *x1, *y1 = math.Min(ax, bx), math.Min(ay, by), math.Max(ax, bx), math.Max(ay, by)
	}
	for i := range p.Glyphs {
		g := &p.Glyphs[i]
		turn(&g.X0, &g.Y0, &g.X1, &g.Y1)
		if rot != 180 {
			g.Vertical = !g.Vertical
		}
	}
	for i := range p.Segments {
		s := &p.Segments[i]
		turn(&s.X0, &s.Y0, &s.X1, &s.Y1)
	}
	if rot != 180 {
		p.Width, p.Height = h, w
	}
}

// font returns the font resource name.
func (d *doc) font(res *resources, name string) *font {
	if res == nil {
		return d.defaultFont()
	}
	if res.loaded&1 == 0 {
		res.loaded |= 1
		res.fontsD = key(res.v, "Font")
		res.fonts = map[string]*font{}
	}
	if f, ok := res.fonts[name]; ok {
		return f
	}
	var f *font
	if ref, ok := refIn(res.fontsD, name); ok {
		f = d.fonts[ref]
		if f == nil {
			f = d.loadFont(key(res.fontsD, name))
			d.fonts[ref] = f
		}
	} else {
		fd := key(res.fontsD, name)
		if fd.Kind() != lpdf.Dict {
			f = d.defaultFont()
		} else {
			k := dictKey(fd)
			f = d.fontsByK[k]
			if f == nil {
				f = d.loadFont(fd)
				d.fontsByK[k] = f
			}
		}
	}
	res.fonts[name] = f
	return f
}

func (d *doc) defaultFont() *font {
	if d.dfont == nil {
		d.dfont = &font{name: "default", cache: map[uint32]glyphInfo{}, dw: 1}
		encOnce.Do(initEncodings)
		for c := 0; c < 256; c++ {
			if r := standardEnc[c]; r != 0 {
				d.dfont.simpleText[c], d.dfont.simpleKnown[c] = string(r), true
			}
		}
		standardWidths(d.dfont)
	}
	return d.dfont
}

func (d *doc) xobject(res *resources, name string) (lpdf.Value, objRef, bool) {
	if res == nil {
		return lpdf.Value{}, objRef{}, false
	}
	if res.loaded&2 == 0 {
		res.loaded |= 2
		res.xobjD = key(res.v, "XObject")
	}
	ref, ok := refIn(res.xobjD, name)
	return key(res.xobjD, name), ref, ok
}

func (d *doc) property(res *resources, name string) lpdf.Value {
	if res == nil {
		return lpdf.Value{}
	}
	if res.loaded&4 == 0 {
		res.loaded |= 4
		res.propsD = key(res.v, "Properties")
	}
	return key(res.propsD, name)
}

// formContent returns the decoded content of a form XObject, cached.
func (d *doc) formContent(xo lpdf.Value, ref objRef, hasRef bool) ([]byte, error) {
	if hasRef {
		if c, ok := d.forms[ref]; ok {
			return c, nil
		}
	}
	c, err := d.streamData(xo)
	if err != nil {
		return nil, err
	}
	if hasRef && d.formBytes < 64<<20 {
		d.forms[ref] = c
		d.formBytes += len(c)
	}
	return c, nil
}

// streamData returns the decoded data of stream v.
func (d *doc) streamData(v lpdf.Value) ([]byte, error) {
	if v.Kind() != lpdf.Stream {
		return nil, fmt.Errorf("%w: not a stream", ErrCorrupt)
	}
	if !d.encrypted {
		if off, ok := streamOffset(v); ok {
			return d.rawStream(v, off)
		}
	}
	var data []byte
	var err error
	if gerr := guard("stream", func() {
		rc := v.Reader()
		data, err = readAllLimit(rc, d.opts.maxStreamBytes())
	}); gerr != nil {
		return nil, gerr
	}
	if err != nil && len(data) == 0 {
		var le *LimitError
		if errors.As(err, &le) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: stream: %v", ErrCorrupt, err)
	}
	return data, nil
}

// rawStream reads and decodes an unencrypted stream with our own filters.
func (d *doc) rawStream(v lpdf.Value, off int64) ([]byte, error) {
	if off < 0 || off > d.size {
		return nil, fmt.Errorf("%w: stream offset outside the file", ErrCorrupt)
	}
	length := int64(-1)
	if l, ok := num(key(v, "Length")); ok && l >= 0 {
		length = int64(l)
	}
	if length < 0 || off+length > d.size {
		// Missing or wrong /Length: read up to "endstream".
		length = d.findEndstream(off)
	} else if !d.endstreamNear(off + length) {
		if l := d.findEndstream(off); l >= 0 && l < length {
			length = l
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("%w: stream without end", ErrCorrupt)
	}
	if length > 4*d.opts.maxStreamBytes() {
		return nil, &LimitError{Limit: "MaxStreamBytes", Value: d.opts.maxStreamBytes()}
	}
	data := make([]byte, length)
	if n, err := d.ra.ReadAt(data, off); n < len(data) {
		return nil, fmt.Errorf("%w: reading stream: %v", ErrCorrupt, err)
	}
	if d.aesKey != nil && key(v, "Type").Name() != "XRef" {
		plain, err := aesDecrypt(d.aesKey, data)
		if err != nil {
			return nil, err
		}
		data = plain
	}
	filter := key(v, "Filter")
	parms := key(v, "DecodeParms")
	if parms.IsNull() {
		parms = key(v, "DP")
	}
	var names []string
	var plist []lpdf.Value
	switch filter.Kind() {
	case lpdf.Name:
		names = []string{filter.Name()}
		plist = []lpdf.Value{parms}
	case lpdf.Array:
		for i := 0; i < filter.Len() && i < 8; i++ {
			names = append(names, index(filter, i).Name())
			plist = append(plist, index(parms, i))
		}
	}
	for i, name := range names {
		p := defaultParms()
		if pv := plist[i]; pv.Kind() == lpdf.Dict {
			if x, ok := num(key(pv, "Predictor")); ok {
				p.predictor = int(x)
			}
			if x, ok := num(key(pv, "Colors")); ok {
				p.colors = int(x)
			}
			if x, ok := num(key(pv, "BitsPerComponent")); ok {
				p.bpc = int(x)
			}
			if x, ok := num(key(pv, "Columns")); ok {
				p.columns = int(x)
			}
			if x, ok := num(key(pv, "EarlyChange")); ok {
				p.earlyChange = int(x)
			}
		}
		out, err := decodeFilter(data, name, p, d.opts.maxStreamBytes())
		if err != nil {
			var le *LimitError
			if errors.As(err, &le) {
				return nil, err
			}
			if len(out) == 0 {
				return nil, fmt.Errorf("%w: stream: %v", ErrCorrupt, err)
			}
		}
		data = out
	}
	return data, nil
}

func (d *doc) endstreamNear(at int64) bool {
	buf := make([]byte, 32)
	n, _ := d.ra.ReadAt(buf, at)
	return bytes.Contains(buf[:n], []byte("endstream"))
}

// findEndstream returns the length of the stream data starting at off,
// up to "endstream" (and the end-of-line before it), or -1.
func (d *doc) findEndstream(off int64) int64 {
	const chunk = 64 << 10
	buf := make([]byte, chunk+16)
	limit := min(d.size, off+4*d.opts.maxStreamBytes())
	for pos := off; pos < limit; pos += chunk {
		n, _ := d.ra.ReadAt(buf, pos)
		if n <= 0 {
			break
		}
		if i := bytes.Index(buf[:n], []byte("endstream")); i >= 0 {
			end := pos + int64(i)
			for end > off {
				c := buf[end-pos-1]
				if c != '\n' && c != '\r' {
					break
				}
				end--
				if end-pos-1 < 0 {
					break
				}
			}
			return end - off
		}
	}
	return -1
}

// refInArray returns the indirect reference at index i of array a.
func refInArray(a lpdf.Value, i int) (objRef, bool) {
	return refAt(a, i)
}
