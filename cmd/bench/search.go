package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// pageSize is how many results the search page shows at once, as in
// static/js/scrutiny.js.
const pageSize = 10

// searchBytes measures what the search page's script downloads for a
// query on the built site in out: it follows the script's steps (meta.json,
// a shard a word and the shards it splits into, the files of terms too
// large for a shard, the facets when filtering, then the chunks that hold
// the first page of results and the files of the passages they quote) and
// adds up the files' sizes. It runs every
// word of the index as a query, the most common pairs, two-letter prefixes,
// and each with a filter by body, and prints the largest and the median.
func searchBytes(w io.Writer, out string) error {
	dir := filepath.Join(out, "search")
	var meta struct {
		Chunk  int
		Shards []string
	}
	if err := readJSON(filepath.Join(dir, "meta.json"), &meta); err != nil {
		return err
	}
	size := func(name string) int64 {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return 0
		}
		return fi.Size()
	}

	// A query's downloads, each file once, as the script's cache does.
	type query struct {
		words  []string
		filter bool
	}
	measure := func(q query) (int64, error) {
		loaded := map[string]bool{}
		total := int64(0)
		load := func(name string) {
			if !loaded[name] {
				loaded[name] = true
				total += size(name)
			}
		}
		load("meta.json")
		var lists [][]int
		var found []map[int]int // for each word, where each document holds it
		for _, word := range q.words {
			at := map[int]int{}
			ids, err := postings(dir, meta.Shards, word, load, at)
			if err != nil {
				return 0, err
			}
			lists = append(lists, ids)
			found = append(found, at)
		}
		if q.filter {
			load("facets.json")
		}
		ids := lists[0]
		for _, l := range lists[1:] {
			ids = intersect(ids, l)
		}
		order := make([]int, len(q.words)) // the words, from the rarest
		for k := range order {
			order[k] = k
		}
		sort.SliceStable(order, func(a, b int) bool { return len(lists[order[a]]) < len(lists[order[b]]) })
		for _, id := range ids[:min(pageSize, len(ids))] {
			chunk := "docs/" + strconv.Itoa(id/meta.Chunk) + ".json"
			load(chunk)
			var docs []struct{ X, K string }
			if err := readJSON(filepath.Join(dir, chunk), &docs); err != nil {
				return 0, err
			}
			d := docs[id%meta.Chunk]
			// The passage the script quotes: the one holding most words,
			// of those the rarest word's.
			count, best := map[int]int{}, -1
			for _, k := range order {
				if p, ok := found[k][id]; ok {
					count[p]++
				}
			}
			for _, k := range order {
				if p, ok := found[k][id]; ok && (best < 0 || count[p] > count[best]) {
					best = p
				}
			}
			if d.X == "" || best < 0 {
				continue
			}
			pack := 0
			for k, start := range decodeIDs(d.K) {
				if start <= best {
					pack = k + 1
				}
			}
			load("text/" + d.X + strconv.Itoa(pack) + ".json")
		}
		return total, nil
	}

	// The queries: every term, the pairs of the commonest, prefixes.
	counts, err := termCounts(dir)
	if err != nil {
		return err
	}
	terms := make([]string, 0, len(counts))
	for t := range counts {
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool {
		return counts[terms[i]] > counts[terms[j]] || counts[terms[i]] == counts[terms[j]] && terms[i] < terms[j]
	})
	var queries []query
	for _, t := range terms {
		queries = append(queries, query{words: []string{t}})
	}
	common := terms[:min(20, len(terms))]
	for i, a := range common {
		for _, b := range common[i+1:] {
			queries = append(queries, query{words: []string{a, b}})
		}
	}
	for _, p := range meta.Shards {
		if len([]rune(p)) == 2 {
			queries = append(queries, query{words: []string{p}})
		}
	}
	for _, q := range slices.Clone(queries) {
		queries = append(queries, query{words: q.words, filter: true})
	}

	var sizes []int64
	worst := query{}
	for _, q := range queries {
		n, err := measure(q)
		if err != nil {
			return err
		}
		if len(sizes) == 0 || n > slices.Max(sizes) {
			worst = q
		}
		sizes = append(sizes, n)
	}
	slices.Sort(sizes)
	fmt.Fprintf(w, "search: %d terms; %d queries; bytes a query loads: median %.1f KB, 99th percentile %.1f KB, largest %.1f KB (%q%s)\n",
		len(terms), len(queries), kb(sizes[len(sizes)/2]), kb(sizes[len(sizes)*99/100]), kb(sizes[len(sizes)-1]),
		strings.Join(worst.words, " "), map[bool]string{true: ", filtered by body", false: ""}[worst.filter])
	return nil
}

func kb(n int64) float64 { return float64(n) / 1000 }

// postings follows the script's postings(): the documents holding a term
// that starts with word.
func postings(dir string, shards []string, word string, load func(string), at map[int]int) ([]int, error) {
	prefix := string([]rune(word)[:min(2, len([]rune(word)))])
	if !slices.Contains(shards, prefix) {
		return nil, nil
	}
	var ids []int
	for {
		name := "terms/" + prefix + ".json"
		load(name)
		var raw map[string]json.RawMessage
		if err := readJSON(filepath.Join(dir, name), &raw); err != nil {
			return nil, err
		}
		if _, split := raw["split"]; !split {
			for t, v := range raw {
				if strings.HasPrefix(t, word) {
					var s string
					json.Unmarshal(v, &s)
					ids = append(ids, decodeAt(s, at)...)
				}
			}
			return dedupe(ids), nil
		}
		var own map[string]string
		var split []string
		json.Unmarshal(raw["own"], &own)
		json.Unmarshal(raw["split"], &split)
		for t, file := range own {
			if t == word || len(word) > len(prefix) && strings.HasPrefix(t, word) {
				load("terms/" + file + ".json")
				var m map[string]string
				if err := readJSON(filepath.Join(dir, "terms", file+".json"), &m); err != nil {
					return nil, err
				}
				ids = append(ids, decodeAt(m[t], at)...)
			}
		}
		next := string([]rune(word)[:min(len([]rune(prefix))+1, len([]rune(word)))])
		if len(word) <= len(prefix) || !slices.Contains(split, next) {
			return dedupe(ids), nil
		}
		prefix = next
	}
}

// termCounts reads every term of the index with how many documents hold it.
func termCounts(dir string) (map[string]int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "terms", "*.json"))
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, f := range files {
		var raw map[string]json.RawMessage
		if err := readJSON(f, &raw); err != nil {
			return nil, err
		}
		if _, split := raw["split"]; split {
			continue
		}
		for t, v := range raw {
			var s string
			json.Unmarshal(v, &s)
			counts[t] = len(decodeIDs(s))
		}
	}
	return counts, nil
}

func decodeIDs(s string) []int { return decodeAt(s, nil) }

// decodeAt reads a list of documents, each perhaps with the passage that
// holds the term ("3:a.1"), and notes in at the first passage of each.
func decodeAt(s string, at map[int]int) []int {
	var ids []int
	prev := 0
	for d := range strings.SplitSeq(s, ".") {
		d, p, hasP := strings.Cut(d, ":")
		if n, err := strconv.ParseInt(d, 36, 64); err == nil {
			prev += int(n)
			ids = append(ids, prev)
			if pn, err := strconv.ParseInt(p, 36, 64); hasP && err == nil && at != nil {
				if old, ok := at[prev]; !ok || int(pn) < old {
					at[prev] = int(pn)
				}
			}
		}
	}
	return ids
}

func dedupe(ids []int) []int {
	slices.Sort(ids)
	return slices.Compact(ids)
}

func intersect(a, b []int) []int {
	set := map[int]bool{}
	for _, id := range b {
		set[id] = true
	}
	var out []int
	for _, id := range a {
		if set[id] {
			out = append(out, id)
		}
	}
	return out
}

func readJSON(name string, v any) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
