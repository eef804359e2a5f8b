package diff

import "sort"

// Pair is an element of a that Match pairs with an equal element of b: A
// and B are their indexes.
type Pair struct{ A, B int }

// Cells bounds the table of a longest common subsequence that Match fills
// in one piece: 4M cells (16 MB of int32). Two versions of a document of a
// thousand paragraphs fit in it whole, so ordinary documents get the exact
// answer; larger ones are first cut where they agree for certain.
const Cells = 1 << 22

// maxDepth bounds how often Match cuts a stretch again around the elements
// it holds once on each side: each cut costs a pass over the stretch, so
// the depth bounds the whole cost at maxDepth passes.
const maxDepth = 32

// Match returns pairs of equal elements of a and b, in order on both sides:
// a common subsequence. It is the longest where the stretch between the
// common start and end fits a table of cells cells. Otherwise, as patience
// diff does, it first pairs the elements that each side holds exactly once
// (the longest increasing run of them, found in n log n), which cuts the
// stretch into smaller ones, and goes on in each; a stretch still too big
// with no such element is cut into pieces at the same places on each side,
// each small enough for a table. Its time and memory are so bounded
// by about (len(a)+len(b))·√cells, never len(a)·len(b): two versions of
// 20,000 paragraphs each, rewritten, would need a table of 3.2 GB.
func Match(a, b []int32, cells int) []Pair {
	var out []Pair
	match(a, b, 0, 0, cells, 0, &out)
	return out
}

func match(a, b []int32, offA, offB, cells, depth int, out *[]Pair) {
	// The common start and end pair as they are: a longest common
	// subsequence can always keep them.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		*out = append(*out, Pair{offA + pre, offB + pre})
		pre++
	}
	a, b, offA, offB = a[pre:], b[pre:], offA+pre, offB+pre
	suf := 0
	for suf < len(a) && suf < len(b) && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	core := func() {
		ca, cb := a[:len(a)-suf], b[:len(b)-suf]
		switch {
		case len(ca) == 0 || len(cb) == 0:
		case len(ca)*len(cb) <= cells:
			table(ca, cb, offA, offB, out)
		case depth < maxDepth:
			unique(ca, cb, offA, offB, cells, depth, out)
		default:
			pieces(ca, cb, offA, offB, cells, out)
		}
	}
	core()
	for k := suf; k > 0; k-- {
		*out = append(*out, Pair{offA + len(a) - k, offB + len(b) - k})
	}
}

// table is the exact longest common subsequence, by the usual table of
// lengths, walked from the start taking a pair wherever the two elements
// are equal, and otherwise skipping an element of a where that loses
// nothing.
func table(a, b []int32, offA, offB int, out *[]Pair) {
	n, m := len(a), len(b)
	w := m + 1
	lcs := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			*out = append(*out, Pair{offA + i, offB + j})
			i, j = i+1, j+1
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			i++
		default:
			j++
		}
	}
}

// unique pairs the elements that a and b each hold once, keeping the
// longest run of them in the same order on both sides, and matches the
// stretches between them.
func unique(a, b []int32, offA, offB, cells, depth int, out *[]Pair) {
	type seen struct{ na, nb, ia, ib int }
	count := make(map[int32]*seen, len(a))
	for i, x := range a {
		s := count[x]
		if s == nil {
			s = &seen{}
			count[x] = s
		}
		s.na++
		s.ia = i
	}
	for j, x := range b {
		if s := count[x]; s != nil {
			s.nb++
			s.ib = j
		}
	}
	var cand []Pair
	for i, x := range a {
		if s := count[x]; s.na == 1 && s.nb == 1 {
			cand = append(cand, Pair{i, s.ib})
		}
	}
	anchors := increasing(cand)
	if len(anchors) == 0 {
		pieces(a, b, offA, offB, cells, out)
		return
	}
	i, j := 0, 0
	for _, p := range anchors {
		match(a[i:p.A], b[j:p.B], offA+i, offB+j, cells, depth+1, out)
		*out = append(*out, Pair{offA + p.A, offB + p.B})
		i, j = p.A+1, p.B+1
	}
	match(a[i:], b[j:], offA+i, offB+j, cells, depth+1, out)
}

// pieces matches a stretch too big for one table and with nothing that
// pairs for certain: it cuts both sides into as many pieces, each pair of
// pieces small enough for a table, and matches each piece of a with the
// piece of b at the same place. A rewrite keeps its words in roughly the
// same places, so this finds most of what stayed.
func pieces(a, b []int32, offA, offB, cells int, out *[]Pair) {
	side := 1
	for (side+1)*(side+1) <= cells {
		side++
	}
	k := (max(len(a), len(b)) + side - 1) / side
	for p := range k {
		ia, ja := p*len(a)/k, (p+1)*len(a)/k
		ib, jb := p*len(b)/k, (p+1)*len(b)/k
		table(a[ia:ja], b[ib:jb], offA+ia, offB+ib, out)
	}
}

// increasing returns the longest run of ps, which are in increasing order
// of A, that is increasing in B too, by patience sorting.
func increasing(ps []Pair) []Pair {
	var tops []int // tops[k]: the index in ps of the smallest end of a run of k+1
	back := make([]int, len(ps))
	for i, p := range ps {
		k := sort.Search(len(tops), func(k int) bool { return ps[tops[k]].B >= p.B })
		back[i] = -1
		if k > 0 {
			back[i] = tops[k-1]
		}
		if k == len(tops) {
			tops = append(tops, i)
		} else {
			tops[k] = i
		}
	}
	if len(tops) == 0 {
		return nil
	}
	run := make([]Pair, len(tops))
	for k, i := len(tops)-1, tops[len(tops)-1]; k >= 0; k, i = k-1, back[i] {
		run[k] = ps[i]
	}
	return run
}

// Symbols gives each distinct string a number, the same for equal
// strings, so that sequences of them compare as numbers.
type Symbols map[string]int32

// Of returns the numbers of ss.
func (sy Symbols) Of(ss []string) []int32 {
	out := make([]int32, len(ss))
	for i, s := range ss {
		id, ok := sy[s]
		if !ok {
			id = int32(len(sy))
			sy[s] = id
		}
		out[i] = id
	}
	return out
}
