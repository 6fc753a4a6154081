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
Czechia|Czech Republic|Czech
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
R Mediterranean|Eastern Mediterranean|East Med
R Baltic|Baltics|Baltic states
R Horn of Africa
R Levant
`

// Cities, provinces and territories that reports name for their country.
// Each line: country, then places.
const placeTable = `
China|Beijing|Shanghai|Guangzhou|Shenzhen|Chengdu|Wuhan|Tianjin|Hangzhou|Nanjing|Xinjiang|Tibet|Guangdong|Sichuan|Hainan|Fujian|Zhejiang|Jiangsu
Russia|Moscow|St. Petersburg|Saint Petersburg|Kremlin|Novosibirsk|Yekaterinburg
Iran|Tehran|Isfahan|Mashhad|Shiraz|Tabriz
North Korea|Pyongyang
South Korea|Seoul|Busan
Japan|Tokyo|Osaka|Kyoto|Yokohama
Taiwan|Taipei|Kaohsiung
Hong Kong|Kowloon
India|New Delhi|Delhi|Mumbai|Bangalore|Bengaluru|Chennai|Hyderabad|Kolkata|Kashmir
Pakistan|Islamabad|Karachi|Lahore|Rawalpindi
Afghanistan|Kabul|Kandahar
Nepal|Kathmandu
Bangladesh|Dhaka
Sri Lanka|Colombo
Philippines|Manila|Filipinos
Vietnam|Hanoi|Ho Chi Minh City|Saigon
Thailand|Bangkok
Malaysia|Kuala Lumpur
Indonesia|Jakarta
Singapore
Myanmar|Yangon|Naypyidaw
Cambodia|Phnom Penh
Mongolia|Ulaanbaatar
Kazakhstan|Astana|Almaty
Uzbekistan|Tashkent
Ukraine|Kyiv|Kiev|Kharkiv|Odesa|Odessa|Lviv|Donbas|Donetsk|Luhansk|Crimea
Belarus|Minsk
Georgia|Tbilisi
Armenia|Yerevan
Azerbaijan|Baku
Turkey|Ankara|Istanbul
Israel|Jerusalem|Tel Aviv|Haifa
Palestine|Ramallah
Lebanon|Beirut
Syria|Damascus|Aleppo
Iraq|Baghdad|Basra|Erbil|Kurdistan
Jordan|Amman
Saudi Arabia|Riyadh|Jeddah|Mecca
United Arab Emirates|Dubai|Abu Dhabi
Qatar|Doha
Kuwait|Kuwait City
Bahrain|Manama
Oman|Muscat
Yemen|Sanaa|Aden
Egypt|Cairo|Alexandria
Libya|Tripoli|Benghazi
Tunisia|Tunis
Algeria|Algiers
Morocco|Rabat|Casablanca
Nigeria|Lagos|Abuja
Kenya|Nairobi
Ethiopia|Addis Ababa
South Africa|Johannesburg|Pretoria|Cape Town
Greece|Athens|Piraeus|Thessaloniki|Greeks
Cyprus|Nicosia|Cypriots
United Kingdom|London|Manchester|Edinburgh|Birmingham
France|Paris|Marseille|Lyon
Germany|Berlin|Munich|Frankfurt|Hamburg|Cologne
Italy|Rome|Milan|Naples|Turin
Spain|Madrid|Barcelona
Portugal|Lisbon
Netherlands|Amsterdam|The Hague|Rotterdam
Belgium|Brussels|Antwerp
Switzerland|Geneva|Zurich|Bern
Austria|Vienna
Poland|Warsaw|Krakow
Czechia|Prague
Hungary|Budapest
Romania|Bucharest
Bulgaria|Sofia
Serbia|Belgrade
Sweden|Stockholm
Norway|Oslo
Denmark|Copenhagen
Finland|Helsinki
Estonia|Tallinn
Latvia|Riga
Lithuania|Vilnius
Ireland|Dublin
Moldova|Chisinau
United States|Washington|Washington, D.C.|New York|California|Texas|Virginia|Florida|Silicon Valley|San Francisco|Los Angeles|Chicago|Seattle|Boston
Canada|Ottawa|Toronto|Montreal|Vancouver|Quebec
Mexico|Mexico City
Brazil|Brasilia|Sao Paulo|São Paulo|Rio de Janeiro
Argentina|Buenos Aires
Colombia|Bogota|Bogotá
Chile|Santiago
Peru|Lima
Venezuela|Caracas
Australia|Canberra|Sydney|Melbourne|Perth|Brisbane
New Zealand|Wellington|Auckland
`

// geoEntries turns geoTable and placeTable into dictionary entries.
func geoEntries() []Entry {
	var out []Entry
	for _, line := range strings.Split(placeTable, "\n") {
		places := strings.Split(strings.TrimSpace(line), "|")
		for _, p := range places[1:] {
			out = append(out, Entry{Kind: KindCountry, Name: p, Canonical: places[0], ID: places[0]})
		}
	}
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
		for i, n := range names {
			out = append(out, Entry{Kind: kind, Name: n, Canonical: names[0], ID: names[0]})
			if p := demonymPlural(n); i > 0 && p != "" {
				out = append(out, Entry{Kind: kind, Name: p, Canonical: names[0], ID: names[0]})
			}
		}
	}
	return out
}

// demonymPlural returns the plural of a one-word demonym that takes an
// "s" (Cypriot, Greek, Iraqi, Filipino), or "".
func demonymPlural(n string) string {
	if strings.ContainsAny(n, " .") || len(n) < 4 || isAcronym(n) || strings.HasSuffix(n, "s") {
		return ""
	}
	for _, end := range []string{"an", "i", "ot", "k", "o", "e"} {
		if strings.HasSuffix(n, end) && !strings.HasSuffix(n, "ese") && !strings.HasSuffix(n, "ish") {
			return n + "s"
		}
	}
	return ""
}
