// Package update finds, fetches and verifies the public releases Telltale
// imports on a first start: the ATT&CK STIX 2.1 bundle of one domain
// (Enterprise by default) and the MISP galaxy cluster files the MISP
// adapter converts. It reads them from their public locations, from a
// mirror served over HTTP, or from a directory, both laid out like the
// shared test data (attack/index.json, attack/<bundle>.json,
// misp-galaxy/clusters/<galaxy>.json, misp-galaxy/SHA256SUMS).
//
// Nothing here writes to the knowledge: the caller imports the files once
// every one of them is fetched and verified, so a file that cannot be
// fetched or fails verification leaves the database untouched.
//
// It imports the standard library and internal/fetch only.
package update
