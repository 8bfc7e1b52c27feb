package conformance

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Status comparison
//
// Objects are matched by bundle key, namespace and name; when several
// objects share all three, the i-th expected one is compared with our i-th
// one. Objects that the expected output does not list are not compared; an
// expected object whose status carries nothing (only empty lists) need not
// be in ours.
//
// Inside a status, the comparison is generic, driven by field names, so
// that every kind is handled the same way:
//
//   - conditions: matched by type (i-th occurrence with i-th occurrence);
//     status and reason count at LevelStatus, message at LevelStrict;
//     lastTransitionTime and observedGeneration are ignored everywhere;
//   - listeners: matched by name; each compared as a status (so
//     attachedRoutes, supportedKinds and conditions are compared);
//   - parents (routes) and ancestors (policies, Backends, ...): matched by
//     parentRef / ancestorRef, each compared as a status (conditions,
//     controllerName, ...);
//   - supportedKinds: compared as a set of group/kind;
//   - anything else: compared structurally at LevelStatus.
//
// A missing or extra condition, listener, parent or ancestor is a
// LevelStatus difference.
//
// References are compared with their defaults filled in, because an absent
// field and its default mean the same thing: group gateway.networking.k8s.io,
// kind Gateway, and the namespace of the object that holds the status
// (except for the cluster-scoped GatewayClass). An explicit empty group
// (the core group) stays empty.

const (
	gatewayGroup = "gateway.networking.k8s.io"
	gatewayKind  = "Gateway"
)

// ignoredStatusField reports whether a status field is never compared.
func ignoredStatusField(k string) bool {
	return k == "lastTransitionTime" || k == "observedGeneration"
}

// nonStatusKey reports whether a top-level key of an out.yaml holds
// something other than objects (the reference IR).
func nonStatusKey(k string) bool {
	return k == "xdsIR" || k == "infraIR"
}

// statusObject is one object with a status, in generic form.
type statusObject struct {
	namespace, name string
	status          map[string]any
	hasStatus       bool
}

// objectsByKey groups status objects by bundle key.
type objectsByKey map[string][]statusObject

// expectedStatuses extracts, from a parsed out.yaml, every object that has a
// status, by bundle key. A key may hold a list of objects or one object.
func expectedStatuses(doc map[string]any) (objectsByKey, error) {
	out := objectsByKey{}
	for key, v := range doc {
		if nonStatusKey(key) {
			continue
		}
		var items []any
		switch x := v.(type) {
		case []any:
			items = x
		case map[string]any:
			items = []any{x}
		default:
			continue
		}
		for i, it := range items {
			m := asMap(it)
			if m == nil {
				continue
			}
			st, ok := m["status"]
			if !ok || st == nil {
				continue
			}
			o, err := toStatusObject(m)
			if err != nil {
				return nil, fmt.Errorf("%s[%d]: %w", key, i, err)
			}
			out[key] = append(out[key], o)
		}
	}
	return out, nil
}

// ourStatuses brings a pipeline's statuses to generic form.
func ourStatuses(in map[string][]any) (objectsByKey, error) {
	out := objectsByKey{}
	for key, items := range in {
		for i, it := range items {
			g, err := normalize(it)
			if err != nil {
				return nil, fmt.Errorf("statuses %s[%d]: %w", key, i, err)
			}
			m := asMap(g)
			if m == nil {
				return nil, fmt.Errorf("statuses %s[%d]: not an object", key, i)
			}
			o, err := toStatusObject(m)
			if err != nil {
				return nil, fmt.Errorf("statuses %s[%d]: %w", key, i, err)
			}
			out[key] = append(out[key], o)
		}
	}
	return out, nil
}

func toStatusObject(m map[string]any) (statusObject, error) {
	meta := asMap(m["metadata"])
	name, _ := str(meta, "name")
	if name == "" {
		return statusObject{}, fmt.Errorf("no metadata.name")
	}
	ns, _ := str(meta, "namespace")
	st, has := m["status"]
	sm := asMap(st)
	if st != nil && sm == nil {
		return statusObject{}, fmt.Errorf("%s: status is not an object", name)
	}
	return statusObject{namespace: ns, name: name, status: sm, hasStatus: has && st != nil}, nil
}

func (o statusObject) id() string {
	if o.namespace == "" {
		return o.name
	}
	return o.namespace + "/" + o.name
}

// compareStatuses compares every expected object's status with ours.
func compareStatuses(d *differ, want, got objectsByKey) {
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		pairs, _ := pairByKey(want[key], got[key], statusObject.id)
		for _, p := range pairs {
			path := bracket(key, p.label)
			if !p.found {
				if !isEmpty(p.want.status) {
					d.add(LevelStatus, path, "missing from our statuses")
				}
				continue
			}
			compareStatus(d, joinPath(path, "status"), p.want.status, p.got.status, p.want.namespace)
		}
	}
}

// compareStatus compares one status (or one listener, parent or ancestor
// entry, which have the same shape) field by field.
func compareStatus(d *differ, path string, want, got map[string]any, namespace string) {
	for _, k := range sortedKeys(want, got) {
		if ignoredStatusField(k) {
			continue
		}
		p := joinPath(path, k)
		w, g := want[k], got[k]
		switch k {
		case "conditions":
			compareConditions(d, p, w, g)
		case "listeners":
			compareEntries(d, p, w, g, namespace, listenerKey)
		case "parents":
			compareEntries(d, p, w, g, namespace, refKey("parentRef"))
		case "ancestors":
			compareEntries(d, p, w, g, namespace, refKey("ancestorRef"))
		case "supportedKinds":
			compareKinds(d, p, w, g)
		case "parentRef", "ancestorRef":
			// Entries were matched by these; equal up to defaults.
		default:
			if isEmpty(w) && isEmpty(g) {
				continue
			}
			compareGeneric(d, LevelStatus, p, w, g, ignoredStatusField)
		}
	}
}

// entryKey returns an entry's matching key and its label in paths.
type entryKey func(entry map[string]any, namespace string) (key, label string)

func listenerKey(e map[string]any, _ string) (string, string) {
	n, _ := str(e, "name")
	return n, n
}

func refKey(field string) entryKey {
	return func(e map[string]any, namespace string) (string, string) {
		return refIdentity(asMap(e[field]), namespace)
	}
}

// refIdentity returns the defaulted identity of a parentRef or ancestorRef
// and a readable label: "[Kind ]namespace/name[/section][:port]", where the
// kind is left out for Gateways.
func refIdentity(ref map[string]any, namespace string) (key, label string) {
	group, ok := str(ref, "group")
	if !ok {
		group = gatewayGroup
	}
	kind, ok := str(ref, "kind")
	if !ok {
		kind = gatewayKind
	}
	ns, ok := str(ref, "namespace")
	if !ok && kind != "GatewayClass" {
		ns = namespace
	}
	name, _ := str(ref, "name")
	section, _ := str(ref, "sectionName")
	port := ""
	if p, ok := ref["port"]; ok && p != nil {
		port = fmt.Sprint(p)
	}
	key = strings.Join([]string{group, kind, ns, name, section, port}, "\x00")

	var b strings.Builder
	switch {
	case kind == gatewayKind && group == gatewayGroup:
	case group == "" || group == gatewayGroup:
		b.WriteString(kind + " ")
	default:
		b.WriteString(kind + "." + group + " ")
	}
	if ns != "" {
		b.WriteString(ns + "/")
	}
	b.WriteString(name)
	if section != "" {
		b.WriteString("/" + section)
	}
	if port != "" {
		b.WriteString(":" + port)
	}
	return key, b.String()
}

type keyedEntry struct {
	key, label string
	m          map[string]any
}

// compareEntries compares two lists of status entries matched by key.
func compareEntries(d *differ, path string, want, got any, namespace string, key entryKey) {
	wl, ok1 := asList(want)
	gl, ok2 := asList(got)
	if !ok1 || !ok2 {
		compareGeneric(d, LevelStatus, path, want, got, ignoredStatusField)
		return
	}
	toEntries := func(l []any) []keyedEntry {
		out := make([]keyedEntry, 0, len(l))
		for _, v := range l {
			m := asMap(v)
			k, label := key(m, namespace)
			out = append(out, keyedEntry{key: k, label: label, m: m})
		}
		return out
	}
	we, ge := toEntries(wl), toEntries(gl)
	labels := map[string]string{}
	for _, e := range append(we[:len(we):len(we)], ge...) {
		labels[e.key] = e.label
	}
	pairs, extra := pairByKey(we, ge, func(e keyedEntry) string { return e.key })
	relabel := func(l string) string {
		// pairByKey labels with the key; show the readable label instead,
		// keeping any "#n" occurrence suffix.
		base, suffix, _ := strings.Cut(l, "#")
		if suffix != "" {
			return labels[base] + "#" + suffix
		}
		return labels[base]
	}
	for _, p := range pairs {
		ep := bracket(path, relabel(p.label))
		if !p.found {
			d.missing(LevelStatus, ep)
			continue
		}
		compareStatus(d, ep, p.want.m, p.got.m, namespace)
	}
	for _, x := range extra {
		d.unexpected(LevelStatus, bracket(path, relabel(x.label)))
	}
}

// compareConditions compares two condition lists by type.
func compareConditions(d *differ, path string, want, got any) {
	wl, ok1 := asList(want)
	gl, ok2 := asList(got)
	if !ok1 || !ok2 {
		compareGeneric(d, LevelStatus, path, want, got, ignoredStatusField)
		return
	}
	condType := func(v any) string { t, _ := str(asMap(v), "type"); return t }
	pairs, extra := pairByKey(wl, gl, condType)
	for _, p := range pairs {
		cp := bracket(path, p.label)
		if !p.found {
			d.missing(LevelStatus, cp)
			continue
		}
		w, g := asMap(p.want), asMap(p.got)
		for _, f := range []string{"status", "reason"} {
			if !reflect.DeepEqual(w[f], g[f]) {
				d.values(LevelStatus, joinPath(cp, f), w[f], g[f])
			}
		}
		if !reflect.DeepEqual(w["message"], g["message"]) {
			d.values(LevelStrict, joinPath(cp, "message"), w["message"], g["message"])
		}
	}
	for _, x := range extra {
		d.unexpected(LevelStatus, bracket(path, x.label))
	}
}

// compareKinds compares supportedKinds as sets of group/kind.
func compareKinds(d *differ, path string, want, got any) {
	wl, ok1 := asList(want)
	gl, ok2 := asList(got)
	if !ok1 || !ok2 {
		compareGeneric(d, LevelStatus, path, want, got, ignoredStatusField)
		return
	}
	set := func(l []any) []string {
		out := make([]string, 0, len(l))
		for _, v := range l {
			m := asMap(v)
			kind, _ := str(m, "kind")
			group, ok := str(m, "group")
			if ok && group != gatewayGroup {
				kind = group + "/" + kind
			}
			out = append(out, kind)
		}
		sort.Strings(out)
		return out
	}
	ws, gs := set(wl), set(gl)
	if strings.Join(ws, ",") != strings.Join(gs, ",") {
		d.add(LevelStatus, path, "want [%s], got [%s]", strings.Join(ws, " "), strings.Join(gs, " "))
	}
}
