// Package extract turns the text of a threat report into mentions: a pure,
// deterministic function from text to what the text says, offline. It owns
// the indicator scanner, the name matcher and the document readers; it
// knows nothing of the store or the knowledge layer (which feed it names
// and turn its results into STIX), and imports neither; its only internal
// imports are the root package, whose mention types (telltale.Mention,
// Indicator, ...) its Result holds and whose TextReader it implements
// (Reader, reader.go: how the knowledge layer reads texts), and
// internal/geo, the country and region table it shares with the MISP
// adapter and ingestion.
//
// # Use
//
//	d := extract.NewDictionary(entries) // once; read-only, safe to share
//	text, err := extract.Read(r, extract.Detect(contentType, nameOrURL, head), pageURL)
//	res := extract.ExtractWith(text, d, extract.Options{Publisher: pageURL})
//
// NewDictionary(entries []Entry) compiles the caller's names: actors
// (every alias, Canonical = the cluster's name), malware, tools, campaigns,
// sectors (names, aliases and phrasings such as "telecom operators"),
// organisations, and ATT&CK technique names (Kind "technique", ID =
// "T1566.001"). Built in are countries, regions and demonyms
// ("China-based", "Iranian"; from package geo, each named as its STIX
// location is, so "Macau" is "Macao"), cities, security vendors,
// agencies and news organisations, and phrases that describe techniques in
// words. Matching is Aho-Corasick (hand-written: dense rows for the
// shallow states, packed sparse records for the deep ones, anchored at word
// starts), on word boundaries; stop words ("will", "victim", "Ocean") and generic security
// words never match; short acronyms (ATK51) match only in the case they
// are written; names that are also English words (Silence, Maze) match
// only capitalised, inside a sentence, and in a text where one occurrence
// has a context word next to it ("Maze ransomware", "the Silence group").
// Names inside a URL or a Markdown link target are not mentions. A sector
// counts only as a sector of victims or of interest: its sentence must
// speak of attacks, targets or organisations; a sector named as a disguise
// ("impersonating banks"), a sponsor ("government-backed"), part of a
// proper name ("Department of Health", "Michigan State University") or a
// modifier ("insurance claim", "bank account") does not count; responders
// (law enforcement, security vendors) need a sentence about attacks or
// victims; a sector name the caller left out as too generic ("Defense",
// "Military") counts only inside a list of sectors; and "various sectors"
// only when none is named beside it.
//
// Extract(text, d) and ExtractWith(text, d, opts) return a *Result (see
// its JSON shape): indicators (IPv4/IPv6 with CIDR, domains checked
// against the public suffix list, URLs, emails, MD5/SHA-1/SHA-256/SHA-512,
// CVE ids, ATT&CK technique/tactic/group/software/campaign ids, bitcoin and
// ethereum addresses, registry keys, file names), each refanged and
// normalised, with a Warning when it is probably benign (private or
// documentation address, the publisher's or a security vendor's own site,
// reference links, well-known services); actors, malware, tools,
// campaigns, sectors, countries and organisations by canonical name;
// techniques by id, name or phrase; CVEs; victim counts ("13
// telecommunications companies", "millions of subscribers"); and
// attribution claims with their polarity (asserted, hedged, negated,
// denied), subject, object, who makes them and the evidence sentence. Each
// item carries its exact byte span [Start, End) in text and its sentence.
// A negated or denied sentence never yields an asserted claim.
//
// ScanIndicators(text) and (*Dictionary).Match(text) are the two halves
// alone, for callers that need only one. Names and TechniqueIDs turn the
// per-occurrence lists into distinct values. StolenData(text) lists the
// kinds of data a text says were stolen (call records, SMS, credentials),
// scoped by the same sentence splitter as the claims.
//
// Read, ReadHTML, ReadPDF and ReadText return plain text: HTML keeps the
// main content (go-readability) with navigation, scripts and styles
// dropped; PDF text comes from a pure-Go reader; Markdown and text are
// returned as valid UTF-8. Malformed documents give errors, never panics.
// HTMLText is the text of an HTML fragment (a feed item's content), all of
// it, rendered as ReadHTML renders an article. These are the only HTML
// readers and the only sentence splitter: ingestion uses them.
//
// The scanner is linear in its input whatever it holds (a 10 MB line of
// dots, brackets or digits included); see bench_test.go and
// scripts/bench-extract. Accuracy on the shared development data is
// printed by scripts/eval-extract.
package extract
