package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	readability "github.com/go-shiori/go-readability"
	"github.com/ledongthuc/pdf"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/telltale-cti/telltale"
)

// Document formats Read understands.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
	FormatPDF      = "pdf"
)

// MaxReadBytes caps the input Read accepts.
const MaxReadBytes = 64 << 20

// Documents reads uploaded documents for the handlers that take them
// (the API's actor suggestions for a text): Detect, then Read.
type Documents struct{}

// ReadDocument returns the text of a document sent with contentType.
func (Documents) ReadDocument(contentType string, body []byte) (string, error) {
	return Read(bytes.NewReader(body), Detect(contentType, "", body), "")
}

// MaxBytes is the largest document Read takes.
func (Documents) MaxBytes() int64 { return MaxReadBytes }

// Detect names the format of a document from its media type (as sent by a
// server: "text/html; charset=utf-8"), else its file name or URL, else its
// first bytes.
func Detect(contentType, name string, head []byte) string {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		switch mt {
		case "application/pdf", "application/x-pdf":
			return FormatPDF
		case "text/html", "application/xhtml+xml":
			return FormatHTML
		case "text/markdown", "text/x-markdown":
			return FormatMarkdown
		}
	}
	if name != "" {
		if u, err := url.Parse(name); err == nil && u.Path != "" {
			name = u.Path
		}
		switch strings.ToLower(path.Ext(name)) {
		case ".pdf":
			return FormatPDF
		case ".html", ".htm", ".xhtml":
			return FormatHTML
		case ".md", ".markdown":
			return FormatMarkdown
		case ".txt":
			return FormatText
		}
	}
	h := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(h) > 512 {
		h = h[:512]
	}
	lower := bytes.ToLower(h)
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return FormatPDF
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")),
		bytes.Contains(lower, []byte("<head>")), bytes.Contains(lower, []byte("<body")):
		return FormatHTML
	}
	return FormatText
}

// Read returns the plain text of a document in the given format (one of
// the Format constants; "" detects it from the content). HTML keeps the
// main content only; PDF text comes page by page; Markdown and plain text
// are returned as they are, made valid UTF-8. pageURL (may be "") helps the
// HTML reader resolve the page.
func Read(r io.Reader, format, pageURL string) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxReadBytes+1))
	if err != nil {
		return "", fmt.Errorf("read document: %w", err)
	}
	if len(data) > MaxReadBytes {
		return "", fmt.Errorf("read document: larger than %d bytes", MaxReadBytes)
	}
	if format == "" {
		format = Detect("", pageURL, data)
	}
	switch format {
	case FormatHTML:
		return ReadHTML(bytes.NewReader(data), "", pageURL)
	case FormatPDF:
		return ReadPDF(data)
	case FormatText, FormatMarkdown:
		if err := telltale.CheckText(data); err != nil {
			return "", fmt.Errorf("read document: %w", err)
		}
		return ReadText(data), nil
	}
	return "", fmt.Errorf("read document: unknown format %q", format)
}

// ReadText returns text as valid UTF-8 without a byte-order mark, with
// CRLF line ends turned into LF.
func ReadText(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	s := string(data)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\ufffd")
	}
	return s
}

// ReadHTML returns the main content of an HTML page as text: the article
// found by go-readability (navigation, scripts, styles, sidebars and
// comments dropped), with block elements separated by blank lines so that
// sentences and headings stay apart. When no article stands out, the whole
// body is used, minus scripts, styles and navigation. contentType, if
// given, tells the charset.
func ReadHTML(r io.Reader, contentType, pageURL string) (string, error) {
	utf8r, err := charset.NewReader(r, contentType)
	if err != nil {
		return "", fmt.Errorf("read html: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(utf8r, MaxReadBytes+1))
	if err != nil {
		return "", fmt.Errorf("read html: %w", err)
	}
	var u *url.URL
	if pageURL != "" {
		u, _ = url.Parse(pageURL)
	}
	if u == nil {
		u = &url.URL{Scheme: "https", Host: "localhost", Path: "/"}
	}
	var article readability.Article
	err = safely(func() error {
		p := readability.NewParser()
		p.MaxElemsToParse = 200000
		var perr error
		article, perr = p.Parse(bytes.NewReader(data), u)
		return perr
	})
	var b strings.Builder
	if err == nil && article.Node != nil {
		if article.Title != "" {
			b.WriteString(article.Title)
			b.WriteString("\n\n")
		}
		renderText(&b, article.Node, true)
	}
	if strings.TrimSpace(b.String()) == "" || len(strings.TrimSpace(b.String())) < 200 && len(data) > 2000 {
		doc, perr := html.Parse(bytes.NewReader(data))
		if perr != nil {
			return "", fmt.Errorf("read html: %w", perr)
		}
		b.Reset()
		renderText(&b, doc, false)
	}
	return tidyText(b.String()), nil
}

// HTMLText returns the text of an HTML fragment, all of it (a feed item's
// content is the article: no main content is looked for, unlike
// ReadHTML): scripts and styles dropped, block elements apart as
// ReadHTML sets them, spaces collapsed. Text without markup is only
// unescaped.
func HTMLText(fragment string) string {
	if !strings.Contains(fragment, "<") {
		return html.UnescapeString(fragment)
	}
	doc, err := html.Parse(strings.NewReader(fragment))
	if err != nil {
		return "" // html.Parse fails only when its reader does
	}
	var b strings.Builder
	renderText(&b, doc, true)
	return tidyText(b.String())
}

// skipped elements never hold report text.
var skipped = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "svg": true, "canvas": true,
	"iframe": true, "object": true, "head": true, "nav": true, "button": true, "select": true, "form": true,
}

// skippedOutsideArticle are page furniture, dropped when rendering a whole
// page without an article.
var skippedOutsideArticle = map[string]bool{"header": true, "footer": true, "aside": true, "menu": true}

var blocks = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "blockquote": true, "pre": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "li": true,
	"table": true, "tr": true, "dl": true, "dt": true, "dd": true, "figure": true, "figcaption": true,
	"header": true, "footer": true, "aside": true, "hr": true, "address": true, "details": true, "summary": true,
}

// renderText writes the text of n, with blank lines around blocks. It
// walks iteratively so deep nesting cannot exhaust the stack.
func renderText(b *strings.Builder, n *html.Node, inArticle bool) {
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.exit {
			if n.Type == html.ElementNode && blocks[n.Data] {
				b.WriteString("\n\n")
			}
			continue
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			continue
		case html.CommentNode, html.DoctypeNode:
			continue
		case html.ElementNode:
			if skipped[n.Data] || (!inArticle && skippedOutsideArticle[n.Data]) {
				continue
			}
			switch n.Data {
			case "br":
				b.WriteString("\n")
				continue
			case "td", "th":
				b.WriteString(" \t")
			case "img":
				if alt := attr(n, "alt"); alt != "" {
					b.WriteString(" " + alt + " ")
				}
				continue
			}
			if blocks[n.Data] {
				b.WriteString("\n\n")
			}
		}
		stack = append(stack, frame{n: n, exit: true})
		var kids []*html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			kids = append(kids, c)
		}
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, frame{n: kids[i]})
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// tidyText collapses runs of spaces and of blank lines, and trims lines.
func tidyText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	newlines := 0
	space := false
	started := false
	for _, r := range s {
		switch r {
		case '\n', '\r':
			newlines++
			space = false
			continue
		case ' ', '\t', '\u00a0', '\f', '\v':
			space = true
			continue
		}
		if started {
			switch {
			case newlines >= 2:
				b.WriteString("\n\n")
			case newlines == 1:
				b.WriteByte('\n')
			case space:
				b.WriteByte(' ')
			}
		}
		newlines, space, started = 0, false, true
		b.WriteRune(r)
	}
	return strings.ToValidUTF8(b.String(), "\ufffd")
}

// MaxPDFPages caps the pages read from one PDF.
const MaxPDFPages = 2000

// PDFTimeout bounds the time spent reading one PDF. The PDF library can
// loop on some malformed files that the checks below do not catch; past
// the timeout ReadPDF returns an error (the stuck reader is abandoned).
var PDFTimeout = 60 * time.Second

// ReadPDF returns the text of a PDF, page by page (pages separated by a
// blank line). A malformed file is an error, never a panic or a hang: the
// page tree is walked here with a budget (a page that lists itself as its
// own kid or parent would make the library loop forever), and the whole
// read is bounded by PDFTimeout.
func ReadPDF(data []byte) (string, error) {
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var out string
		err := safely(func() error {
			var err error
			out, err = readPDF(data)
			return err
		})
		done <- result{out, err}
	}()
	timer := time.NewTimer(PDFTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil {
			return "", fmt.Errorf("read pdf: %w", r.err)
		}
		return tidyText(r.text), nil
	case <-timer.C:
		return "", fmt.Errorf("read pdf: gave up after %s (malformed file?)", PDFTimeout)
	}
}

// pdfBudget bounds the page-tree nodes and parent links visited.
const (
	pdfMaxNodes = 100000
	pdfMaxDepth = 64
)

func readPDF(data []byte) (string, error) {
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	pages, err := pdfPages(r.Trailer().Key("Root").Key("Pages"))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fonts := map[string]*pdf.Font{}
	for i, v := range pages {
		if !parentsEnd(v) {
			return "", fmt.Errorf("page %d: cyclic parent chain", i+1)
		}
		p := pdf.Page{V: v}
		for _, name := range p.Fonts() {
			if _, ok := fonts[name]; !ok {
				f := p.Font(name)
				fonts[name] = &f
			}
		}
		text, err := p.GetPlainText(fonts)
		if err != nil {
			return "", fmt.Errorf("page %d: %w", i+1, err)
		}
		b.WriteString(text)
		b.WriteString("\n\n")
		if b.Len() > MaxReadBytes {
			break
		}
	}
	return b.String(), nil
}

// pdfPages lists the page objects of a page tree in order, refusing trees
// that are too deep or too large (a cycle is both).
func pdfPages(root pdf.Value) ([]pdf.Value, error) {
	type frame struct {
		v     pdf.Value
		depth int
	}
	var pages []pdf.Value
	stack := []frame{{root, 0}}
	visited := 0
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		visited++
		if visited > pdfMaxNodes || f.depth > pdfMaxDepth {
			return nil, errors.New("page tree too large, too deep or cyclic")
		}
		switch f.v.Key("Type").Name() {
		case "Page":
			pages = append(pages, f.v)
			if len(pages) >= MaxPDFPages {
				return pages, nil
			}
		case "Pages":
			kids := f.v.Key("Kids")
			n := kids.Len()
			for i := n - 1; i >= 0; i-- {
				stack = append(stack, frame{kids.Index(i), f.depth + 1})
			}
		}
	}
	return pages, nil
}

// parentsEnd reports whether the Parent chain of a page ends within the
// depth budget.
func parentsEnd(v pdf.Value) bool {
	for i := 0; i < pdfMaxDepth; i++ {
		if v.IsNull() {
			return true
		}
		v = v.Key("Parent")
	}
	return v.IsNull()
}

// errPanic wraps a panic raised inside a third-party reader.
var errPanic = errors.New("malformed document")

// safely runs fn, turning a panic into an error: the PDF and HTML
// libraries panic on some malformed inputs, and a bad document must never
// take the program down.
func safely(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	return fn()
}
