package telltale_test

import (
	"strings"
	"testing"

	"github.com/telltale-cti/telltale"
)

func TestCheckText(t *testing.T) {
	late := strings.Repeat("a", 8000) + "\x00"
	for _, tc := range []struct {
		name, text string
		want       string // the error's code; "" for none
	}{
		{"ELFHeaderInvalid", "\x00\x01ELF APT28 used X-Agent.", telltale.EINVALID},
		{"NULInTheMiddleInvalid", "APT28\x00used X-Agent", telltale.EINVALID},
		{"TextOK", "APT28 used X-Agent \xff\xfe.", ""},
		{"EmptyOK", "", ""},
		{"NULAfter8000BytesOK", late, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, err := range []error{telltale.CheckText(tc.text), telltale.CheckText([]byte(tc.text))} {
				got := ""
				if err != nil {
					got = telltale.ErrorCode(err)
				}
				if got != tc.want {
					t.Errorf("code %q (%v), want %q", got, err, tc.want)
				}
			}
		})
	}
}
