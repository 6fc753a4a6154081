package main

import (
	"flag"

	"github.com/telltale-cti/telltale/internal/stix"
)

// limitFlags adds the flags that bound what one input may hold (see the
// README's Security section) to fs, for the commands that import: the
// limits they return apply to files, the API, the web form and TAXII.
func limitFlags(fs *flag.FlagSet) *stix.Limits {
	l := stix.Limits{}.WithDefaults()
	fs.IntVar(&l.MaxObjects, "max-objects", l.MaxObjects, "most objects in one bundle or TAXII envelope (-1: no limit)")
	fs.Int64Var(&l.MaxObjectSize, "max-object-bytes", l.MaxObjectSize, "most bytes in one object, compacted")
	fs.IntVar(&l.MaxListItems, "max-list-items", l.MaxListItems, "most items in any list, or properties in any JSON object, of one object (-1: no limit)")
	fs.IntVar(&l.MaxAliases, "max-aliases", l.MaxAliases, "most aliases (aliases, x_mitre_aliases, x_opencti_aliases) of one object (-1: no limit)")
	fs.IntVar(&l.MaxNameBytes, "max-name-bytes", l.MaxNameBytes, "most bytes in an object's name and in each alias (-1: no limit)")
	fs.IntVar(&l.MaxStringBytes, "max-string-bytes", l.MaxStringBytes, "most bytes in any other string value (-1: no limit)")
	return &l
}
