package yamljson

import "math"

// Convert converts one YAML document (no '---' separators inside) to JSON.
// ok is false when the document uses YAML outside the subset the fast path
// handles, or is not valid YAML; callers then use
// sigs.k8s.io/yaml.YAMLToJSON instead. When ok is true, out equals what
// YAMLToJSON returns for doc, byte for byte.
func Convert(doc []byte) (out []byte, ok bool) {
	var c Converter
	return c.Append(nil, doc)
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
	if len(doc) >= math.MaxInt32 || !validText(doc) {
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

// reset prepares p to parse src, keeping its buffers.
func (p *parser) reset(src []byte) {
	p.src = src
	p.pos = 0
	p.depth = 0
	p.nodes = p.nodes[:0]
	p.scratch = p.scratch[:0]
	p.order = p.order[:0]
	// Release the reference to a large previous document's scratch space
	// only if it is far bigger than this one needs; otherwise keep it.
	if cap(p.scratch) > 1<<20 && cap(p.scratch) > 8*len(src) {
		p.scratch = nil
	}
}
