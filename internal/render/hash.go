package render

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"html/template"
	"math"
	"reflect"
	"sync"
	"unsafe"
)

// Key identifies what a file of the site is made from: for a page, its
// view, every field the template can show. Two views with a field apart
// have different keys, so a page whose key is as it was last time is the
// same page, and need not be made again. Keys are the same from one run
// of the program to the next, so a build may keep them in its cache.
type Key uint64

// Hash returns the key of v, a view or any value made of the kinds views
// are made of: numbers, strings, booleans, and structs, slices, arrays
// and pointers of them. A map, a function or a channel is a programming
// error, and panics: a view must be plain data (see views.go).
//
// The key is two 32-bit CRCs of the value's fields written in order,
// each string and slice after its length: both checksums are computed by
// the processor, at more than 10 GB/s, where a cryptographic hash would
// cost a tenth of a rebuild at 10,000 documents. A key guards against
// accidental equality, not against an attacker, who would have to write
// the site's sources anyway.
func Hash(v any) Key {
	var h hasher
	h.value(reflect.ValueOf(v))
	return h.key()
}

// HashBytes is the key of files' bytes, for a file that is its own view
// (a feed, a copied file).
func HashBytes(parts ...[]byte) Key {
	var h hasher
	for _, p := range parts {
		h.bytes(p)
	}
	return h.key()
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// hasher gathers small writes (numbers, lengths, labels) in buf and
// hands the checksums whole blocks: the processor's instructions are fast
// on long input, and a call for every eight bytes cost most of the time.
type hasher struct {
	c, i uint32 // Castagnoli and IEEE
	buf  []byte
	arr  [2048]byte // buf's first storage
}

func (h *hasher) key() Key {
	h.flush()
	return Key(uint64(h.c)<<32 | uint64(h.i))
}

func (h *hasher) flush() {
	h.c = crc32.Update(h.c, castagnoli, h.buf)
	h.i = crc32.Update(h.i, crc32.IEEETable, h.buf)
	h.buf = h.buf[:0]
}

func (h *hasher) write(b []byte) {
	if h.buf == nil {
		h.buf = h.arr[:0]
	}
	if len(h.buf)+len(b) <= cap(h.buf) {
		h.buf = append(h.buf, b...)
		return
	}
	h.flush()
	if len(b) <= cap(h.buf) {
		h.buf = append(h.buf, b...)
		return
	}
	h.c = crc32.Update(h.c, castagnoli, b)
	h.i = crc32.Update(h.i, crc32.IEEETable, b)
}

func (h *hasher) uint(n uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], n)
	h.write(b[:])
}

func (h *hasher) bytes(b []byte) {
	h.uint(uint64(len(b)))
	h.write(b)
}

func (h *hasher) string(s string) {
	h.uint(uint64(len(s)))
	// The string's bytes are read where they are, not copied.
	h.write(unsafeBytes(s))
}

func (h *hasher) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Invalid:
		h.uint(0)
	case reflect.Bool:
		if v.Bool() {
			h.uint(1)
		} else {
			h.uint(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.uint(math.Float64bits(v.Float()))
	case reflect.String:
		h.string(v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.uint(0)
			return
		}
		h.uint(1)
		if v.Kind() == reflect.Interface {
			h.string(v.Elem().Type().String())
		}
		h.value(v.Elem())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			h.bytes(v.Bytes())
			return
		}
		fallthrough
	case reflect.Array:
		h.uint(uint64(v.Len()))
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			h.value(v.Field(i))
		}
	default:
		panic(fmt.Sprintf("render.Hash: a view holds a %s (%s), which is not plain data", v.Kind(), v.Type()))
	}
}

// unsafeBytes is s's bytes, shared, for reading only.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// Memo keeps costly parts of views from one load of the site to the
// next, for the live server, by a key of what each is made from: the
// marked text of a changes page, two whole versions compared. After an
// edit to a front matter every page's view is made again to find its key;
// at 10,000 documents, comparing every pair of versions again cost a
// quarter of that.
type Memo struct {
	mu         sync.Mutex
	last, next map[Key]template.HTML
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{last: map[Key]template.HTML{}, next: map[Key]template.HTML{}}
}

func (d *Memo) get(k Key) (template.HTML, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if h, ok := d.next[k]; ok {
		return h, true
	}
	h, ok := d.last[k]
	if ok {
		d.next[k] = h
	}
	return h, ok
}

func (d *Memo) put(k Key, h template.HTML) {
	d.mu.Lock()
	d.next[k] = h
	d.mu.Unlock()
}

// Forget lets go of what no load since the last Forget asked for: the
// parts of what was edited or removed since. The caller calls it after a
// load that made every page's view.
func (d *Memo) Forget() {
	d.mu.Lock()
	d.last, d.next = d.next, map[Key]template.HTML{}
	d.mu.Unlock()
}

// memo is the part made by make, kept in vw.Memo by key k where there is
// one.
func (vw *Views) memo(k func() Key, make func() template.HTML) template.HTML {
	if vw.Memo == nil {
		return make()
	}
	key := k()
	if h, ok := vw.Memo.get(key); ok {
		return h
	}
	h := make()
	vw.Memo.put(key, h)
	return h
}
