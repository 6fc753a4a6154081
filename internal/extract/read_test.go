package extract

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

const testPage = `<!doctype html><html><head><title>Group breaches carriers</title>
<style>.x{color:red}</style><script>var tracker = "evil-tracker.com";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/login">Login</a></nav>
<header>Site header with menu</header>
<article><h1>Group breaches carriers</h1>
<p>Researchers say a group, possibly China-based, breached 13 telecom operators in two years.
The intrusions used infrastructure at 45[.]77[.]12[.]9 and the domain evil-update[.]com.</p>
<p>The vendor does not claim a link between the group and China. The campaign stole call records,
text messages and metadata from subscribers of the carriers over a long period of time.</p>
<p>Analysts recommend that carriers review their signalling firewalls and their managed service providers.</p>
</article>
<aside>Related: other stories</aside><footer>Copyright footer</footer>
<script>document.write("cdn.ads-network.com")</script></body></html>`

func TestReadHTML(t *testing.T) {
	got, err := ReadHTML(strings.NewReader(testPage), "text/html; charset=utf-8", "https://news.example.com/story")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("KeepsArticle", func(t *testing.T) {
		for _, want := range []string{"breached 13 telecom operators", "evil-update[.]com", "does not claim a link"} {
			if !strings.Contains(got, want) {
				t.Errorf("got %q, want it to contain %q", got, want)
			}
		}
	})
	t.Run("DropsScriptsStylesNavigation", func(t *testing.T) {
		for _, bad := range []string{"tracker", "color:red", "Login", "ads-network"} {
			if strings.Contains(got, bad) {
				t.Errorf("got %q, want no %q", got, bad)
			}
		}
	})
	t.Run("ParagraphsStaySentences", func(t *testing.T) {
		if strings.Contains(got, "evil-update[.]com.The") {
			t.Errorf("paragraphs glued together: %q", got)
		}
	})
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		ct, name, head, want string
	}{
		{"application/pdf", "", "", FormatPDF},
		{"text/html; charset=utf-8", "", "", FormatHTML},
		{"", "report.md", "", FormatMarkdown},
		{"", "https://x.example/a/report.PDF?dl=1", "", FormatPDF},
		{"", "", "%PDF-1.7\n", FormatPDF},
		{"", "", "  <!DOCTYPE html><html>", FormatHTML},
		{"", "", "Plain words.", FormatText},
	} {
		t.Run(tc.want+"_"+tc.ct+tc.name, func(t *testing.T) {
			if got := Detect(tc.ct, tc.name, []byte(tc.head)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// minimalPDF writes a one-page PDF showing lines of text with a standard
// font, with a correct cross-reference table.
func minimalPDF(lines ...string) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
	for _, l := range lines {
		l = strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(l)
		fmt.Fprintf(&content, "(%s) Tj T*\n", l)
	}
	content.WriteString("ET")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestReadPDF(t *testing.T) {
	t.Run("TextOfPage", func(t *testing.T) {
		got, err := ReadPDF(minimalPDF("APT41 used 45.77.12.9 against carriers."))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, "45.77.12.9") || !strings.Contains(got, "APT41") {
			t.Errorf("got %q", got)
		}
	})
	t.Run("ErrOnGarbage", func(t *testing.T) {
		if _, err := ReadPDF([]byte("%PDF-1.4\nthis is not a pdf")); err == nil {
			t.Error("got nil error, want one")
		}
	})
	t.Run("ErrOnTruncated", func(t *testing.T) {
		full := minimalPDF("hello")
		if _, err := ReadPDF(full[:len(full)/2]); err == nil {
			t.Error("got nil error, want one")
		}
	})
}

func TestReadText(t *testing.T) {
	got := ReadText([]byte("\ufeffline one\r\nline \xff two"))
	if want := "line one\nline \ufffd two"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Binary data (a program, an archive, random bytes) is no text: Read
// refuses it rather than reading names out of noise; text with a few
// invalid bytes is still read.
func TestReadRefusesBinary(t *testing.T) {
	for name, data := range map[string][]byte{
		"ELF":  append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"), []byte("APT28 telecom carriers")...),
		"ZIP":  []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00APT28"),
		"NULs": []byte("APT28\x00\x00\x00\x00used X-Agent"),
	} {
		for _, format := range []string{"", FormatText, FormatMarkdown} {
			if _, err := Read(bytes.NewReader(data), format, ""); err == nil || !strings.Contains(err.Error(), "not text") {
				t.Errorf("%s as %q: err = %v, want that it is not text", name, format, err)
			}
		}
	}
	if got, err := Read(bytes.NewReader([]byte("APT28 used \xff\xfe X-Agent")), "", ""); err != nil || got != "APT28 used \ufffd X-Agent" {
		t.Errorf("text with invalid bytes: %q, %v", got, err)
	}
}
