package content

import (
	"bytes"
	"errors"
)

// errNoFrontMatter and errUnclosed describe the two ways a file's front
// matter can be missing.
var (
	errNoFrontMatter = errors.New("missing front matter: the file must start with a line +++, then TOML such as title = \"...\", then a line +++")
	errUnclosed      = errors.New("front matter is not closed: add a line +++ after the TOML")
)

// Split separates TOML front matter between a first line "+++" and the next
// line "+++" from the Markdown after it. The returned Markdown starts with one
// newline for every line removed, so that line numbers in it are the file's.
// A UTF-8 byte order mark and CRLF line ends are accepted.
func Split(src []byte) (front, body []byte, err error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	first, rest, _ := cutLine(src)
	if !isFence(first) {
		return nil, nil, errNoFrontMatter
	}
	lines := 1
	start := len(src) - len(rest)
	for len(rest) > 0 {
		line, after, _ := cutLine(rest)
		lines++
		if isFence(line) {
			front = src[start : len(src)-len(rest)]
			body = make([]byte, 0, lines+len(after))
			body = append(body, bytes.Repeat([]byte("\n"), lines)...)
			body = append(body, after...)
			return front, body, nil
		}
		rest = after
	}
	return nil, nil, errUnclosed
}

func isFence(line []byte) bool {
	return string(bytes.TrimRight(line, " \t\r")) == "+++"
}

// cutLine returns the first line of b without its newline, and the rest.
func cutLine(b []byte) (line, rest []byte, found bool) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:], true
	}
	return b, nil, false
}
