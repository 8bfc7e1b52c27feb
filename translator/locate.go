package translator

import (
	"regexp"
	"strconv"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/internal/yamljson"
)

// This file finds input lines for error messages. It runs only when something
// went wrong, so it favours simplicity over speed: it parses the document
// again with a YAML parser that keeps positions.

// yamlToJSON converts one YAML document to JSON: through the fast path for
// the block-style YAML that manifests use, and through sigs.k8s.io/yaml for
// anything else. Both give the same bytes wherever the fast path applies.
func yamlToJSON(doc []byte) ([]byte, error) {
	if out, ok := yamljson.Convert(doc); ok {
		return out, nil
	}
	return sigsyaml.YAMLToJSON(doc)
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlErrorLine returns the 0-based line offset, within its document, of a
// YAML syntax error, or 0 when the error does not say. YAML parsers report
// the position only inside the message text, so it is read from there.
func yamlErrorLine(err error) int {
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, convErr := strconv.Atoi(m[1])
	if convErr != nil || n < 1 {
		return 0
	}
	return n - 1
}

// parseNode parses a document into a YAML node tree, or returns nil.
func parseNode(doc []byte) *yamlv3.Node {
	var n yamlv3.Node
	if err := yamlv3.Unmarshal(doc, &n); err != nil {
		return nil
	}
	if n.Kind == yamlv3.DocumentNode && len(n.Content) == 1 {
		return n.Content[0]
	}
	return nil
}

// mappingValue returns the value of key in a mapping node, matching keys
// case-insensitively as encoding/json does (an exact match wins).
func mappingValue(n *yamlv3.Node, key string) *yamlv3.Node {
	if n == nil || n.Kind != yamlv3.MappingNode {
		return nil
	}
	var folded *yamlv3.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if k == key {
			return n.Content[i+1]
		}
		if folded == nil && strings.EqualFold(k, key) {
			folded = n.Content[i+1]
		}
	}
	return folded
}

// itemNode returns the node of an object held in a bundle list or a List.
func (s source) itemNode() *yamlv3.Node {
	if s.path == "" {
		return nil
	}
	list := mappingValue(parseNode(s.yaml), s.bundleKey)
	if list == nil {
		return nil
	}
	if list.Kind == yamlv3.MappingNode && s.itemIndex == 0 {
		return list // a bundle key that holds a single object
	}
	if list.Kind != yamlv3.SequenceNode || s.itemIndex >= len(list.Content) {
		return nil
	}
	return list.Content[s.itemIndex]
}

// objectYAML returns the YAML of the object alone.
func (s source) objectYAML() []byte {
	if s.path == "" {
		return s.yaml
	}
	n := s.itemNode()
	if n == nil {
		return nil
	}
	out, err := yamlv3.Marshal(n)
	if err != nil {
		return nil
	}
	return out
}

// locateField returns the input line of the field at the dotted JSON path
// field (as encoding/json reports it: names only, no list indexes) whose value
// has the JSON type jsonType ("string", "number", "bool", "array", "object").
// Where the path crosses a list it picks the first element whose value at the
// end of the path has that type. It returns 0 when the field is not found.
func locateField(s source, field, jsonType string) int {
	root := parseNode(s.yaml)
	if s.path != "" {
		root = s.itemNode()
	}
	if root == nil || field == "" {
		return 0
	}
	n := findField(root, strings.Split(field, "."), jsonType)
	if n == nil {
		return 0
	}
	return s.line + n.Line - 1
}

func findField(n *yamlv3.Node, path []string, jsonType string) *yamlv3.Node {
	for n != nil && n.Kind == yamlv3.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return nil
	}
	if n.Kind == yamlv3.SequenceNode {
		for _, item := range n.Content {
			if found := findField(item, path, jsonType); found != nil {
				return found
			}
		}
		return nil
	}
	if len(path) == 0 {
		if nodeHasJSONType(n, jsonType) {
			return n
		}
		return nil
	}
	return findField(mappingValue(n, path[0]), path[1:], jsonType)
}

func nodeHasJSONType(n *yamlv3.Node, jsonType string) bool {
	switch jsonType {
	case "array":
		return n.Kind == yamlv3.SequenceNode
	case "object":
		return n.Kind == yamlv3.MappingNode
	}
	if n.Kind != yamlv3.ScalarNode {
		return false
	}
	switch jsonType {
	case "string":
		return n.ShortTag() == "!!str"
	case "bool":
		return n.ShortTag() == "!!bool"
	case "number":
		return n.ShortTag() == "!!int" || n.ShortTag() == "!!float"
	}
	return true
}
