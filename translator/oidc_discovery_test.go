package translator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestHTTPOIDCDiscovery fetches discovery documents from a loopback
// server: answers are cached, failures are not, and a policy whose issuer
// is discovered reaches the IR with the discovered endpoints.
func TestHTTPOIDCDiscovery(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.URL.Path {
		case "/good/.well-known/openid-configuration":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"issuer": "x", "authorization_endpoint": "https://idp.example.com/auth", "token_endpoint": "https://idp.example.com/token", "end_session_endpoint": "https://idp.example.com/bye"}`))
		case "/garbled/.well-known/openid-configuration":
			w.Write([]byte(`{"token_endpoint": `))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	d := &HTTPOIDCDiscovery{Client: srv.Client()}
	for range 2 {
		md, err := d.Discover(context.Background(), srv.URL+"/good/")
		if err != nil {
			t.Fatal(err)
		}
		want := OIDCProviderMetadata{AuthorizationEndpoint: "https://idp.example.com/auth", TokenEndpoint: "https://idp.example.com/token", EndSessionEndpoint: "https://idp.example.com/bye"}
		if *md != want {
			t.Errorf("metadata %+v, want %+v", *md, want)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests for one issuer, want 1 (cached)", n)
	}
	for path, want := range map[string]string{"/missing": "status code: 404", "/garbled": "error decoding openid-configuration"} {
		for range 2 {
			if _, err := d.Discover(context.Background(), srv.URL+path); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %v, want one containing %q", path, err, want)
			}
		}
	}
	if n := calls.Load(); n != 5 {
		t.Errorf("%d requests, want 5 (errors are not cached)", n)
	}

	docs := spEnforceRoute + spObjects + `---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: p, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: app}]
  oidc:
    provider: {issuer: "` + srv.URL + `/good"}
    clientID: my-client
    clientSecret: {name: oidc}
`
	r := translateYAML(t, docs, WithOIDCDiscovery(d))
	if got := spAccepted(t, r); got != "True" {
		t.Fatalf("policy Accepted = %s, want True", got)
	}
	o := spEnforceIRRoute(t, r, "app").Security.OIDC
	if o == nil || o.Provider.TokenEndpoint != "https://idp.example.com/token" || *o.Provider.EndSessionEndpoint != "https://idp.example.com/bye" {
		t.Errorf("OIDC in the IR: %+v", o)
	}
}
