package translator

import "testing"

func TestBundleKey(t *testing.T) {
	for kind, want := range map[string]string{
		"HTTPRoute":        "httpRoutes",
		"GatewayClass":     "gatewayClasses",
		"BackendTLSPolicy": "backendTLSPolicies",
		"HTTPRouteFilter":  "httpFilters",
		"NoSuchKind":       "",
	} {
		if got := BundleKey(kind); got != want {
			t.Errorf("BundleKey(%q) = %q, want %q", kind, got, want)
		}
	}
	// Every kind's key loads that kind from a bundle.
	for _, k := range kinds {
		res, err := Load([]byte(BundleKey(k.name) + ": []\n"))
		if err != nil || len(res.Skipped) != 0 {
			t.Errorf("bundle key %q of %s does not load: %v %v", BundleKey(k.name), k.name, err, res.Skipped)
		}
	}
}
