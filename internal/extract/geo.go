package extract

import (
	"strings"

	"github.com/telltale-cti/telltale/internal/geo"
)

// Cities, provinces and territories that reports name for their country.
// Each line: the country's ISO code (see package geo), then places.
const placeTable = `
CN|Beijing|Shanghai|Guangzhou|Shenzhen|Chengdu|Wuhan|Tianjin|Hangzhou|Nanjing|Xinjiang|Tibet|Guangdong|Sichuan|Hainan|Fujian|Zhejiang|Jiangsu
RU|Moscow|St. Petersburg|Saint Petersburg|Kremlin|Novosibirsk|Yekaterinburg
IR|Tehran|Isfahan|Mashhad|Shiraz|Tabriz
KP|Pyongyang
KR|Seoul|Busan
JP|Tokyo|Osaka|Kyoto|Yokohama
TW|Taipei|Kaohsiung
HK|Kowloon
IN|New Delhi|Delhi|Mumbai|Bangalore|Bengaluru|Chennai|Hyderabad|Kolkata|Kashmir
PK|Islamabad|Karachi|Lahore|Rawalpindi
AF|Kabul|Kandahar
NP|Kathmandu
BD|Dhaka
LK|Colombo
PH|Manila
VN|Hanoi|Ho Chi Minh City|Saigon
TH|Bangkok
MY|Kuala Lumpur
ID|Jakarta
Singapore
MM|Yangon|Naypyidaw
KH|Phnom Penh
MN|Ulaanbaatar
KZ|Astana|Almaty
UZ|Tashkent
UA|Kyiv|Kiev|Kharkiv|Odesa|Odessa|Lviv|Donbas|Donetsk|Luhansk|Crimea
BY|Minsk
GE|Tbilisi
AM|Yerevan
AZ|Baku
TR|Ankara|Istanbul
IL|Jerusalem|Tel Aviv|Haifa
PS|Ramallah
LB|Beirut
SY|Damascus|Aleppo
IQ|Baghdad|Basra|Erbil|Kurdistan
JO|Amman
SA|Riyadh|Jeddah|Mecca
AE|Dubai|Abu Dhabi
QA|Doha
KW|Kuwait City
BH|Manama
OM|Muscat
YE|Sanaa|Aden
EG|Cairo|Alexandria
LY|Tripoli|Benghazi
TN|Tunis
DZ|Algiers
MA|Rabat|Casablanca
NG|Lagos|Abuja
KE|Nairobi
ET|Addis Ababa
ZA|Johannesburg|Pretoria|Cape Town
GR|Athens|Piraeus|Thessaloniki
CY|Nicosia
GB|London|Manchester|Edinburgh|Birmingham
FR|Paris|Marseille|Lyon
DE|Berlin|Munich|Frankfurt|Hamburg|Cologne
IT|Rome|Milan|Naples|Turin
ES|Madrid|Barcelona
PT|Lisbon
NL|Amsterdam|The Hague|Rotterdam
BE|Brussels|Antwerp
CH|Geneva|Zurich|Bern
AT|Vienna
PL|Warsaw|Krakow
CZ|Prague
HU|Budapest
RO|Bucharest
BG|Sofia
RS|Belgrade
SE|Stockholm
NO|Oslo
DK|Copenhagen
FI|Helsinki
EE|Tallinn
LV|Riga
LT|Vilnius
IE|Dublin
MD|Chisinau
US|Washington|Washington, D.C.|New York|California|Texas|Virginia|Florida|Silicon Valley|San Francisco|Los Angeles|Chicago|Seattle|Boston|New Jersey
CA|Ottawa|Toronto|Montreal|Vancouver|Quebec
MX|Mexico City
BR|Brasilia|Sao Paulo|São Paulo|Rio de Janeiro
AR|Buenos Aires
CO|Bogota|Bogotá
CL|Santiago
PE|Lima
VE|Caracas
AU|Canberra|Sydney|Melbourne|Perth|Brisbane
NZ|Wellington|Auckland
`

// geoEntries turns the countries and regions of package geo, and
// placeTable, into dictionary entries. A country's prose forms are its name,
// other names and demonyms with their plurals; its data forms (UN list
// forms, other scripts) are not matched in text. "China-based" and
// "Chinese-speaking" need no entry: the match of "China"/"Chinese" stops at
// the hyphen.
func geoEntries() []Entry {
	var out []Entry
	add := func(kind, canonical string, names []string, plural bool) {
		for _, n := range names {
			out = append(out, Entry{Kind: kind, Name: n, Canonical: canonical, ID: canonical})
			if p := demonymPlural(n); plural && p != "" {
				out = append(out, Entry{Kind: kind, Name: p, Canonical: canonical, ID: canonical})
			}
		}
	}
	for _, line := range strings.Split(placeTable, "\n") {
		places := strings.Split(strings.TrimSpace(line), "|")
		if len(places) < 2 {
			continue
		}
		c, ok := geo.CountryByCode(places[0])
		if !ok {
			panic("extract: placeTable: unknown country code " + places[0]) // every dictionary test would fail
		}
		add(KindCountry, c.Name, places[1:], false)
	}
	for _, c := range geo.Countries() {
		add(KindCountry, c.Name, append([]string{c.Name}, c.Names...), false)
		add(KindCountry, c.Name, c.Demonyms, true)
	}
	for _, r := range geo.Regions() {
		add(KindRegion, r.Name, append([]string{r.Name}, r.Names...), false)
		add(KindRegion, r.Name, r.Adjectives, true)
	}
	return out
}

// demonymPlural returns the plural of a demonym that takes an "s"
// (Cypriots, Greeks, Iraqis, Filipinos, South Koreans), or "".
func demonymPlural(n string) string {
	last := n[strings.LastIndexByte(n, ' ')+1:]
	if strings.Contains(n, ".") || len(last) < 4 || isAcronym(last) || strings.HasSuffix(last, "s") {
		return ""
	}
	for _, end := range []string{"an", "i", "ot", "k", "o", "e", "er"} {
		if strings.HasSuffix(last, end) && !strings.HasSuffix(last, "ese") && !strings.HasSuffix(last, "ish") {
			return n + "s"
		}
	}
	return ""
}
