package ir

import (
	"testing"
)

func TestValidateTCPAuthorization(t *testing.T) {
	valid := func() *Authorization {
		return &Authorization{
			DefaultAction: "Deny",
			Rules: []*AuthorizationRule{
				{Name: "office", Action: "Allow", Principal: Principal{ClientCIDRs: []*CIDRMatch{
					{CIDR: "10.0.0.0/24", MaskLen: 24},
					{CIDR: "2001:db8::/32", MaskLen: 32, IsIPv6: true},
				}}},
				{Name: "lab", Action: "Deny", Principal: Principal{ClientCIDRs: []*CIDRMatch{{CIDR: "192.168.0.7/32", MaskLen: 32}}}},
			},
		}
	}
	const a = "tcp[0].routes[0].authorization"
	const r0 = a + ".rules[0]"
	cases := []struct {
		name   string
		mutate func(*Authorization)
		path   string // the one error's path; "" means valid
	}{
		{"valid", func(*Authorization) {}, ""},
		{"no rules", func(z *Authorization) { z.Rules = nil; z.DefaultAction = "Allow" }, ""},
		{"host address, not the network's", func(z *Authorization) { z.Rules[0].Principal.ClientCIDRs[0].CIDR = "10.0.0.9/24" }, ""},
		{"default action empty", func(z *Authorization) { z.DefaultAction = "" }, a + ".defaultAction"},
		{"default action unknown", func(z *Authorization) { z.DefaultAction = "allow" }, a + ".defaultAction"},
		{"rule null", func(z *Authorization) { z.Rules[1] = nil }, a + ".rules[1]"},
		{"rule name empty", func(z *Authorization) { z.Rules[0].Name = "" }, r0 + ".name"},
		{"rule action unknown", func(z *Authorization) { z.Rules[0].Action = "Log" }, r0 + ".action"},
		{"rule action empty", func(z *Authorization) { z.Rules[1].Action = "" }, a + ".rules[1].action"},
		{"no client CIDRs", func(z *Authorization) { z.Rules[1].Principal.ClientCIDRs = nil }, a + ".rules[1].principal.clientCIDRs"},
		{"client CIDR null", func(z *Authorization) { z.Rules[0].Principal.ClientCIDRs[1] = nil }, r0 + ".principal.clientCIDRs[1]"},
		{"client CIDR malformed", func(z *Authorization) { z.Rules[0].Principal.ClientCIDRs[1].CIDR = "2001:db8::/129" }, r0 + ".principal.clientCIDRs[1].cidr"},
		{"client CIDR without length", func(z *Authorization) { z.Rules[0].Principal.ClientCIDRs[0].CIDR = "10.0.0.0" }, r0 + ".principal.clientCIDRs[0].cidr"},
		{"mask length disagrees", func(z *Authorization) { z.Rules[0].Principal.ClientCIDRs[0].MaskLen = 16 }, r0 + ".principal.clientCIDRs[0].maskLen"},
		{"inverted", func(z *Authorization) { z.Rules[0].Principal.ClientCIDRs[0].Invert = true }, r0 + ".principal.clientCIDRs[0].invert"},
		{"operation", func(z *Authorization) {
			z.Rules[0].Operation = &AuthorizationOperation{Methods: []string{"GET"}}
		}, r0 + ".operation"},
		{"cel", func(z *Authorization) { z.Rules[0].CEL = ptrTo("true") }, r0 + ".cel"},
		{"jwt", func(z *Authorization) { z.Rules[0].Principal.JWT = &JWTPrincipal{Provider: "p"} }, r0 + ".principal.jwt"},
		{"headers", func(z *Authorization) {
			z.Rules[0].Principal.Headers = []AuthorizationHeaderMatch{{Name: "x", Values: []string{"y"}}}
		}, r0 + ".principal.headers"},
		{"geolocations", func(z *Authorization) {
			z.Rules[0].Principal.ClientIPGeoLocations = []ClientIPGeoLocation{{Country: ptrTo("FR")}}
		}, r0 + ".principal.clientIPGeoLocations"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := validXds()
			z := valid()
			c.mutate(z)
			x.TCP[0].Routes[0].Authorization = z
			checkOneError(t, x.Validate(), c.path)
		})
	}
}
