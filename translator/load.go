package translator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	sigsyaml "sigs.k8s.io/yaml"
)

// LoadError reports an object or document that could not be loaded. It names
// where the problem is (document number and input line), which object it
// concerns when that is known, and wraps the underlying error.
type LoadError struct {
	// Doc is the 1-based number of the YAML document in the input stream.
	// A bundle is document 1.
	Doc int
	// Line is the 1-based input line of the problem, or of the start of the
	// object when the exact place is unknown.
	Line int
	// Path locates the object inside a bundle or a List, e.g. "httpRoutes[2]"
	// or "items[0]"; empty for a plain document.
	Path string
	// Kind, Namespace and Name identify the object when they could be read.
	Kind      string
	Namespace string
	Name      string
	// Field is the JSON path of the offending field, when known.
	Field string
	Err   error
}

func (e *LoadError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "document %d, line %d", e.Doc, e.Line)
	if e.Path != "" {
		b.WriteString(", " + e.Path)
	}
	if e.Kind != "" {
		b.WriteString(": " + e.Kind)
		if e.Name != "" {
			b.WriteString(" ")
			if e.Namespace != "" {
				b.WriteString(e.Namespace + "/")
			}
			b.WriteString(e.Name)
		}
	}
	if e.Field != "" {
		b.WriteString(": field " + e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *LoadError) Unwrap() error { return e.Err }

// Sentinel errors wrapped by LoadError.
var (
	// ErrMalformedYAML is wrapped when a document is not valid YAML.
	ErrMalformedYAML = errors.New("translator: malformed YAML")
	// ErrNotObject is wrapped when a document is not a mapping, or lacks
	// apiVersion or kind.
	ErrNotObject = errors.New("translator: not a Kubernetes object")
	// ErrFieldType is wrapped when a field holds a value of the wrong type.
	ErrFieldType = errors.New("translator: wrong field type")
)

// Load reads Kubernetes objects from data and returns them grouped by kind.
//
// data is either a stream of YAML (or JSON) documents separated by lines
// starting with "---", each holding one object or a List of objects, or a
// bundle: a single mapping from list names (gateways, httpRoutes,
// backendTrafficPolicies, ...) to lists of objects, the format of the
// conformance corpus. Keys are matched case-insensitively, as encoding/json
// matches struct fields.
//
// Objects of kinds the loader does not translate are recorded in
// Resources.Skipped with the reason. Documents that cannot be loaded (bad YAML,
// no kind or apiVersion, a field of the wrong type) produce a *LoadError each;
// Load returns all of them joined with errors.Join, together with every object
// that did load. Load never panics on bad input.
//
// Documents are decoded in parallel, one goroutine per available CPU; the
// result does not depend on scheduling.
func Load(data []byte) (*Resources, error) {
	docs := splitDocuments(data)
	if len(docs) == 1 {
		if res, ok, err := loadBundleDocument(docs[0]); ok {
			return res, err
		}
	}
	results := decodeDocuments(docs)
	res := &Resources{}
	var errs []error
	for _, r := range results {
		for _, o := range r.objects {
			o.kind.add(res, o.obj)
		}
		res.Skipped = append(res.Skipped, r.skipped...)
		errs = append(errs, r.errs...)
	}
	return res, errors.Join(errs...)
}

// LoadReader reads all of r and loads it as Load does.
func LoadReader(r io.Reader) (*Resources, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("translator: read input: %w", err)
	}
	return Load(data)
}

// document is one YAML document of a stream.
type document struct {
	num  int // 1-based document number
	line int // 1-based line of the document's first line in the stream
	body []byte
}

// splitDocuments splits a YAML stream at document markers: lines that start
// with "---" followed by nothing, a space or a tab. Content after the marker
// on the same line belongs to the new document.
func splitDocuments(data []byte) []document {
	var docs []document
	start, startLine, line := 0, 1, 1
	flush := func(end int) {
		docs = append(docs, document{num: len(docs) + 1, line: startLine, body: data[start:end]})
	}
	for pos := 0; pos < len(data); {
		nl := bytes.IndexByte(data[pos:], '\n')
		end := len(data)
		if nl >= 0 {
			end = pos + nl
		}
		l := data[pos:end]
		if isDocumentMarker(l) {
			if pos > start || len(docs) > 0 {
				flush(pos)
			}
			// The rest of the marker line starts the next document.
			start, startLine = pos+3, line
		}
		if nl < 0 {
			break
		}
		pos = end + 1
		line++
	}
	if start < len(data) || len(docs) == 0 {
		flush(len(data))
	}
	return docs
}

func isDocumentMarker(l []byte) bool {
	if !bytes.HasPrefix(l, []byte("---")) {
		return false
	}
	if len(l) == 3 {
		return true
	}
	switch l[3] {
	case ' ', '\t', '\r':
		return true
	}
	return false
}

// loadedObject is one decoded object with its kind.
type loadedObject struct {
	kind *kind
	obj  any
}

// docResult is what decoding one document produced.
type docResult struct {
	objects []loadedObject
	skipped []Skipped
	errs    []error
}

func decodeDocuments(docs []document) []docResult {
	results := make([]docResult, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	if workers <= 1 {
		for i := range docs {
			results[i] = decodeDocument(docs[i])
		}
		return results
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	const batch = 64
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				lo := next
				next += batch
				mu.Unlock()
				if lo >= len(docs) {
					return
				}
				for i := lo; i < min(lo+batch, len(docs)); i++ {
					results[i] = decodeDocument(docs[i])
				}
			}
		})
	}
	wg.Wait()
	return results
}

// header is the part of an object the loader reads before choosing its type.
type header struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
	Items []json.RawMessage `json:"items"`
}

func decodeDocument(d document) (res docResult) {
	defer func() {
		if p := recover(); p != nil {
			res.errs = append(res.errs, &LoadError{Doc: d.num, Line: d.line, Err: fmt.Errorf("internal error while loading: %v", p)})
		}
	}()
	js, err := yamlToJSON(d.body)
	if err != nil {
		return docResult{errs: []error{&LoadError{Doc: d.num, Line: d.line + yamlErrorLine(err), Err: fmt.Errorf("%w: %v", ErrMalformedYAML, err)}}}
	}
	js = bytes.TrimSpace(js)
	if len(js) == 0 || string(js) == "null" {
		return docResult{} // an empty document or only comments
	}
	if js[0] != '{' {
		return docResult{errs: []error{&LoadError{Doc: d.num, Line: d.line + firstContentLine(d.body), Err: fmt.Errorf("%w: the document is not a mapping", ErrNotObject)}}}
	}
	var h header
	if err := json.Unmarshal(js, &h); err != nil {
		return docResult{errs: []error{&LoadError{Doc: d.num, Line: d.line + firstContentLine(d.body), Err: fmt.Errorf("%w: apiVersion, kind or metadata: %v", ErrNotObject, err)}}}
	}
	src := source{doc: d.num, line: d.line, yaml: d.body}
	if h.Items != nil && (h.Kind == "List" || strings.HasSuffix(h.Kind, "List")) {
		for i, item := range h.Items {
			src := src
			src.path = fmt.Sprintf("items[%d]", i)
			src.bundleKey = "items"
			src.itemIndex = i
			decodeItem(&res, src, item, nil)
		}
		return res
	}
	decodeItem(&res, src, js, &h)
	return res
}

// source says where an object came from, for errors and skips.
type source struct {
	doc, line int
	yaml      []byte // the YAML of the whole document
	path      string // "items[3]" or "httpRoutes[2]"; empty for a plain document
	// For an object inside a bundle or List: the mapping key holding the list
	// (empty for a List's items) and the index in it.
	bundleKey string
	itemIndex int
}

// decodeItem decodes one object (its JSON in js) and records it, a skip or an
// error in res. h is the object's header when already read.
func decodeItem(res *docResult, src source, js []byte, h *header) {
	if h == nil {
		h = new(header)
		if err := json.Unmarshal(js, h); err != nil {
			res.errs = append(res.errs, src.errorf(0, "", fmt.Errorf("%w: apiVersion, kind or metadata: %v", ErrNotObject, err)))
			return
		}
	}
	if h.APIVersion == "" || h.Kind == "" {
		missing := "apiVersion"
		if h.Kind == "" {
			missing = "kind"
			if h.APIVersion == "" {
				missing = "apiVersion and kind"
			}
		}
		e := src.errorf(0, "", fmt.Errorf("%w: %s missing", ErrNotObject, missing))
		e.Kind, e.Namespace, e.Name = h.Kind, h.Metadata.Namespace, h.Metadata.Name
		res.errs = append(res.errs, e)
		return
	}
	k, reason := lookupKind(h.APIVersion, h.Kind)
	if k == nil {
		res.skipped = append(res.skipped, Skipped{
			Doc: src.doc, Line: src.objectLine(), APIVersion: h.APIVersion, Kind: h.Kind,
			Namespace: h.Metadata.Namespace, Name: h.Metadata.Name, Reason: reason,
		})
		return
	}
	obj, err := decodeObject(k, js, src)
	if err != nil {
		err.Kind, err.Namespace, err.Name = h.Kind, h.Metadata.Namespace, h.Metadata.Name
		res.errs = append(res.errs, err)
		return
	}
	res.objects = append(res.objects, loadedObject{kind: k, obj: obj})
}

// decodeObject decodes js into a new object of kind k. A value whose JSON type
// does not match its field (a number for a string field, say) is retried the
// way sigs.k8s.io/yaml decodes, which converts YAML scalars to the type of the
// target field, so that manifests accepted by kubectl-style tooling load here.
func decodeObject(k *kind, js []byte, src source) (any, *LoadError) {
	obj := k.newObject()
	err := json.Unmarshal(js, obj)
	if err == nil {
		return obj, nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if y := src.objectYAML(); y != nil {
			retry := k.newObject()
			if sigsyaml.Unmarshal(y, retry) == nil {
				return retry, nil
			}
		}
		value, _, _ := strings.Cut(typeErr.Value, " ")
		line := locateField(src, typeErr.Field, value)
		return nil, src.errorf(line, typeErr.Field, fmt.Errorf("%w: got %s, want %s", ErrFieldType, article(value), describeType(typeErr)))
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return nil, src.errorf(0, "", fmt.Errorf("%w: %v", ErrMalformedYAML, err))
	}
	// Errors from custom decoders (quantities, int-or-string, times) carry no
	// field path; report them on the object.
	return nil, src.errorf(0, "", fmt.Errorf("%w: %v", ErrFieldType, err))
}

func article(jsonType string) string {
	switch jsonType {
	case "array":
		return "a list"
	case "object":
		return "a mapping"
	case "bool":
		return "a boolean"
	}
	return "a " + jsonType
}

func describeType(e *json.UnmarshalTypeError) string {
	if e.Type == nil {
		return "another type"
	}
	switch e.Type.Kind().String() {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "an integer"
	case "float32", "float64":
		return "a number"
	case "slice", "array":
		return "a list"
	case "map", "struct":
		return "a mapping"
	}
	return e.Type.String()
}

func (s source) errorf(line int, field string, err error) *LoadError {
	if line == 0 {
		line = s.objectLine()
	}
	return &LoadError{Doc: s.doc, Line: line, Path: s.path, Field: field, Err: err}
}

// objectLine is the input line where the object starts.
func (s source) objectLine() int {
	if s.path == "" {
		return s.line + firstContentLine(s.yaml)
	}
	if n := s.itemNode(); n != nil {
		return s.line + n.Line - 1
	}
	return s.line + firstContentLine(s.yaml)
}

// firstContentLine is the 0-based line offset of the first line of doc that
// is neither blank nor a comment.
func firstContentLine(doc []byte) int {
	n := 0
	for len(doc) > 0 {
		l := doc
		if i := bytes.IndexByte(doc, '\n'); i >= 0 {
			l, doc = doc[:i], doc[i+1:]
		} else {
			doc = nil
		}
		t := bytes.TrimSpace(l)
		if len(t) > 0 && t[0] != '#' {
			return n
		}
		n++
	}
	return 0
}
