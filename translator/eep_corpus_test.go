package translator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// eepCorpusGaps are the corpus policies whose message needs a Lua
// interpreter, which this library does not embed (see eep_lua.go): Envoy
// Gateway rejects them, buildEEPFeatures accepts them. The test fails when
// one of them starts to match, so that the list only shrinks.
var eepCorpusGaps = map[string]string{
	"envoyextensionpolicy-with-invalid-lua/default/policy-for-http-route":                     "Strict validation runs the script",
	"envoyextensionpolicy-with-invalid-lua-validation-syntax/default/policy-for-http-route-2": "InsecureSyntax validation parses the script",
}

// eepCorpusManifest is the part of the corpus manifest this test reads.
type eepCorpusManifest struct {
	Cases []struct {
		Name  string          `json:"name"`
		Flags map[string]bool `json:"flags"`
	} `json:"cases"`
}

// eepCorpusOut is the part of a case's out.yaml this test reads.
type eepCorpusOut struct {
	EnvoyExtensionPolicies []struct {
		Metadata struct {
			Namespace string `json:"namespace"`
			Name      string `json:"name"`
		} `json:"metadata"`
		Status struct {
			Ancestors []struct {
				AncestorRef struct {
					Kind      string `json:"kind"`
					Namespace string `json:"namespace"`
					Name      string `json:"name"`
				} `json:"ancestorRef"`
				Conditions []struct {
					Type    string `json:"type"`
					Status  string `json:"status"`
					Reason  string `json:"reason"`
					Message string `json:"message"`
				} `json:"conditions"`
			} `json:"ancestors"`
		} `json:"status"`
	} `json:"envoyExtensionPolicies"`
}

// TestEEPFeaturesCorpus runs buildEEPFeatures over every
// EnvoyExtensionPolicy of the conformance corpus that Envoy Gateway
// translated (Accepted, or not accepted as Invalid) and checks that exactly
// the Invalid ones fail, with Envoy Gateway's message. Each policy is built
// for the Gateway of its first such ancestor, with that Gateway's
// EnvoyProxy, after the rest of the case has been translated.
func TestEEPFeaturesCorpus(t *testing.T) {
	dir := corpusRoot(t)
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m eepCorpusManifest
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	compared, invalid := 0, 0
	gapsSeen := map[string]bool{}
	for _, c := range m.Cases {
		in, err := os.ReadFile(filepath.Join(dir, "cases", c.Name+".in.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(in), "envoyExtensionPolicies:") {
			continue
		}
		outRaw, err := os.ReadFile(filepath.Join(dir, "cases", c.Name+".out.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var out eepCorpusOut
		if err := yaml.Unmarshal(outRaw, &out); err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		res, err := Load(in)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		f := c.Flags
		tr := newTranslation(res,
			WithGatewayClassName("envoy-gateway-class"), WithInputOrder(true),
			WithBackendEnabled(f["backendEnabled"]), WithLuaDisabled(f["luaDisabled"]),
			WithMergeGateways(f["mergeGateways"]), WithGatewayNamespaceMode(f["gatewayNamespaceMode"]),
			WithRunningOnHost(f["runningOnHost"]), WithEnvoyPatchPolicy(f["envoyPatchPolicyEnabled"]),
			WithPerResourceSystemCASecret(f["perResourceSystemCASecret"]),
			WithWasmResolver(&corpusWasmResolver{}),
		)
		tr.run()

		for _, op := range out.EnvoyExtensionPolicies {
			key := c.Name + "/" + op.Metadata.Namespace + "/" + op.Metadata.Name
			want, found := "", false
			var anc struct{ kind, ns, name string }
			for _, a := range op.Status.Ancestors {
				for _, cond := range a.Conditions {
					if cond.Type != "Accepted" || (cond.Status != "True" && cond.Reason != "Invalid") {
						continue
					}
					if !found || (want == "" && cond.Status == "False") {
						found = true
						anc.kind, anc.ns, anc.name = a.AncestorRef.Kind, a.AncestorRef.Namespace, a.AncestorRef.Name
						want = ""
						if cond.Status == "False" {
							want = cond.Message
						}
					}
				}
			}
			if !found {
				continue // not translated (target not found, conflicted)
			}
			p := findEEP(res, op.Metadata.Namespace, op.Metadata.Name)
			if p == nil {
				t.Errorf("%s: policy not in the input", key)
				continue
			}
			gw := eepCorpusGateway(tr, anc.kind, anc.ns, anc.name)
			if gw == nil {
				t.Errorf("%s: no translated Gateway for ancestor %s %s/%s", key, anc.kind, anc.ns, anc.name)
				continue
			}
			routeKind := ""
			for _, ref := range p.Spec.TargetRefs {
				if strings.HasSuffix(string(ref.Kind), "Route") {
					routeKind = string(ref.Kind)
				}
			}
			if ref := p.Spec.TargetRef; ref != nil && strings.HasSuffix(string(ref.Kind), "Route") {
				routeKind = string(ref.Kind)
			}
			_, err := tr.buildEEPFeatures(p, policyTarget{gw: gw, routeKind: routeKind})
			got := ""
			if err != nil {
				got = policy.ConditionText(err.Error())
			}
			compared++
			if want != "" {
				invalid++
			}
			if why, gap := eepCorpusGaps[key]; gap {
				gapsSeen[key] = true
				if got == want {
					t.Errorf("%s now matches Envoy Gateway; remove it from eepCorpusGaps", key)
				} else if got != "" {
					t.Errorf("%s (a known gap: %s): got %q", key, why, got)
				}
				continue
			}
			if got != want {
				t.Errorf("%s:\n got %q\nwant %q", key, got, want)
			}
		}
	}
	for k := range eepCorpusGaps {
		if !gapsSeen[k] {
			t.Errorf("known gap %s not found in the corpus", k)
		}
	}
	t.Logf("%d policies compared, %d of them invalid", compared, invalid)
}

// eepCorpusGateway returns the translated Gateway of a policy ancestor:
// the Gateway itself, or the parent Gateway of a ListenerSet.
func eepCorpusGateway(tr *translation, kind, ns, name string) *gatewayState {
	if kind != "ListenerSet" {
		return tr.gateways[nameOf(ns, name)]
	}
	for _, ls := range tr.res.ListenerSets {
		if ls == nil || ls.Namespace != ns || ls.Name != name {
			continue
		}
		ref := ls.Spec.ParentRef
		gwNS := ns
		if ref.Namespace != nil && *ref.Namespace != "" {
			gwNS = string(*ref.Namespace)
		}
		return tr.gateways[nameOf(gwNS, string(ref.Name))]
	}
	return nil
}

// findEEP returns the first EnvoyExtensionPolicy ns/name of res.
func findEEP(res *Resources, ns, name string) *egv1a1.EnvoyExtensionPolicy {
	for _, p := range res.EnvoyExtensionPolicies {
		if p != nil && p.Namespace == ns && p.Name == name {
			return p
		}
	}
	return nil
}
