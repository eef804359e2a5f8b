package build

import (
	"crypto/sha256"
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"scrutiny/internal/content"
	"scrutiny/internal/diag"
)

// maker is what makes a file of the output: a source of the site, with a
// position where it has one (an alias's line in front matter), or the site
// itself for its own pages and files.
type maker struct {
	what      string // "the body", "alias /old/", "the site's feed"
	file      string // the source, relative to the site root, or ""
	line, col int
	rank      int // which of two clashing makers is reported: the higher
}

// Ranks: where two makers want one path, the message goes to the one the
// author is likelier to move. The site's own files come first, then the
// content's pages, then what only adds files: aliases, attachments, static
// files.
const (
	rankSite = iota
	rankContent
	rankPage
	rankAlias
	rankAttachment
	rankStatic
)

// object names the maker inside a message about another.
func (m maker) object() string {
	switch {
	case m.file == "":
		return m.what
	case m.line > 0:
		return fmt.Sprintf("%s (%s:%d:%d)", m.what, m.file, m.line, m.col)
	}
	return m.what + " " + m.file
}

// subject names the maker at the start of its own message, which is
// already at its file.
func (m maker) subject() string {
	if m.rank == rankAlias {
		return m.what
	}
	return "this file"
}

// claim is a path of the output that a maker writes: a file, or a folder
// (ending in "/") whose every file is the maker's.
type claim struct {
	name string
	by   maker
}

func (c claim) folder() bool { return strings.HasSuffix(c.name, "/") }

// outputTree checks every path the build will write against every other,
// as the tree they make, before anything is written: two makers of one
// file, a file where another maker needs a folder, and a file inside a
// folder that one maker owns are each an error at the maker that gives
// way. Without this, the file system settled it: the later file replaced
// the folder (and every page in it) or failed with an error naming no
// source. The aliases in skip were refused already.
func (p *Project) outputTree(skip map[content.Alias]bool) (diags diag.List) {
	var claims []claim
	for r := range p.routes() {
		if r.many == nil {
			claims = append(claims, claim{r.name, r.from})
			continue
		}
		for _, name := range r.owns {
			claims = append(claims, claim{r.name + name, r.from})
		}
	}
	refused := map[maker]bool{}
	for a := range skip {
		refused[maker{what: "alias " + a.Path, file: a.File, line: a.Pos.Line, col: a.Pos.Col, rank: rankAlias}] = true
	}
	// The same claims give the same answer: the live server, after an edit
	// that moves no path (a text's words, say), has it from the last load
	// rather than sort and walk the site's every path again.
	key := claimsKey(claims, refused)
	if p.md != nil {
		p.md.mu.Lock()
		memo := p.md.tree
		p.md.mu.Unlock()
		if memo.ok && memo.key == key {
			return slices.Clone(memo.diags)
		}
		defer func() {
			p.md.mu.Lock()
			p.md.tree = treeMemo{key: key, diags: slices.Clone(diags), ok: true}
			p.md.mu.Unlock()
		}()
	}
	// Makers that give way come last, and of the paths below a clash the
	// shallowest page first: "needs a folder (for b/index.html)" names the
	// body's page, not its feed or the deepest page below it.
	sort.SliceStable(claims, func(i, j int) bool {
		a, b := claims[i], claims[j]
		if a.by.rank != b.by.rank {
			return a.by.rank < b.by.rank
		}
		if da, db := strings.Count(a.name, "/"), strings.Count(b.name, "/"); da != db {
			return da < db
		}
		if pa, pb := path.Base(a.name) == "index.html", path.Base(b.name) == "index.html"; pa != pb {
			return pa
		}
		return a.name < b.name
	})

	said := map[string]bool{} // the clashes reported, by the path that gives way and the other
	report := func(loser claim, key, format string, args ...any) {
		if refused[loser.by] || said[loser.name+"\x00"+key] {
			return
		}
		said[loser.name+"\x00"+key] = true
		diags.Add(loser.by.file, loser.by.line, loser.by.col, "%s is written to %s, "+format+": rename or move it", append([]any{loser.by.subject(), strings.TrimSuffix(loser.name, "/")}, args...)...)
	}
	owner := map[string]claim{} // every path claimed, by the first maker
	var kept []claim
	for _, c := range claims {
		if prev, ok := owner[c.name]; ok {
			report(c, c.name, "which %s writes too", prev.by.object())
			continue
		}
		owner[c.name] = c
		kept = append(kept, c)
	}
	for _, c := range kept {
		if d, ok := owner[c.name+"/"]; ok && !c.folder() {
			report(c, c.name+"/", "where %s needs a folder", d.by.object())
		}
		for dir := path.Dir(strings.TrimSuffix(c.name, "/")); dir != "."; dir = path.Dir(dir) {
			if f, ok := owner[dir]; ok {
				// A file stands where c needs a folder.
				if f.by.rank > c.by.rank {
					report(f, dir, "where %s needs a folder (for %s)", c.by.object(), c.name)
				} else {
					report(c, dir, "which needs %s as a folder, but %s is the file %s", dir, f.by.object(), dir)
				}
			}
			if d, ok := owner[dir+"/"]; ok && d.by != c.by {
				report(c, dir+"/", "inside %s's folder %s/, which holds only its files", d.by.object(), dir)
			}
		}
	}
	return diags
}

// treeMemo is the output's check of a Session's last load: the key of its
// claims and what it found.
type treeMemo struct {
	key   [sha256.Size]byte
	diags diag.List
	ok    bool
}

// claimsKey hashes the claims, in their order, and the makers refused:
// written into one buffer and hashed once, since at 10,000 documents
// there are some 40,000 claims.
func claimsKey(claims []claim, refused map[maker]bool) [sha256.Size]byte {
	buf := make([]byte, 0, 128*len(claims))
	put := func(m maker) {
		for _, s := range []string{m.what, m.file} {
			buf = append(append(buf, s...), 0)
		}
		for _, n := range []int{m.line, m.col, m.rank} {
			buf = append(strconv.AppendInt(buf, int64(n), 10), 0)
		}
	}
	for _, c := range claims {
		buf = append(append(buf, c.name...), 0)
		put(c.by)
	}
	buf = append(buf, "refused\x00"...)
	var rs []maker
	for m := range refused {
		rs = append(rs, m)
	}
	slices.SortFunc(rs, func(a, b maker) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	for _, m := range rs {
		put(m)
	}
	return sha256.Sum256(buf)
}
