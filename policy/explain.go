package policy

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Subject is what to explain: a Gateway, one of its listeners (its own or
// a ListenerSet's), a route on a listener, or one rule of such a route.
type Subject struct {
	// Gateway is the Gateway's namespace and name.
	GatewayNamespace string `json:"gatewayNamespace"`
	Gateway          string `json:"gateway"`
	// ListenerSet names the ListenerSet (in ListenerSetNamespace) when
	// Listener is one of its listeners.
	ListenerSetNamespace string `json:"listenerSetNamespace,omitempty"`
	ListenerSet          string `json:"listenerSet,omitempty"`
	// Listener is the listener's name; empty for the Gateway as a whole.
	Listener string `json:"listener,omitempty"`
	// RouteKind, RouteNamespace and Route name a route; Rule one of its
	// rules by name.
	RouteKind      string `json:"routeKind,omitempty"`
	RouteNamespace string `json:"routeNamespace,omitempty"`
	Route          string `json:"route,omitempty"`
	Rule           string `json:"rule,omitempty"`
}

// String describes the subject in words.
func (s Subject) String() string {
	var b strings.Builder
	if s.Route != "" {
		fmt.Fprintf(&b, "%s %s/%s", s.RouteKind, s.RouteNamespace, s.Route)
		if s.Rule != "" {
			fmt.Fprintf(&b, " rule %s", s.Rule)
		}
		b.WriteString(" on ")
	}
	fmt.Fprintf(&b, "Gateway %s/%s", s.GatewayNamespace, s.Gateway)
	if s.ListenerSet != "" {
		fmt.Fprintf(&b, " ListenerSet %s/%s", s.ListenerSetNamespace, s.ListenerSet)
	}
	if s.Listener != "" {
		fmt.Fprintf(&b, " listener %s", s.Listener)
	}
	return b.String()
}

// PolicyRef names a policy and the scope it attached at.
type PolicyRef struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	// Scope is RouteRule, Route, Listener, ListenerSet or Gateway.
	Scope string `json:"scope"`
}

func (p PolicyRef) String() string { return p.Namespace + "/" + p.Name }

// Outcomes of a candidate policy.
const (
	OutcomeEffective  = "Effective"
	OutcomeMerged     = "Merged"
	OutcomeOverridden = "Overridden"
	OutcomeConflicted = "Conflicted"
	OutcomeNotFound   = "TargetNotFound"
)

// Candidate is a policy that targets the subject or a scope enclosing it,
// with what became of it there.
type Candidate struct {
	Policy PolicyRef `json:"policy"`
	// Outcome is Effective, Merged (into the effective policy), Overridden
	// (by the more specific effective policy), Conflicted (another policy
	// took the same target first) or TargetNotFound.
	Outcome string `json:"outcome"`
	// Invalid holds the message when the policy's features could not be
	// applied (the policy is not accepted there).
	Invalid string `json:"invalid,omitempty"`
	// Reason explains the outcome in words.
	Reason string `json:"reason"`
}

// FieldSource says which policy set one field of the effective
// configuration.
type FieldSource struct {
	// Path is the field's JSON path, for example spec.timeout.tcp.connectTimeout.
	Path string `json:"path"`
	// Value is the field's value in the effective configuration.
	Value json.RawMessage `json:"value"`
	// From is the policy the value comes from.
	From PolicyRef `json:"from"`
}

// Explanation is which policy of one kind applies to a subject, where each
// of its fields comes from, and why every other candidate lost. Its JSON
// form is stable.
type Explanation struct {
	Kind    string  `json:"kind"`
	Subject Subject `json:"subject"`
	// Effective is the policy in effect, nil when none applies.
	Effective *PolicyRef `json:"effective,omitempty"`
	// MergedWith is the parent policy merged into Effective (mergeType),
	// nil when there was no merge.
	MergedWith *PolicyRef `json:"mergedWith,omitempty"`
	// Fields lists every field set in the effective configuration, by path.
	Fields []FieldSource `json:"fields,omitempty"`
	// Candidates lists every policy that targets the subject or a scope
	// that encloses it, most specific first.
	Candidates []Candidate `json:"candidates"`
}

// Explain tells which policy applies to s and why. Call it after Finish
// (Invalid outcomes are recorded while features are applied).
func (r *Resolution) Explain(s Subject) (*Explanation, error) {
	gw := r.Topology.Gateway(s.GatewayNamespace, s.Gateway)
	if gw == nil {
		return nil, fmt.Errorf("explain: no Gateway %s/%s", s.GatewayNamespace, s.Gateway)
	}
	var ls *ListenerSet
	if s.ListenerSet != "" {
		ls = r.Topology.ListenerSet(s.ListenerSetNamespace, s.ListenerSet)
		if ls == nil || ls.Gateway != gw {
			return nil, fmt.Errorf("explain: no ListenerSet %s/%s on Gateway %s/%s", s.ListenerSetNamespace, s.ListenerSet, gw.Meta.Namespace, gw.Meta.Name)
		}
	}
	if s.Listener != "" {
		names := gw.Listeners
		if ls != nil {
			names = ls.Listeners
		}
		if !hasString(names, s.Listener) {
			return nil, fmt.Errorf("explain: no listener %q in %s", s.Listener, s)
		}
	}
	var route *Route
	if s.Route != "" {
		route = r.Topology.Route(s.RouteKind, s.RouteNamespace, s.Route)
		if route == nil {
			return nil, fmt.Errorf("explain: no %s %s/%s", s.RouteKind, s.RouteNamespace, s.Route)
		}
		if s.Rule != "" && !hasString(route.Rules, s.Rule) {
			return nil, fmt.Errorf("explain: %s %s/%s has no rule %q", s.RouteKind, s.RouteNamespace, s.Route, s.Rule)
		}
	}

	// Scopes enclosing the subject, most specific first.
	var chain []func(a *Attachment) bool
	if route != nil {
		if s.Rule != "" {
			chain = append(chain, func(a *Attachment) bool {
				return a.Route == route && a.Scope == ScopeRouteRule && a.Rule == s.Rule
			})
		}
		chain = append(chain, func(a *Attachment) bool { return a.Route == route && a.Scope == ScopeRoute })
	}
	if s.Listener != "" {
		chain = append(chain, func(a *Attachment) bool {
			return a.Scope == ScopeListener && a.Listener == s.Listener && a.ListenerSet == ls && a.Gateway == gw
		})
	}
	if ls != nil {
		chain = append(chain, func(a *Attachment) bool { return a.Scope == ScopeListenerSet && a.ListenerSet == ls })
	}
	chain = append(chain, func(a *Attachment) bool { return a.Scope == ScopeGateway && a.Gateway == gw })

	var listener *Listener
	if s.Listener != "" {
		listener = &Listener{Gateway: gw, Set: ls, Name: s.Listener}
	}
	ex := &Explanation{Kind: r.Kind.Name, Subject: s, Candidates: []Candidate{}}
	var effective *Attachment
	for _, match := range chain {
		for _, a := range r.Attachments {
			if !match(a) {
				continue
			}
			c := Candidate{Policy: refOf(a), Invalid: a.invalidMessage(listener)}
			switch {
			case a.Failed && a.Reason == "TargetNotFound":
				c.Outcome, c.Reason = OutcomeNotFound, a.Message
			case a.Failed:
				c.Outcome, c.Reason = OutcomeConflicted, a.Message
			case effective == nil:
				effective = a
				c.Outcome, c.Reason = OutcomeEffective, "most specific policy attached to "+a.Scope.String()
			case mergesWith(effective, a, listener):
				c.Outcome, c.Reason = OutcomeMerged, "merged into "+refOf(effective).String()+" ("+mergeTypeOf(effective.Policy.Policy)+")"
			default:
				c.Outcome, c.Reason = OutcomeOverridden, "overridden by "+refOf(effective).String()+" attached to "+effective.Scope.String()
			}
			ex.Candidates = append(ex.Candidates, c)
		}
	}
	if effective == nil {
		return ex, nil
	}
	eff := refOf(effective)
	ex.Effective = &eff
	fields, err := flatten(effective.Policy.Policy)
	if err != nil {
		return nil, err
	}
	var parentFields map[string]json.RawMessage
	var parentRef PolicyRef
	for _, c := range ex.Candidates {
		if c.Outcome != OutcomeMerged {
			continue
		}
		for _, a := range r.Attachments {
			if refOf(a) == c.Policy {
				merged, err := Merge(effective.Policy.Policy, a.Policy.Policy, mergeTypeValue(effective.Policy.Policy))
				if err != nil {
					return nil, fmt.Errorf("explain: %w", err)
				}
				parentRef = c.Policy
				ex.MergedWith = &parentRef
				if parentFields, err = flatten(a.Policy.Policy); err != nil {
					return nil, err
				}
				childFields := fields
				if fields, err = flatten(merged); err != nil {
					return nil, err
				}
				for path := range fields {
					if _, own := childFields[path]; !own {
						parentFields[path] = fields[path]
					} else {
						delete(parentFields, path)
					}
				}
				break
			}
		}
		break
	}
	paths := make([]string, 0, len(fields))
	for p := range fields {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		from := eff
		if _, ok := parentFields[p]; ok && ex.MergedWith != nil {
			from = parentRef
		}
		ex.Fields = append(ex.Fields, FieldSource{Path: p, Value: fields[p], From: from})
	}
	return ex, nil
}

func refOf(a *Attachment) PolicyRef {
	return PolicyRef{Namespace: a.Policy.Policy.GetNamespace(), Name: a.Policy.Policy.GetName(), Scope: a.Scope.String()}
}

// mergesWith reports whether the effective attachment merges with parent
// on the listener (on any listener when it is nil).
func mergesWith(effective, parent *Attachment, l *Listener) bool {
	for _, m := range effective.Merges {
		if m.Parent == parent && !m.Failed && (l == nil || m.Listener == *l) {
			return true
		}
	}
	return false
}

func mergeTypeOf(p Policy) string {
	if m, ok := p.(Mergeable); ok && m.PolicyMergeType() != nil {
		return string(*m.PolicyMergeType())
	}
	return ""
}

func mergeTypeValue(p Policy) egv1a1.MergeType {
	return egv1a1.MergeType(mergeTypeOf(p))
}

// invalidMessage returns why the attachment is not accepted where the
// subject is: on the listener's merge, else on its own ancestors.
func (a *Attachment) invalidMessage(l *Listener) string {
	if len(a.invalid) == 0 {
		return ""
	}
	if l != nil {
		for _, m := range a.Merges {
			if m.Listener == *l {
				if msg, ok := a.invalid[refString(&m.Ancestor)]; ok {
					return msg
				}
			}
		}
		// Otherwise the ancestors under the listener's Gateway or
		// ListenerSet count, not those elsewhere.
		owner, ns := l.Gateway.Meta.Name, l.Gateway.Meta.Namespace
		if l.Set != nil {
			owner, ns = l.Set.Meta.Name, l.Set.Meta.Namespace
		}
		for i := range a.Ancestors {
			anc := &a.Ancestors[i]
			if string(anc.Name) != owner || refNamespace(anc) != ns {
				continue
			}
			if anc.SectionName != nil && string(*anc.SectionName) != l.Name {
				continue
			}
			if msg, ok := a.invalid[refString(anc)]; ok {
				return msg
			}
		}
		return ""
	}
	keys := make([]string, 0, len(a.invalid))
	for k := range a.invalid {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return a.invalid[keys[0]]
}

// flatten maps every leaf of a policy's spec (lists count as leaves) to
// its JSON value, leaving out what only says where the policy attaches.
func flatten(p Policy) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("explain: %w", err)
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, fmt.Errorf("explain: %w", err)
	}
	out := map[string]json.RawMessage{}
	spec, _ := obj["spec"].(map[string]any)
	for _, k := range []string{"targetRef", "targetRefs", "targetSelectors", "mergeType"} {
		delete(spec, k)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		if m, ok := v.(map[string]any); ok && len(m) > 0 {
			for k, sub := range m {
				walk(path+"."+k, sub)
			}
			return
		}
		raw, _ := json.Marshal(v)
		out[path] = raw
	}
	for k, v := range spec {
		walk("spec."+k, v)
	}
	return out, nil
}

// WriteText writes the explanation for people.
func (e *Explanation) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s for %s\n", e.Kind, e.Subject)
	if e.Effective == nil {
		b.WriteString("  effective: none\n")
	} else {
		fmt.Fprintf(&b, "  effective: %s (attached to %s)", e.Effective, e.Effective.Scope)
		if e.MergedWith != nil {
			fmt.Fprintf(&b, ", merged with %s (attached to %s)", e.MergedWith, e.MergedWith.Scope)
		}
		b.WriteString("\n")
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	if len(e.Fields) > 0 {
		fmt.Fprintln(tw, "  fields:")
		for _, f := range e.Fields {
			fmt.Fprintf(tw, "    %s\t= %s\tfrom %s\n", f.Path, f.Value, f.From)
		}
	}
	fmt.Fprintln(tw, "  candidates:")
	if len(e.Candidates) == 0 {
		fmt.Fprintln(tw, "    none")
	}
	for _, c := range e.Candidates {
		line := fmt.Sprintf("    %s\t%s\t%s\t%s", c.Policy, c.Policy.Scope, c.Outcome, c.Reason)
		if c.Invalid != "" {
			line += " (not accepted: " + c.Invalid + ")"
		}
		fmt.Fprintln(tw, line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// JSON returns the explanation as indented JSON.
func (e *Explanation) JSON() ([]byte, error) { return json.MarshalIndent(e, "", "  ") }
