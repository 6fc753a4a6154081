// Package geo owns Telltale's geography: the countries (ISO 3166-1 codes,
// the English short name that names each country's STIX location, other
// names and spellings, demonyms) and the regions reports talk about. It is
// the one table that the extractor (names in prose), the MISP adapter
// (codes and names in galaxies) and ingestion (the locations a report
// links) read, so a country has one location whatever path names it.
//
// The data lives in countries.tsv and regions.tsv, embedded. The package
// imports only the standard library; the location ids themselves are
// stix.LocationID(Name, "Country") and stix.LocationID(Name, "Region").
package geo
