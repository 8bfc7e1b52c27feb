package translator

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/types"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// ctpCorpusNow is the clock the corpus was generated with: Envoy Gateway's
// test ran on the real clock at commit time (2026-08-21), so certificates
// and CRLs it accepted must be accepted at that date.
var ctpCorpusNow = time.Date(2026, 8, 21, 0, 0, 0, 0, time.UTC)

// ctpPortOverlapPrefix starts the port-overlap message, which the policy
// engine sets, not buildCTPFeatures.
const ctpPortOverlapPrefix = "ClientTrafficPolicy is being applied to multiple http (non https) listeners"

// ctpCorpusCase is a manifest entry: the case name and its flags.
type ctpCorpusCase struct {
	Name  string          `json:"name"`
	Flags map[string]bool `json:"flags"`
}

// ctpTranslation runs the translation of res (routes attached, statuses
// set) with the corpus's options and returns its state for the feature
// builder. It builds the translation as Translate does.
func ctpTranslation(t *testing.T, res *Resources, flags map[string]bool) *translation {
	t.Helper()
	tr := newTranslation(res,
		WithGatewayClassName("envoy-gateway-class"),
		WithInputOrder(true),
		WithMergeGateways(flags["mergeGateways"]),
		WithGatewayNamespaceMode(flags["gatewayNamespaceMode"]),
		WithBackendEnabled(flags["backendEnabled"]),
		WithEnvoyPatchPolicy(flags["envoyPatchPolicyEnabled"]),
		WithRunningOnHost(flags["runningOnHost"]),
		WithPerResourceSystemCASecret(flags["perResourceSystemCASecret"]),
		WithLuaDisabled(flags["luaDisabled"]),
		WithClock(func() time.Time { return ctpCorpusNow }),
	)
	tr.run()
	return tr
}

// ctpAncestorKey names an ancestor: <gateway namespace>/<gateway name>/<section>.
func ctpAncestorKey(ns, name string, section *gwapiv1.SectionName) string {
	s := ""
	if section != nil {
		s = string(*section)
	}
	return ns + "/" + name + "/" + s
}

// ctpAttach applies the policies to the Gateways' listeners the way Envoy
// Gateway does for policies that target Gateways (listener-specific
// policies first, then Gateway-wide ones on the Gateway's own listeners
// left; a second policy for the same place is skipped), calling
// buildCTPFeatures for each listener. It returns, per policy and ancestor, the errors joined. Policies
// with other targets are left out.
func ctpAttach(tr *translation, policies []*egv1a1.ClientTrafficPolicy) map[types.NamespacedName]map[string]error {
	out := map[types.NamespacedName]map[string]error{}
	sorted := append([]*egv1a1.ClientTrafficPolicy(nil), policies...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return sorted[i].CreationTimestamp.Before(&sorted[j].CreationTimestamp)
	})
	taken := map[string]bool{} // ancestor keys already claimed
	for _, pass := range []bool{true, false} {
		for _, p := range sorted {
			targets := p.Spec.TargetRefs
			if p.Spec.TargetRef != nil {
				targets = []gwapiv1.LocalPolicyTargetReferenceWithSectionName{*p.Spec.TargetRef}
			}
			if len(p.Spec.TargetSelectors) > 0 {
				continue
			}
			for _, tg := range targets {
				if tg.Kind != "Gateway" || (tg.SectionName != nil) != pass {
					continue
				}
				gs := tr.gateways[nameOf(p.Namespace, string(tg.Name))]
				if gs == nil {
					continue
				}
				key := ctpAncestorKey(p.Namespace, string(tg.Name), tg.SectionName)
				if taken[key] {
					continue
				}
				taken[key] = true
				var errs []error
				for _, ls := range gs.listeners {
					if ls.set != nil {
						continue
					}
					section := ls.spec.Name
					if tg.SectionName != nil && section != *tg.SectionName {
						continue
					}
					if tg.SectionName == nil && taken[ctpAncestorKey(p.Namespace, string(tg.Name), &section)] {
						continue
					}
					if _, err := tr.buildCTPFeatures(p, ls, ctpCorpusNow); err != nil {
						errs = append(errs, err)
					}
				}
				pk := nameOf(p.Namespace, p.Name)
				if out[pk] == nil {
					out[pk] = map[string]error{}
				}
				out[pk][key] = errors.Join(errs...)
			}
		}
	}
	return out
}

// TestCTPFeaturesCorpus runs buildCTPFeatures over every
// ClientTrafficPolicy of every corpus case and checks that exactly the
// policies Envoy Gateway found invalid (Accepted=False, reason Invalid)
// produce an error, with Envoy Gateway's message.
func TestCTPFeaturesCorpus(t *testing.T) {
	dir := corpusRoot(t)
	data, err := os.ReadFile(filepath.Join(dir, "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Cases []ctpCorpusCase `json:"cases"`
	}
	if err := yaml.Unmarshal(data, &manifest); err != nil {
		t.Fatal(err)
	}
	accepted, invalid := 0, 0
	for _, c := range manifest.Cases {
		in, err := os.ReadFile(filepath.Join(dir, "cases", c.Name+".in.yaml"))
		if err != nil || !strings.Contains(string(in), "clientTrafficPolicies") {
			continue
		}
		res, err := Load(in)
		if err != nil || len(res.ClientTrafficPolicies) == 0 {
			continue
		}
		outData, err := os.ReadFile(filepath.Join(dir, "cases", c.Name+".out.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var want struct {
			ClientTrafficPolicies []*egv1a1.ClientTrafficPolicy `json:"clientTrafficPolicies"`
		}
		if err := yaml.Unmarshal(outData, &want); err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		got := ctpAttach(ctpTranslation(t, res, c.Flags), res.ClientTrafficPolicies)
		for _, wp := range want.ClientTrafficPolicies {
			byAncestor := got[nameOf(wp.Namespace, wp.Name)]
			for _, a := range wp.Status.Ancestors {
				ns := wp.Namespace
				if a.AncestorRef.Namespace != nil {
					ns = string(*a.AncestorRef.Namespace)
				}
				key := ctpAncestorKey(ns, string(a.AncestorRef.Name), a.AncestorRef.SectionName)
				gotErr, ok := byAncestor[key]
				if !ok {
					continue
				}
				for _, cond := range a.Conditions {
					if cond.Type != "Accepted" {
						continue
					}
					where := c.Name + " " + wp.Namespace + "/" + wp.Name + " " + key
					switch {
					case cond.Status == "True":
						accepted++
						if gotErr != nil {
							t.Errorf("%s: accepted by Envoy Gateway, got error %q", where, gotErr)
						}
					case cond.Reason == "Invalid" && !strings.HasPrefix(cond.Message, ctpPortOverlapPrefix):
						invalid++
						if gotErr == nil {
							t.Errorf("%s: want error %q, got none", where, cond.Message)
						} else if g := policy.ConditionText(gotErr.Error()); g != cond.Message {
							t.Errorf("%s:\n got %q\nwant %q", where, g, cond.Message)
						}
					}
				}
			}
		}
	}
	t.Logf("checked %d accepted and %d invalid policy ancestors", accepted, invalid)
	if accepted < 50 || invalid < 10 {
		t.Errorf("checked too few ancestors (%d accepted, %d invalid): is the corpus complete?", accepted, invalid)
	}
}
