package securitypolicy

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// testEnv is an Env over a few objects; it records the external services
// resolved.
type testEnv struct {
	secrets   map[string]*corev1.Secret
	granted   map[string]bool
	issuers   map[string]*OIDCProviderMetadata
	resolved  []string
	extFailed error
}

func (e *testEnv) Secret(ns, name string) *corev1.Secret      { return e.secrets[ns+"/"+name] }
func (e *testEnv) ConfigMap(string, string) *corev1.ConfigMap { return nil }
func (e *testEnv) Backend(string, string) *egv1a1.Backend     { return nil }
func (e *testEnv) ControllerNamespace() string                { return "system" }
func (e *testEnv) RefGranted(from, _, kind, ns, name string) bool {
	return e.granted[from+">"+kind+"/"+ns+"/"+name]
}

func (e *testEnv) ExtServiceDestination(ns, name string, _ []egv1a1.BackendRef, p ir.AppProtocol) (*ir.RouteDestination, error) {
	e.resolved = append(e.resolved, ns+" "+name+" "+string(p))
	if e.extFailed != nil {
		return nil, e.extFailed
	}
	return &ir.RouteDestination{Name: name, Settings: []*ir.DestinationSetting{{Name: name + "/backend/0", Protocol: p}}}, nil
}

func (e *testEnv) ClusterTraffic(cs *egv1a1.ClusterSettings) (*ir.TrafficFeatures, error) {
	if cs == nil {
		return nil, nil
	}
	return &ir.TrafficFeatures{}, nil
}

func (e *testEnv) DiscoverOIDC(issuer string) (*OIDCProviderMetadata, error) {
	if md := e.issuers[issuer]; md != nil {
		return md, nil
	}
	return nil, errors.New("failed fetching openid-configuration from issuer URL: " + issuer)
}

func secret(ns, name string, data map[string]string) *corev1.Secret {
	s := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Data: map[string][]byte{}}
	for k, v := range data {
		s.Data[k] = []byte(v)
	}
	return s
}

func policyWith(spec egv1a1.SecurityPolicySpec) *egv1a1.SecurityPolicy {
	return &egv1a1.SecurityPolicy{ObjectMeta: metav1.ObjectMeta{Namespace: "app", Name: "p", UID: "uid-1"}, Spec: spec}
}

// TestBuildThroughEnv builds OIDC and basic auth from what the Env holds:
// Secrets in the policy's and the controller's namespaces, endpoints by
// discovery, and no external service resolved when the policy is not on a
// Gateway.
func TestBuildThroughEnv(t *testing.T) {
	env := &testEnv{
		secrets: map[string]*corev1.Secret{
			"app/users":              secret("app", "users", map[string]string{".htpasswd": "u:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n"}),
			"app/oidc":               secret("app", "oidc", map[string]string{"client-secret": "s3cret"}),
			"system/envoy-oidc-hmac": secret("system", "envoy-oidc-hmac", map[string]string{"hmac-secret": "hmac"}),
		},
		issuers: map[string]*OIDCProviderMetadata{"https://idp.example.com": {AuthorizationEndpoint: "https://idp.example.com/a", TokenEndpoint: "https://idp.example.com/t"}},
	}
	id := "client"
	p := policyWith(egv1a1.SecurityPolicySpec{
		BasicAuth: &egv1a1.BasicAuth{Users: gwapiv1.SecretObjectReference{Name: "users"}},
		OIDC: &egv1a1.OIDC{
			Provider:     egv1a1.OIDCProvider{Issuer: "https://idp.example.com"},
			ClientID:     &id,
			ClientSecret: gwapiv1.SecretObjectReference{Name: "oidc"},
		},
	})
	f, err := Build(env, p, Target{RouteKind: KindHTTPRoute, OnGateway: true})
	if err != nil {
		t.Fatal(err)
	}
	sec := f.IR()
	if sec.BasicAuth == nil || sec.BasicAuth.Name != "securitypolicy/app/p" || string(sec.BasicAuth.Users) != "u:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n" {
		t.Errorf("basic auth %+v", sec.BasicAuth)
	}
	o := sec.OIDC
	if o == nil || o.Provider.TokenEndpoint != "https://idp.example.com/t" || string(o.ClientSecret) != "s3cret" || string(o.HMACSecret) != "hmac" {
		t.Errorf("OIDC %+v", o)
	}

	// Not on a Gateway: OIDC is not resolved (Envoy Gateway resolves it
	// per Gateway), basic auth is.
	f, err = Build(env, p, Target{RouteKind: KindHTTPRoute})
	if err != nil || f.IR().OIDC != nil || f.IR().BasicAuth == nil {
		t.Errorf("off Gateway: err %v, features %+v", err, f.IR())
	}

	// A missing Secret and an undiscoverable issuer: both reported, in
	// Envoy Gateway's order for a route target, and the policy failed.
	env.secrets = map[string]*corev1.Secret{}
	p.Spec.OIDC.Provider.Issuer = "https://nowhere.example.com"
	f, err = Build(env, p, Target{RouteKind: KindHTTPRoute, OnGateway: true})
	want := "BasicAuth: secret app/users does not exist\nOIDC: failed fetching openid-configuration from issuer URL: https://nowhere.example.com"
	if err == nil || err.Error() != want || !f.Failed() || f.ExtAuthOnly() {
		t.Errorf("got %v (failed %v), want %q", err, f.Failed(), want)
	}
}

// TestBuildExtAuthFailOpen: an ext auth whose service cannot be resolved
// is the only problem, so a fail-open policy may let requests through.
func TestBuildExtAuthFailOpen(t *testing.T) {
	env := &testEnv{extFailed: errors.New("service app/authz not found")}
	port := gwapiv1.PortNumber(9000)
	p := policyWith(egv1a1.SecurityPolicySpec{ExtAuth: &egv1a1.ExtAuth{GRPC: &egv1a1.GRPCExtAuthService{
		BackendCluster: egv1a1.BackendCluster{BackendRefs: []egv1a1.BackendRef{{Name: "authz", Port: &port}}},
	}}})
	f, err := Build(env, p, Target{OnGateway: true})
	if err == nil || !strings.HasPrefix(err.Error(), "ExtAuth: ") || !f.ExtAuthOnly() {
		t.Errorf("got %v, extAuthOnly %v", err, f.ExtAuthOnly())
	}
	if d := cmp.Diff([]string{"app securitypolicy/app/p/extauth/0 GRPC"}, env.resolved); d != "" {
		t.Errorf("resolved (-want +got):\n%s", d)
	}
}

// TestFieldsAllEnforced: every SecurityPolicy feature reaches the IR.
func TestFieldsAllEnforced(t *testing.T) {
	for _, f := range Fields() {
		if !Enforced(f) {
			t.Errorf("%s is not enforced", f)
		}
	}
	if Enforced("spec.nope") {
		t.Error("an unknown field is enforced")
	}
}
