package conformance

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	healthv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/health_check/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"sigs.k8s.io/yaml"
)

const (
	// The IR key of the cases used below.
	irKey = "envoy-gateway/gateway-1"
	// A listener of caseGatewayRoutes whose HTTP connection manager has
	// two HTTP filters (health_check, router).
	readyListener = "envoy-gateway-proxy-ready-0.0.0.0-19003"
)

func findListener(t *testing.T, out *Output, name string) *listenerv3.Listener {
	t.Helper()
	for _, m := range out.XDS[irKey].Listeners {
		if l := m.(*listenerv3.Listener); l.GetName() == name {
			return l
		}
	}
	t.Fatalf("no listener %s", name)
	return nil
}

// editHCM unpacks the HTTP connection manager of a listener's first filter
// chain, lets edit change it, and packs it back.
func editHCM(t *testing.T, l *listenerv3.Listener, edit func(*hcmv3.HttpConnectionManager)) {
	t.Helper()
	f := l.GetFilterChains()[0].GetFilters()[0]
	hcm := &hcmv3.HttpConnectionManager{}
	if err := f.GetTypedConfig().UnmarshalTo(hcm); err != nil {
		t.Fatal(err)
	}
	edit(hcm)
	a, err := anypb.New(hcm)
	if err != nil {
		t.Fatal(err)
	}
	f.ConfigType = &listenerv3.Filter_TypedConfig{TypedConfig: a}
}

// TestXDSMutations feeds the comparator golden xDS with one change each and
// checks the outcome, the detail and the counts.
func TestXDSMutations(t *testing.T) {
	hcmPath := `xds[envoy-gateway/gateway-1].listeners[` + readyListener + `].filterChains[0].filters[0](envoy.filters.network.http_connection_manager).typedConfig`
	tests := []struct {
		name   string
		cas    string
		mutate func(t *testing.T, out *Output)
		xds    Outcome
		detail string
		// matchedDelta and totalDelta are the expected changes of the
		// counts from the golden run.
		matchedDelta, totalDelta int
	}{
		{
			name: "changed cluster connectTimeout",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				c := out.XDS[irKey].Clusters[0].(*clusterv3.Cluster)
				c.ConnectTimeout = durationpb.New(5 * time.Second)
			},
			xds: Fail, matchedDelta: -1,
			detail: `].connectTimeout: want "10s", got "5s"`,
		},
		{
			name: "changed field inside an HTTP filter's typed config",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				editHCM(t, findListener(t, out, readyListener), func(hcm *hcmv3.HttpConnectionManager) {
					hc := &healthv3.HealthCheck{}
					if err := hcm.HttpFilters[0].GetTypedConfig().UnmarshalTo(hc); err != nil {
						t.Fatal(err)
					}
					hc.Headers[0].GetStringMatch().MatchPattern = &matcherv3.StringMatcher_Exact{Exact: "/healthz"}
					a, err := anypb.New(hc)
					if err != nil {
						t.Fatal(err)
					}
					hcm.HttpFilters[0].ConfigType = &hcmv3.HttpFilter_TypedConfig{TypedConfig: a}
				})
			},
			xds: Fail, matchedDelta: -1,
			detail: hcmPath + `.httpFilters[0](envoy.filters.http.health_check).typedConfig.headers[0](:path).stringMatch.exact: want "/ready", got "/healthz"`,
		},
		{
			name: "reordered HTTP filters",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				editHCM(t, findListener(t, out, readyListener), func(hcm *hcmv3.HttpConnectionManager) {
					hcm.HttpFilters[0], hcm.HttpFilters[1] = hcm.HttpFilters[1], hcm.HttpFilters[0]
				})
			},
			xds: Fail, matchedDelta: -1,
			detail: hcmPath + `.httpFilters[0](envoy.filters.http.health_check).name: want "envoy.filters.http.health_check", got "envoy.filters.http.router"`,
		},
		{
			name: "Any with equal content but other bytes passes",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				f := findListener(t, out, readyListener).GetFilterChains()[0].GetFilters()[0]
				a := proto.Clone(f.GetTypedConfig()).(*anypb.Any)
				// An explicitly encoded empty server_name decodes to the
				// same message.
				num := (&hcmv3.HttpConnectionManager{}).ProtoReflect().Descriptor().Fields().ByName("server_name").Number()
				a.Value = protowire.AppendBytes(protowire.AppendTag(a.Value, num, protowire.BytesType), nil)
				f.ConfigType = &listenerv3.Filter_TypedConfig{TypedConfig: a}
			},
			xds: Pass,
		},
		{
			name: "extra resource",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				x := out.XDS[irKey]
				c := proto.Clone(x.Clusters[0]).(*clusterv3.Cluster)
				c.Name = "extra-cluster"
				x.Clusters = append(x.Clusters, c)
			},
			xds: Fail, totalDelta: 1,
			detail: `xds[envoy-gateway/gateway-1].clusters[extra-cluster]: unexpected`,
		},
		{
			name: "missing resource",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				x := out.XDS[irKey]
				x.Listeners = x.Listeners[1:]
			},
			xds: Fail, matchedDelta: -1,
			detail: `xds[envoy-gateway/gateway-1].listeners[` + readyListener + `]: missing`,
		},
		{
			name: "resource order does not matter",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				l := out.XDS[irKey].Clusters
				for i, j := 0, len(l)-1; i < j; i, j = i+1, j-1 {
					l[i], l[j] = l[j], l[i]
				}
			},
			xds: Pass,
		},
		{
			name: "missing IR key",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				delete(out.XDS, irKey)
			},
			xds:    Fail,
			detail: `xds[envoy-gateway/gateway-1]: missing from our output (`,
			// every item of the key is lost; checked below.
			matchedDelta: -1 << 20,
		},
		{
			name: "extra IR key",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				x := out.XDS[irKey]
				out.XDS["other/gateway"] = &XDS{Clusters: x.Clusters[:1]}
			},
			xds: Fail, totalDelta: 1,
			detail: `xds[other/gateway]: unexpected IR key (1 item)`,
		},
		{
			name: "wrong resource type is an error",
			cas:  caseGatewayRoutes,
			mutate: func(t *testing.T, out *Output) {
				x := out.XDS[irKey]
				x.Listeners = append(x.Listeners, x.Clusters[0])
			},
			xds:    Error,
			detail: `xds[envoy-gateway/gateway-1].listeners[3]: *clusterv3.Cluster is not a listeners resource, want *listenerv3.Listener`,
		},
		{
			name: "changed ratelimitConfig value",
			cas:  casePolicies,
			mutate: func(t *testing.T, out *Output) {
				rl := rateLimitKey(t, out)
				set(t, rl.RateLimitConfig, 7, 0, "descriptors", 0, "descriptors", 0, "descriptors", 0, "descriptors", 0, "descriptors", 0, "rate_limit", "requests_per_unit")
			},
			xds: Fail, matchedDelta: -1,
			detail: `.ratelimitConfig[0].descriptors[0].descriptors[0].descriptors[0].descriptors[0].descriptors[0].rate_limit.requests_per_unit: want 4294967295, got 7`,
		},
		{
			name: "missing ratelimitConfig",
			cas:  casePolicies,
			mutate: func(t *testing.T, out *Output) {
				rateLimitKey(t, out).RateLimitConfig = nil
			},
			xds: Fail, matchedDelta: -1,
			detail: `.ratelimitConfig: want [`,
		},
		{
			name: "changed envoyPatchPolicyStatuses condition",
			cas:  casePatchPolicies,
			mutate: func(t *testing.T, out *Output) {
				set(t, out.XDS[irKey].EnvoyPatchPolicyStatuses, "Invalid", 0, "status", "ancestors", 0, "conditions", 0, "reason")
			},
			xds: Fail, matchedDelta: -1,
			detail: `xds[envoy-gateway/gateway-1].envoyPatchPolicyStatuses[0].status.ancestors[0].conditions[0].reason: want "`,
		},
		{
			name: "envoyPatchPolicyStatuses ignore lastTransitionTime",
			cas:  casePatchPolicies,
			mutate: func(t *testing.T, out *Output) {
				set(t, out.XDS[irKey].EnvoyPatchPolicyStatuses, "2026-01-02T03:04:05Z", 0, "status", "ancestors", 0, "conditions", 0, "lastTransitionTime")
			},
			xds: Pass,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, cs, out := goldenCase(t, tt.cas)
			golden := runOutput(t, c, cs, out)
			_, _, out = goldenCase(t, tt.cas)
			tt.mutate(t, out)
			res := runOutput(t, c, cs, out)
			t.Logf("detail: %s", res.Detail)
			checkResult(t, res, Pass, Pass, tt.xds, tt.detail)
			if tt.detail == "" && res.Detail != "" {
				t.Errorf("detail %q, want none", res.Detail)
			}
			if tt.xds == Error {
				return
			}
			wantMatched := golden.XDSMatched + tt.matchedDelta
			if tt.matchedDelta == -1<<20 {
				wantMatched = 0
			}
			if res.XDSMatched != wantMatched || res.XDSTotal != golden.XDSTotal+tt.totalDelta {
				t.Errorf("counts %d/%d, want %d/%d", res.XDSMatched, res.XDSTotal, wantMatched, golden.XDSTotal+tt.totalDelta)
			}
		})
	}
}

// rateLimitKey returns the IR key entry that has a ratelimitConfig.
func rateLimitKey(t *testing.T, out *Output) *XDS {
	t.Helper()
	keys := make([]string, 0, len(out.XDS))
	for k := range out.XDS {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if x := out.XDS[k]; x.RateLimitConfig != nil {
			return x
		}
	}
	t.Fatal("no ratelimitConfig")
	return nil
}

// TestUnresolvableType checks that an Any of an unknown type is a clear
// error naming the type, not a panic.
func TestUnresolvableType(t *testing.T) {
	raw := []byte(`{"name":"c","clusterType":{"name":"x","typedConfig":{"@type":"type.googleapis.com/example.v1.Unknown","a":1}}}`)
	_, err := parseResource(Clusters, raw)
	if !errors.Is(err, ErrUnresolvedType) || !strings.Contains(err.Error(), `"type.googleapis.com/example.v1.Unknown"`) {
		t.Fatalf("got %v, want an ErrUnresolvedType naming the type", err)
	}
}

// TestCorpusTypesResolve checks that every '@type' in the corpus (cases and
// xds-ir/out) names a registered message, and that every expected resource
// of every case parses. A failure names the type to add to types.go.
func TestCorpusTypesResolve(t *testing.T) {
	c := corpusOrSkip(t)
	files, err := corpusYAMLFiles(c)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string][]string{}
	for _, f := range files {
		b, err := c.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		j, err := parseYAMLAny(b)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		for _, typ := range anyTypes(j) {
			seen[typ] = append(seen[typ], f)
		}
	}
	for typ, where := range seen {
		if !typeResolves(typ) {
			t.Errorf("@type %s (in %s and %d more files) is not registered: import its go-control-plane package in types.go", typ, where[0], len(where)-1)
		}
	}
	t.Logf("%d distinct @type values in %d files, all registered", len(seen), len(files))
	parsed := 0
	for _, cs := range c.Manifest.Cases {
		b, err := c.ReadFile(cs.XDSFile())
		if err != nil {
			t.Fatal(err)
		}
		x, err := parseExpectedXDS(b)
		if err != nil {
			t.Errorf("%s: %v", cs.Name, err)
			continue
		}
		for _, key := range x.Keys {
			rs, err := x.Entries[key].parseResources()
			if err != nil {
				t.Errorf("%s: xds[%s]: %v", cs.Name, key, err)
			}
			for _, r := range rs {
				parsed += len(r)
			}
		}
	}
	t.Logf("parsed %d expected resources", parsed)
	if parsed == 0 {
		t.Error("no resources parsed")
	}
}

// TestRender checks the rendering of values in differences.
func TestRender(t *testing.T) {
	for _, tt := range []struct {
		in   any
		want string
	}{
		{nil, "<absent>"},
		{"a", `"a"`},
		{2.0, "2"},
		{true, "true"},
		{[]any{"x"}, `["x"]`},
		{strings.Repeat("x", 400), `"` + strings.Repeat("x", maxRendered-1) + "…"},
	} {
		if got := render(tt.in); got != tt.want {
			t.Errorf("render(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// corpusYAMLFiles lists, relative to the corpus, every case's xds.yaml and
// every file under xds-ir/out.
func corpusYAMLFiles(c *Corpus) ([]string, error) {
	var files []string
	for _, cs := range c.Manifest.Cases {
		files = append(files, cs.XDSFile())
	}
	extra, err := filepath.Glob(filepath.Join(c.Dir, "xds-ir", "out", "*.yaml"))
	if err != nil {
		return nil, err
	}
	for _, f := range extra {
		rel, err := filepath.Rel(c.Dir, f)
		if err != nil {
			return nil, err
		}
		files = append(files, rel)
	}
	return files, nil
}

// parseYAMLAny parses a YAML document of any shape into generic form.
func parseYAMLAny(b []byte) (any, error) {
	j, err := yaml.YAMLToJSON(b)
	if err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(j, &v); err != nil {
		return nil, err
	}
	return v, nil
}
