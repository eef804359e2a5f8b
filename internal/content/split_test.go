package content

import (
	"bytes"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		name        string
		src         string
		front, body string
		err         error
	}{
		{"simple", "+++\ntitle = \"A\"\n+++\nText.\n", "title = \"A\"\n", "\n\n\nText.\n", nil},
		{"no body", "+++\ntitle = \"A\"\n+++\n", "title = \"A\"\n", "\n\n\n", nil},
		{"no newline after the fence", "+++\ntitle = \"A\"\n+++", "title = \"A\"\n", "\n\n\n", nil},
		{"empty front matter", "+++\n+++\nText", "", "\n\nText", nil},
		{"CRLF", "+++\r\ntitle = \"A\"\r\n+++\r\nText.\r\n", "title = \"A\"\r\n", "\n\n\nText.\r\n", nil},
		{"byte order mark", "\xef\xbb\xbf+++\ntitle = \"A\"\n+++\nText.\n", "title = \"A\"\n", "\n\n\nText.\n", nil},
		{"fence with trailing space", "+++  \ntitle = \"A\"\n+++\t\nText.\n", "title = \"A\"\n", "\n\n\nText.\n", nil},
		{"a later +++ is text", "+++\na = 1\n+++\n+++\n", "a = 1\n", "\n\n\n+++\n", nil},
		{"blank lines kept", "+++\na = 1\n+++\n\n\nText.\n", "a = 1\n", "\n\n\n\n\nText.\n", nil},
		{"no front matter", "Text.\n", "", "", errNoFrontMatter},
		{"empty file", "", "", "", errNoFrontMatter},
		{"YAML front matter", "---\ntitle: A\n---\n", "", "", errNoFrontMatter},
		{"fence not on the first line", "\n+++\na = 1\n+++\n", "", "", errNoFrontMatter},
		{"indented fence", " +++\na = 1\n+++\n", "", "", errNoFrontMatter},
		{"unclosed", "+++\ntitle = \"A\"\n", "", "", errUnclosed},
		{"only a fence", "+++", "", "", errUnclosed},
		{"fence with text after it", "+++\na = 1\n+++ x\n", "", "", errUnclosed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			front, body, err := Split([]byte(tt.src))
			if err != tt.err {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if got, want := string(front), tt.front; got != want {
				t.Errorf("front = %q, want %q", got, want)
			}
			if got, want := string(body), tt.body; got != want {
				t.Errorf("body = %q, want %q", got, want)
			}
		})
	}
}

// closingFence finds, independently of Split, the end of the line that
// closes the front matter of src, or -1.
func closingFence(src []byte) int {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	isFence := func(line []byte) bool { return string(bytes.TrimRight(line, " \t\r")) == "+++" }
	start := 0
	for n := 0; start <= len(src); n++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if isFence(src[start:end]) {
			if n > 0 {
				return end
			}
		} else if n == 0 {
			return -1
		}
		if end == len(src) {
			return -1
		}
		start = end + 1
	}
	return -1
}

// FuzzSplit checks that Split never panics, fails exactly when the file has
// no opening or no closing fence, and keeps the line number of every byte
// after the front matter.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"+++\ntitle = \"A\"\n+++\nText.\n",
		"+++\r\na = 1\r\n+++\r\n\r\nText\r\n",
		"\xef\xbb\xbf+++\n+++\n",
		"+++\n+++",
		"+++",
		"",
		"text",
		"+++ \n\n\n+++\t\n+++\n+++\n",
		"+++\na = \"\"\"\n+++\n\"\"\"\n+++\nx",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, err := Split(src)
		end := closingFence(src)
		if err != nil {
			if end >= 0 {
				t.Fatalf("Split(%q) fails (%v), but the front matter closes at byte %d", src, err, end)
			}
			return
		}
		if end < 0 {
			t.Fatalf("Split(%q) succeeds, but there is no closing fence", src)
		}
		text := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
		after := []byte{}
		if end < len(text) {
			after = text[end+1:]
		}
		if !bytes.HasSuffix(body, after) {
			t.Fatalf("Split(%q): body %q does not end with the text after the front matter %q", src, body, after)
		}
		pad := body[:len(body)-len(after)]
		if len(bytes.Trim(pad, "\n")) != 0 {
			t.Fatalf("Split(%q): body %q starts with more than newlines", src, body)
		}
		if len(after) > 0 {
			if got, want := bytes.Count(pad, []byte("\n")), bytes.Count(text[:end+1], []byte("\n")); got != want {
				t.Fatalf("Split(%q): the text after the front matter starts on line %d of the body, but line %d of the file", src, got+1, want+1)
			}
		}
		if !bytes.Contains(text, front) || bytes.Contains(front, []byte("\n+++\n")) {
			t.Fatalf("Split(%q): front = %q", src, front)
		}
	})
}
