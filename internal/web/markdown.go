package web

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md renders analysts' and sources' Markdown safely: raw HTML is dropped
// (goldmark's default), links with javascript:, vbscript:, file: or data:
// URLs lose their address (goldmark's default), and images become plain
// links so that no page loads anything from outside.
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safeLinks{}, 100))),
)

type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var images []*ast.Image
	var unwrap []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			if allowedURL(n.Destination) {
				images = append(images, n)
			} else {
				unwrap = append(unwrap, n)
			}
		case *ast.Link:
			if !allowedURL(n.Destination) {
				unwrap = append(unwrap, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		moveChildren(img, link)
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
	// A link or image with a forbidden address keeps only its text.
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

func moveChildren(from, to ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
}

// allowedURL accepts http, https, mailto and relative addresses.
func allowedURL(dest []byte) bool {
	u := strings.ToLower(strings.TrimSpace(string(dest)))
	if i := strings.IndexAny(u, ":/?#"); i >= 0 && u[i] == ':' {
		scheme := u[:i]
		return scheme == "http" || scheme == "https" || scheme == "mailto"
	}
	return true
}

// markdown renders src to sanitised HTML.
func markdown(src string) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(src) + "</p>") // #nosec: escaped
	}
	return template.HTML(buf.String())
}
