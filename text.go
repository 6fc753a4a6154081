package telltale

// binaryPrefix is how far CheckText looks for a NUL byte: the first
// 8,000 bytes, as Git does to tell binary files from text.
const binaryPrefix = 8000

// CheckText returns EINVALID when text holds a NUL byte in its first
// 8,000 bytes, as programs, archives and images do and no text does:
// names read out of such noise would be evidence of nothing. Every way a
// report comes in as text (a text or Markdown document, a JSON "text"
// field, where \u0000 decodes to a NUL) is checked with it.
func CheckText[T string | []byte](text T) error {
	for i := range min(len(text), binaryPrefix) {
		if text[i] == 0 {
			return Errorf(EINVALID, "binary data (NUL bytes), not text: give text, Markdown, HTML or PDF")
		}
	}
	return nil
}
