package translator

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gatewaykit/gatewaykit/ir"
)

// TestCTPClientIPDetection checks what spec.clientIPDetection puts into an
// HTTP listener's IR, and the problems the CRD schema would have caught.
func TestCTPClientIPDetection(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name, spec string
		want       *ir.ClientIPDetection
		err        string
	}{
		{"unset", `{}`, nil, ""},
		{"empty", `{clientIPDetection: {}}`, &ir.ClientIPDetection{}, ""},
		{"hops", `{clientIPDetection: {xForwardedFor: {numTrustedHops: 2, disableXForwardedForAppend: true}}}`,
			&ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{NumTrustedHops: ctpPtr[uint32](2), DisableXForwardedForAppend: &yes}}, ""},
		{"trusted CIDRs", `{clientIPDetection: {xForwardedFor: {trustedCIDRs: ["10.0.0.0/8", "2001:db8::/32"]}}}`,
			&ir.ClientIPDetection{XForwardedFor: &ir.XForwardedForDetection{TrustedCIDRs: []string{"10.0.0.0/8", "2001:db8::/32"}}}, ""},
		{"custom header", `{clientIPDetection: {customHeader: {name: x-client-ip, failClosed: false}}}`,
			&ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x-client-ip", FailClosed: &no}}, ""},
		{"direct", `{clientIPDetection: {directSourceIP: {}}}`, &ir.ClientIPDetection{DirectSourceIP: &ir.DirectSourceIPDetection{}}, ""},

		{"two sources", `{clientIPDetection: {directSourceIP: {}, customHeader: {name: x}}}`, nil,
			"ClientIPDetection: exactly one of xForwardedFor, customHeader, or directSourceIP must be set."},
		{"hops and CIDRs", `{clientIPDetection: {xForwardedFor: {numTrustedHops: 1, trustedCIDRs: ["10.0.0.0/8"]}}}`, nil,
			"ClientIPDetection: only one of numTrustedHops or trustedCIDRs must be set."},
		{"xff trusting nothing", `{clientIPDetection: {xForwardedFor: {disableXForwardedForAppend: true}}}`, nil,
			"ClientIPDetection: only one of numTrustedHops or trustedCIDRs must be set."},
		{"negative hops", `{clientIPDetection: {xForwardedFor: {numTrustedHops: -1}}}`, nil,
			"ClientIPDetection: numTrustedHops must not be negative, got -1."},
		{"bad CIDR", `{clientIPDetection: {xForwardedFor: {trustedCIDRs: ["10.0.0.0/8", "10.1.2.3"]}}}`, nil,
			`ClientIPDetection: invalid trustedCIDRs entry "10.1.2.3": not an address range in CIDR notation.`},
		{"bad header", `{clientIPDetection: {customHeader: {name: "x client"}}}`, nil,
			`ClientIPDetection: customHeader name "x client" is not a valid HTTP header name.`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ls := ctpListener("l", "HTTP")
			ls.http.Routes = []*ir.HTTPRoute{{Name: "r"}}
			if got := ctpErr(t, ctpTestTranslation(nil), tc.spec, ls); got != tc.err {
				t.Errorf("error %q, want %q", got, tc.err)
			}
			f, _ := ctpTestTranslation(nil).buildCTPFeatures(ctpPolicy(t, tc.spec), ls, ctpTestNow)
			f.applyToListener(ls)
			if d := cmp.Diff(tc.want, ls.http.ClientIPDetection); d != "" {
				t.Errorf("listener clientIPDetection (-want +got):\n%s", d)
			}
			if (tc.err != "") != (ls.http.Routes[0].DirectResponse != nil) {
				t.Errorf("direct response %+v with error %q", ls.http.Routes[0].DirectResponse, tc.err)
			}
			x := &ir.Xds{HTTP: []*ir.HTTPListener{ls.http}}
			x.HTTP[0].Address, x.HTTP[0].Port = "0.0.0.0", 80
			x.HTTP[0].Routes = nil
			if err := x.Validate(); err != nil {
				t.Errorf("the listener's IR is invalid: %v", err)
			}
		})
	}
}

// TestCTPClientIPDetectionWithOtherProblems checks that, as in Envoy
// Gateway, a policy invalid for another reason still sets the detection,
// and that TCP listeners have none.
func TestCTPClientIPDetectionWithOtherProblems(t *testing.T) {
	ls := ctpListener("l", "HTTP")
	spec := `{clientIPDetection: {customHeader: {name: x-ip}}, timeout: {http: {idleTimeout: bad}}}`
	f, err := ctpTestTranslation(nil).buildCTPFeatures(ctpPolicy(t, spec), ls, ctpTestNow)
	if err == nil {
		t.Fatal("want an error")
	}
	f.applyToListener(ls)
	if d := cmp.Diff(&ir.ClientIPDetection{CustomHeader: &ir.CustomHeaderDetection{Name: "x-ip"}}, ls.http.ClientIPDetection); d != "" {
		t.Errorf("listener clientIPDetection (-want +got):\n%s", d)
	}
	tcp := ctpListener("t", "TCP")
	if got := ctpErr(t, ctpTestTranslation(nil), `{clientIPDetection: {customHeader: {name: "x client"}}}`, tcp); got != "" {
		t.Errorf("TCP listener: %q, want no problem (the setting is HTTP's)", got)
	}
}
