package xds

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"testing"

	"github.com/gatewaykit/gatewaykit/ir"
)

// irFieldPath matches an error message that names an IR field: a top-level
// IR list or field, with an index or a key, or a field below it.
var irFieldPath = regexp.MustCompile(`\b(http|tcp|udp|listeners|accessLog|readyListener|globalResources)(\[[^\]]*\]|\.[a-zA-Z])`)

// FuzzTranslate decodes arbitrary bytes as a JSON IR and translates it.
// Translate must not panic; when it succeeds every resource is valid and a
// second translation marshals to the same bytes; when it fails the error
// names an IR field path. Seeds: the hand-written IRs below, and corpus
// IRs (rendered to JSON, keys replaced by placeholders) in
// testdata/fuzz/FuzzTranslate.
func FuzzTranslate(f *testing.F) {
	for _, x := range fuzzSeeds() {
		b, err := json.Marshal(x)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var x ir.Xds
		if err := json.Unmarshal(data, &x); err != nil {
			return
		}
		res, err := Translate(&x)
		if err != nil {
			var ve *ir.ValidationError
			if errors.As(err, &ve) && ve.Path != "" {
				return
			}
			if !irFieldPath.MatchString(err.Error()) {
				t.Fatalf("error names no IR field path: %v", err)
			}
			return
		}
		if err := validate(res); err != nil {
			t.Fatalf("invalid resource: %v", err)
		}
		again, err := Translate(&x)
		if err != nil {
			t.Fatalf("second translation failed: %v", err)
		}
		if a, b := marshalAll(t, res), marshalAll(t, again); !bytes.Equal(a, b) {
			t.Fatal("two translations of one IR differ")
		}
	})
}

// marshalAll is r.Marshal, failing the test on an error.
func marshalAll(t *testing.T, r *Resources) []byte {
	t.Helper()
	b, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fuzzSeeds are small IRs that reach the main paths: plain HTTP with
// routes of each action, HTTPS, TCP and UDP, and security features.
func fuzzSeeds() []*ir.Xds {
	exact := "/p"
	hdr := "x-c"
	w := uint32(2)
	ip := ir.IP
	plain := oneRoute(&ir.HTTPRoute{Name: "r", Hostname: "*", Destination: ipDestination("c"),
		PathMatch:           &ir.StringMatch{Exact: &exact},
		CORS:                &ir.CORS{AllowMethods: []string{"*"}},
		CredentialInjection: &ir.CredentialInjection{Name: "f", Header: &hdr, Credential: []byte("k")},
	})
	plain.HTTP[0].Routes = append(plain.HTTP[0].Routes,
		&ir.HTTPRoute{Name: "d", Hostname: "a.com", DirectResponse: &ir.CustomResponse{StatusCode: 404, Body: []byte("no")}},
		&ir.HTTPRoute{Name: "w", Hostname: "a.com", Destination: &ir.RouteDestination{Name: "w", Settings: []*ir.DestinationSetting{
			{Name: "w/0", Weight: &w, AddressType: &ip, Endpoints: []*ir.DestinationEndpoint{{Host: "10.0.0.2", Port: 80}}},
			{Name: "w/1", Weight: &w, AddressType: &ip, IsDynamicResolver: true},
		}}},
	)
	https := &ir.Xds{HTTP: []*ir.HTTPListener{
		httpsListener("ns/a/https", 443, "a.com", "ns/cert"),
		httpsListener("ns/b/https", 443, "b.com", "ns/cert"),
	}}
	l4 := &ir.Xds{
		TCP: []*ir.TCPListener{{Name: "ns/t/tcp", Address: "0.0.0.0", Port: 9000, Routes: []*ir.TCPRoute{{Name: "t", Destination: ipDestination("t")}}}},
		UDP: []*ir.UDPListener{{Name: "ns/u/udp", Address: "0.0.0.0", Port: 9001, Route: &ir.UDPRoute{Name: "u", Destination: ipDestination("u")}}},
	}
	local := `{"keys":[]}`
	secured := securedIR(
		securedRoute("oidc", &ir.SecurityFeatures{OIDC: testOIDC("o"), JWT: &ir.JWT{Providers: []ir.JWTProvider{{Name: "j", LocalJWKS: &local}}}}),
		securedRoute("basic", &ir.SecurityFeatures{BasicAuth: &ir.BasicAuth{Name: "b", Users: ir.PrivateBytes("u:{SHA}x")}, Authorization: authzRules()}),
	)
	get := "GET"
	traffic := oneRoute(&ir.HTTPRoute{Name: "bt", Hostname: "*", Destination: ipDestination("bt"), UseClientProtocol: new(true),
		Traffic: &ir.TrafficFeatures{
			LoadBalancer: &ir.LoadBalancer{ConsistentHash: &ir.ConsistentHash{Headers: []*ir.HashHeader{{Name: "x-u"}}}},
			Compression:  []*ir.Compression{{Type: ir.CompressorGzip, ChooseFirst: true}, {Type: ir.CompressorBrotli}},
			RateLimit: &ir.RateLimit{Local: &ir.LocalRateLimit{
				Default: ir.RateLimitValue{Requests: 10, Unit: ir.RateLimitUnitSecond},
				Rules: []*ir.RateLimitRule{{Name: "ns/p/rule/0", Limit: ir.RateLimitValue{Requests: 1, Unit: ir.RateLimitUnitMinute},
					HeaderMatches: []*ir.StringMatch{{Name: "x-u", Distinct: true}}, MethodMatches: []*ir.StringMatch{{Exact: &get}},
					CIDRMatch: &ir.CIDRMatch{CIDR: "10.0.0.0/8", MaskLen: 8, Distinct: true}}},
			}},
		}})
	prefix := "x-eg"
	traffic.HTTP[0].Routes = append(traffic.HTTP[0].Routes, &ir.HTTPRoute{Name: "bw", Hostname: "b.com", Destination: ipDestination("bw"),
		Traffic: &ir.TrafficFeatures{
			RequestBuffer: &ir.RequestBuffer{LimitBytes: 1024},
			BandwidthLimit: &ir.BandwidthLimit{Request: &ir.BandwidthLimitConfig{LimitKibps: 10},
				Response: &ir.BandwidthLimitConfig{LimitKibps: 1, ResponseTrailers: &ir.BandwidthLimitResponseTrailers{Prefix: &prefix}}},
		}})
	traffic.HTTP[0].Routes = append(traffic.HTTP[0].Routes, &ir.HTTPRoute{Name: "lb", Hostname: "c.com", Destination: ipDestination("lb"),
		Traffic: &ir.TrafficFeatures{LoadBalancer: &ir.LoadBalancer{
			BackendUtilization: &ir.BackendUtilization{OutOfBand: &ir.OutOfBandReporting{Port: new(uint32(9001))}},
			EndpointOverride:   &ir.EndpointOverride{ExtractFrom: []ir.EndpointOverrideSource{{Header: &prefix}}},
			WeightedZones:      []ir.WeightedZone{{Zone: "a", Weight: 2}},
		}}})
	code := 404
	traffic.HTTP[0].Routes = append(traffic.HTTP[0].Routes, &ir.HTTPRoute{Name: "ro", Hostname: "d.com", Destination: ipDestination("ro"),
		Traffic: &ir.TrafficFeatures{ResponseOverride: &ir.ResponseOverride{Name: "backendtrafficpolicy/ns/p", Rules: []ir.ResponseOverrideRule{
			{Name: "r0", Match: ir.CustomResponseMatch{StatusCodes: []ir.StatusCodeMatch{{Value: &code}, {Range: &ir.StatusCodeRange{Start: 500, End: 599}}}},
				Response: &ir.OverrideResponse{Body: []byte("x")}, Source: "Backend"},
		}},
			FaultInjection: &ir.FaultInjection{Abort: &ir.FaultInjectionAbort{HTTPStatus: new(int32(503))}}}})
	return []*ir.Xds{plain, https, l4, secured, traffic, {}}
}

// TestFuzzSeedsTranslate checks that the hand-written seeds are valid IRs,
// so that the fuzzer starts from inputs that reach the builders.
func TestFuzzSeedsTranslate(t *testing.T) {
	for i, x := range fuzzSeeds() {
		if _, err := Translate(x); err != nil {
			t.Errorf("seed %d: %v", i, err)
		}
	}
}
