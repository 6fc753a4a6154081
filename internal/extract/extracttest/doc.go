// Package extracttest builds evaluation and benchmark dictionaries from the
// shared data: ATT&CK names and aliases, the MISP threat-actor galaxy, and
// the sector taxonomy file of the knowledge package. It is used by
// cmd/evalextract and the package's benchmarks, never by the binary. Of
// the module it imports internal/extract only; the taxonomy file is read
// from disk, not through the knowledge package.
package extracttest
