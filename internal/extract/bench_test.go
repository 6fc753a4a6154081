package extract_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/telltale-cti/telltale/internal/extract"
	"github.com/telltale-cti/telltale/internal/extract/extracttest"
	"github.com/telltale-cti/telltale/internal/testutil"
)

// Benchmarks over real report text (the AnnoCTR and TRAM2 development
// reports, about 3.5 MB) and over pathological lines. Run them with
// scripts/bench-extract; b.SetBytes makes "go test -bench" print MB/s.

var (
	corpusOnce sync.Once
	corpus     string
	bigDict    *extract.Dictionary
	corpusErr  error
)

func loadCorpus(b *testing.B) (string, *extract.Dictionary) {
	shared := testutil.SharedDir(b)
	corpusOnce.Do(func() {
		texts, err := extracttest.Corpus(shared)
		if err != nil {
			corpusErr = err
			return
		}
		corpus = strings.Join(texts, "\n\n")
		entries, err := extracttest.Entries(shared, filepath.Join("..", "..", "sectors.json"))
		if err != nil {
			corpusErr = err
			return
		}
		// Tens of thousands of patterns: the real names, plus generated
		// ones shaped like vendor cluster names.
		for i := 0; i < 40000; i++ {
			entries = append(entries, extract.Entry{Kind: extract.KindActor, Name: fmt.Sprintf("%s-%04d", vendorPrefixes[i%len(vendorPrefixes)], i), Canonical: "synthetic"})
		}
		bigDict = extract.NewDictionary(entries)
	})
	if corpusErr != nil {
		b.Fatal(corpusErr)
	}
	return corpus, bigDict
}

// reportCPU adds a "cpu-MB/s" metric: bytes over the CPU time the process
// used, which stays meaningful when the machine is shared and wall time
// is not. It counts every thread (the garbage collector included).
func reportCPU(b *testing.B, size int, run func()) {
	c0 := cpuTime()
	n := 0
	for b.Loop() {
		run()
		n++
	}
	if c := cpuTime() - c0; c > 0 {
		b.ReportMetric(float64(size)*float64(n)/c.Seconds()/1e6, "cpu-MB/s")
	}
}

var vendorPrefixes = []string{"UNC", "DEV", "Storm", "TAG", "TA", "CL-STA", "STORM", "Threat Cluster", "Operation Nightfall", "UAC"}

// BenchmarkIndicators is the indicator scanner alone (refanging included).
func BenchmarkIndicators(b *testing.B) {
	text, _ := loadCorpus(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	reportCPU(b, len(text), func() { extract.ScanIndicators(text) })
}

// BenchmarkNames is the Aho-Corasick name matching alone, over tens of
// thousands of patterns.
func BenchmarkNames(b *testing.B) {
	text, d := loadCorpus(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	reportCPU(b, len(text), func() { d.Match(text) })
	b.ReportMetric(float64(d.Len()), "patterns")
}

// BenchmarkExtract is the whole extraction.
func BenchmarkExtract(b *testing.B) {
	text, d := loadCorpus(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	reportCPU(b, len(text), func() { extract.Extract(text, d) })
}

// BenchmarkPathological runs the whole extraction over 10 MB lines of
// dots, brackets, digits, at-signs and defangings: each must run at about
// the speed of prose (compare with BenchmarkProse).
func BenchmarkPathological(b *testing.B) {
	const size = 10 << 20
	for _, tc := range []struct{ name, unit string }{
		{"Dots", "."},
		{"Brackets", "[.]("},
		{"Digits", "1234567890"},
		{"DottedDigits", "1.2."},
		{"AtSigns", "a@"},
		{"Hex", "deadbeef"},
		{"Colons", "a:"},
		{"Backslashes", `HKLM\`},
		{"Countries", "China; Iran, "},
		{"Vendors", "CrowdStrike denied "},
		{"Numbers", "13 companies "},
		{"EmailsAndIPv6InOneToken", "ab@cd.com:1::2:"},
		{"URLsOnOneLine", "http://a.com/x "},
		{"HexPath", "deadbeef/"},
		{"HalfBrackets", "a].b.]c[1].d "},
		{"SectorThemes", "energy, finance and health themes "},
		{"Prose", "The group sent spear-phishing emails to telecom operators in Europe. "},
	} {
		text := strings.Repeat(tc.unit, size/len(tc.unit))
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			reportCPU(b, len(text), func() { extract.Extract(text, nil) })
		})
	}
}
