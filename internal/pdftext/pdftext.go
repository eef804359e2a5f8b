// Package pdftext reads the text of PDF files with its layout: each page's
// lines, top to bottom, and each line's spans of text, left to right, with
// their position, size and weight. It is the one package that uses PDFium,
// Google's PDF library, compiled to WebAssembly (github.com/klippa-app/go-pdfium)
// and run by wazero, a WebAssembly runtime written in Go: the binary reads
// PDF files with no C library and no other program on the user's machine.
//
// Compiling PDFium's 5.8 MB module to machine code takes seconds, so a
// Reader keeps the compiled code in a cache folder and later runs load it in
// well under a second.
package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Reader reads PDF files, several at once.
type Reader struct {
	pool pdfium.Pool
}

// NewReader starts PDFium. cacheDir keeps its compiled code between runs;
// "" compiles it afresh, which takes seconds. workers bounds the files read
// at once, PDFium's instances (0: one per processor).
func NewReader(cacheDir string, workers int) (*Reader, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// PDFium's module uses WebAssembly exceptions, which wazero runs only
	// when asked to.
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	if cacheDir != "" {
		if err := os.MkdirAll(cacheDir, 0o755); err != nil {
			return nil, fmt.Errorf("the cache of PDFium's compiled code: %w", err)
		}
		cache, err := wazero.NewCompilationCacheWithDir(cacheDir)
		if err != nil {
			return nil, fmt.Errorf("the cache of PDFium's compiled code: %w", err)
		}
		rc = rc.WithCompilationCache(cache)
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle: 1, MaxIdle: workers, MaxTotal: workers,
		RuntimeConfig: rc,
		ReuseWorkers:  true,
	})
	if err != nil {
		return nil, fmt.Errorf("starting PDFium: %w", err)
	}
	return &Reader{pool: pool}, nil
}

// Close stops PDFium.
func (r *Reader) Close() error { return r.pool.Close() }

// NotPDFError says that a file is not a PDF at all, and what it seems to be.
type NotPDFError struct{ What string }

func (e *NotPDFError) Error() string { return "not a PDF file: " + e.What }

// Sniff says what data is when it is not a PDF file, or "" when it starts
// as one should.
func Sniff(data []byte) string {
	head := data[:min(len(data), 1024)]
	if bytes.Contains(head, []byte("%PDF-")) {
		return ""
	}
	lower := strings.ToLower(string(bytes.TrimSpace(head)))
	switch {
	case len(data) == 0:
		return "the file is empty"
	case strings.HasPrefix(lower, "<!doctype html") || strings.HasPrefix(lower, "<html") || strings.Contains(lower, "<html"):
		return "it is a web page (HTML), such as the error page a failed download saves under the file's name"
	case strings.HasPrefix(lower, "<?xml") || strings.HasPrefix(lower, "<"):
		return "it is XML or HTML text"
	case strings.HasPrefix(lower, "pk"):
		return "it is a ZIP archive (a Word or other office file?)"
	}
	return "it does not start with the %PDF- that every PDF file starts with"
}

// Read reads a PDF file's pages. A file that is not a PDF gives a
// *NotPDFError; one PDFium cannot open, PDFium's reason.
func (r *Reader) Read(ctx context.Context, data []byte) (doc *Doc, err error) {
	if what := Sniff(data); what != "" {
		return nil, &NotPDFError{What: what}
	}
	inst, err := r.pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("starting PDFium: %w", err)
	}
	defer inst.Close()
	// A file that breaks PDFium in a way it does not report must not take
	// the whole import with it.
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("PDFium failed on this file: %v", p)
		}
	}()
	opened, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, fmt.Errorf("PDFium cannot open it: %w", err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: opened.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: opened.Document})
	if err != nil {
		return nil, fmt.Errorf("PDFium cannot count its pages: %w", err)
	}
	doc = &Doc{}
	for i := range count.PageCount {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: opened.Document, Index: i}}
		size, err := inst.GetPageSize(&requests.GetPageSize{Page: page})
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		text, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
			Page: page, Mode: requests.GetPageTextStructuredModeChars, CollectFontInformation: true,
		})
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		chars := make([]Char, 0, len(text.Chars))
		for _, c := range text.Chars {
			text := c.Text
			if text == "\x02" {
				// PDFium gives Word's non-breaking hyphen as this
				// control character.
				text = "-"
			}
			ch := Char{
				Text:   text,
				Left:   c.PointPosition.Left,
				Right:  c.PointPosition.Right,
				Top:    size.Height - c.PointPosition.Top,
				Bottom: size.Height - c.PointPosition.Bottom,
			}
			if f := c.FontInformation; f != nil {
				ch.Size = f.Size
				ch.Bold = f.Weight >= 600 || strings.Contains(strings.ToLower(f.Name), "bold")
			}
			chars = append(chars, ch)
		}
		if unscaled(chars) {
			if err := scaleSizes(inst, page, chars); err != nil {
				return nil, fmt.Errorf("page %d: %w", i+1, err)
			}
		}
		doc.Pages = append(doc.Pages, layout(i+1, size.Width, size.Height, chars))
	}
	return doc, nil
}

// unscaled reports whether the page's font sizes are not in points: some
// PDF files set every font at size 1 and scale the text by its matrix,
// and PDFium gives the size before the matrix. Letters whose boxes stand
// taller than one and a half times their font size give it away.
func unscaled(chars []Char) bool {
	var ratios []float64
	for _, c := range chars {
		if c.Size > 0 && !space(c) && c.Bottom > c.Top {
			ratios = append(ratios, (c.Bottom-c.Top)/c.Size)
		}
	}
	if len(ratios) == 0 {
		return false
	}
	slices.Sort(ratios)
	return ratios[len(ratios)/2] > 1.5
}

// scaleSizes makes each character's size its size on the page: the font
// size times the vertical scale of the character's matrix. It asks PDFium
// once a character, so only pages that need it pay for it.
func scaleSizes(inst pdfium.Pdfium, page requests.Page, chars []Char) error {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	for i := range chars {
		m, err := inst.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return err
		}
		chars[i].Size *= math.Hypot(float64(m.Matrix.C), float64(m.Matrix.D))
	}
	return nil
}

// errTimeout is what Read gives when a file takes too long.
var errTimeout = errors.New("reading took too long")

// ReadWithin reads data, giving up after d: a file that makes PDFium loop
// must not hang an import of hundreds.
func (r *Reader) ReadWithin(d time.Duration, data []byte) (*Doc, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	type result struct {
		doc *Doc
		err error
	}
	done := make(chan result, 1)
	go func() {
		doc, err := r.Read(ctx, data)
		done <- result{doc, err}
	}()
	select {
	case res := <-done:
		return res.doc, res.err
	case <-ctx.Done():
		return nil, fmt.Errorf("%w (over %s)", errTimeout, d)
	}
}

// once guards the process's one Reader.
var (
	once      sync.Once
	shared    *Reader
	sharedErr error
)

// Shared returns one Reader for the whole process, started on first use
// with the given cache folder: starting PDFium costs more than reading a
// file.
func Shared(cacheDir string) (*Reader, error) {
	once.Do(func() {
		shared, sharedErr = NewReader(cacheDir, 0)
	})
	return shared, sharedErr
}
