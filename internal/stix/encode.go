package stix

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
)

// BundleWriter writes a STIX 2.1 bundle one object at a time, so exports of
// any size stream without being held in memory.
type BundleWriter struct {
	w   *bufio.Writer
	n   int
	err error
}

// NewBundleWriter starts a bundle on w with a random bundle id.
func NewBundleWriter(w io.Writer) *BundleWriter {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	return NewBundleWriterID(w, fmt.Sprintf("bundle--%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:]))
}

// NewBundleWriterID starts a bundle with the given id, for output that
// must be the same byte for byte from run to run.
func NewBundleWriterID(w io.Writer, id string) *BundleWriter {
	bw := &BundleWriter{w: bufio.NewWriterSize(w, 64<<10)}
	_, bw.err = fmt.Fprintf(bw.w, `{"type":"bundle","id":%q,"objects":[`, id)
	return bw
}

// Write adds one object, given as its JSON (an Object's Raw). Anything but
// a JSON object is refused, so one bad call cannot break the bundle's
// syntax; the object's content is written as it is.
func (bw *BundleWriter) Write(raw json.RawMessage) error {
	if bw.err != nil {
		return bw.err
	}
	if t := bytes.TrimSpace(raw); len(t) < 2 || t[0] != '{' || t[len(t)-1] != '}' {
		return fmt.Errorf("bundle writer: object %d is not a JSON object", bw.n)
	}
	if bw.n > 0 {
		bw.err = bw.w.WriteByte(',')
	}
	if bw.err == nil {
		_, bw.err = bw.w.Write(raw)
	}
	bw.n++
	return bw.err
}

// Count is the number of objects written so far.
func (bw *BundleWriter) Count() int { return bw.n }

// Close ends the bundle and flushes it. It does not close the underlying
// writer.
func (bw *BundleWriter) Close() error {
	if bw.err != nil {
		return bw.err
	}
	if _, err := bw.w.WriteString("]}\n"); err != nil {
		return err
	}
	return bw.w.Flush()
}
