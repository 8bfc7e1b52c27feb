package translator

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
)

func backendCond(t *testing.T, conds []metav1.Condition) metav1.Condition {
	t.Helper()
	if len(conds) != 1 {
		t.Fatalf("conditions: %+v", conds)
	}
	return conds[0]
}

func TestBackendStatuses(t *testing.T) {
	yaml := `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: ok, namespace: default}
spec:
  endpoints: [{ip: {address: 1.2.3.4, port: 80}}, {fqdn: {hostname: example.com, port: 80}}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: loopback, namespace: default}
spec:
  endpoints: [{ip: {address: 127.0.0.3, port: 80}}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: single-label, namespace: default}
spec:
  endpoints: [{fqdn: {hostname: localhost, port: 80}}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: wildcard, namespace: default}
spec:
  endpoints: [{fqdn: {hostname: '*.foo.com', port: 80}}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: bad-ip, namespace: default}
spec:
  endpoints: [{ip: {address: example.com, port: 80}}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: no-ca, namespace: default}
spec:
  endpoints: [{ip: {address: 1.2.3.4, port: 3001}}]
  tls: {}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: ca-from-policy, namespace: default}
spec:
  endpoints: [{ip: {address: 1.2.3.4, port: 3001}}]
  tls: {}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: p, namespace: default}
spec:
  targetRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: ca-from-policy, sectionName: "3001"}]
  validation: {hostname: example.com, wellKnownCACertificates: System}
`
	res, err := Load([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Translate(res, WithBackendEnabled(true))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ typ, status, msg string }{
		{"Accepted", "True", "The Backend was accepted"},
		{"Invalid", "False", "The Backend was not accepted: IP address 127.0.0.3 in the loopback range is only supported when using the Host infrastructure"},
		{"Invalid", "False", "The Backend was not accepted: hostname localhost should be a domain with at least two segments separated by dots"},
		{"Invalid", "False", "The Backend was not accepted: hostname *.foo.com is not a valid FQDN"},
		{"Invalid", "False", "The Backend was not accepted: IP address example.com is invalid"},
		{"Invalid", "False", "The Backend was not accepted: must specify either CACertificateRefs or WellKnownCACertificates when InsecureSkipVerify is unset or false"},
		{"Accepted", "True", "The Backend was accepted"},
	}
	if len(out.Statuses.Backends) != len(want) {
		t.Fatalf("backends: %d", len(out.Statuses.Backends))
	}
	for i, w := range want {
		c := backendCond(t, out.Statuses.Backends[i].Status.Conditions)
		if c.Type != w.typ || string(c.Status) != w.status || c.Reason != "Accepted" || c.Message != w.msg {
			t.Errorf("%s: got %s/%s/%s %q", out.Statuses.Backends[i].Name, c.Type, c.Status, c.Reason, c.Message)
		}
	}
	if len(res.Backends[0].Status.Conditions) != 0 {
		t.Error("input Backend modified")
	}

	// Running on the host allows loopback addresses and single labels.
	out, _ = Translate(res, WithBackendEnabled(true), WithRunningOnHost(true))
	for _, i := range []int{1, 2} {
		if c := backendCond(t, out.Statuses.Backends[i].Status.Conditions); c.Type != "Accepted" {
			t.Errorf("host infra: %s: %s", out.Statuses.Backends[i].Name, c.Message)
		}
	}

	// With the Backend API off every Backend is rejected.
	out, _ = Translate(res)
	for _, b := range out.Statuses.Backends {
		if c := backendCond(t, b.Status.Conditions); c.Status != "False" || c.Message != msgBackendDisabled {
			t.Errorf("disabled: %s: %+v", b.Name, c)
		}
	}
}

const btlsObjects = `
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: default}
spec:
  ports: [{name: http1, port: 8080, protocol: TCP}, {name: http2, port: 8081, protocol: TCP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: svc-1, namespace: default, labels: {kubernetes.io/service-name: svc}}
addressType: IPv4
endpoints: [{addresses: [7.7.7.7], conditions: {ready: true}}]
ports: [{name: http1, port: 8080, protocol: TCP}, {name: http2, port: 8081, protocol: TCP}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ca, namespace: default}
data: {ca.crt: "CA PEM"}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r1, namespace: default}
spec:
  parentRefs: [{name: eg, namespace: envoy-gateway, sectionName: http}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /one}}]
    backendRefs: [{name: svc, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /two}}]
    backendRefs: [{name: svc, port: 8081}]
`

// settingsByPrefix maps each IR route's path prefix to its first
// destination setting.
func settingsByPrefix(ls *listenerState) map[string]*ir.DestinationSetting {
	out := map[string]*ir.DestinationSetting{}
	for _, r := range ls.http.Routes {
		if r.PathMatch != nil && r.PathMatch.Prefix != nil && r.Destination != nil && len(r.Destination.Settings) > 0 {
			out[*r.PathMatch.Prefix] = r.Destination.Settings[0]
		}
	}
	return out
}

func TestBackendTLSPolicySectionAndConflict(t *testing.T) {
	tr, ls := routeFixture(t, btlsObjects+`
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: whole, namespace: default}
spec:
  targetRefs: [{group: "", kind: Service, name: svc}]
  validation:
    hostname: whole.example.com
    caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]
    subjectAltNames: [{type: URI, uri: "spiffe://x"}, {hostname: untyped.example.com}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: port1, namespace: default}
spec:
  targetRefs: [{group: "", kind: Service, name: svc, sectionName: http1}]
  validation: {hostname: port1.example.com, wellKnownCACertificates: System}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: zlate, namespace: default}
spec:
  targetRefs: [{group: "", kind: Service, name: svc, sectionName: http1}]
  validation: {hostname: late.example.com, wellKnownCACertificates: System}
`, "")
	tr.finishBackendTLSPolicies()
	s := settingsByPrefix(ls)
	one, two := s["/one"], s["/two"]
	if one == nil || one.TLS == nil || *one.TLS.SNI != "port1.example.com" || !one.TLS.UseSystemTrustStore ||
		one.TLS.CACertificate.Name != systemCACertificateName {
		t.Fatalf("port 8080 (sectioned policy wins): %+v %+v", one, one.TLS)
	}
	if two == nil || two.TLS == nil || *two.TLS.SNI != "whole.example.com" || two.TLS.CACertificate.Name != "whole/default-ca" ||
		string(two.TLS.CACertificate.Certificate) != "CA PEM" {
		t.Fatalf("port 8081 (whole-Service policy): %+v", two)
	}
	if len(two.TLS.SubjectAltNames) != 1 || *two.TLS.SubjectAltNames[0].URI != "spiffe://x" {
		t.Errorf("untyped subjectAltNames must be skipped: %+v", two.TLS.SubjectAltNames)
	}
	if *two.TLS.MinVersion != "1.2" || *two.TLS.MaxVersion != "1.3" {
		t.Errorf("default versions: %v %v", *two.TLS.MinVersion, *two.TLS.MaxVersion)
	}

	pols := tr.out.Statuses.BackendTLSPolicies
	if len(pols) != 3 {
		t.Fatalf("policies: %d", len(pols))
	}
	for _, p := range pols[:2] {
		if len(p.Status.Ancestors) != 1 {
			t.Fatalf("%s ancestors: %+v", p.Name, p.Status.Ancestors)
		}
		a := p.Status.Ancestors[0]
		if a.AncestorRef.Name != "eg" || a.AncestorRef.SectionName == nil || *a.AncestorRef.SectionName != "http" ||
			a.ControllerName != DefaultControllerName {
			t.Errorf("%s ancestor: %+v", p.Name, a)
		}
		if len(a.Conditions) != 2 || a.Conditions[0].Type != "ResolvedRefs" || a.Conditions[1].Type != "Accepted" ||
			a.Conditions[1].Status != metav1.ConditionTrue || a.Conditions[1].Message != msgPolicyAccepted {
			t.Errorf("%s conditions: %+v", p.Name, a.Conditions)
		}
	}
	late := pols[2].Status.Ancestors
	if len(late) != 1 || len(late[0].Conditions) != 1 || late[0].Conditions[0].Reason != string(gwapiv1.PolicyReasonConflicted) ||
		late[0].Conditions[0].Message != "Policy conflicts with BackendTLSPolicy default/port1." {
		t.Errorf("late policy: %+v", late)
	}
	if len(tr.res.BackendTLSPolicies[0].Status.Ancestors) != 0 {
		t.Error("input policy modified")
	}
}

func TestBackendTLSPolicyBadCA(t *testing.T) {
	tr, ls := routeFixture(t, btlsObjects+`
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: missing, namespace: default}
spec:
  targetRefs: [{group: "", kind: Service, name: svc, sectionName: http1}]
  validation:
    hostname: example.com
    caCertificateRefs: [{group: "", kind: ConfigMap, name: nope}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: other-ns, namespace: elsewhere}
spec:
  targetRefs: [{group: "", kind: Service, name: svc}]
  validation: {hostname: example.com, wellKnownCACertificates: System}
`, "")
	tr.finishBackendTLSPolicies()
	ps := tr.out.Statuses.HTTPRoutes[0].Status.Parents[0]
	if s, r, m := cond(t, ps, "ResolvedRefs"); s != "False" || r != string(reasonInvalidBackendTLS) ||
		m != "Failed to process route rule 0 backendRef 0: configmap nope not found in namespace default." {
		t.Errorf("route ResolvedRefs = %s %s %q", s, r, m)
	}
	s := settingsByPrefix(ls)
	if s["/one"] != nil {
		t.Errorf("the rule with the bad policy must have no destination: %+v", s["/one"])
	}
	if s["/two"] == nil || s["/two"].TLS != nil {
		t.Errorf("port 8081 has no policy: %+v", s["/two"])
	}
	pols := tr.out.Statuses.BackendTLSPolicies
	a := pols[0].Status.Ancestors
	if len(a) != 1 || len(a[0].Conditions) != 2 {
		t.Fatalf("ancestors: %+v", a)
	}
	if c := a[0].Conditions[0]; c.Type != "Accepted" || c.Reason != "NoValidCACertificate" || c.Message != "Configmap nope not found in namespace default." {
		t.Errorf("Accepted: %+v", c)
	}
	if c := a[0].Conditions[1]; c.Type != "ResolvedRefs" || c.Reason != "InvalidCACertificateRef" {
		t.Errorf("ResolvedRefs: %+v", c)
	}
	// A policy only targets objects in its own namespace.
	if len(pols[1].Status.Ancestors) != 0 {
		t.Errorf("other namespace: %+v", pols[1].Status.Ancestors)
	}
}
