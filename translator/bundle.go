package translator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// bundleEntry is one key of a bundle that the loader understands.
type bundleEntry struct {
	key    string // lower-case
	kind   *kind
	single bool // the key holds one object rather than a list
}

// bundleEntries lists the keys of a bundle in the order their objects are
// appended: for each kind, its single-object and aliased keys first, then
// its own list.
var bundleEntries = func() []bundleEntry {
	aliasKeys := make([]string, 0, len(bundleAliases))
	for k := range bundleAliases {
		aliasKeys = append(aliasKeys, k)
	}
	sort.Strings(aliasKeys)
	var out []bundleEntry
	for i := range kinds {
		k := &kinds[i]
		// Single-object keys come before lists, as a GatewayClass's
		// EnvoyProxy comes before the Gateways' ones.
		sort.SliceStable(aliasKeys, func(a, b int) bool {
			return bundleAliases[aliasKeys[a]].single && !bundleAliases[aliasKeys[b]].single
		})
		for _, a := range aliasKeys {
			if bundleAliases[a].kind == k.name {
				out = append(out, bundleEntry{key: a, kind: k, single: bundleAliases[a].single})
			}
		}
		out = append(out, bundleEntry{key: strings.ToLower(k.bundleKey), kind: k})
	}
	return out
}()

// loadBundleDocument loads d as a bundle. ok is false when d is not a bundle:
// it has an apiVersion or kind, or none of its keys is a known list name.
func loadBundleDocument(d document) (res *Resources, ok bool, err error) {
	js, convErr := yamlToJSON(d.body)
	if convErr != nil {
		return nil, false, nil
	}
	js = bytes.TrimSpace(js)
	if len(js) == 0 || js[0] != '{' {
		return nil, false, nil
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(js, &top) != nil {
		return nil, false, nil
	}
	byKey := make(map[string]json.RawMessage, len(top))
	known := false
	for k, v := range top {
		lk := strings.ToLower(k)
		switch lk {
		case "apiversion", "kind":
			return nil, false, nil
		}
		if _, isKind := kindsByBundleKey[lk]; isKind || lk == bundleKeyEnvoyProxyDefaults {
			known = true
		} else if _, isAlias := bundleAliases[lk]; isAlias {
			known = true
		}
		byKey[lk] = v
	}
	if !known {
		return nil, false, nil
	}

	res = &Resources{}
	out := docResult{}
	for _, e := range bundleEntries {
		raw, present := byKey[e.key]
		delete(byKey, e.key)
		if !present || isJSONNull(raw) {
			continue
		}
		src := source{doc: d.num, line: d.line, yaml: d.body, bundleKey: originalKey(top, e.key)}
		if e.single {
			src.path = src.bundleKey
			decodeBundleItem(&out, src, e.kind, raw)
			continue
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			out.errs = append(out.errs, &LoadError{Doc: d.num, Line: d.line + firstContentLine(d.body), Path: src.bundleKey,
				Err: fmt.Errorf("%w: bundle key %q must hold a list of objects", ErrNotObject, src.bundleKey)})
			continue
		}
		for i, item := range items {
			src := src
			src.path = fmt.Sprintf("%s[%d]", src.bundleKey, i)
			src.itemIndex = i
			decodeBundleItem(&out, src, e.kind, item)
		}
	}
	if raw, present := byKey[bundleKeyEnvoyProxyDefaults]; present {
		delete(byKey, bundleKeyEnvoyProxyDefaults)
		if !isJSONNull(raw) {
			spec := new(egv1a1.EnvoyProxySpec)
			if err := json.Unmarshal(raw, spec); err != nil {
				out.errs = append(out.errs, &LoadError{Doc: d.num, Line: d.line + firstContentLine(d.body),
					Path: originalKey(top, bundleKeyEnvoyProxyDefaults), Err: fmt.Errorf("%w: %v", ErrFieldType, err)})
			} else {
				res.EnvoyProxyDefaults = spec
			}
		}
	}
	unknown := make([]string, 0, len(byKey))
	for k := range byKey {
		unknown = append(unknown, originalKey(top, k))
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		out.skipped = append(out.skipped, Skipped{Doc: d.num, Line: d.line + firstContentLine(d.body),
			Reason: fmt.Sprintf("bundle key %q is not a known list of objects", k)})
	}

	for _, o := range out.objects {
		o.kind.add(res, o.obj)
	}
	res.Skipped = out.skipped
	return res, true, errors.Join(out.errs...)
}

// decodeBundleItem decodes one object of a bundle list. The list's key
// decides the object's type; an object that names another kind is an error.
func decodeBundleItem(out *docResult, src source, k *kind, js []byte) {
	var h header
	if err := json.Unmarshal(js, &h); err != nil {
		out.errs = append(out.errs, src.errorf(0, "", fmt.Errorf("%w: %v", ErrNotObject, err)))
		return
	}
	if h.Kind != "" && h.Kind != k.name {
		e := src.errorf(0, "", fmt.Errorf("%w: kind %s in the list of %s", ErrNotObject, h.Kind, k.name))
		e.Kind, e.Namespace, e.Name = h.Kind, h.Metadata.Namespace, h.Metadata.Name
		out.errs = append(out.errs, e)
		return
	}
	obj, err := decodeObject(k, js, src)
	if err != nil {
		err.Kind, err.Namespace, err.Name = k.name, h.Metadata.Namespace, h.Metadata.Name
		out.errs = append(out.errs, err)
		return
	}
	out.objects = append(out.objects, loadedObject{kind: k, obj: obj})
}

func isJSONNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// originalKey returns the key of top, as spelt in the input, whose lower-case
// form is lower.
func originalKey(top map[string]json.RawMessage, lower string) string {
	best := ""
	for k := range top {
		if strings.ToLower(k) == lower && (best == "" || k < best) {
			best = k
		}
	}
	return best
}
