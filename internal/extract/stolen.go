package extract

import (
	"slices"
	"sort"
	"strings"
)

// stolenKinds maps how texts name stolen data to one label each.
var stolenKinds = []struct{ phrase, label string }{
	{"call detail records", "call records"}, {"call records", "call records"}, {"phone records", "call records"},
	{"call logs", "call records"}, {"cdrs", "call records"}, {"call recordings", "call recordings"},
	{"text messages", "SMS"}, {"sms", "SMS"}, {"metadata", "metadata"},
	{"credentials", "credentials"}, {"passwords", "credentials"}, {"payment data", "payment data"},
	{"credit card", "payment data"}, {"personal data", "personal data"}, {"personally identifiable", "personal data"},
	{"source code", "source code"}, {"emails", "emails"}, {"location data", "location data"},
	{"intellectual property", "intellectual property"}, {"customer data", "customer data"},
}

var stealCues = []string{"steal", "stole", "exfiltrat", "theft", "leak", "dump", "harvest", "sell", "sold", "siphon"}

// StolenData returns the kinds of data text says were stolen ("call
// records", "SMS", "credentials"...), in order of first mention: phrases
// in sentences that speak of stealing, leaking or selling. Never nil.
func StolenData(text string) []string {
	type hit struct {
		at    int
		label string
	}
	var hits []hit
	sents := splitSentences(text)
	for i, start := range sents.starts {
		end := len(text)
		if i+1 < len(sents.starts) {
			end = sents.starts[i+1]
		}
		// A line is a scope too: the splitter joins the items of a
		// numbered list ("1.The attack ... emails.\n2.Lures use email
		// info stolen ..."), which say separate things.
		for start < end {
			stop := strings.IndexByte(text[start:end], '\n') + 1
			if stop == 0 {
				stop = end - start
			}
			low := strings.ToLower(text[start : start+stop])
			if containsAny(low, stealCues) {
				for _, k := range stolenKinds {
					if j := wordIndex(low, k.phrase); j >= 0 {
						hits = append(hits, hit{start + j, k.label})
					}
				}
			}
			start += stop
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	out := []string{}
	for _, h := range hits {
		if !slices.Contains(out, h.label) {
			out = append(out, h.label)
		}
	}
	return out
}

// wordIndex finds phrase in s on word boundaries; -1 when absent.
func wordIndex(s, phrase string) int {
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], phrase)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(phrase)
		if (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end])) {
			return i
		}
		off = i + 1
	}
	return -1
}
