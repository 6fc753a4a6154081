// Package scale writes the synthetic indicator feed the scale benchmarks
// import (issue #17): a deterministic STIX 2.1 bundle of any size, streamed
// in constant memory, whose indicators point at real ATT&CK actors and
// malware and whose targeting points at the sector taxonomy.
//
// Every object is a function of the seed and its position, so the same
// options write the same bytes, and a later version of an indicator is
// written by computing the indicator again rather than remembering it.
//
// Of the module it imports internal/stix and internal/knowledge (the
// sector taxonomy), and may import the root package; never the store or
// the importer, which read what it writes as any bundle.
package scale
