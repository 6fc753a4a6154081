package extract

import "strings"

// Built-in geography: every country's common names and demonyms, and the
// regions reports talk about. One line per place: the canonical name first,
// then other surface forms, separated by "|". Lines starting with "R " are
// regions. "China-based" and "Chinese-speaking" need no entry: the match of
// "China"/"Chinese" stops at the hyphen.
const geoTable = `
Afghanistan|Afghan|Afghans
Albania|Albanian
Algeria|Algerian
Andorra|Andorran
Angola|Angolan
Argentina|Argentine|Argentinian
Armenia|Armenian
Australia|Australian|Australians
Austria|Austrian
Azerbaijan|Azerbaijani|Azeri
Bahrain|Bahraini
Bangladesh|Bangladeshi
Belarus|Belarusian|Belarussian
Belgium|Belgian
Benin|Beninese
Bhutan|Bhutanese
Bolivia|Bolivian
Bosnia and Herzegovina|Bosnia|Bosnian
Botswana|Botswanan
Brazil|Brazilian|Brasil
Brunei|Bruneian
Bulgaria|Bulgarian
Burkina Faso
Cambodia|Cambodian
Cameroon|Cameroonian
Canada|Canadian|Canadians
Chad|Chadian
Chile|Chilean
China|Chinese|PRC|People's Republic of China|Mainland China
Colombia|Colombian
Costa Rica|Costa Rican
Croatia|Croatian
Cuba|Cuban
Cyprus|Cypriot
Czech Republic|Czechia|Czech
Denmark|Danish
Djibouti
Dominican Republic|Dominican
Ecuador|Ecuadorian
Egypt|Egyptian
El Salvador|Salvadoran
Estonia|Estonian
Eswatini|Swaziland
Ethiopia|Ethiopian
Finland|Finnish
France|French
Gabon|Gabonese
Georgia|Georgian
Germany|German|Germans
Ghana|Ghanaian
Greece|Greek
Guatemala|Guatemalan
Guinea|Guinean
Haiti|Haitian
Honduras|Honduran
Hong Kong
Hungary|Hungarian
Iceland|Icelandic
India|Indian|Indians
Indonesia|Indonesian
Iran|Iranian|Iranians|Islamic Republic of Iran|Persian
Iraq|Iraqi
Ireland|Irish
Israel|Israeli|Israelis
Italy|Italian
Ivory Coast|Côte d'Ivoire|Ivorian
Jamaica|Jamaican
Japan|Japanese
Jordan|Jordanian
Kazakhstan|Kazakh|Kazakhstani
Kenya|Kenyan
Kosovo|Kosovar
Kuwait|Kuwaiti
Kyrgyzstan|Kyrgyz
Laos|Lao|Laotian
Latvia|Latvian
Lebanon|Lebanese
Libya|Libyan
Liechtenstein
Lithuania|Lithuanian
Luxembourg|Luxembourgish
Macau|Macao
Madagascar|Malagasy
Malawi|Malawian
Malaysia|Malaysian
Maldives|Maldivian
Mali|Malian
Malta|Maltese
Mauritania|Mauritanian
Mauritius|Mauritian
Mexico|Mexican
Moldova|Moldovan
Monaco|Monegasque
Mongolia|Mongolian
Montenegro|Montenegrin
Morocco|Moroccan
Mozambique|Mozambican
Myanmar|Burma|Burmese
Namibia|Namibian
Nepal|Nepalese|Nepali
Netherlands|Dutch|Holland|The Netherlands
New Zealand
Nicaragua|Nicaraguan
Niger
Nigeria|Nigerian
North Korea|DPRK|Democratic People's Republic of Korea|North Korean|North Koreans
North Macedonia|Macedonia|Macedonian
Norway|Norwegian
Oman|Omani
Pakistan|Pakistani
Palestine|Palestinian|Palestinians|Gaza|West Bank
Panama|Panamanian
Papua New Guinea
Paraguay|Paraguayan
Peru|Peruvian
Philippines|Filipino|Philippine
Poland|Polish
Portugal|Portuguese
Qatar|Qatari
Romania|Romanian
Russia|Russian|Russians|Russian Federation
Rwanda|Rwandan
Saudi Arabia|Saudi|Saudis|KSA
Senegal|Senegalese
Serbia|Serbian
Singapore|Singaporean
Slovakia|Slovak|Slovakian
Slovenia|Slovenian|Slovene
Somalia|Somali
South Africa|South African
South Korea|Republic of Korea|South Korean|South Koreans
South Sudan
Spain|Spanish
Sri Lanka|Sri Lankan
Sudan|Sudanese
Sweden|Swedish|Swede
Switzerland|Swiss
Syria|Syrian
Taiwan|Taiwanese
Tajikistan|Tajik
Tanzania|Tanzanian
Thailand|Thai
Tunisia|Tunisian
Turkey|Turkish|Türkiye|Turkiye
Turkmenistan|Turkmen
Uganda|Ugandan
Ukraine|Ukrainian|Ukrainians
United Arab Emirates|UAE|Emirati|U.A.E.
United Kingdom|UK|U.K.|Britain|Great Britain|British|England|Scotland|Scottish|Wales|Welsh
United States|US|U.S.|USA|U.S.A.|United States of America|America|American|Americans
Uruguay|Uruguayan
Uzbekistan|Uzbek
Venezuela|Venezuelan
Vietnam|Viet Nam|Vietnamese
Yemen|Yemeni
Zambia|Zambian
Zimbabwe|Zimbabwean
R Africa|African
R Asia|Asian
R Europe|European|Europeans
R Middle East|Middle Eastern|MENA
R Latin America|Latin American
R South America|South American
R North America|North American
R Southeast Asia|South-East Asia|Southeast Asian|ASEAN
R East Asia|East Asian
R South Asia|South Asian
R Central Asia|Central Asian
R Eastern Europe|Eastern European
R Western Europe|Western European
R Balkans|Balkan
R Caucasus
R Gulf|Persian Gulf|Gulf states|GCC
R Scandinavia|Scandinavian|Nordic|Nordics
R Asia-Pacific|Asia Pacific|APAC
R Sub-Saharan Africa
R Commonwealth of Independent States|CIS
R European Union|EU
R NATO
R Korean Peninsula
`

// geoEntries turns geoTable into dictionary entries.
func geoEntries() []Entry {
	var out []Entry
	for _, line := range strings.Split(geoTable, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		kind := KindCountry
		if strings.HasPrefix(line, "R ") {
			kind = KindRegion
			line = line[2:]
		}
		names := strings.Split(line, "|")
		for _, n := range names {
			out = append(out, Entry{Kind: kind, Name: n, Canonical: names[0], ID: names[0]})
		}
	}
	return out
}
