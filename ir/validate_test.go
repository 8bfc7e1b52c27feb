package ir

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func ptrTo[T any](v T) *T { return &v }

// validXds returns a small IR that uses most of what Validate checks and
// passes it.
func validXds() *Xds {
	dest := func(name string, at DestinationAddressType, host string) *RouteDestination {
		return &RouteDestination{
			Name: name,
			Settings: []*DestinationSetting{{
				Name:        name + "/backend/0",
				Weight:      ptrTo[uint32](1),
				Protocol:    HTTP,
				AddressType: ptrTo(at),
				Endpoints:   []*DestinationEndpoint{{Host: host, Port: 8080}},
			}},
		}
	}
	return &Xds{
		ReadyListener: &ReadyListener{Address: "0.0.0.0", Port: 19003, Path: "/ready", IPFamily: IPv4},
		AccessLog:     &AccessLog{Text: []*TextAccessLog{{Path: "/dev/stdout"}}},
		HTTP: []*HTTPListener{{
			Name:      "default/eg/https",
			Address:   "0.0.0.0",
			Port:      10443,
			Hostnames: []string{"*.example.com"},
			TLS: &TLSConfig{
				Certificates: []TLSCertificate{{Name: "default/cert", Certificate: []byte("c"), PrivateKey: []byte("k")}},
				MinVersion:   ptrTo(TLSVersion("1.2")),
				MaxVersion:   ptrTo(TLSVersion("1.3")),
			},
			Path: PathSettings{EscapedSlashesAction: UnescapeAndRedirect},
			Routes: []*HTTPRoute{
				{
					Name:          "httproute/default/r/rule/0/match/0/www_example_com",
					Hostname:      "www.example.com",
					PathMatch:     &StringMatch{Prefix: ptrTo("/")},
					HeaderMatches: []*StringMatch{{Name: "x-env", SafeRegex: ptrTo("^(dev|prod)$")}},
					Destination:   dest("httproute/default/r/rule/0", IP, "10.0.0.1"),
					Mirrors:       []*MirrorPolicy{{Destination: dest("mirror", FQDN, "mirror.example.com"), Percentage: ptrTo[float32](50)}},
					Timeout:       ptrTo(Duration(5 * time.Second)),
					Retry:         &Retry{RetryOn: &RetryOn{HTTPStatusCodes: []uint32{503}}},
				},
				{
					Name:      "httproute/default/r/rule/1/match/0/www_example_com",
					Hostname:  "www.example.com",
					PathMatch: &StringMatch{Exact: ptrTo("/old")},
					Redirect:  &Redirect{Scheme: ptrTo("https"), StatusCode: ptrTo[int32](301)},
				},
			},
		}},
		TCP: []*TCPListener{{
			Name: "default/eg/tls", Address: "::", Port: 10444,
			Routes: []*TCPRoute{{
				Name:        "tlsroute/default/t",
				TLS:         &TCPRouteTLS{Inspector: &TLSInspectorConfig{SNIs: []string{"db.example.com"}}},
				Destination: dest("tlsroute/default/t/rule/-1", FQDN, "db.internal"),
			}},
		}},
		UDP: []*UDPListener{{
			Name: "default/eg/dns", Address: "0.0.0.0", Port: 10053,
			Route: &UDPRoute{Name: "udproute/default/u", Destination: dest("udproute/default/u/rule/-1", MIXED, "10.0.0.2")},
		}},
	}
}

func TestValidateValid(t *testing.T) {
	if err := validXds().Validate(); err != nil {
		t.Fatal(err)
	}
	if err := (&Xds{}).Validate(); err != nil {
		t.Fatalf("empty IR: %v", err)
	}
}

func TestValidateNil(t *testing.T) {
	var x *Xds
	var ve *ValidationError
	if err := x.Validate(); !errors.As(err, &ve) {
		t.Fatalf("nil IR: got %v, want a *ValidationError", err)
	}
}

// TestValidateRules breaks one rule per case and checks Validate reports
// exactly that field. Cases with an empty path are allowed and must pass.
func TestValidateRules(t *testing.T) {
	route := func(x *Xds) *HTTPRoute { return x.HTTP[0].Routes[0] }
	setting := func(x *Xds) *DestinationSetting { return route(x).Destination.Settings[0] }
	const r0 = "http[0].routes[0]"
	const s0 = r0 + ".destination.settings[0]"
	cases := []struct {
		name   string
		mutate func(*Xds)
		path   string // the one error's path; "" means valid
	}{
		// Listeners.
		{"http listener null", func(x *Xds) { x.HTTP = append(x.HTTP, nil) }, "http[1]"},
		{"listener name empty", func(x *Xds) { x.HTTP[0].Name = "" }, "http[0].name"},
		{"listener name duplicate", func(x *Xds) {
			l := *x.HTTP[0]
			l.Routes = nil
			x.HTTP = append(x.HTTP, &l)
		}, "http[1].name"},
		{"listener name shared by http and tcp", func(x *Xds) { x.TCP[0].Name = x.HTTP[0].Name }, ""},
		{"port zero", func(x *Xds) { x.HTTP[0].Port = 0 }, "http[0].port"},
		{"port too large", func(x *Xds) { x.TCP[0].Port = 70000 }, "tcp[0].port"},
		{"external port too large", func(x *Xds) { x.UDP[0].ExternalPort = 65536 }, "udp[0].externalPort"},
		{"address empty", func(x *Xds) { x.UDP[0].Address = "" }, "udp[0].address"},
		{"address not an IP", func(x *Xds) { x.TCP[0].Address = "localhost" }, "tcp[0].address"},
		{"no hostnames", func(x *Xds) { x.HTTP[0].Hostnames = nil }, "http[0].hostnames"},
		{"hostname malformed", func(x *Xds) { x.HTTP[0].Hostnames = []string{"*", "bad_host"} }, "http[0].hostnames[1]"},
		{"hostname label too long", func(x *Xds) { x.HTTP[0].Hostnames = []string{strings.Repeat("a", 64) + ".com"} }, "http[0].hostnames[0]"},
		{"hostname wildcard in the middle", func(x *Xds) { x.HTTP[0].Hostnames = []string{"a.*.com"} }, "http[0].hostnames[0]"},
		{"hostname upper case", func(x *Xds) { x.HTTP[0].Hostnames = []string{"mTLS.example.org"} }, ""},
		{"escaped slashes unknown", func(x *Xds) { x.HTTP[0].Path.EscapedSlashesAction = "Drop" }, "http[0].path.escapedSlashesAction"},
		{"ready listener path", func(x *Xds) { x.ReadyListener.Path = "ready" }, "readyListener.path"},
		{"listener ip family", func(x *Xds) { x.TCP[0].IPFamily = ptrTo(IPFamily("IPv5")) }, "tcp[0].ipFamily"},
		{"tcp listener tls", func(x *Xds) { x.TCP[0].TLS = &TLSConfig{} }, "tcp[0].tls.certificates"},
		{"prefer local percentage", func(x *Xds) { setting(x).PreferLocal = &PreferLocalZone{PercentageEnabled: ptrTo[uint32](101)} }, s0 + ".preferLocal.percentageEnabled"},
		{"ready listener ip family", func(x *Xds) { x.ReadyListener.IPFamily = "IPv5" }, "readyListener.ipFamily"},
		{"access log path", func(x *Xds) { x.AccessLog.Text[0].Path = "" }, "accessLog.text[0].path"},
		{"credential injection valid", func(x *Xds) {
			route(x).CredentialInjection = &CredentialInjection{Name: "httproutefilter/ns/f", Credential: []byte("c")}
		}, ""},
		{"credential injection without credential", func(x *Xds) {
			route(x).CredentialInjection = &CredentialInjection{Name: "httproutefilter/ns/f"}
		}, r0 + ".credentialInjection.credential"},
		{"backend credential injection empty header", func(x *Xds) {
			setting(x).Filters = &DestinationFilters{CredentialInjection: &CredentialInjection{Name: "f", Header: ptrTo(""), Credential: []byte("c")}}
		}, s0 + ".filters.credentialInjection.header"},

		// TLS.
		{"no certificates", func(x *Xds) { x.HTTP[0].TLS.Certificates = nil }, "http[0].tls.certificates"},
		{"certificate name", func(x *Xds) { x.HTTP[0].TLS.Certificates[0].Name = "" }, "http[0].tls.certificates[0].name"},
		{"certificate data", func(x *Xds) { x.HTTP[0].TLS.Certificates[0].Certificate = nil }, "http[0].tls.certificates[0].certificate"},
		{"private key", func(x *Xds) { x.HTTP[0].TLS.Certificates[0].PrivateKey = nil }, "http[0].tls.certificates[0].privateKey"},
		{"ca certificate name", func(x *Xds) { x.HTTP[0].TLS.CACertificate = &TLSCACertificate{} }, "http[0].tls.caCertificate.name"},
		{"min above max", func(x *Xds) {
			x.HTTP[0].TLS.MinVersion = ptrTo(TLSVersion("1.3"))
			x.HTTP[0].TLS.MaxVersion = ptrTo(TLSVersion("1.2"))
		}, "http[0].tls.minVersion"},
		{"unknown version means default", func(x *Xds) { x.HTTP[0].TLS.MinVersion = ptrTo(TLSVersion("tls1.2")) }, ""},
		{"sni malformed", func(x *Xds) { x.TCP[0].Routes[0].TLS.Inspector.SNIs = []string{"a..b"} }, "tcp[0].routes[0].tls.inspector.snis[0]"},
		{"tcp terminate", func(x *Xds) { x.TCP[0].Routes[0].TLS.Terminate = &TLSConfig{} }, "tcp[0].routes[0].tls.terminate.certificates"},
		{"subject alt name both", func(x *Xds) {
			setting(x).TLS = &TLSUpstreamConfig{SubjectAltNames: []SubjectAltName{{Hostname: ptrTo("a"), URI: ptrTo("spiffe://a")}}}
		}, s0 + ".tls.subjectAltNames[0]"},
		{"upstream client certificate", func(x *Xds) {
			setting(x).TLS = &TLSUpstreamConfig{ClientCertificates: []TLSCertificate{{Name: "c", Certificate: []byte("c")}}}
		}, s0 + ".tls.clientCertificates[0].privateKey"},
		{"upstream sni", func(x *Xds) { setting(x).TLS = &TLSUpstreamConfig{SNI: ptrTo("not a host")} }, s0 + ".tls.sni"},

		// Routes.
		{"route null", func(x *Xds) { x.HTTP[0].Routes[1] = nil }, "http[0].routes[1]"},
		{"route name empty", func(x *Xds) { route(x).Name = "" }, r0 + ".name"},
		{"route names may repeat", func(x *Xds) { x.HTTP[0].Routes[1].Name = route(x).Name }, ""},
		{"route hostname empty", func(x *Xds) { route(x).Hostname = "" }, r0 + ".hostname"},
		{"route hostname malformed", func(x *Xds) { route(x).Hostname = "exa mple.com" }, r0 + ".hostname"},
		{"route without action", func(x *Xds) { route(x).Destination = nil }, r0},
		{"destination and direct response", func(x *Xds) { route(x).DirectResponse = &CustomResponse{StatusCode: 500} }, ""},
		{"direct response alone", func(x *Xds) { route(x).Destination = nil; route(x).DirectResponse = &CustomResponse{StatusCode: 503} }, ""},
		{"redirect and destination", func(x *Xds) { x.HTTP[0].Routes[1].Destination = route(x).Destination }, "http[0].routes[1].redirect"},
		{"redirect and direct response", func(x *Xds) { x.HTTP[0].Routes[1].DirectResponse = &CustomResponse{StatusCode: 200} }, "http[0].routes[1].redirect"},
		{"direct response status", func(x *Xds) { route(x).DirectResponse = &CustomResponse{StatusCode: 99} }, r0 + ".directResponse.statusCode"},
		{"redirect status", func(x *Xds) { x.HTTP[0].Routes[1].Redirect.StatusCode = ptrTo[int32](304) }, "http[0].routes[1].redirect.statusCode"},
		{"redirect status 308", func(x *Xds) { x.HTTP[0].Routes[1].Redirect.StatusCode = ptrTo[int32](308) }, ""},
		{"redirect scheme", func(x *Xds) { x.HTTP[0].Routes[1].Redirect.Scheme = ptrTo("ftp") }, "http[0].routes[1].redirect.scheme"},
		{"redirect port", func(x *Xds) { x.HTTP[0].Routes[1].Redirect.Port = ptrTo[uint32](0) }, "http[0].routes[1].redirect.port"},
		{"redirect hostname", func(x *Xds) { x.HTTP[0].Routes[1].Redirect.Hostname = ptrTo("*") }, "http[0].routes[1].redirect.hostname"},
		{"redirect hostname wildcard", func(x *Xds) { x.HTTP[0].Routes[1].Redirect.Hostname = ptrTo("*.example.com") }, "http[0].routes[1].redirect.hostname"},
		{"redirect path both", func(x *Xds) {
			x.HTTP[0].Routes[1].Redirect.Path = &HTTPPathModifier{FullReplace: ptrTo("/a"), PrefixMatchReplace: ptrTo("/b")}
		}, "http[0].routes[1].redirect.path"},
		{"rewrite path regex", func(x *Xds) {
			route(x).URLRewrite = &URLRewrite{Path: &ExtendedHTTPPathModifier{RegexMatchReplace: &RegexMatchReplace{Pattern: "(", Substitution: "x"}}}
		}, r0 + ".urlRewrite.path.regexMatchReplace.pattern"},
		{"rewrite path none", func(x *Xds) { route(x).URLRewrite = &URLRewrite{Path: &ExtendedHTTPPathModifier{}} }, r0 + ".urlRewrite.path"},
		{"rewrite host two sources", func(x *Xds) {
			route(x).URLRewrite = &URLRewrite{Host: &HTTPHostModifier{Header: ptrTo("x-host"), Backend: ptrTo(true)}}
		}, r0 + ".urlRewrite.host"},
		{"add header name", func(x *Xds) { route(x).AddRequestHeaders = []AddHeader{{Value: []string{"v"}}} }, r0 + ".addRequestHeaders[0].name"},
		{"remove header name", func(x *Xds) { route(x).RemoveResponseHeaders = []string{"a", ""} }, r0 + ".removeResponseHeaders[1]"},
		{"mirror percentage", func(x *Xds) { route(x).Mirrors[0].Percentage = ptrTo[float32](100.5) }, r0 + ".mirrors[0].percentage"},
		{"mirror without destination", func(x *Xds) { route(x).Mirrors[0].Destination = nil }, r0 + ".mirrors[0].destination"},
		{"negative timeout", func(x *Xds) { route(x).Timeout = ptrTo(Duration(-time.Second)) }, r0 + ".timeout"},
		{"negative back-off", func(x *Xds) {
			route(x).Retry.PerRetry = &PerRetryPolicy{BackOff: &BackOffPolicy{MaxInterval: ptrTo(Duration(-1))}}
		}, r0 + ".retry.perRetry.backOff.maxInterval"},
		{"negative connect timeout", func(x *Xds) {
			route(x).Traffic = &TrafficFeatures{Timeout: &Timeout{TCP: &TCPTimeout{ConnectTimeout: ptrTo(Duration(-1))}}}
		}, r0 + ".traffic.timeout.tcp.connectTimeout"},
		{"retry status", func(x *Xds) { route(x).Retry.RetryOn.HTTPStatusCodes = []uint32{503, 600} }, r0 + ".retry.retryOn.httpStatusCodes[1]"},
		{"session persistence both", func(x *Xds) {
			route(x).SessionPersistence = &SessionPersistence{Cookie: &CookieBasedSessionPersistence{Name: "c"}, Header: &HeaderBasedSessionPersistence{Name: "h"}}
		}, r0 + ".sessionPersistence"},
		{"session cookie name", func(x *Xds) {
			route(x).SessionPersistence = &SessionPersistence{Cookie: &CookieBasedSessionPersistence{}}
		}, r0 + ".sessionPersistence.cookie.name"},
		{"connect on a non-CONNECT upgrade", func(x *Xds) {
			route(x).Traffic = &TrafficFeatures{HTTPUpgrade: []HTTPUpgradeConfig{{Type: "websocket", Connect: &ConnectConfig{}}}}
		}, r0 + ".traffic.httpUpgrade[0].connect"},

		// String matches.
		{"match two kinds", func(x *Xds) { route(x).PathMatch.Exact = ptrTo("/a") }, r0 + ".pathMatch"},
		{"match no kind", func(x *Xds) { route(x).PathMatch = &StringMatch{} }, r0 + ".pathMatch"},
		{"header match name", func(x *Xds) { route(x).HeaderMatches[0].Name = "" }, r0 + ".headerMatches[0].name"},
		{"query match name", func(x *Xds) { route(x).QueryParamMatches = []*StringMatch{{Exact: ptrTo("v")}} }, r0 + ".queryParamMatches[0].name"},
		{"cookie match null", func(x *Xds) { route(x).CookieMatches = []*StringMatch{nil} }, r0 + ".cookieMatches[0]"},
		{"regex does not compile", func(x *Xds) { route(x).HeaderMatches[0].SafeRegex = ptrTo("a(") }, r0 + ".headerMatches[0].safeRegex"},
		{"distinct header alone", func(x *Xds) { route(x).HeaderMatches[0] = &StringMatch{Name: "x-user", Distinct: true} }, ""},
		{"distinct with a value", func(x *Xds) { route(x).HeaderMatches[0].Distinct = true }, r0 + ".headerMatches[0]"},
		{"distinct on a path", func(x *Xds) { route(x).PathMatch = &StringMatch{Distinct: true} }, r0 + ".pathMatch.distinct"},
		{"cors origin", func(x *Xds) { route(x).CORS = &CORS{AllowOrigins: []*StringMatch{{}}} }, r0 + ".cors.allowOrigins[0]"},

		// Destinations.
		{"destination name", func(x *Xds) { route(x).Destination.Name = "" }, r0 + ".destination.name"},
		{"destination without settings", func(x *Xds) { route(x).Destination.Settings = nil }, ""},
		{"setting null", func(x *Xds) { route(x).Destination.Settings[0] = nil }, s0},
		{"weight zero", func(x *Xds) { setting(x).Weight = ptrTo[uint32](0) }, s0 + ".weight"},
		{"weight unset", func(x *Xds) { setting(x).Weight = nil }, ""},
		{"weights overflow", func(x *Xds) {
			s := *setting(x)
			s.Weight = ptrTo[uint32](1 << 31)
			setting(x).Weight = ptrTo[uint32](1 << 31)
			route(x).Destination.Settings = append(route(x).Destination.Settings, &s)
		}, r0 + ".destination.settings"},
		{"endpoint port", func(x *Xds) { setting(x).Endpoints[0].Port = 0 }, s0 + ".endpoints[0].port"},
		{"endpoint host", func(x *Xds) { setting(x).Endpoints[0].Host = "" }, s0 + ".endpoints[0].host"},
		{"endpoint host malformed", func(x *Xds) {
			setting(x).AddressType = nil
			setting(x).Endpoints[0].Host = "a b"
		}, s0 + ".endpoints[0].host"},
		{"endpoint null", func(x *Xds) { setting(x).Endpoints = append(setting(x).Endpoints, nil) }, s0 + ".endpoints[1]"},
		{"IP setting with a hostname", func(x *Xds) { setting(x).Endpoints[0].Host = "svc.example.com" }, s0 + ".endpoints[0].host"},
		{"FQDN setting with an IP", func(x *Xds) { x.TCP[0].Routes[0].Destination.Settings[0].Endpoints[0].Host = "10.1.1.1" }, "tcp[0].routes[0].destination.settings[0].endpoints[0].host"},
		{"Mixed setting with both", func(x *Xds) {
			s := x.UDP[0].Route.Destination.Settings[0]
			s.Endpoints = append(s.Endpoints, &DestinationEndpoint{Host: "dns.example.com", Port: 53})
		}, ""},
		{"address type unknown", func(x *Xds) { setting(x).AddressType = ptrTo(DestinationAddressType("IPv4")) }, s0 + ".addressType"},
		{"no address type", func(x *Xds) { setting(x).AddressType = nil }, ""},
		{"unix socket", func(x *Xds) {
			setting(x).AddressType = nil
			setting(x).Endpoints = []*DestinationEndpoint{{Path: ptrTo("/var/run/app.sock")}}
		}, ""},
		{"unix socket with port", func(x *Xds) {
			setting(x).AddressType = nil
			setting(x).Endpoints = []*DestinationEndpoint{{Path: ptrTo("/var/run/app.sock"), Port: 80}}
		}, s0 + ".endpoints[0]"},
		{"unix socket in an IP setting", func(x *Xds) {
			setting(x).Endpoints = []*DestinationEndpoint{{Path: ptrTo("/var/run/app.sock")}}
		}, s0 + ".endpoints[0]"},
		{"backend filter header", func(x *Xds) {
			setting(x).Filters = &DestinationFilters{AddResponseHeaders: []AddHeader{{}}}
		}, s0 + ".filters.addResponseHeaders[0].name"},
		{"tcp route name", func(x *Xds) { x.TCP[0].Routes[0].Name = "" }, "tcp[0].routes[0].name"},
		{"udp route destination", func(x *Xds) { x.UDP[0].Route.Destination.Settings[0].Endpoints[0].Port = 0 }, "udp[0].route.destination.settings[0].endpoints[0].port"},
		{"proxy service cluster", func(x *Xds) {
			x.GlobalResources = &GlobalResources{ProxyServiceCluster: &RouteDestination{}}
		}, "globalResources.proxyServiceCluster.name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := validXds()
			c.mutate(x)
			err := x.Validate()
			if c.path == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			errs := unjoin(err)
			if len(errs) != 1 {
				t.Fatalf("want one error at %s, got %d: %v", c.path, len(errs), err)
			}
			var ve *ValidationError
			if !errors.As(errs[0], &ve) {
				t.Fatalf("error %v is not a *ValidationError", errs[0])
			}
			if ve.Path != c.path {
				t.Fatalf("path = %q, want %q (%v)", ve.Path, c.path, ve)
			}
			if ve.Message == "" || ve.Error() != ve.Path+": "+ve.Message {
				t.Fatalf("bad error text %q", ve.Error())
			}
		})
	}
}

// TestValidateReportsAll checks errors are joined, not stopped at the first,
// and come in IR order.
func TestValidateReportsAll(t *testing.T) {
	x := validXds()
	x.HTTP[0].Port = 0
	x.UDP[0].Port = 0
	x.HTTP[0].Routes[0].Destination.Settings[0].Endpoints[0].Port = 0
	var paths []string
	for _, e := range unjoin(x.Validate()) {
		var ve *ValidationError
		if errors.As(e, &ve) {
			paths = append(paths, ve.Path)
		}
	}
	want := []string{"http[0].port", "http[0].routes[0].destination.settings[0].endpoints[0].port", "udp[0].port"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Fatalf("paths = %v, want %v", paths, want)
	}
}

// TestValidateNoSecrets checks a message never quotes key material.
func TestValidateNoSecrets(t *testing.T) {
	x := validXds()
	x.HTTP[0].TLS.Certificates[0].Name = ""
	x.HTTP[0].TLS.Certificates[0].PrivateKey = []byte("SECRET-KEY")
	x.HTTP[0].TLS.Certificates[0].Certificate = nil
	err := x.Validate()
	if err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("got %v", err)
	}
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
