package meta

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in    string
		want  Date
		human string
		iso   string
	}{
		{"2022-04-01", Date{2022, time.April, 1, Day}, "1 April 2022", "2022-04-01"},
		{"2017-03", Date{2017, time.March, 1, Month}, "March 2017", "2017-03-01"},
		{"2017", Date{2017, time.January, 1, Year}, "2017", "2017-01-01"},
		{"2024-02-29", Date{2024, time.February, 29, Day}, "29 February 2024", "2024-02-29"},
		{"2022-12-31", Date{2022, time.December, 31, Day}, "31 December 2022", "2022-12-31"},
	} {
		got, err := ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDate(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if got, want := got.Human(), tt.human; got != want {
			t.Errorf("ParseDate(%q).Human() = %q, want %q", tt.in, got, want)
		}
		if got, want := got.ISO(), tt.iso; got != want {
			t.Errorf("ParseDate(%q).ISO() = %q, want %q", tt.in, got, want)
		}
		if got, want := got.String(), tt.in; got != want {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got)
		}
	}
	for _, bad := range []string{
		"", "22", "2022-4-1", "2022-04-1", "2022/04/01", "2022-13", "2022-00", "2022-04-31",
		"2023-02-29", "2022-04-00", "0999", "abcd", "2022-04-01T00:00", "2022-", "2022-04-",
		" 2022", "2022 ", "1e10",
		// Regression: strconv.Atoi accepts a sign, so these were read as
		// March 2017 and 5 March 2017.
		"2017-+3", "2017-03-+5",
	} {
		if d, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", bad, d)
		}
	}
}

func TestDateEnd(t *testing.T) {
	for _, tt := range []struct{ in, end string }{
		{"2022-04-01", "2022-04-01"},
		{"2022-02", "2022-02-28"},
		{"2024-02", "2024-02-29"},
		{"2017", "2017-12-31"},
	} {
		d, err := ParseDate(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.End().String(); got != tt.end {
			t.Errorf("%s.End() = %s, want %s", tt.in, got, tt.end)
		}
	}
}

func TestDateCompare(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"2022-04-01", "2022-04-02", -1},
		{"2022-04-02", "2022-04-01", 1},
		{"2022-04-01", "2022-04-01", 0},
		{"2022-04", "2022-04-01", -1}, // same first day: the coarser first
		{"2022", "2022-01", -1},
		{"2021-12-31", "2022", -1},
	} {
		a, _ := ParseDate(tt.a)
		b, _ := ParseDate(tt.b)
		if got := a.Compare(b); got != tt.want {
			t.Errorf("%s.Compare(%s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	var zero Date
	if !zero.IsZero() || zero.String() != "" || zero.Human() != "" || zero.ISO() != "" {
		t.Errorf("the zero Date is not empty: %q %q %q", zero.String(), zero.Human(), zero.ISO())
	}
}

// FuzzParseDate checks that every date ParseDate accepts is written back
// exactly as it was read, and reads back to the same date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2022-04-01", "2017-03", "2017", "2024-02-29", "2022-13-01", "2017-+3", "2017-03-+5", "+201", "９９９９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, got)
		}
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %+v, but ParseDate(%q) = %+v, %v", s, d, d.String(), again, err)
		}
		if d.Human() == "" || len(d.ISO()) != 10 || d.End().Compare(d) < 0 {
			t.Fatalf("ParseDate(%q) = %+v: Human %q, ISO %q, End %v", s, d, d.Human(), d.ISO(), d.End())
		}
	})
}
