package xds

import (
	"strings"
	"testing"

	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/gatewaykit/gatewaykit/ir"
)

// The connection manager's client IP detection, written out as protojson.
func TestClientIPDetection(t *testing.T) {
	u32 := func(n uint32) *uint32 { return &n }
	yes, no := true, false
	const xff = `"useRemoteAddress": false, "originalIpDetectionExtensions": [{"name": "envoy.extensions.http.original_ip_detection.xff",
		"typedConfig": {"@type": "type.googleapis.com/envoy.extensions.http.original_ip_detection.xff.v3.XffConfig", `
	const header = `"useRemoteAddress": false, "originalIpDetectionExtensions": [{"name": "envoy.extensions.http.original_ip_detection.custom_header",
		"typedConfig": {"@type": "type.googleapis.com/envoy.extensions.http.original_ip_detection.custom_header.v3.CustomHeaderConfig", `
	tests := []struct {
		name string
		d    *ir.ClientIPDetection
		want string
	}{
		{"none", nil, `"useRemoteAddress": true`},
		{"empty", &ir.ClientIPDetection{}, `"useRemoteAddress": true`},
		{"direct source", &ir.ClientIPDetection{DirectSourceIP: &ir.DirectSourceIPDetection{}}, `"useRemoteAddress": true`},
		// Envoy counts the hops it skips: one less than the proxies.
		{"two trusted hops, no append", &ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{NumTrustedHops: u32(2), DisableXForwardedForAppend: &yes}},
			xff + `"xffNumTrustedHops": 1, "skipXffAppend": true}}]`},
		{"zero hops", &ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{NumTrustedHops: u32(0)}},
			xff + `"skipXffAppend": false}}]`},
		{"trusted CIDRs", &ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{
			TrustedCIDRs: []string{"192.168.1.0/24", "10.0.0.7/16", "2001:db8::/32"}, DisableXForwardedForAppend: &no}},
			xff + `"xffTrustedCidrs": {"cidrs": [{"addressPrefix": "192.168.1.0", "prefixLen": 24},
				{"addressPrefix": "10.0.0.7", "prefixLen": 16}, {"addressPrefix": "2001:db8::", "prefixLen": 32}]}, "skipXffAppend": false}}]`},
		{"custom header", &ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x-client-ip", FailClosed: &no}},
			header + `"headerName": "x-client-ip", "allowExtensionToSetAddressAsTrusted": true}}]`},
		{"custom header fail closed", &ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x-client-ip", FailClosed: &yes}},
			header + `"headerName": "x-client-ip", "allowExtensionToSetAddressAsTrusted": true, "rejectWithStatus": {"code": "Forbidden"}}}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := securedIR(securedRoute("r", nil))
			x.HTTP[0].ClientIPDetection = tc.d
			got := hcmOf(t, securedTranslate(t, x).Listeners[0].GetDefaultFilterChain())
			want := &hcmv3.HttpConnectionManager{}
			if err := protojson.Unmarshal([]byte("{"+tc.want+"}"), want); err != nil {
				t.Fatalf("expected configuration: %v", err)
			}
			gotPart := &hcmv3.HttpConnectionManager{UseRemoteAddress: got.UseRemoteAddress, OriginalIpDetectionExtensions: got.OriginalIpDetectionExtensions}
			if d := cmp.Diff(want, gotPart, protocmp.Transform()); d != "" {
				t.Errorf("client IP detection (-want +got):\n%s", d)
			}
		})
	}
}

// An HTTPS chain takes its listener's detection; listeners that share the
// plain-HTTP chain take the first one's.
func TestClientIPDetectionPerChain(t *testing.T) {
	hdr := &ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x-ip"}}
	plain1, plain2 := plainHTTP("ns/gw/a", 80), plainHTTP("ns/gw/b", 80)
	plain1.Hostnames, plain2.Hostnames = []string{"a.example.com"}, []string{"b.example.com"}
	plain2.ClientIPDetection = hdr
	tls1 := httpsListener("ns/gw/s1", 443, "s1.example.com", "ns/c1")
	tls2 := httpsListener("ns/gw/s2", 443, "s2.example.com", "ns/c2")
	tls2.ClientIPDetection = hdr
	res := securedTranslate(t, &ir.Xds{HTTP: []*ir.HTTPListener{plain1, plain2, tls1, tls2}})
	remote := map[string]bool{}
	for _, l := range res.Listeners {
		if fc := l.GetDefaultFilterChain(); fc != nil {
			remote[fc.GetName()] = hcmOf(t, fc).GetUseRemoteAddress().GetValue()
		}
		for _, fc := range l.GetFilterChains() {
			remote[fc.GetName()] = hcmOf(t, fc).GetUseRemoteAddress().GetValue()
		}
	}
	want := map[string]bool{"ns/gw/a": true, "ns/gw/s1": true, "ns/gw/s2": false}
	if d := cmp.Diff(want, remote); d != "" {
		t.Errorf("useRemoteAddress by chain (-want +got):\n%s", d)
	}
}

// A detection that the IR does not allow is an error naming the field.
func TestClientIPDetectionInvalid(t *testing.T) {
	for name, tc := range map[string]struct {
		d    *ir.ClientIPDetection
		path string
	}{
		"xff without trust": {&ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{}}, "http[0].clientIPDetection.xForwardedFor"},
		"bad CIDR":          {&ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{TrustedCIDRs: []string{"10.0.0.0"}}}, "http[0].clientIPDetection.xForwardedFor.trustedCIDRs[0]"},
		"bad header":        {&ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x ip"}}, "http[0].clientIPDetection.customHeader.name"},
	} {
		t.Run(name, func(t *testing.T) {
			x := securedIR(securedRoute("r", nil))
			x.HTTP[0].ClientIPDetection = tc.d
			if err := translateError(t, x); !containsPath(err, tc.path) {
				t.Errorf("error %q does not name %s", err, tc.path)
			}
		})
	}
}

// containsPath reports whether err names the IR field at path.
func containsPath(err error, path string) bool {
	return err != nil && strings.Contains(err.Error(), path+":")
}
