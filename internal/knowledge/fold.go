package knowledge

import "github.com/telltale-cti/telltale"

// Fold returns the key under which names are matched (telltale.Fold, the
// one folding of the program: the store keys names with it too).
func Fold(name string) string { return telltale.Fold(name) }
