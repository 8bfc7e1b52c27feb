package conformance

import (
	"encoding/json"
	"fmt"
	"sort"

	"google.golang.org/protobuf/proto"
)

// xDS comparison
//
// For each IR key (sorted) and each resource kind, expected and our
// resources are paired by name (the i-th occurrence of a name with the
// i-th); the order of a list does not matter, everything inside a resource
// does. A pair matches when protoDiff finds no difference.
//
// Counting: an item is one resource, or one IR key's ratelimitConfig or
// envoyPatchPolicyStatuses when either side has a non-empty one. total is
// the number of expected items plus our items that have no expected
// counterpart; matched is the number of expected items we reproduced. A case
// passes xDS exactly when matched == total.
//
// ratelimitConfig and envoyPatchPolicyStatuses are compared structurally
// after both sides are brought through JSON; null and absent are the same,
// and lastTransitionTime is ignored in the patch-policy statuses, as it is
// in every status.

// xdsCount is the matched and total item counts of an xDS comparison.
type xdsCount struct{ matched, total int }

// compareXDS compares our xDS with the expected one, adding differences to
// d. It fails when the comparison cannot be made: an expected resource that
// does not parse, or an output of ours that is malformed.
func compareXDS(d *differ, want *expectedXDS, got map[string]*XDS) (xdsCount, error) {
	var c xdsCount
	keys := append([]string(nil), want.Keys...)
	for k := range got {
		if want.Entries[k] == nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		path := bracket("xds", key)
		e, o := want.Entries[key], got[key]
		switch {
		case e == nil:
			n, err := ourCount(o)
			if err != nil {
				return c, fmt.Errorf("%s: %w", path, err)
			}
			c.total += n
			if n > 0 {
				d.add(LevelStatus, path, "unexpected IR key (%s)", items(n))
			}
			continue
		case o == nil:
			n := e.count()
			c.total += n
			if n > 0 {
				d.add(LevelStatus, path, "missing from our output (%s)", items(n))
			}
			continue
		}
		for _, k := range ResourceKinds() {
			if err := compareResources(d, &c, joinPath(path, k.String()), k, e.Resources[k], o.resources(k)); err != nil {
				return c, err
			}
		}
		if err := compareSection(d, &c, joinPath(path, "ratelimitConfig"), e.RateLimitConfig, o.RateLimitConfig, nil); err != nil {
			return c, err
		}
		if err := compareSection(d, &c, joinPath(path, "envoyPatchPolicyStatuses"), e.EnvoyPatchPolicyStatuses, o.EnvoyPatchPolicyStatuses, ignoredStatusField); err != nil {
			return c, err
		}
	}
	return c, nil
}

type namedResource struct {
	name string
	msg  proto.Message
}

func compareResources(d *differ, c *xdsCount, path string, k ResourceKind, want []json.RawMessage, got []proto.Message) error {
	ws := make([]namedResource, 0, len(want))
	for i, raw := range want {
		m, err := parseResource(k, raw)
		if err != nil {
			return fmt.Errorf("expected %s[%d]: %w", path, i, err)
		}
		n, _ := k.ResourceName(m)
		ws = append(ws, namedResource{n, m})
	}
	gs, err := namedResources(k, path, got)
	if err != nil {
		return err
	}
	pairs, extra := pairByKey(ws, gs, func(r namedResource) string { return r.name })
	for _, p := range pairs {
		c.total++
		rp := bracket(path, p.label)
		if !p.found {
			d.missing(LevelStatus, rp)
			continue
		}
		if fp, text, differs := protoDiff(p.want.msg, p.got.msg); differs {
			d.add(LevelStatus, joinPath(rp, fp), "%s", text)
			continue
		}
		c.matched++
	}
	for _, x := range extra {
		c.total++
		d.unexpected(LevelStatus, bracket(path, x.label))
	}
	return nil
}

func namedResources(k ResourceKind, path string, ms []proto.Message) ([]namedResource, error) {
	out := make([]namedResource, 0, len(ms))
	for i, m := range ms {
		if m == nil {
			return nil, fmt.Errorf("%s[%d]: nil resource", path, i)
		}
		n, err := k.ResourceName(m)
		if err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", path, i, err)
		}
		out = append(out, namedResource{n, m})
	}
	return out, nil
}

// compareSection compares a structural section (ratelimitConfig,
// envoyPatchPolicyStatuses) and counts it as one item.
func compareSection(d *differ, c *xdsCount, path string, want, got any, ignore func(string) bool) error {
	g, err := normalize(got)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if isEmpty(want) && isEmpty(g) {
		return nil
	}
	c.total++
	sub := newDiffer()
	compareGeneric(sub, LevelStatus, path, want, g, ignore)
	if len(sub.diffs) == 0 {
		c.matched++
		return nil
	}
	d.push(sub.diffs[0])
	return nil
}

// count returns how many items an expected entry has.
func (e *expectedEntry) count() int {
	n := 0
	for _, r := range e.Resources {
		n += len(r)
	}
	if !isEmpty(e.RateLimitConfig) {
		n++
	}
	if !isEmpty(e.EnvoyPatchPolicyStatuses) {
		n++
	}
	return n
}

// ourCount returns how many items one IR key of our output has.
func ourCount(o *XDS) (int, error) {
	if o == nil {
		return 0, nil
	}
	n := 0
	for _, k := range ResourceKinds() {
		n += len(o.resources(k))
	}
	for _, v := range []any{o.RateLimitConfig, o.EnvoyPatchPolicyStatuses} {
		g, err := normalize(v)
		if err != nil {
			return 0, err
		}
		if !isEmpty(g) {
			n++
		}
	}
	return n, nil
}

func items(n int) string {
	if n == 1 {
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}
