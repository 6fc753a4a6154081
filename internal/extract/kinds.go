package extract

import "strings"

// softwareHeads, right after a name or right before it, make it the name
// of software: "the Carbanak backdoor", "the backdoor Carbanak".
var softwareHeads = wordSet(`malware ransomware rat backdoor backdoors trojan trojans loader loaders stealer stealers
botnet implant implants dropper droppers downloader spyware infostealer keylogger rootkit webshell wiper worm
payload payloads sample samples variant variants strain strains binary binaries beacon family families`)

// actorHeads, right after a name, make it the name of a group of people:
// "the Carbanak group", "Sednit operators".
var actorHeads = wordSet(`group groups gang actor actors apt crew team hackers operators cluster affiliates`)

// sameNameKinds settles the names that are both an actor's and a
// software's (Carbanak, Sednit, Winnti...), where both kinds matched one
// span: a word of software around the name ("the Carbanak backdoor",
// "the backdoor Carbanak") leaves the software, a word of people after it
// ("the Carbanak group") the actor. Otherwise both stay: the text does
// not say which it means.
func sameNameKinds(text string, hs []hit) []hit {
	software, actor := map[[2]int]bool{}, map[[2]int]bool{}
	for _, h := range hs {
		span := [2]int{h.Start, h.End}
		switch h.Kind {
		case KindActor:
			actor[span] = true
		case KindMalware, KindTool:
			software[span] = true
		}
	}
	out := hs[:0]
	for _, h := range hs {
		span := [2]int{h.Start, h.End}
		if software[span] && actor[span] {
			after := headAfter(text, h.End)
			before := strings.ToLower(lastWord(strings.TrimRight(text[max(0, h.Start-40):h.Start], " ,")))
			isSoftware := softwareHeads[after] || softwareHeads[before]
			isActor := actorHeads[after]
			if h.Kind == KindActor && isSoftware && !isActor || h.Kind != KindActor && isActor && !isSoftware {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

// headAfter is the word after a name at end, or, after a comma, the word
// of the apposition that follows ("Carbanak, a backdoor that", "Carbanak,
// the group behind"): its first word after an article.
func headAfter(text string, end int) string {
	w, _ := wordAt(text, end)
	if w != "" || !strings.HasPrefix(strings.TrimLeft(text[end:], " "), ",") {
		return w
	}
	w, next := wordAt(text, strings.Index(text[end:], ",")+end+1)
	if w == "a" || w == "an" || w == "the" {
		w, next = wordAt(text, next)
	}
	if w == "new" || w == "custom" || w == "known" {
		w, _ = wordAt(text, next)
	}
	return w
}
