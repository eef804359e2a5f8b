// Package search builds the site's search index: static files that the
// search page's script reads, split so that a query loads little of them.
//
// The index is scrutiny's own rather than Pagefind's, so that a council's
// web team needs one binary and no Node at build time. Its files, under
// search/:
//
//   - meta.json: the number of documents, the size of a chunk of documents,
//     the shards and the bodies and types to filter by;
//   - docs/N.json: chunks of documents (title, address, body, type, date,
//     summary, and where its passages are), numbered newest first;
//   - terms/P.json: for each prefix P (two or three letters) the terms that
//     start with it, each with the ids of the documents that hold it,
//     delta-encoded in base 36, each followed by the number of the passage
//     where the document first holds the term; a prefix whose shard would
//     be too large is split into longer prefixes, and a term too large for
//     a shard gets a file of its own;
//   - facets.json: the documents of each body and each type, for filters;
//   - text/<body>/<doc>/K.json: a document's passages (its headings,
//     paragraphs, bullets and table rows, each with its anchor), in files
//     of about 8 KB, written by the document's own task (see Packs), so
//     that a result quotes where the words were found and links there.
//
// A query of a few words loads meta.json, one shard a word, the facets if
// it filters, the chunks that hold its first results and the file of the
// passage each quotes: well under 300 KB at 10,000 documents.
package search

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Doc is a document to index. Docs are given newest first; a document's
// id is its position.
type Doc struct {
	Title, URL, Body, BodyName, Type, TypeLabel, Date, Snippet string
	// Terms are the ids, in the Vocab given to Files, of the terms the
	// document holds; an id given twice counts once, at its first place.
	Terms []uint32
	// At gives, for each of the first len(At) terms, the number of the
	// passage where the document holds it; the terms after have None.
	At []uint16
	// Text is the folder under text/ that holds the document's passages
	// (see Packs), or "", and Packs the passages that start its files.
	Text  string
	Packs []uint16
}

// Passage is a part of a document that a result can quote and send a
// reader to: the anchor it is found at and its words.
type Passage struct {
	ID, Text string
}

// packBytes is about as much text as a file of passages holds: a result
// loads the one file that holds the passage it quotes, so a page of ten
// results loads at most about 100 KB of them, and a long report is a few
// files, not hundreds.
const packBytes = 8 << 10

// packStarts are the numbers of the passages, of the given sizes, that
// start each file of them: a file holds passages until the next would
// take it past packBytes.
func packStarts(sizes []int) []int {
	var starts []int
	size := 0
	for i, n := range sizes {
		if i == 0 || n > 0 && size+n > packBytes {
			starts = append(starts, i)
			size = 0
		}
		size += n
	}
	return starts
}

// Packs are the files of a document's passages, which x indexed, by name
// in its folder under text/: "0.json", "1.json"..., each a list of
// [anchor, text], or null for a passage never quoted, split where x says
// (Indexed.Packs).
func Packs(passages []Passage, x *Indexed) (map[string][]byte, error) {
	starts := make([]int, 0, len(x.Packs)+1)
	for _, s := range x.Packs {
		starts = append(starts, int(s))
	}
	starts = append(starts, len(passages))
	files := map[string][]byte{}
	for k := range len(starts) - 1 {
		var pack []*[2]string
		for i := starts[k]; i < starts[k+1]; i++ {
			if !x.quoted[i] {
				pack = append(pack, nil)
			} else {
				pack = append(pack, &[2]string{passages[i].ID, passages[i].Text})
			}
		}
		data, err := json.Marshal(pack)
		if err != nil {
			return nil, err
		}
		files[strconv.Itoa(k)+".json"] = data
	}
	return files, nil
}

const (
	// chunkSize is small because a page of results (ten, newest first)
	// may fall in as many chunks: 25 documents are about 10 KB, so a page
	// loads at most about 100 KB of them.
	chunkSize = 25
	maxShard  = 48 << 10 // bytes a shard may hold before it splits
)

// stop words are too common to find anything with.
var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`an and are as at be by for from has have in is it its of on or that the this to was were which with will not but their they been had also`) {
		stop[w] = true
	}
}

// Terms returns the distinct words of text that the index holds: lower
// case, letters and digits, two characters or more, no stop words.
func Terms(text string) []string {
	out := words(text)
	sort.Strings(out)
	return out
}

// words returns the distinct terms of text, in the order they first
// appear. It lower-cases one word at a time into a buffer rather than the
// whole text at once, and makes a string of each distinct word alone: a
// term must not be a slice of its document's text, or the vocabulary would
// keep every document's text alive (a tenth of the memory of a build of
// 10,000 documents, before this).
func words(text string) []string {
	var out []string
	newWords(text, map[string]bool{}, func(w string) { out = append(out, w) })
	return out
}

// newWords calls found with each term of text not yet seen, and marks it
// seen.
func newWords(text string, seen map[string]bool, found func(string)) {
	buf := make([]byte, 0, 64)
	flush := func() {
		if n := len(buf); n >= 2 && n <= 40 && !stop[string(buf)] && !seen[string(buf)] {
			w := string(buf)
			seen[w] = true
			found(w)
		}
		buf = buf[:0]
	}
	for _, r := range text {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			buf = append(buf, byte(r))
		case 'A' <= r && r <= 'Z':
			buf = append(buf, byte(r)+'a'-'A')
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
}

// Vocab interns terms as numbers, so that the terms of thousands of
// documents take little memory until the index is written. It is safe for
// concurrent use.
type Vocab struct {
	mu    sync.Mutex
	ids   map[string]uint32
	terms []string
}

// NewVocab returns an empty vocabulary.
func NewVocab() *Vocab { return &Vocab{ids: map[string]uint32{}} }

// Intern returns the ids of text's terms.
func (v *Vocab) Intern(text string) []uint32 {
	return v.intern(words(text))
}

// Indexed is what the index keeps of a document's text.
type Indexed struct {
	// Terms are the ids of its terms, and At the number of the passage
	// where each is first found (None past the 65,535th).
	Terms []uint32
	At    []uint16
	// Packs are the numbers of the passages that start each file of its
	// passages (see Packs).
	Packs []uint16
	// quoted says which passages a result may quote: those where a term
	// is first found. Any other is never quoted, and its place in the
	// files is kept empty.
	quoted []bool
}

// Index indexes the texts of a document's passages.
func (v *Vocab) Index(passages []string) *Indexed {
	var terms []string
	x := &Indexed{quoted: make([]bool, len(passages))}
	seen := map[string]bool{}
	for i, p := range passages {
		newWords(p, seen, func(w string) {
			terms = append(terms, w)
			x.At = append(x.At, uint16(min(i, int(None))))
			x.quoted[i] = true
		})
	}
	x.Terms = v.intern(terms)
	// A passage no search can quote takes no room in the files.
	sizes := make([]int, len(passages))
	for i, p := range passages {
		if x.quoted[i] {
			sizes[i] = len(p)
		}
	}
	for _, start := range packStarts(sizes) {
		x.Packs = append(x.Packs, uint16(min(start, int(None))))
	}
	return x
}

// None is the passage of a term found in no passage: in a document's
// title, say.
const None = ^uint16(0)

func (v *Vocab) intern(terms []string) []uint32 {
	ids := make([]uint32, len(terms))
	v.mu.Lock()
	for i, t := range terms {
		id, ok := v.ids[t]
		if !ok {
			id = uint32(len(v.terms))
			v.ids[t] = id
			v.terms = append(v.terms, t)
		}
		ids[i] = id
	}
	v.mu.Unlock()
	return ids
}

// Owned are the names below search/ that Files may write: files, and
// folders (ending in "/") whose every file is the index's. The build keeps
// every other source out of them.
var Owned = []string{"meta.json", "facets.json", "docs/", "terms/"}

// Files builds the index of docs, whose terms are in vocab, as files, by
// name under search/. It lets go of each document's terms (docs[i].Terms)
// once they are in the index, so that a large site does not hold its
// terms twice over: at 100,000 documents, either is hundreds of megabytes.
func Files(docs []Doc, vocab *Vocab) (map[string][]byte, error) {
	files := map[string][]byte{}
	put := func(name string, v any) error {
		data, err := json.Marshal(v)
		files[name] = data
		return err
	}

	type chunkDoc struct {
		T string `json:"t"`           // title
		U string `json:"u"`           // address
		B string `json:"b"`           // body name
		Y string `json:"y"`           // type label
		D string `json:"d"`           // date
		S string `json:"s"`           // snippet
		X string `json:"x,omitempty"` // folder of passages
		K string `json:"k,omitempty"` // passages that start its files, after the first
	}
	for start := 0; start < len(docs); start += chunkSize {
		var chunk []chunkDoc
		for _, d := range docs[start:min(len(docs), start+chunkSize)] {
			var k []uint32
			for _, s := range d.Packs[min(1, len(d.Packs)):] {
				k = append(k, uint32(s))
			}
			chunk = append(chunk, chunkDoc{d.Title, d.URL, d.BodyName, d.TypeLabel, d.Date, d.Snippet, d.Text, encode(k, nil)})
		}
		if err := put("docs/"+strconv.Itoa(start/chunkSize)+".json", chunk); err != nil {
			return nil, err
		}
	}

	// Documents are indexed in order, so each term's list of documents is
	// in order, and a document already last in a term's list holds it
	// twice.
	vocab.mu.Lock()
	names := vocab.terms[:len(vocab.terms):len(vocab.terms)]
	vocab.mu.Unlock()
	postings := make([][]uint32, len(names))
	at := make([][]uint16, len(names)) // the passage of each posting
	bodies, types := map[string][]uint32{}, map[string][]uint32{}
	bodyNames, typeLabels := map[string]string{}, map[string]string{}
	for i := range docs {
		d, id := &docs[i], uint32(i)
		for k, t := range d.Terms {
			if ps := postings[t]; len(ps) == 0 || ps[len(ps)-1] != id {
				postings[t] = append(ps, id)
				a := None
				if k < len(d.At) {
					a = d.At[k]
				}
				at[t] = append(at[t], a)
			}
		}
		d.Terms, d.At = nil, nil
		bodies[d.Body] = append(bodies[d.Body], id)
		types[d.Type] = append(types[d.Type], id)
		bodyNames[d.Body], typeLabels[d.Type] = d.BodyName, d.TypeLabel
	}
	var terms []string
	encoded := map[string]string{}
	for t, ps := range postings {
		if len(ps) > 0 {
			terms = append(terms, names[t])
			encoded[names[t]] = encode(ps, at[t])
			postings[t], at[t] = nil, nil
		}
	}
	sort.Strings(terms)

	// Shards: start from two-letter prefixes, split those too large.
	var shards []string
	var shard func(prefix string, terms []string) error
	shard = func(prefix string, terms []string) error {
		size := 0
		for _, t := range terms {
			size += len(t) + len(encoded[t]) + 6
		}
		if size <= maxShard {
			m := map[string]string{}
			for _, t := range terms {
				m[t] = encoded[t]
			}
			shards = append(shards, prefix)
			return put("terms/"+prefix+".json", m)
		}
		// Too large: terms as long as the prefix, and any single term too
		// large for a shard, get files of their own; the rest split by
		// one more letter.
		own := map[string]string{}
		groups := map[string][]string{}
		var keys []string
		for _, t := range terms {
			r := []rune(t)
			if len(r) <= len([]rune(prefix)) || len(encoded[t]) > maxShard/2 {
				own[t] = "t-" + t
				if err := put("terms/t-"+t+".json", map[string]string{t: encoded[t]}); err != nil {
					return err
				}
				continue
			}
			k := string(r[:len([]rune(prefix))+1])
			if groups[k] == nil {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], t)
		}
		for _, k := range keys {
			if err := shard(k, groups[k]); err != nil {
				return err
			}
		}
		sort.Strings(keys)
		shards = append(shards, prefix)
		return put("terms/"+prefix+".json", map[string]any{"split": keys, "own": own})
	}
	byPrefix := map[string][]string{}
	var prefixes []string
	for _, t := range terms {
		k := string([]rune(t)[:2])
		if byPrefix[k] == nil {
			prefixes = append(prefixes, k)
		}
		byPrefix[k] = append(byPrefix[k], t)
	}
	for _, k := range prefixes {
		if err := shard(k, byPrefix[k]); err != nil {
			return nil, err
		}
	}
	sort.Strings(shards)

	facets := map[string]map[string]string{"body": {}, "type": {}}
	for k, ids := range bodies {
		facets["body"][k] = encode(ids, nil)
	}
	for k, ids := range types {
		facets["type"][k] = encode(ids, nil)
	}
	if err := put("facets.json", facets); err != nil {
		return nil, err
	}

	type option struct {
		Key   string `json:"key"`
		Label string `json:"label"`
	}
	options := func(m map[string]string) []option {
		var out []option
		for k, v := range m {
			out = append(out, option{k, v})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
		return out
	}
	err := put("meta.json", struct {
		Count  int      `json:"count"`
		Chunk  int      `json:"chunk"`
		Shards []string `json:"shards"`
		Bodies []option `json:"bodies"`
		Types  []option `json:"types"`
	}{len(docs), chunkSize, shards, options(bodyNames), options(typeLabels)})
	return files, err
}

// encode writes ascending ids as the differences between them, in base
// 36, separated by dots, each followed, where at gives its passage, by a
// colon and the passage's number in base 36: "3:a.1.4:0".
func encode(ids []uint32, at []uint16) string {
	var b strings.Builder
	prev := uint32(0)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.FormatInt(int64(id-prev), 36))
		if at != nil && at[i] != None {
			b.WriteByte(':')
			b.WriteString(strconv.FormatInt(int64(at[i]), 36))
		}
		prev = id
	}
	return b.String()
}
