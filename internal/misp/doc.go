// Package misp turns MISP galaxy cluster files (clusters/*.json of
// github.com/MISP/misp-galaxy) into STIX 2.1 objects. It owns the mapping
// from the galaxies Telltale reads to STIX; the importer owns everything
// around it (validation, versioning, storage). An adapter, it may import
// only the root package, internal/stix and internal/geo (the country
// table), never the store or a domain service: the sector taxonomy, name
// folding and the Telltale identity it uses are the root package's.
//
// # Galaxies
//
//	threat-actor, 360net-threat-actor  an intrusion-set per value, with its origin and targets
//	mitre-intrusion-set                no object of its own (see ATT&CK groups): its links only
//	malpedia                           a malware (is_family true) per value
//	producer                           an identity (organization) per value
//	sector                             the taxonomy's sector the value resolves to, else a sector of its own
//	country                            a country location per value
//
// # Identifiers
//
// A value's uuid becomes the id of the object made from it, lower-cased:
// intrusion-set--<uuid>, malware--<uuid>, identity--<uuid> (producers). A
// uuid that is a UUID but not of version 1 to 5 (threat-actor.json has one
// UUIDv7) gets the UUIDv5 of {"x_misp_uuid": uuid} instead, so the id stays
// valid STIX and stable. Objects that several values or files share get the
// deterministic ids of internal/stix and the same content whichever file
// emits them, so importing another file never makes a new version of them.
//
// # ATT&CK groups
//
// The uuids of the mitre-intrusion-set galaxy are the ids of ATT&CK's
// intrusion sets (189 of its 191 values are in ATT&CK 18.1; the other two
// are newer groups): they are the same objects. Those objects belong to
// MITRE and come from the ATT&CK import, so this package never writes an
// object with such an id: a MISP-made version would compete with MITRE's by
// modified (becoming current whenever it is newer, or sitting in MITRE's
// history otherwise) and break the rule that only an object's creator
// versions it. From that galaxy only MISP's own knowledge is kept: its links
// to clusters of the other actor galaxies ("similar"), as relationships
// whose source_ref is the ATT&CK id. Revoked values and the "revoked-by" and
// "uses" links are left out: ATT&CK carries them. The uuids of the
// threat-actor and 360net galaxies are MISP's own (none equals an ATT&CK id)
// and become intrusion sets of their own, which the knowledge layer
// clusters with the ATT&CK groups through shared aliases (MISP's MuddyWater
// lists G0069) and these links.
//
// # Names
//
// An intrusion set's aliases are the value's synonyms plus the names of the
// meta "name-attribution" ("Name:<producer uuid>") and "origin:Name"
// entries. Each name also rides in x_telltale_alias_claims as
// {"name", "named_by", "named_by_ref"}: named_by is the vendor when the file
// names it ("origin:Earth Vetala": "Trend Micro"); named_by_ref is
// "identity--<producer uuid>" for a name-attribution entry, the id the
// producer galaxy's own import gives the vendor (so "Static Kitten" is
// named_by_ref identity--f9eb432f-..., which producer.json makes
// CrowdStrike). Vendor names are thus resolved at read time from the
// producer objects, never from a copy of producer.json kept here. Names no
// entry attributes get a claim without a name-giver. The value's own name is
// not an alias, but gets a claim when an entry attributes it.
//
// # Origin, motivation, targets
//
// Meta "country" (an ISO 3166 code, or a name in the 360net galaxy) and
// "cfr-suspected-state-sponsor" become "originates-from" relationships to
// country locations, with confidence from "attribution-confidence"; the
// countries of "cfr-suspected-victims" and "suspected-victims" become
// "targets" relationships to country locations. Country names are resolved
// with package geo's ISO 3166 table, the one the extractor reads (English
// short names, other names, the UN forms CFR uses, the Chinese names of the
// 360net galaxy); regions, organizations and unknown places make no
// relationship and stay in x_misp_meta.
// "cfr-type-of-incident" and "motive" map onto attack-motivation-ov
// (primary_motivation, secondary_motivations): espionage to
// organizational-gain, financial crime to personal-gain, hacktivism to
// ideology, sabotage to dominance; the originals stay in x_misp_motivations.
// Sector names ("cfr-target-category", "targeted-sector", "target-category";
// the Chinese ones of the 360net galaxy through a small translation table)
// become "targets" relationships to the taxonomy node
// telltale.ResolveSector finds; a name it does not know gets a sector
// identity of its own (stix.IdentityID(name, "class"), made by MISP).
// "Unknown", "Other" and "Multi-sector" name no sector.
//
// # Reference objects
//
// Country locations and taxonomy sectors are reference objects every source
// shares, so they are Telltale's: emitted exactly as the knowledge package
// ships them (telltale.SectorObject; the country locations of its starter
// bundle, byte for byte), after the Telltale identity, once per file and
// only when referred to. A MISP import thus never dangles a reference and
// never makes a second version of them.
//
// # Links between clusters
//
// A value's "related" entries are kept verbatim in x_misp_related and become
// relationships (MISP's relationship type, confidence from the
// estimative-language tag on the WEP scale) when the target's STIX type is
// known: a value of the same file; else, from an actor galaxy, an
// actor-to-actor link ("similar", "overlaps"...) is taken to point at an
// intrusion set (every MISP actor galaxy and ATT&CK make intrusion sets)
// and a "uses"-like link at a malware family. Two of the 284 "similar" links
// of threat-actor.json point at Malpedia clusters and so end on an
// intrusion-set id no object has; such a relationship, and any to a galaxy
// not imported, is left out of exports (stix.ResolveRefs) until an object
// with its target's id is stored. "targets" links are not followed: the
// meta properties carry the targets.
//
// # Provenance and time
//
// Every other object has created_by_ref the "MISP Project" organization
// identity (emitted first, MISPID), created and modified fixed at Epoch, and
// external references: the value's uuid (source_name
// "misp-galaxy:<galaxy type>", external_id) followed by each of its refs URLs
// (same source_name). Relationships carry the uuid of the value they were
// read from. The meta properties not mapped losslessly elsewhere ride in
// x_misp_meta. Converting the same file twice gives byte-identical output;
// when a galaxy changes, the importer's derived mode moves modified forward
// for the objects whose content changed.
//
// # Errors
//
// A file that is not JSON, is cut short, has trailing data, or whose header
// is wrong ends the conversion with a *telltale.Error (EINVALID) naming the
// file, and the value when inside one. A single malformed value (property of
// the wrong type, invalid UTF-8, missing or malformed uuid or name,
// duplicate uuid) is skipped and passed to reject as a *ValueError naming
// the file, the value's index and uuid, and the reason; the rest of the file
// converts.
package misp
