// Package yamljson is a fast path for converting the block-style YAML of
// Kubernetes manifests to JSON.
//
// The contract is narrow and strict: whenever [Convert] (or
// [Converter.Append]) reports ok, its output is byte-for-byte identical to
// what sigs.k8s.io/yaml.YAMLToJSON returns for the same document (YAML 1.1
// scalar resolution as in go.yaml.in/yaml/v2, mapping keys sorted, strings
// escaped and numbers formatted as encoding/json does). Whenever YAMLToJSON
// would fail, the fast path reports !ok. It also reports !ok for every
// document that uses YAML outside the subset it understands; callers then
// fall back to sigs.k8s.io/yaml.YAMLToJSON. Reporting !ok is always
// correct; a wrong ok never is.
//
// The subset:
//
//   - block mappings and block sequences nested by indentation (spaces
//     only), including "- key: v" compact mappings, "- - v" nested
//     sequences and sequences at the same indentation as their key;
//   - plain scalars over one or more lines, resolved as yaml.v2 resolves
//     them: null, the YAML 1.1 booleans (yes, on, y, ...), decimal integers
//     and decimal floats; other numeric forms (hex, octal, binary, leading
//     zeros, digit separators, .inf, .nan, out-of-range values) report !ok;
//   - single- and double-quoted scalars over one or more lines, with all
//     of yaml.v2's escapes;
//   - literal (|) and folded (>) block scalars with chomping and
//     indentation indicators;
//   - flow collections that fit on one line, such as [] or
//     ["--port", 8080, {name: x}];
//   - full-line and trailing comments.
//
// Anything else reports !ok: document markers (---, ...), directives,
// anchors, aliases, tags, complex keys (?), flow collections spanning
// lines or with trailing commas or empty entries, tabs outside block
// scalars and comments, carriage returns, keys that do not resolve to
// strings, booleans or integers, duplicate keys, nesting deeper than 1,000
// levels, documents over 256 MiB, and every indentation error.
//
// Convert handles exactly one document; callers split a stream on "---"
// lines themselves.
//
// The package does no I/O and keeps no global state. [Convert] is safe for
// concurrent use; a [Converter] reuses its scratch memory between calls and
// must not be used by two goroutines at once.
package yamljson
