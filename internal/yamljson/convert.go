package yamljson

// Convert converts one YAML document (no '---' separators inside) to JSON.
// ok is false when the document uses YAML outside the subset the fast path
// handles, or is not valid YAML; callers then use
// sigs.k8s.io/yaml.YAMLToJSON instead. When ok is true, out equals what
// YAMLToJSON returns for doc, byte for byte.
func Convert(doc []byte) (out []byte, ok bool) {
	// Size the buffers for a typical manifest up front: a node for every
	// dozen bytes, and JSON about as long as the YAML.
	var c Converter
	c.p.nodes = make([]node, 0, len(doc)/12+4)
	c.p.order = make([]entry, 0, 32)
	out, ok = c.Append(make([]byte, 0, len(doc)+len(doc)/8+16), doc)
	if !ok {
		return nil, false
	}
	return out, true
}

// Converter converts YAML documents to JSON and keeps its scratch memory
// between calls, so that converting many documents allocates little. The
// zero value is ready to use. A Converter must not be used by more than one
// goroutine at a time.
type Converter struct {
	p parser
}

// Append appends the JSON form of the YAML document doc to dst and returns
// the extended buffer, with the same contract as [Convert]. When ok is
// false, the returned slice is dst unchanged.
func (c *Converter) Append(dst, doc []byte) (out []byte, ok bool) {
	if len(doc) > maxDocLen || !validText(doc) {
		return dst, false
	}
	p := &c.p
	p.reset(doc)
	root, ok := p.parseDocument()
	if !ok {
		return dst, false
	}
	n := len(dst)
	out, ok = p.emit(dst, root)
	if !ok {
		return out[:n], false
	}
	return out, true
}

// maxDocLen bounds the documents the fast path takes, so that positions in
// the document and in the scratch buffer (which can grow to a few times the
// document's size) fit in an int32.
const maxDocLen = 1 << 28

// reset prepares p to parse src, keeping its buffers.
func (p *parser) reset(src []byte) {
	p.src = src
	p.pos = 0
	p.depth = 0
	p.keyAt = -1
	p.nodes = p.nodes[:0]
	p.scratch = p.scratch[:0]
	p.order = p.order[:0]
	// Release the reference to a large previous document's scratch space
	// only if it is far bigger than this one needs; otherwise keep it.
	if cap(p.scratch) > 1<<20 && cap(p.scratch) > 8*len(src) {
		p.scratch = nil
	}
}
