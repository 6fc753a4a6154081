// Package stix is the STIX 2.1 wire format: decoding bundles as a stream
// (decode.go), keeping every object byte for byte (object.go), validating
// what the specification requires in agreement with the OASIS validator
// (validate.go, validate_sco.go, pattern.go), building deterministic
// identifiers (id.go), encoding bundles (encode.go), and the typed objects
// (Common embedded in Identity, Relationship, Report, ...; typed.go,
// objects.go) that are the one way the module builds STIX objects,
// keeping the properties a type does not declare on a round trip.
//
// It imports only the standard library and knows nothing of the store or of
// Telltale's domain views. Its subpackage schema checks objects against the
// OASIS JSON schemas, for tests of what Telltale exports.
package stix
