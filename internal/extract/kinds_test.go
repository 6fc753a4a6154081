package extract

import (
	"strings"
	"testing"
)

// A name that is both a group's and a software's is read as the software
// next to a word for software, as the group next to a word for people,
// and as both where the text does not say.
func TestSameNameKinds(t *testing.T) {
	d := NewDictionary([]Entry{
		{Kind: KindActor, Name: "Quillfish", Canonical: "Quillfish", ID: "G9001"},
		{Kind: KindMalware, Name: "Quillfish", Canonical: "Quillfish", ID: "S9001"},
		{Kind: KindActor, Name: "Ravenmoor", Canonical: "APT99", ID: "G9002"},
		{Kind: KindMalware, Name: "Ravenmoor", Canonical: "MOORLOADER", ID: "S9002"},
	})
	for _, c := range []struct{ text, want string }{
		{"Analysts pulled apart the Quillfish backdoor found on two servers.", "malware:Quillfish"},
		{"The operators then planted the implant Quillfish on a file server.", "malware:Quillfish"},
		{"The Quillfish group moved money out of three banks.", "actor:Quillfish"},
		{"Ravenmoor operators phished the ministry, as the Ravenmoor samples show.", "actor:APT99 malware:MOORLOADER"},
		{"Quillfish stole money from three banks.", "actor:Quillfish malware:Quillfish"},
		{"The intruders installed the backdoor, Quillfish, on two servers.", "malware:Quillfish"},
		{"Responders found Quillfish, a custom backdoor, on two servers.", "malware:Quillfish"},
		{"Analysts now blame Quillfish, the group behind the bank thefts.", "actor:Quillfish"},
	} {
		r := Extract(c.text, d)
		var got []string
		for _, m := range r.Actors {
			got = append(got, "actor:"+m.Name)
		}
		for _, m := range r.Malware {
			got = append(got, "malware:"+m.Name)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q: got %q, want %q", c.text, strings.Join(got, " "), c.want)
		}
	}
}
