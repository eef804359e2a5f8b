package render

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"reflect"
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

type hasher struct {
	c, i uint32 // Castagnoli and IEEE
	buf  [8]byte
}

func (h *hasher) key() Key { return Key(uint64(h.c)<<32 | uint64(h.i)) }

func (h *hasher) write(b []byte) {
	h.c = crc32.Update(h.c, castagnoli, b)
	h.i = crc32.Update(h.i, crc32.IEEETable, b)
}

func (h *hasher) uint(n uint64) {
	binary.LittleEndian.PutUint64(h.buf[:], n)
	h.write(h.buf[:])
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
