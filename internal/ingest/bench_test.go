package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/telltale-cti/telltale/internal/extract"
)

// pageLines is the text of one generated report page: prose with
// sectors, actors, countries, indicators, CVEs and claims.
var pageLines = []string{
	"Threat actors continue to target telecommunications providers across Europe and Asia.",
	"ATK51 (MuddyWater) used spear-phishing against messaging applications in Iran and Turkey.",
	"The operators exfiltrated call records, SMS and metadata from carrier networks.",
	"Researchers observed infrastructure at 45.77.12.%d and update-check-%d.net during the campaign.",
	"The group exploited CVE-2021-44228 and CVE-2023-%04d on exposed gateways.",
	"Analysts assess with moderate confidence that the intrusions are likely linked to Iran.",
	"The vendor does not claim a link between the operators and any government.",
	"Managed service providers were used as an entry point into finance and consulting.",
	"APT-C-23 deployed Android spyware disguised as chat applications against users in the Middle East.",
	"Indicators include the SHA-256 hash %064x and the domain cdn-sync-%d.org.",
}

// makePDF writes a valid PDF of n pages of text, built by hand: catalog,
// page tree, one font, one content stream per page, and a cross-reference
// table with exact offsets.
func makePDF(n int) []byte {
	var buf bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// 1 catalog, 2 pages, 3 font, then page i at 4+2i and its content at 5+2i.
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	kids := make([]string, n)
	for i := range n {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for i := range n {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i))
		var s strings.Builder
		s.WriteString("BT /F1 10 Tf 12 TL 50 760 Td\n")
		for l := range 50 {
			line := pageLines[l%len(pageLines)]
			if strings.Contains(line, "%") {
				switch strings.Count(line, "%") {
				case 1:
					line = fmt.Sprintf(line, i*50+l)
				case 2:
					line = fmt.Sprintf(line, i%250, i*50+l)
				}
			}
			line = strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(line)
			fmt.Fprintf(&s, "(%s) Tj T*\n", line)
		}
		s.WriteString("ET")
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", s.Len(), s.String()))
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}

func TestGeneratedPDFReads(t *testing.T) {
	text, err := extract.Read(bytes.NewReader(makePDF(3)), extract.FormatPDF, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(text, "call records"); got != 3*5 {
		t.Fatalf("the 3-page PDF reads %d times 'call records', want 15:\n%.500s", got, text)
	}
}

// BenchmarkIngestPDF100 reads a 100-page PDF and ingests it as a draft:
// the work of `telltale ingest report.pdf`. Each iteration ingests a text
// not seen before.
func BenchmarkIngestPDF100(b *testing.B) {
	s := newService(b)
	ctx := context.Background()
	pdf := makePDF(100)
	if _, err := s.Knowledge.Dictionary(ctx); err != nil { // built once per store state, as in a server
		b.Fatal(err)
	}
	b.SetBytes(int64(len(pdf)))
	cpu0 := cpuTime()
	n := 0
	for i := 0; b.Loop(); i++ {
		n++
		text, err := extract.Read(bytes.NewReader(pdf), extract.FormatPDF, "")
		if err != nil {
			b.Fatal(err)
		}
		res, err := s.Ingest(ctx, Document{Text: text + fmt.Sprintf("\nrun %d", i), Title: fmt.Sprintf("Big report %d", i)}, false)
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			b.ReportMetric(float64(len(res.Report.Indicators)), "indicators")
			b.ReportMetric(float64(len(text)), "text-bytes")
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
}

// cpuTime is the process's user and system CPU time: wall time on a
// loaded machine says little.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
