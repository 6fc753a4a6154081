package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/telltale-cti/telltale"
	"github.com/telltale-cti/telltale/internal/app"
	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/fetch"
)

// document is a report read from a file, a URL or standard input.
type document struct {
	Name   string // file name or URL as given
	URL    string // final URL when fetched
	Format string
	Text   string
}

// readDocument reads a report and returns its plain text: HTML keeps the
// main content, PDF its text.
func (m *Main) readDocument(ctx context.Context, arg string, allowPrivate bool) (*document, error) {
	doc := &document{Name: arg}
	var data []byte
	var contentType string
	switch {
	case arg == "-":
		b, err := io.ReadAll(io.LimitReader(m.Stdin, extract.MaxReadBytes+1))
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		data = b
	case strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://"):
		c := &fetch.Client{AllowPrivate: allowPrivate, MaxBytes: extract.MaxReadBytes, Timeout: time.Minute}
		resp, err := c.Get(ctx, arg)
		if err != nil {
			return nil, fetchError(err)
		}
		data, contentType, doc.URL = resp.Body, resp.ContentType, resp.URL
	default:
		b, err := os.ReadFile(arg)
		if err != nil {
			return nil, telltale.Errorf(telltale.EINVALID, "%v", err)
		}
		data = b
	}
	if len(data) > extract.MaxReadBytes {
		return nil, telltale.Errorf(telltale.ETOOLARGE, "%s is larger than %d MB", arg, extract.MaxReadBytes>>20)
	}
	name := arg
	if doc.URL != "" {
		name = doc.URL
	}
	doc.Format = extract.Detect(contentType, name, data)
	text, err := extract.Read(strings.NewReader(string(data)), doc.Format, doc.URL)
	if err != nil {
		return nil, telltale.Errorf(telltale.EINVALID, "%s: %v", arg, err)
	}
	doc.Text = text
	return doc, nil
}

func (m *Main) runExtract(ctx context.Context, args []string) error {
	var c common
	fs := m.flags("extract", &c)
	doc, err := m.documentArg(ctx, fs, args)
	if err != nil {
		return err
	}
	return m.withApp(ctx, &c, func(a *app.App) error {
		dict, err := a.Knowledge.Dictionary(ctx)
		if err != nil {
			return err
		}
		res := extract.ExtractWith(doc.Text, extract.DictionaryOf(dict), extract.Options{Publisher: doc.URL})
		if c.json {
			return m.printJSON(res)
		}
		return res.WriteText(m.Stdout)
	})
}
