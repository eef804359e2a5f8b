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
//     snippet), numbered newest first;
//   - terms/P.json: for each prefix P (two or three letters) the terms that
//     start with it, each with the ids of the documents that hold it,
//     delta-encoded in base 36; a prefix whose shard would be too large is
//     split into longer prefixes, and a term too large for a shard gets a
//     file of its own;
//   - facets.json: the documents of each body and each type, for filters.
//
// A query of a few words loads meta.json, one shard a word, the facets if
// it filters, and the chunks that hold its first results: well under
// 300 KB at 10,000 documents.
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
	// document holds; an id given twice counts once.
	Terms []uint32
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
	seen := map[string]bool{}
	buf := make([]byte, 0, 64)
	flush := func() {
		if n := len(buf); n >= 2 && n <= 40 && !stop[string(buf)] && !seen[string(buf)] {
			w := string(buf)
			seen[w] = true
			out = append(out, w)
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
	return out
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
	terms := words(text)
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
		T string `json:"t"` // title
		U string `json:"u"` // address
		B string `json:"b"` // body name
		Y string `json:"y"` // type label
		D string `json:"d"` // date
		S string `json:"s"` // snippet
	}
	for start := 0; start < len(docs); start += chunkSize {
		var chunk []chunkDoc
		for _, d := range docs[start:min(len(docs), start+chunkSize)] {
			chunk = append(chunk, chunkDoc{d.Title, d.URL, d.BodyName, d.TypeLabel, d.Date, d.Snippet})
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
	bodies, types := map[string][]uint32{}, map[string][]uint32{}
	bodyNames, typeLabels := map[string]string{}, map[string]string{}
	for i := range docs {
		d, id := &docs[i], uint32(i)
		for _, t := range d.Terms {
			if ps := postings[t]; len(ps) == 0 || ps[len(ps)-1] != id {
				postings[t] = append(ps, id)
			}
		}
		d.Terms = nil
		bodies[d.Body] = append(bodies[d.Body], id)
		types[d.Type] = append(types[d.Type], id)
		bodyNames[d.Body], typeLabels[d.Type] = d.BodyName, d.TypeLabel
	}
	var terms []string
	encoded := map[string]string{}
	for t, ps := range postings {
		if len(ps) > 0 {
			terms = append(terms, names[t])
			encoded[names[t]] = encode(ps)
			postings[t] = nil
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
		facets["body"][k] = encode(ids)
	}
	for k, ids := range types {
		facets["type"][k] = encode(ids)
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
// 36, separated by dots.
func encode(ids []uint32) string {
	var b strings.Builder
	prev := uint32(0)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.FormatInt(int64(id-prev), 36))
		prev = id
	}
	return b.String()
}
