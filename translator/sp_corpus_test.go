package translator

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// spStubDiscovery is the OIDC discovery the corpus README prescribes:
// Google's issuer is answered, every other one fails with 404.
type spStubDiscovery struct{}

// Discover implements OIDCDiscovery.
func (spStubDiscovery) Discover(_ context.Context, issuer string) (*OIDCProviderMetadata, error) {
	if strings.TrimSuffix(issuer, "/") == "https://accounts.google.com" {
		return &OIDCProviderMetadata{
			AuthorizationEndpoint: "https://accounts.google.com/o/oauth2/v2/auth",
			TokenEndpoint:         "https://oauth2.googleapis.com/token",
		}, nil
	}
	return nil, fmt.Errorf("failed fetching openid-configuration from issuer URL: %s, status code: 404", issuer)
}

// TestSPFeaturesCorpus runs buildSPFeatures over every SecurityPolicy of
// every conformance case, with a target built from the case (the Gateway
// and listeners after translating the case's Gateways and routes, the
// ClientTrafficPolicy in effect on each listener, the route kind), and
// checks it against Envoy Gateway's status: a policy Envoy Gateway
// reported Invalid gets exactly that message; a policy it accepted gets no
// error. A merging route policy that Envoy Gateway reported Invalid is also
// built merged with its Gateway's policy, and the message must come out of
// one of those merges.
func TestSPFeaturesCorpus(t *testing.T) {
	dir := corpusRoot(t)
	flags := spCorpusFlags(t, dir)
	ins, err := filepath.Glob(filepath.Join(dir, "cases", "*.in.yaml"))
	if err != nil || len(ins) == 0 {
		t.Skipf("no corpus inputs in %s", dir)
	}
	var valid, invalid, unknown int
	for _, in := range ins {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte("securityPolicies:")) {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(in), ".in.yaml")
		res, err := Load(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		want := corpusVerdicts(t, strings.TrimSuffix(in, ".in.yaml")+".out.yaml", egv1a1.KindSecurityPolicy)
		tr := spCorpusTranslation(res, flags[name])
		for _, p := range res.SecurityPolicies {
			key := p.Namespace + "/" + p.Name
			w, listed := want[key]
			targets := spCorpusTargets(tr, p)
			var got []string
			for _, tg := range targets {
				_, err := tr.buildSPFeatures(p, tg)
				if err != nil {
					got = append(got, policy.ConditionText(err.Error()))
				}
			}
			switch {
			case !listed || (len(w.invalid) == 0 && !w.accepted) || len(targets) == 0:
				unknown++

			case p.Spec.MergeType != nil && len(w.invalid) > 0 && len(got) == 0:
				invalid++
				merged := spCorpusMergedMessages(t, tr, res.SecurityPolicies, p, targets)
				for _, msg := range w.invalid {
					if !slices.Contains(merged, msg) {
						t.Errorf("%s: %s merged with its parent policy: got %q, want %q", name, key, merged, msg)
					}
				}
			case len(w.invalid) > 0:
				invalid++

				for _, msg := range w.invalid {
					if !slices.Contains(got, msg) {
						t.Errorf("%s: %s: got %q, want %q", name, key, got, msg)
					}
				}
			default:
				valid++
				if len(got) > 0 {
					t.Errorf("%s: %s: unexpected error %q", name, key, got)
				}
			}
		}
	}
	t.Logf("SecurityPolicies checked: %d valid, %d invalid, %d without a verdict", valid, invalid, unknown)
	if valid == 0 || invalid == 0 {
		t.Errorf("the corpus gave %d valid and %d invalid policies; expected some of each", valid, invalid)
	}
}

// spCorpusFlags reads the per-case flags of the corpus manifest.
func spCorpusFlags(t *testing.T, dir string) map[string]map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Cases []struct {
			Name  string          `json:"name"`
			Flags map[string]bool `json:"flags"`
		} `json:"cases"`
	}
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, c := range m.Cases {
		out[c.Name] = c.Flags
	}
	return out
}

// spCorpusTranslation translates the case's Gateways and routes with the
// case's options, then records on each listener the ClientTrafficPolicy in
// effect there (the one naming the listener, else the Gateway-wide one,
// first in input order), as the policy pass will.
func spCorpusTranslation(res *Resources, flags map[string]bool) *translation {
	tr := newTranslation(res,
		WithInputOrder(true), WithGatewayClassName("envoy-gateway-class"),
		WithBackendEnabled(flags["backendEnabled"]), WithRunningOnHost(flags["runningOnHost"]),
		WithMergeGateways(flags["mergeGateways"]), WithGatewayNamespaceMode(flags["gatewayNamespaceMode"]),
		WithPerResourceSystemCASecret(flags["perResourceSystemCASecret"]),
		WithOIDCDiscovery(spStubDiscovery{}),
	)
	tr.run()
	for _, gs := range tr.gatewayList {
		for _, ls := range gs.listeners {
			ls.ctp = spCorpusCTP(res.ClientTrafficPolicies, gs, ls)
		}
	}
	return tr
}

// spCorpusCTP returns the ClientTrafficPolicy in effect on ls.
func spCorpusCTP(ctps []*egv1a1.ClientTrafficPolicy, gs *gatewayState, ls *listenerState) *egv1a1.ClientTrafficPolicy {
	var wide *egv1a1.ClientTrafficPolicy
	for _, c := range ctps {
		for _, ref := range spPolicyRefs(c.Spec.PolicyTargetReferences) {
			if string(ref.Kind) != "Gateway" || string(ref.Name) != gs.obj.Name || c.Namespace != gs.obj.Namespace {
				continue
			}
			if ref.SectionName == nil {
				if wide == nil {
					wide = c
				}
				continue
			}
			if ls.spec != nil && *ref.SectionName == ls.spec.Name {
				return c
			}
		}
	}
	return wide
}

// spPolicyRefs returns the target references of a policy, the deprecated
// single one included.
func spPolicyRefs(r egv1a1.PolicyTargetReferences) []gwapiv1.LocalPolicyTargetReferenceWithSectionName {
	out := append([]gwapiv1.LocalPolicyTargetReferenceWithSectionName(nil), r.TargetRefs...)
	if r.TargetRef != nil {
		out = append(out, *r.TargetRef)
	}
	return out
}

// spCorpusTargets builds the places p applies in a translated case: each
// Gateway it targets (with the listener it names, or all of them), each
// ListenerSet (its Gateway, without listeners), and for
// each route it targets, the first Gateway of this class the route names,
// with the listeners the parentRef selects.
func spCorpusTargets(tr *translation, p *egv1a1.SecurityPolicy) []policyTarget {
	var out []policyTarget
	for _, ref := range spPolicyRefs(p.Spec.PolicyTargetReferences) {
		switch kind := string(ref.Kind); kind {
		case "Gateway":
			gs := tr.gateways[nameOf(p.Namespace, string(ref.Name))]
			if gs == nil {
				continue
			}
			tg := policyTarget{gw: gs}
			for _, ls := range gs.listeners {
				if ref.SectionName == nil || (ls.spec != nil && ls.spec.Name == *ref.SectionName) {
					tg.listeners = append(tg.listeners, ls)
				}
			}
			out = append(out, tg)
		case "ListenerSet":
			// The listeners a ListenerSet adds are not told apart here; the
			// target has the ListenerSet's Gateway and no listeners.
			for _, set := range tr.res.ListenerSets {
				if set.Namespace != p.Namespace || set.Name != string(ref.Name) {
					continue
				}
				ns := set.Namespace
				if set.Spec.ParentRef.Namespace != nil {
					ns = string(*set.Spec.ParentRef.Namespace)
				}
				if gs := tr.gateways[nameOf(ns, string(set.Spec.ParentRef.Name))]; gs != nil {
					out = append(out, policyTarget{gw: gs})
				}
			}
		case kindHTTPRoute, kindGRPCRoute, kindTCPRoute, kindTLSRoute, kindUDPRoute:
			for _, pr := range spCorpusRouteParents(tr.res, kind, p.Namespace, string(ref.Name)) {
				ns := p.Namespace
				if pr.Namespace != nil {
					ns = string(*pr.Namespace)
				}
				gs := tr.gateways[nameOf(ns, string(pr.Name))]
				if gs == nil {
					continue
				}
				tg := policyTarget{gw: gs, routeKind: kind}
				for _, ls := range gs.listeners {
					if pr.SectionName == nil || (ls.spec != nil && ls.spec.Name == *pr.SectionName) {
						tg.listeners = append(tg.listeners, ls)
					}
				}
				out = append(out, tg)
				break
			}
		}
	}
	return out
}

// spCorpusRouteParents returns the parentRefs of the route of kind
// ns/name that name Gateways.
func spCorpusRouteParents(res *Resources, kind, ns, name string) []gwapiv1.ParentReference {
	var refs []gwapiv1.ParentReference
	find := func(meta metav1.ObjectMeta, prs []gwapiv1.ParentReference) {
		if meta.Namespace == ns && meta.Name == name && refs == nil {
			for _, pr := range prs {
				if pr.Kind == nil || *pr.Kind == "Gateway" {
					refs = append(refs, pr)
				}
			}
		}
	}
	switch kind {
	case kindHTTPRoute:
		for _, r := range res.HTTPRoutes {
			find(r.ObjectMeta, r.Spec.ParentRefs)
		}
	case kindGRPCRoute:
		for _, r := range res.GRPCRoutes {
			find(r.ObjectMeta, r.Spec.ParentRefs)
		}
	case kindTCPRoute:
		for _, r := range res.TCPRoutes {
			find(r.ObjectMeta, r.Spec.ParentRefs)
		}
	case kindTLSRoute:
		for _, r := range res.TLSRoutes {
			find(r.ObjectMeta, r.Spec.ParentRefs)
		}
	case kindUDPRoute:
		for _, r := range res.UDPRoutes {
			find(r.ObjectMeta, r.Spec.ParentRefs)
		}
	}
	return refs
}

// spCorpusMergedMessages builds route merged with each policy of the case
// that targets the Gateway of one of route's targets and returns the
// messages of the merges that failed.
func spCorpusMergedMessages(t *testing.T, tr *translation, all []*egv1a1.SecurityPolicy, route *egv1a1.SecurityPolicy, targets []policyTarget) []string {
	t.Helper()
	var msgs []string
	for _, tg := range targets {
		for _, parent := range all {
			if parent == route || parent.Namespace != tg.gw.obj.Namespace {
				continue
			}
			targetsGW := false
			for _, ref := range spPolicyRefs(parent.Spec.PolicyTargetReferences) {
				targetsGW = targetsGW || (string(ref.Kind) == "Gateway" && string(ref.Name) == tg.gw.obj.Name)
			}
			if !targetsGW {
				continue
			}
			merged := corpusMerge(t, route, parent)
			if _, err := tr.buildMergedSPFeatures(merged, route, parent, tg); err != nil {
				msgs = append(msgs, policy.ConditionText(err.Error()))
			}
		}
	}
	return msgs
}
