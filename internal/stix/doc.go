// Package stix is the STIX 2.1 wire format: decoding bundles as a stream
// (decode.go), keeping every object byte for byte (object.go), validating
// what the specification requires in agreement with the OASIS validator
// (validate.go, validate_sco.go, pattern.go), building deterministic
// identifiers (id.go) and encoding bundles (encode.go).
//
// It imports only the standard library and knows nothing of the store or of
// Telltale's domain views. Its subpackage schema checks objects against the
// OASIS JSON schemas, for tests of what Telltale exports.
package stix
