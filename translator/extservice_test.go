package translator

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// extServiceObjects are the objects the external service tests refer to:
// Services, a ServiceImport and Backends in namespace default, a Service
// in namespace other that only SecurityPolicies of default may use.
const extServiceObjects = `
apiVersion: v1
kind: Service
metadata: {name: authz, namespace: default}
spec:
  clusterIP: 10.0.0.1
  ports: [{name: grpc, port: 9000, appProtocol: grpc}, {name: dns, port: 53, protocol: UDP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: authz-1, namespace: default, labels: {kubernetes.io/service-name: authz}}
addressType: IPv4
endpoints: [{addresses: [1.1.1.1]}]
ports: [{name: grpc, port: 9000}]
---
apiVersion: v1
kind: Service
metadata: {name: noeps, namespace: default}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: default}
spec: {type: ExternalName, externalName: example.com, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: remote, namespace: other}
spec: {ports: [{name: http, port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: remote-1, namespace: other, labels: {kubernetes.io/service-name: remote}}
addressType: IPv4
endpoints: [{addresses: [2.2.2.2]}]
ports: [{name: http, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: from-sp, namespace: other}
spec:
  from: [{group: gateway.envoyproxy.io, kind: SecurityPolicy, namespace: default}]
  to: [{group: "", kind: Service}]
---
apiVersion: multicluster.x-k8s.io/v1alpha1
kind: ServiceImport
metadata: {name: imported, namespace: default}
spec: {type: ClusterSetIP, ports: [{name: http, port: 8080, protocol: TCP}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: imported-1, namespace: default, labels: {multicluster.kubernetes.io/service-name: imported}}
addressType: IPv4
endpoints: [{addresses: [3.3.3.3]}]
ports: [{name: http, port: 8080}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: fqdn, namespace: default}
spec: {endpoints: [{fqdn: {hostname: auth.example.com, port: 443}}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: ip, namespace: default}
spec: {endpoints: [{ip: {address: 4.4.4.4, port: 3000}}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: uds, namespace: default}
spec: {endpoints: [{unix: {path: /var/run/auth.sock}}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: ip-uds, namespace: default}
spec: {endpoints: [{ip: {address: 4.4.4.5, port: 3000}}, {unix: {path: /var/run/auth.sock}}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: ip-fqdn, namespace: default}
spec: {endpoints: [{ip: {address: 4.4.4.6, port: 3000}}, {fqdn: {hostname: auth.example.com, port: 443}}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: dynamic, namespace: default}
spec: {type: DynamicResolver}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: loopback, namespace: default}
spec: {endpoints: [{ip: {address: 127.0.0.1, port: 3000}}]}
`

// spTestTranslation returns a translation over the objects of docs (no
// pass has run; only the index is built).
func spTestTranslation(t *testing.T, docs string, opts ...Option) *translation {
	t.Helper()
	res, err := Load([]byte(docs))
	if err != nil {
		t.Fatal(err)
	}
	cfg := defaults()
	for _, o := range opts {
		o(&cfg)
	}
	return &translation{cfg: cfg, res: res, idx: newIndex(res), out: &Result{Statuses: &Resources{}}}
}

// extRefOf builds an external service backendRef: kind ("" for Service), a
// namespace ("" for none), a port (0 for none).
func extRefOf(kind, ns, name string, port int32) egv1a1.BackendRef {
	r := egv1a1.BackendRef{Name: gwapiv1.ObjectName(name)}
	if kind != "" {
		k := gwapiv1.Kind(kind)
		r.Kind = &k
		if kind == kindBackend {
			g := gwapiv1.Group(egv1a1.GroupName)
			r.Group = &g
		}
		if kind == kindServiceImport {
			g := gwapiv1.Group(groupMultiCluster)
			r.Group = &g
		}
	}
	if ns != "" {
		n := gwapiv1.Namespace(ns)
		r.Namespace = &n
	}
	if port != 0 {
		p := gwapiv1.PortNumber(port)
		r.Port = &p
	}
	return r
}

// TestExtServiceDestinationErrors checks each problem an external service
// reference can have, worded as Envoy Gateway words it.
func TestExtServiceDestinationErrors(t *testing.T) {
	badGroup := extRefOf("", "", "authz", 9000)
	g := gwapiv1.Group("example.com")
	badGroup.Group = &g
	badKind := extRefOf("Pod", "", "authz", 9000)
	tests := []struct {
		name string
		refs []egv1a1.BackendRef
		noBE bool
		want string
	}{
		{"no refs", nil, false, "no backendRefs found for external service"},
		{"group", []egv1a1.BackendRef{badGroup}, false, "group is invalid, only the core API group (specified by omitting the group field or setting it to an empty string), multicluster.x-k8s.io and gateway.envoyproxy.io are supported"},
		{"kind", []egv1a1.BackendRef{badKind}, false, "kind is invalid, only Service, MCS ServiceImport and Envoy Gateway Backend are supported"},
		{"no port", []egv1a1.BackendRef{extRefOf("", "", "authz", 0)}, false, "a valid port number corresponding to a port on the Service must be specified"},
		{"no service", []egv1a1.BackendRef{extRefOf("", "", "nope", 80)}, false, "service default/nope not found"},
		{"external name", []egv1a1.BackendRef{extRefOf("", "", "ext", 80)}, false, "Service default/ext is of type ExternalName, which is not supported as a backend; use an Envoy Gateway Backend resource with an FQDN endpoint instead"},
		{"port", []egv1a1.BackendRef{extRefOf("", "", "authz", 80)}, false, "TCP Port 80 not found on service default/authz"},
		{"UDP port", []egv1a1.BackendRef{extRefOf("", "", "authz", 53)}, false, "TCP Port 53 not found on service default/authz"},
		{"import port", []egv1a1.BackendRef{extRefOf(kindServiceImport, "", "imported", 9876)}, false, "TCP Port 9876 not found on service default/imported"},
		{"no import", []egv1a1.BackendRef{extRefOf(kindServiceImport, "", "nope", 80)}, false, "serviceimport default/nope not found"},
		{"grant for Services only", []egv1a1.BackendRef{extRefOf("", "other", "remote", 80), extRefOf(kindBackend, "other", "fqdn", 0)}, false, "backend ref to Backend other/fqdn not permitted by any ReferenceGrant"},
		{"backend disabled", []egv1a1.BackendRef{extRefOf(kindBackend, "", "ip", 0)}, true, "resource ip of type Backend cannot be used since Backend is disabled in Envoy Gateway configuration"},
		{"no backend", []egv1a1.BackendRef{extRefOf(kindBackend, "", "nope", 0)}, false, "backend default/nope not found"},
		{"invalid backend", []egv1a1.BackendRef{extRefOf(kindBackend, "", "loopback", 0)}, false, "IP address 127.0.0.1 in the loopback range is only supported when using the Host infrastructure"},
		{"dynamic", []egv1a1.BackendRef{extRefOf(kindBackend, "", "dynamic", 0)}, false, "dynamic resolver destinations are not supported"},
		{"no endpoints", []egv1a1.BackendRef{extRefOf("", "", "noeps", 80)}, false, "no ready endpoints for the related Service default/noeps"},
		{"mixed in one backend", []egv1a1.BackendRef{extRefOf(kindBackend, "", "ip-fqdn", 0)}, false, "mixed endpointslice address type for the same backendRef is not supported"},
		{"mixed types", []egv1a1.BackendRef{extRefOf(kindBackend, "", "ip", 0), extRefOf(kindBackend, "", "fqdn", 0)}, false, "external service destinations having multiple endpoint types are not supported"},
		{"IP and socket types", []egv1a1.BackendRef{extRefOf(kindBackend, "", "ip", 0), extRefOf(kindBackend, "", "uds", 0)}, false, "external service destinations having multiple endpoint types are not supported"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := spTestTranslation(t, extServiceObjects, WithBackendEnabled(!tc.noBE))
			want := tc.want
			_, err := tr.extServiceDestination(egv1a1.KindSecurityPolicy, "default", "securitypolicy/default/p/extauth/0", tc.refs, ir.GRPC, nil)
			if err == nil || err.Error() != want {
				t.Errorf("got %v, want %q", err, want)
			}
		})
	}
}

// TestExtServiceDestination checks the destinations built from Services,
// ServiceImports and Backends: names, weights, priorities, protocols and
// address types.
func TestExtServiceDestination(t *testing.T) {
	one, two, ninetyNine := uint32(1), uint32(2), uint32(99)
	ip, fqdn := ir.IP, ir.FQDN
	sock := "/var/run/auth.sock"
	zero, weight99, weight2 := int32(0), int32(99), int32(2)
	fallback := true
	weighted := func(r egv1a1.BackendRef, w *int32) egv1a1.BackendRef { r.Weight = w; return r }
	meta := &ir.ResourceMetadata{Kind: "SecurityPolicy", Name: "p", Namespace: "default"}
	tests := []struct {
		name  string
		refs  []egv1a1.BackendRef
		proto ir.AppProtocol
		opts  []Option
		want  []*ir.DestinationSetting
	}{
		{
			name:  "service with grpc appProtocol, weights, zero weight left out",
			refs:  []egv1a1.BackendRef{weighted(extRefOf("", "", "authz", 9000), &weight99), weighted(extRefOf("", "other", "remote", 80), &zero), weighted(extRefOf("", "other", "remote", 80), &weight2)},
			proto: ir.HTTP,
			want: []*ir.DestinationSetting{
				{Name: "securitypolicy/default/p/extauth/0/backend/0", Weight: &ninetyNine, Protocol: ir.GRPC, AddressType: &ip,
					Endpoints: []*ir.DestinationEndpoint{{Host: "1.1.1.1", Port: 9000}},
					Metadata:  &ir.ResourceMetadata{Kind: "Service", Name: "authz", Namespace: "default", SectionName: "9000"}},
				{Name: "securitypolicy/default/p/extauth/0/backend/2", Weight: &two, Protocol: ir.HTTP, AddressType: &ip,
					Endpoints: []*ir.DestinationEndpoint{{Host: "2.2.2.2", Port: 80}},
					Metadata:  &ir.ResourceMetadata{Kind: "Service", Name: "remote", Namespace: "other", SectionName: "80"}},
			},
		},
		{
			name: "service import and fallback",
			refs: []egv1a1.BackendRef{func() egv1a1.BackendRef {
				r := extRefOf(kindServiceImport, "", "imported", 8080)
				r.Fallback = &fallback
				return r
			}()},
			proto: ir.HTTP,
			want: []*ir.DestinationSetting{
				{Name: "securitypolicy/default/p/extauth/0/backend/0", Weight: &one, Priority: &one, Protocol: ir.HTTP, AddressType: &ip,
					Endpoints: []*ir.DestinationEndpoint{{Host: "3.3.3.3", Port: 8080}},
					Metadata:  &ir.ResourceMetadata{Kind: "ServiceImport", Name: "imported", Namespace: "default", SectionName: "8080"}},
			},
		},
		{
			name:  "FQDN backend",
			refs:  []egv1a1.BackendRef{extRefOf(kindBackend, "", "fqdn", 0)},
			proto: ir.HTTPS,
			want: []*ir.DestinationSetting{
				{Name: "securitypolicy/default/p/extauth/0/backend/0", Weight: &one, Protocol: ir.HTTPS, AddressType: &fqdn,
					Endpoints: []*ir.DestinationEndpoint{{Host: "auth.example.com", Port: 443}},
					Metadata:  &ir.ResourceMetadata{Kind: "Backend", Name: "fqdn", Namespace: "default"}},
			},
		},
		{
			name:  "unix socket, and IP with socket, have no address type",
			refs:  []egv1a1.BackendRef{extRefOf(kindBackend, "", "uds", 0)},
			proto: ir.HTTP,
			want: []*ir.DestinationSetting{
				{Name: "securitypolicy/default/p/extauth/0/backend/0", Weight: &one, Protocol: ir.HTTP,
					Endpoints: []*ir.DestinationEndpoint{{Path: &sock}},
					Metadata:  &ir.ResourceMetadata{Kind: "Backend", Name: "uds", Namespace: "default"}},
			},
		},
		{
			name:  "IP and socket in one backend",
			refs:  []egv1a1.BackendRef{extRefOf(kindBackend, "", "ip-uds", 0)},
			proto: ir.GRPC,
			want: []*ir.DestinationSetting{
				{Name: "securitypolicy/default/p/extauth/0/backend/0", Weight: &one, Protocol: ir.GRPC,
					Endpoints: []*ir.DestinationEndpoint{{Host: "4.4.4.5", Port: 3000}, {Path: &sock}},
					Metadata:  &ir.ResourceMetadata{Kind: "Backend", Name: "ip-uds", Namespace: "default"}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := spTestTranslation(t, extServiceObjects, append([]Option{WithBackendEnabled(true)}, tc.opts...)...)
			got, err := tr.extServiceDestination(egv1a1.KindSecurityPolicy, "default", "securitypolicy/default/p/extauth/0", tc.refs, tc.proto, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := &ir.RouteDestination{Name: "securitypolicy/default/p/extauth/0", Settings: tc.want, Metadata: meta}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestExtServiceServiceRouting checks that routingType Service sends to the
// cluster IP.
func TestExtServiceServiceRouting(t *testing.T) {
	tr := spTestTranslation(t, extServiceObjects)
	svc := egv1a1.RoutingTypeService
	gw := &gatewayState{envoyProxy: &egv1a1.EnvoyProxySpec{RoutingType: &svc}}
	got, err := tr.extServiceDestination(egv1a1.KindSecurityPolicy, "default", "securitypolicy/default/p/extauth/0",
		[]egv1a1.BackendRef{extRefOf("", "", "authz", 9000)}, ir.HTTP, gw)
	if err != nil {
		t.Fatal(err)
	}
	ds := got.Settings[0]
	if ds.Protocol != ir.GRPC || ds.AddressType != nil || len(ds.Endpoints) != 1 || ds.Endpoints[0].Host != "10.0.0.1" || ds.Endpoints[0].Port != 9000 {
		t.Errorf("got %+v with endpoints %+v, want the cluster IP 10.0.0.1:9000 over GRPC", ds, ds.Endpoints)
	}
}

// TestExtServiceBackendTLS checks BackendTLSPolicies on external services:
// the policy is their ancestor, and a broken one is an error.
func TestExtServiceBackendTLS(t *testing.T) {
	docs := extServiceObjects + `---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: authz-tls, namespace: default}
spec:
  targetRefs: [{group: "", kind: Service, name: authz}]
  validation: {hostname: authz.example.com, wellKnownCACertificates: System}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: broken, namespace: other}
spec:
  targetRefs: [{group: "", kind: Service, name: remote}]
  validation: {hostname: remote.example.com, caCertificateRefs: [{group: "", kind: ConfigMap, name: nope}]}
`
	tr := spTestTranslation(t, docs)
	got, err := tr.extServiceDestination(egv1a1.KindSecurityPolicy, "default", "securitypolicy/default/p/extauth/0",
		[]egv1a1.BackendRef{extRefOf("", "", "authz", 9000)}, ir.GRPC, nil)
	if err != nil {
		t.Fatal(err)
	}
	tls := got.Settings[0].TLS
	if tls == nil || tls.SNI == nil || *tls.SNI != "authz.example.com" || !tls.UseSystemTrustStore {
		t.Fatalf("TLS = %+v, want SNI authz.example.com and the system trust store", tls)
	}
	ps := tr.backendTLSPolicyFor(policyTargetKey{namespace: "default", kind: "Service", name: "authz"}, "grpc")
	if ps == nil || len(ps.ancestors) != 1 {
		t.Fatalf("ancestors of authz-tls: %+v", ps)
	}
	if a := ps.ancestors[0]; string(a.Name) != "p" || string(*a.Kind) != "SecurityPolicy" || string(*a.Group) != egv1a1.GroupName || string(*a.Namespace) != "default" {
		t.Errorf("ancestor = %+v, want the SecurityPolicy default/p", a)
	}
	_, err = tr.extServiceDestination(egv1a1.KindSecurityPolicy, "default", "securitypolicy/default/p/extauth/0",
		[]egv1a1.BackendRef{extRefOf("", "other", "remote", 80)}, ir.GRPC, nil)
	if want := "configmap nope not found in namespace other"; err == nil || err.Error() != want {
		t.Errorf("remote: got %v, want %q", err, want)
	}
}
