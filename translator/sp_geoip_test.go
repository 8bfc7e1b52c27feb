package translator

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// spGeoIPDocs is a Gateway default/gw with two HTTP listeners, each with
// one route: on "good" a ClientTrafficPolicy detects the client address
// from a header, on "bad" nothing does. A SecurityPolicy on the Gateway
// allows clients from one country.
const spGeoIPDocs = gatewayClassEG + `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: eg
  listeners:
  - {name: good, protocol: HTTP, port: 80}
  - {name: bad, protocol: HTTP, port: 81}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: good, namespace: default}
spec:
  parentRefs: [{name: gw, sectionName: good}]
  rules: [{backendRefs: [{name: authz, port: 9000}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: bad, namespace: default}
spec:
  parentRefs: [{name: gw, sectionName: bad}]
  rules: [{backendRefs: [{name: authz, port: 9000}]}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: detect, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw, sectionName: good}]
  clientIPDetection: {customHeader: {name: x-real-client-ip, failClosed: true}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: geo, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
  authorization:
    defaultAction: Deny
    rules: [{action: Allow, principal: {clientIPGeoLocations: [{country: US}]}}]
---
`

// TestSPGeoIPPerListener checks, end to end, that a Gateway policy whose
// geolocation rules have what they need on one listener and not on
// another gives the first the GeoIP provider and its routes the
// authorization, fails the second's routes closed, and reports the
// problem on the policy.
func TestSPGeoIPPerListener(t *testing.T) {
	res, err := Load([]byte(spGeoIPDocs + spObjects))
	if err != nil {
		t.Fatal(err)
	}
	res.EnvoyProxyDefaults = &egv1a1.EnvoyProxySpec{GeoIP: &egv1a1.EnvoyProxyGeoIP{Provider: egv1a1.GeoIPProvider{
		Type:    egv1a1.GeoIPProviderTypeMaxMind,
		MaxMind: &egv1a1.GeoIPMaxMind{CountryDbSource: &egv1a1.GeoIPDBSource{Local: egv1a1.LocalGeoIPDBSource{Path: "/db/country.mmdb"}}},
	}}}
	r, err := Translate(res, WithGatewayClassName("eg"))
	if err != nil {
		t.Fatal(err)
	}
	x := r.IR["default/gw"]
	if x == nil {
		t.Fatal("no IR default/gw")
	}
	if err := x.Validate(); err != nil {
		t.Fatalf("invalid IR: %v", err)
	}
	listeners := map[string]*ir.HTTPListener{}
	for _, l := range x.HTTP {
		listeners[l.Name] = l
	}
	good, bad := listeners["default/gw/good"], listeners["default/gw/bad"]
	if good == nil || bad == nil || len(good.Routes) != 1 || len(bad.Routes) != 1 {
		t.Fatalf("listeners: %v", listeners)
	}
	yes := true
	if d := cmp.Diff(&ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x-real-client-ip", FailClosed: &yes}}, good.ClientIPDetection); d != "" {
		t.Errorf("good: clientIPDetection (-want +got):\n%s", d)
	}
	path := "/db/country.mmdb"
	if d := cmp.Diff(&ir.GeoIPProvider{MaxMind: &ir.GeoIPMaxMindProvider{CountryDBPath: &path}}, good.GeoIPProvider); d != "" {
		t.Errorf("good: geoIPProvider (-want +got):\n%s", d)
	}
	if gr := good.Routes[0]; gr.DirectResponse != nil || gr.Security == nil || gr.Security.Authorization == nil ||
		len(gr.Security.Authorization.Rules) != 1 || *gr.Security.Authorization.Rules[0].Principal.ClientIPGeoLocations[0].Country != "US" {
		t.Errorf("good route: %+v, want the authorization and no direct response", gr)
	}
	if bad.ClientIPDetection != nil || bad.GeoIPProvider != nil {
		t.Errorf("bad: clientIPDetection %+v, geoIPProvider %+v; want neither", bad.ClientIPDetection, bad.GeoIPProvider)
	}
	if br := bad.Routes[0]; br.DirectResponse == nil || br.DirectResponse.StatusCode != 500 {
		t.Errorf("bad route: direct response %+v, want 500", br.DirectResponse)
	}
	var msg string
	for _, sp := range r.Statuses.SecurityPolicies {
		for _, a := range sp.Status.Ancestors {
			for _, c := range a.Conditions {
				if c.Type == "Accepted" {
					msg = string(c.Status) + " " + c.Reason + ": " + c.Message
				}
			}
		}
	}
	if want := "False Invalid: Authorization: authorization clientIPGeoLocations requires ClientTrafficPolicy.spec.clientIPDetection to be configured."; msg != want {
		t.Errorf("SecurityPolicy Accepted: %q, want %q", msg, want)
	}
}

// TestCTPClientIPDetectionInvalidStatus checks that a detection the CRD
// would refuse is a status on the ClientTrafficPolicy, and the listener
// keeps the peer address.
func TestCTPClientIPDetectionInvalidStatus(t *testing.T) {
	docs := strings.Replace(spGeoIPDocs, `{customHeader: {name: x-real-client-ip, failClosed: true}}`,
		`{xForwardedFor: {numTrustedHops: 1}, directSourceIP: {}}`, 1)
	r := translateYAML(t, docs+spObjects)
	if len(r.Statuses.ClientTrafficPolicies) != 1 {
		t.Fatalf("%d ClientTrafficPolicy statuses", len(r.Statuses.ClientTrafficPolicies))
	}
	var msg string
	for _, c := range r.Statuses.ClientTrafficPolicies[0].Status.Ancestors[0].Conditions {
		if c.Type == "Accepted" {
			msg = string(c.Status) + ": " + c.Message
		}
	}
	if want := "False: ClientIPDetection: exactly one of xForwardedFor, customHeader, or directSourceIP must be set."; msg != want {
		t.Errorf("ClientTrafficPolicy Accepted: %q, want %q", msg, want)
	}
	for _, l := range r.IR["default/gw"].HTTP {
		if l.ClientIPDetection != nil {
			t.Errorf("%s: clientIPDetection %+v, want none", l.Name, l.ClientIPDetection)
		}
	}
}
