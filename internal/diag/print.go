package diag

import (
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Line is a line of a source file shown with a problem.
type Line struct {
	N     int
	Text  string
	Here  bool   // the problem's own line
	Caret string // on the problem's line: the line up to the column, blanked, then ^
}

// Excerpt returns the lines of src from around lines before d's line to
// around lines after it, or nothing when src is empty, not text or has no
// such line.
func Excerpt(src []byte, d Diagnostic, around int) []Line {
	if d.Line < 1 || len(src) == 0 || !utf8.Valid(src) {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	if d.Line > len(lines) {
		return nil
	}
	var out []Line
	for n := max(1, d.Line-around); n <= min(len(lines), d.Line+around); n++ {
		l := Line{N: n, Text: strings.TrimSuffix(lines[n-1], "\r")}
		if n == d.Line {
			l.Here = true
			if d.Col > 0 {
				l.Caret = caret(l.Text, d.Col)
			}
		}
		out = append(out, l)
	}
	return out
}

// caret blanks line up to col, counted in runes, keeping tabs so that the
// ^ falls under the column, and adds the ^.
func caret(line string, col int) string {
	var b strings.Builder
	n := 1
	for _, r := range line {
		if n >= col {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		n++
	}
	b.WriteByte('^')
	return b.String()
}

// Print writes every problem as each command of scrutiny shows it: where
// it is and what is wrong, then the line of its file with a caret under
// its column, as the live server's error panel shows it in the browser.
// read gives a file's bytes by the name the problem gives (see ReadFS);
// each file is read once, and a problem whose file cannot be read is
// printed alone. name gives the name a file is printed under, where the
// reader knows it by another (nil: the same).
func Print(w io.Writer, ds Errors, read func(file string) ([]byte, error), name func(file string) string) error {
	files := map[string][]byte{}
	for _, d := range ds {
		shown := d
		if name != nil && d.File != "" {
			shown.File = name(d.File)
		}
		if _, err := fmt.Fprintln(w, shown.Error()); err != nil {
			return err
		}
		if d.File == "" || d.Line < 1 || read == nil {
			continue
		}
		src, ok := files[d.File]
		if !ok {
			src, _ = read(d.File)
			files[d.File] = src
		}
		for _, l := range Excerpt(src, d, 0) {
			n := strconv.Itoa(l.N)
			pad := strings.Repeat(" ", len(n))
			fmt.Fprintf(w, "  %s | %s\n", n, l.Text)
			if l.Caret != "" {
				fmt.Fprintf(w, "  %s | %s\n", pad, l.Caret)
			}
		}
	}
	return nil
}

// ReadFS reads the files that problems name from fsys: the site, whose
// reader refuses what is not the site's to read (a link out of it, a
// named pipe that would never end).
func ReadFS(fsys fs.FS) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if !fs.ValidPath(name) {
			return nil, fs.ErrInvalid
		}
		return fs.ReadFile(fsys, name)
	}
}
