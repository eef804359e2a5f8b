package meta

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a 1-based line and column in a source file. Columns count runes,
// as editors do.
type Pos struct{ Line, Col int }

// positions records where each key and each value of a TOML text starts.
// Paths join keys with dots; elements of arrays (and arrays of tables) are
// numbered from 0, so the second recommendation's text is
// "recommendations.1.text".
//
// The TOML library reports positions only for syntax errors, and not per
// element of an array of tables, so positions are found by a scan of our
// own. The scan is forgiving: it runs only on text the library has already
// accepted, and where it cannot tell, a position falls back to its parent's.
type positions struct {
	keys map[string]Pos
	vals map[string]Pos
}

type scanner struct {
	src  string
	i    int
	line int
	col  int
	pos  positions
	// arrays counts the tables seen so far of each array of tables.
	arrays map[string]int
}

func locate(src string) positions {
	s := &scanner{
		src: src, line: 1, col: 1,
		pos:    positions{keys: map[string]Pos{}, vals: map[string]Pos{}},
		arrays: map[string]int{},
	}
	s.document()
	return s.pos
}

func (s *scanner) here() Pos { return Pos{s.line, s.col} }

func (s *scanner) peek() byte {
	if s.i < len(s.src) {
		return s.src[s.i]
	}
	return 0
}

func (s *scanner) next() {
	if s.i >= len(s.src) {
		return
	}
	r, n := utf8.DecodeRuneInString(s.src[s.i:])
	s.i += n
	if r == '\n' {
		s.line++
		s.col = 1
	} else {
		s.col++
	}
}

func (s *scanner) hasPrefix(p string) bool { return strings.HasPrefix(s.src[s.i:], p) }

func (s *scanner) skipSpace() {
	for c := s.peek(); c == ' ' || c == '\t'; c = s.peek() {
		s.next()
	}
}

// skipBlank skips spaces, newlines and comments.
func (s *scanner) skipBlank() {
	for s.i < len(s.src) {
		switch s.peek() {
		case ' ', '\t', '\r', '\n':
			s.next()
		case '#':
			s.skipLine()
		default:
			return
		}
	}
}

func (s *scanner) skipLine() {
	for s.i < len(s.src) && s.peek() != '\n' {
		s.next()
	}
}

func (s *scanner) document() {
	prefix := ""
	for {
		s.skipBlank()
		if s.i >= len(s.src) {
			return
		}
		switch {
		case s.hasPrefix("[["):
			s.next()
			s.next()
			start := s.here()
			key := s.within(s.key())
			idx := s.arrays[key]
			s.arrays[key] = idx + 1
			prefix = key + "." + strconv.Itoa(idx)
			s.pos.keys[prefix] = start
			s.pos.vals[prefix] = start
			if _, ok := s.pos.keys[key]; !ok {
				s.pos.keys[key] = start
				s.pos.vals[key] = start
			}
			s.skipLine()
		case s.peek() == '[':
			s.next()
			start := s.here()
			prefix = s.within(s.key())
			s.pos.keys[prefix] = start
			s.pos.vals[prefix] = start
			s.skipLine()
		default:
			s.keyValue(prefix)
			s.skipLine()
		}
	}
}

// within places a table header's key under the current element of each
// array of tables it goes through: [[frameworks.areas]] after the second
// [[frameworks]] is "frameworks.1.areas", the path Table.Tables gives the
// areas of that framework, so that their positions are found.
func (s *scanner) within(key string) string {
	parts := strings.Split(key, ".")
	path := ""
	for i, part := range parts {
		path = join(path, part)
		if n, ok := s.arrays[path]; ok && i < len(parts)-1 {
			path += "." + strconv.Itoa(n-1)
		}
	}
	return path
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// keyValue scans `key = value` and records both positions under prefix.
func (s *scanner) keyValue(prefix string) {
	start := s.here()
	path := join(prefix, s.key())
	s.pos.keys[path] = start
	s.skipSpace()
	if s.peek() != '=' {
		return
	}
	s.next()
	s.skipSpace()
	s.value(path)
}

// key scans a possibly dotted, possibly quoted key and returns it with its
// parts joined by dots.
func (s *scanner) key() string {
	var parts []string
	for {
		s.skipSpace()
		var part strings.Builder
		switch s.peek() {
		case '"', '\'':
			q := s.peek()
			s.next()
			for s.i < len(s.src) && s.peek() != q && s.peek() != '\n' {
				if q == '"' && s.peek() == '\\' {
					s.next()
				}
				part.WriteByte(s.peek())
				s.next()
			}
			s.next()
		default:
			for c := s.peek(); isBare(c); c = s.peek() {
				part.WriteByte(c)
				s.next()
			}
		}
		parts = append(parts, part.String())
		s.skipSpace()
		if s.peek() != '.' {
			return strings.Join(parts, ".")
		}
		s.next()
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

func (s *scanner) value(path string) {
	s.pos.vals[path] = s.here()
	switch {
	case s.hasPrefix(`"""`), s.hasPrefix(`'''`):
		q := s.src[s.i : s.i+3]
		s.next()
		s.next()
		s.next()
		for s.i < len(s.src) && !s.hasPrefix(q) {
			if q[0] == '"' && s.peek() == '\\' {
				s.next()
			}
			s.next()
		}
		for s.hasPrefix(q[:1]) { // a closing quote may be followed by up to two more
			s.next()
		}
	case s.peek() == '"', s.peek() == '\'':
		q := s.peek()
		s.next()
		for s.i < len(s.src) && s.peek() != q && s.peek() != '\n' {
			if q == '"' && s.peek() == '\\' {
				s.next()
			}
			s.next()
		}
		s.next()
	case s.peek() == '[':
		s.next()
		for n := 0; ; n++ {
			s.skipBlank()
			if s.peek() == ']' || s.i >= len(s.src) {
				s.next()
				return
			}
			s.value(path + "." + strconv.Itoa(n))
			s.skipBlank()
			if s.peek() == ',' {
				s.next()
			}
		}
	case s.peek() == '{':
		s.next()
		for {
			s.skipBlank()
			if s.peek() == '}' || s.i >= len(s.src) {
				s.next()
				return
			}
			s.keyValue(path)
			s.skipBlank()
			if s.peek() == ',' {
				s.next()
			}
		}
	default:
		for c := s.peek(); s.i < len(s.src) && !strings.ContainsRune(",]}#\n\r", rune(c)); c = s.peek() {
			s.next()
		}
	}
}
