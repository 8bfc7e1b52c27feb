package xds

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	dmconfigv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/dynamic_modules/v3"
	dmfilterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/dynamic_modules/v3"
	extprocv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/ext_proc/v3"
	luav3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/lua/v3"
	wasmfilterv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/wasm/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	wasmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/wasm/v3"
	typev3 "github.com/envoyproxy/go-control-plane/envoy/type/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Extensions (ir.EnvoyExtensionFeatures, from EnvoyExtensionPolicies) are
// HTTP filters of four rows of the filter table: Lua, ext_proc, Wasm and
// dynamic modules. Every entry name a route of a connection manager uses
// becomes one filter there, named <type>/<entry name>, disabled, and
// configured from the first route (in IR order) that uses the name. Each
// route that lists an entry turns its filter on (a Lua entry with a filter
// context sets it per route). Within a row the filters are ordered by the
// index that ends the entry name (…/wasm/<index>), then by name, as Envoy
// Gateway orders them; so the filters of one policy run in the order the
// policy lists them.
//
// An ext_proc entry's destination becomes a cluster like a route's; a
// remote dynamic module gets a cluster derived from its URL. Wasm modules
// are fetched by Envoy from the serving URL through the cluster
// WasmClusterName, which the proxy's bootstrap configuration must define
// (Envoy Gateway's bootstrap points it at the control plane's Wasm HTTP
// server).

// WasmClusterName is the cluster through which Envoy fetches Wasm modules
// from their serving URL; it is not emitted here and must be defined by
// the proxy's bootstrap.
const WasmClusterName = "wasm_cluster"

// Remote code fetches: the request timeout, and for Wasm modules a retry
// policy more generous than Envoy's default single retry, as Envoy Gateway
// configures them.
const (
	extServiceTimeout     = 10 * time.Second
	wasmFetchRetries      = 10
	wasmFetchBaseInterval = time.Second
	wasmFetchMaxInterval  = 30 * time.Second
	wasmRuntime           = "envoy.wasm.runtime.v8"
)

func extensionsOf(r *ir.HTTPRoute) *ir.EnvoyExtensionFeatures {
	if r == nil {
		return nil
	}
	return r.EnvoyExtensions
}

// extensionFilter is a filter built from one extension entry, with the
// index its name ends with.
type extensionFilter struct {
	index  int
	filter *hcmv3.HttpFilter
}

// entryIndex is the number that ends an entry name (after its last "/"),
// or 0 when it does not end with one.
func entryIndex(name string) int {
	i, err := strconv.Atoi(name[strings.LastIndex(name, "/")+1:])
	if err != nil {
		return 0
	}
	return i
}

// extensionFilters collects, over the routes of ls, one disabled filter
// per entry name that entries(route) yields, built by build from the first
// entry with that name, sorted by entry index and then filter name. entries
// returns each entry's name and IR path suffix; build gets the entry's
// position in the route's list.
func extensionFilters(ls []*ir.HTTPListener, typ, field string, count func(*ir.EnvoyExtensionFeatures) int,
	name func(*ir.EnvoyExtensionFeatures, int) string,
	build func(e *ir.EnvoyExtensionFeatures, i int, path string) (proto.Message, error),
) ([]*hcmv3.HttpFilter, error) {
	var fs []extensionFilter
	seen := map[string]bool{}
	for _, l := range ls {
		if l == nil {
			continue
		}
		for j, r := range l.Routes {
			e := extensionsOf(r)
			if e == nil {
				continue
			}
			for i := range count(e) {
				path := fmt.Sprintf("%s.envoyExtensions.%s[%d]", irRoutePath(l, j), field, i)
				n := name(e, i)
				if n == "" {
					return nil, fmt.Errorf("%s.name: must not be empty", path)
				}
				fname := typ + "/" + n
				if seen[fname] {
					continue
				}
				seen[fname] = true
				cfg, err := build(e, i, path)
				if err != nil {
					return nil, err
				}
				if v, ok := cfg.(interface{ ValidateAll() error }); ok {
					if err := v.ValidateAll(); err != nil {
						return nil, fmt.Errorf("%s: %w", path, err)
					}
				}
				a, err := packAny(cfg)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", path, err)
				}
				fs = append(fs, extensionFilter{index: entryIndex(n), filter: &hcmv3.HttpFilter{
					Name:       fname,
					Disabled:   true,
					ConfigType: &hcmv3.HttpFilter_TypedConfig{TypedConfig: a},
				}})
			}
		}
	}
	slices.SortFunc(fs, func(a, b extensionFilter) int {
		return cmp.Or(cmp.Compare(a.index, b.index), strings.Compare(a.filter.Name, b.filter.Name))
	})
	out := make([]*hcmv3.HttpFilter, len(fs))
	for i, f := range fs {
		out[i] = f.filter
	}
	return out, nil
}

// enableEntries turns on, for a route, the filter of each entry name.
func enableEntries(typ string, names []string) map[string]*anypb.Any {
	if len(names) == 0 {
		return nil
	}
	out := make(map[string]*anypb.Any, len(names))
	for _, n := range names {
		out[typ+"/"+n] = enabledPerRoute()
	}
	return out
}

// compactJSON is raw without insignificant white space; raw as it is when
// it is not valid JSON.
func compactJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}

// --- Lua ---

func luaFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	return extensionFilters(ls, HTTPFilterLua, "luas",
		func(e *ir.EnvoyExtensionFeatures) int { return len(e.Luas) },
		func(e *ir.EnvoyExtensionFeatures, i int) string { return e.Luas[i].Name },
		func(e *ir.EnvoyExtensionFeatures, i int, path string) (proto.Message, error) {
			l := &e.Luas[i]
			if l.Code == "" {
				return nil, fmt.Errorf("%s.Code: must not be empty", path)
			}
			return &luav3.Lua{DefaultSourceCode: &corev3.DataSource{
				Specifier: &corev3.DataSource_InlineString{InlineString: l.Code},
			}}, nil
		})
}

// luaPerRoute enables r's Lua filters; one with a filter context gets it
// as its per-route configuration.
func luaPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	e := extensionsOf(r)
	if e == nil || len(e.Luas) == 0 {
		return nil, nil
	}
	out := map[string]*anypb.Any{}
	for i := range e.Luas {
		l := &e.Luas[i]
		name := HTTPFilterLua + "/" + l.Name
		if !ir.JSONSet(l.FilterContext) {
			out[name] = enabledPerRoute()
			continue
		}
		ctx := &structpb.Struct{}
		if err := protojson.Unmarshal(l.FilterContext, ctx); err != nil {
			return nil, fmt.Errorf("%s.envoyExtensions.luas[%d].FilterContext: must be a JSON object: %w", path, i, err)
		}
		a, err := packAny(&luav3.LuaPerRoute{FilterContext: ctx})
		if err != nil {
			return nil, fmt.Errorf("%s.envoyExtensions.luas[%d]: %w", path, i, err)
		}
		out[name] = a
	}
	return out, nil
}

// --- ext_proc ---

func extProcFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	return extensionFilters(ls, HTTPFilterExtProc, "extProcs",
		func(e *ir.EnvoyExtensionFeatures) int { return len(e.ExtProcs) },
		func(e *ir.EnvoyExtensionFeatures, i int) string { return e.ExtProcs[i].Name },
		func(e *ir.EnvoyExtensionFeatures, i int, path string) (proto.Message, error) {
			return extProcConfig(&e.ExtProcs[i], path)
		})
}

// extProcBodyModes maps the IR body modes to Envoy's.
var extProcBodyModes = map[ir.ExtProcBodyMode]extprocv3.ProcessingMode_BodySendMode{
	ir.ExtProcBodyStreamed:           extprocv3.ProcessingMode_STREAMED,
	ir.ExtProcBodyBuffered:           extprocv3.ProcessingMode_BUFFERED,
	ir.ExtProcBodyBufferedPartial:    extprocv3.ProcessingMode_BUFFERED_PARTIAL,
	ir.ExtProcBodyFullDuplexStreamed: extprocv3.ProcessingMode_FULL_DUPLEX_STREAMED,
}

// extProcConfig is the ext_proc filter configuration of ep; path is ep's
// IR path.
func extProcConfig(ep *ir.ExtProc, path string) (*extprocv3.ExternalProcessor, error) {
	if ep.Destination.Name == "" {
		return nil, fmt.Errorf("%s.destination.name: must not be empty", path)
	}
	if err := checkAuthority(ep.Authority, false); err != nil {
		return nil, fmt.Errorf("%s.authority: %w", path, err)
	}
	mode := &extprocv3.ProcessingMode{
		RequestHeaderMode:   extprocv3.ProcessingMode_SKIP,
		ResponseHeaderMode:  extprocv3.ProcessingMode_SKIP,
		RequestTrailerMode:  extprocv3.ProcessingMode_SKIP,
		ResponseTrailerMode: extprocv3.ProcessingMode_SKIP,
	}
	if ep.RequestHeaderProcessing {
		mode.RequestHeaderMode = extprocv3.ProcessingMode_SEND
	}
	if ep.ResponseHeaderProcessing {
		mode.ResponseHeaderMode = extprocv3.ProcessingMode_SEND
	}
	body := func(m *ir.ExtProcBodyMode, field string) (extprocv3.ProcessingMode_BodySendMode, error) {
		if m == nil {
			return extprocv3.ProcessingMode_NONE, nil
		}
		v, ok := extProcBodyModes[*m]
		if !ok {
			return 0, fmt.Errorf("%s.%s: %q is not one of Streamed, Buffered, BufferedPartial, FullDuplexStreamed", path, field, *m)
		}
		return v, nil
	}
	var err error
	if mode.RequestBodyMode, err = body(ep.RequestBodyProcessingMode, "requestBodyProcessingMode"); err != nil {
		return nil, err
	}
	if mode.RequestBodyMode == extprocv3.ProcessingMode_FULL_DUPLEX_STREAMED {
		mode.RequestTrailerMode = extprocv3.ProcessingMode_SEND
	}
	if mode.ResponseBodyMode, err = body(ep.ResponseBodyProcessingMode, "responseBodyProcessingMode"); err != nil {
		return nil, err
	}
	if mode.ResponseBodyMode == extprocv3.ProcessingMode_FULL_DUPLEX_STREAMED {
		mode.ResponseTrailerMode = extprocv3.ProcessingMode_SEND
	}
	cfg := &extprocv3.ExternalProcessor{
		GrpcService: &corev3.GrpcService{
			TargetSpecifier: &corev3.GrpcService_EnvoyGrpc_{EnvoyGrpc: &corev3.GrpcService_EnvoyGrpc{
				ClusterName: ep.Destination.Name,
				Authority:   ep.Authority,
			}},
			Timeout: durationpb.New(extServiceTimeout),
		},
		ProcessingMode:     mode,
		ObservabilityMode:  ep.ShadowMode != nil && *ep.ShadowMode,
		FailureModeAllow:   ep.FailOpen != nil && *ep.FailOpen,
		RequestAttributes:  slices.Clone(ep.RequestAttributes),
		ResponseAttributes: slices.Clone(ep.ResponseAttributes),
		AllowModeOverride:  ep.AllowModeOverride,
	}
	if t := ep.MessageTimeout; t != nil {
		if t.Std() < 0 {
			return nil, fmt.Errorf("%s.messageTimeout: must not be negative, not %s", path, t)
		}
		cfg.MessageTimeout = durationpb.New(t.Std())
	}
	if ep.ForwardingMetadataNamespaces != nil || ep.ReceivingMetadataNamespaces != nil {
		cfg.MetadataOptions = &extprocv3.MetadataOptions{}
		if ep.ForwardingMetadataNamespaces != nil {
			cfg.MetadataOptions.ForwardingNamespaces = &extprocv3.MetadataOptions_MetadataNamespaces{Untyped: slices.Clone(ep.ForwardingMetadataNamespaces)}
		}
		if ep.ReceivingMetadataNamespaces != nil {
			cfg.MetadataOptions.ReceivingNamespaces = &extprocv3.MetadataOptions_MetadataNamespaces{Untyped: slices.Clone(ep.ReceivingMetadataNamespaces)}
		}
	}
	if s := ep.StatusOnError; s != nil {
		if _, ok := typev3.StatusCode_name[*s]; !ok || *s == int32(typev3.StatusCode_Empty) {
			return nil, fmt.Errorf("%s.statusOnError: %d is not an HTTP status code Envoy knows", path, *s)
		}
		cfg.StatusOnError = &typev3.HttpStatus{Code: typev3.StatusCode(*s)}
	}
	return cfg, nil
}

func extProcPerRoute(r *ir.HTTPRoute, _ string) (map[string]*anypb.Any, error) {
	e := extensionsOf(r)
	if e == nil {
		return nil, nil
	}
	names := make([]string, len(e.ExtProcs))
	for i := range e.ExtProcs {
		names[i] = e.ExtProcs[i].Name
	}
	return enableEntries(HTTPFilterExtProc, names), nil
}

// extProcClusters returns the clusters of r's external processors.
func extProcClusters(r *ir.HTTPRoute, path string) ([]clusterSpec, error) {
	e := extensionsOf(r)
	if e == nil {
		return nil, nil
	}
	var out []clusterSpec
	for i := range e.ExtProcs {
		ep := &e.ExtProcs[i]
		out = append(out, clusterSpec{
			dest:    &ep.Destination,
			path:    fmt.Sprintf("%s.envoyExtensions.extProcs[%d].destination", path, i),
			traffic: ep.Traffic,
		})
	}
	return out, nil
}

// --- Wasm ---

func wasmFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	return extensionFilters(ls, HTTPFilterWasm, "wasms",
		func(e *ir.EnvoyExtensionFeatures) int { return len(e.Wasms) },
		func(e *ir.EnvoyExtensionFeatures, i int) string { return e.Wasms[i].Name },
		func(e *ir.EnvoyExtensionFeatures, i int, path string) (proto.Message, error) {
			return wasmConfig(&e.Wasms[i], path)
		})
}

// wasmConfig is the Wasm filter configuration of w; path is w's IR path.
func wasmConfig(w *ir.Wasm, path string) (*wasmfilterv3.Wasm, error) {
	c := w.Code
	switch {
	case c == nil:
		return nil, fmt.Errorf("%s.httpWasmCode: must be set", path)
	case c.ServingURL == "":
		return nil, fmt.Errorf("%s.httpWasmCode.servingURL: must not be empty", path)
	case c.SHA256 == "":
		return nil, fmt.Errorf("%s.httpWasmCode.sha256: must not be empty", path)
	}
	conf := ""
	if ir.JSONSet(w.Config) {
		conf = compactJSON(w.Config)
	}
	vm := &wasmv3.VmConfig{
		VmId:    w.Name,
		Runtime: wasmRuntime,
		Code: &corev3.AsyncDataSource{Specifier: &corev3.AsyncDataSource_Remote{Remote: &corev3.RemoteDataSource{
			HttpUri: &corev3.HttpUri{
				Uri:              c.ServingURL,
				HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: WasmClusterName},
				Timeout:          durationpb.New(extServiceTimeout),
			},
			Sha256: c.SHA256,
			RetryPolicy: &corev3.RetryPolicy{
				NumRetries: wrapperspb.UInt32(wasmFetchRetries),
				RetryBackOff: &corev3.BackoffStrategy{
					BaseInterval: durationpb.New(wasmFetchBaseInterval),
					MaxInterval:  durationpb.New(wasmFetchMaxInterval),
				},
			},
		}}},
	}
	if w.HostKeys != nil {
		vm.EnvironmentVariables = &wasmv3.EnvironmentVariables{HostEnvKeys: slices.Clone(w.HostKeys)}
	}
	cfg := &wasmfilterv3.Wasm{Config: &wasmv3.PluginConfig{
		Name:          w.WasmName,
		Vm:            &wasmv3.PluginConfig_VmConfig{VmConfig: vm},
		Configuration: mustAny(wrapperspb.String(conf)),
		FailOpen:      w.FailOpen,
	}}
	if w.RootID != nil {
		cfg.Config.RootId = *w.RootID
	}
	return cfg, nil
}

func wasmPerRoute(r *ir.HTTPRoute, _ string) (map[string]*anypb.Any, error) {
	e := extensionsOf(r)
	if e == nil {
		return nil, nil
	}
	names := make([]string, len(e.Wasms))
	for i := range e.Wasms {
		names[i] = e.Wasms[i].Name
	}
	return enableEntries(HTTPFilterWasm, names), nil
}

// --- dynamic modules ---

// dynamicModuleFilters adds the dynamic module filters, and the cluster
// of each remote module's URL.
func dynamicModuleFilters(b *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	return extensionFilters(ls, HTTPFilterDynamicModules, "dynamicModules",
		func(e *ir.EnvoyExtensionFeatures) int { return len(e.DynamicModules) },
		func(e *ir.EnvoyExtensionFeatures, i int) string { return e.DynamicModules[i].Name },
		func(e *ir.EnvoyExtensionFeatures, i int, path string) (proto.Message, error) {
			dm := &e.DynamicModules[i]
			cfg := &dmfilterv3.DynamicModuleFilter{
				DynamicModuleConfig: &dmconfigv3.DynamicModuleConfig{
					DoNotClose:   dm.DoNotClose,
					LoadGlobally: dm.LoadGlobally,
				},
				FilterName:     dm.FilterName,
				TerminalFilter: dm.TerminalFilter,
			}
			switch {
			case dm.Remote != nil && dm.Path != "":
				return nil, fmt.Errorf("%s.remote: must not be set together with path", path)
			case dm.Remote != nil:
				u, err := parseURICluster(dm.Remote.URL)
				if err != nil {
					return nil, fmt.Errorf("%s.remote.url: %w", path, err)
				}
				if err := b.addURICluster(dm.Remote.URL, nil, path+".remote.url"); err != nil {
					return nil, err
				}
				cfg.DynamicModuleConfig.Module = &corev3.AsyncDataSource{Specifier: &corev3.AsyncDataSource_Remote{Remote: &corev3.RemoteDataSource{
					HttpUri: &corev3.HttpUri{
						Uri:              dm.Remote.URL,
						HttpUpstreamType: &corev3.HttpUri_Cluster{Cluster: u.name},
						Timeout:          durationpb.New(extServiceTimeout),
					},
					Sha256: dm.Remote.SHA256,
				}}}
			case dm.Path != "":
				cfg.DynamicModuleConfig.Module = &corev3.AsyncDataSource{Specifier: &corev3.AsyncDataSource_Local{Local: &corev3.DataSource{
					Specifier: &corev3.DataSource_Filename{Filename: dm.Path},
				}}}
			default:
				return nil, fmt.Errorf("%s.path: one of path and remote must be set", path)
			}
			if ir.JSONSet(dm.Config) {
				cfg.FilterConfig = mustAny(wrapperspb.String(compactJSON(dm.Config)))
			}
			return cfg, nil
		})
}

func dynamicModulePerRoute(r *ir.HTTPRoute, _ string) (map[string]*anypb.Any, error) {
	e := extensionsOf(r)
	if e == nil {
		return nil, nil
	}
	names := make([]string, len(e.DynamicModules))
	for i := range e.DynamicModules {
		names[i] = e.DynamicModules[i].Name
	}
	return enableEntries(HTTPFilterDynamicModules, names), nil
}

// Where the control plane serves Wasm modules: its Service in the
// controller namespace, on Envoy Gateway's Wasm HTTP server port.
const (
	wasmServiceHost = "envoy-gateway"
	wasmServicePort = 18002
	// controlPlaneCAPath is the CA bundle that signs the control plane's
	// certificates, mounted in the proxy.
	controlPlaneCAPath = "/certs/ca.crt"
)

// addEnvoyClientResources emits, when x has an Envoy client certificate,
// its secret and, when a route uses Wasm, the cluster WasmClusterName that
// reaches the control plane's Wasm server over TLS with that certificate.
func (b *builder) addEnvoyClientResources(x *ir.Xds) error {
	g := x.GlobalResources
	if g == nil || g.EnvoyClientCertificate == nil {
		return nil
	}
	cert := g.EnvoyClientCertificate
	if err := b.addCertificateSecret("globalResources.envoyClientCertificate", cert, false); err != nil {
		return err
	}
	if !anyRoute(x.HTTP, func(r *ir.HTTPRoute) bool { e := extensionsOf(r); return e != nil && len(e.Wasms) > 0 }) {
		return nil
	}
	if _, ok := b.clusters[WasmClusterName]; ok {
		return nil
	}
	fqdn := ir.FQDN
	dest := &ir.RouteDestination{
		Name: WasmClusterName,
		Settings: []*ir.DestinationSetting{{
			Name:        WasmClusterName + uriBackendSuffix,
			Weight:      newPtr(uint32(1)),
			Protocol:    ir.GRPC,
			AddressType: &fqdn,
			Endpoints:   []*ir.DestinationEndpoint{{Host: wasmServiceHost + "." + b.o.controllerNamespace + ".svc.cluster.local", Port: wasmServicePort}},
		}},
	}
	c, err := b.buildCluster(clusterSpec{dest: dest, path: "globalResources.envoyClientCertificate"})
	if err != nil {
		return err
	}
	c.TransportSocket = &corev3.TransportSocket{
		Name: "envoy.transport_sockets.tls",
		ConfigType: &corev3.TransportSocket_TypedConfig{TypedConfig: mustAny(&tlsv3.UpstreamTlsContext{
			CommonTlsContext: &tlsv3.CommonTlsContext{
				TlsParams:                      &tlsv3.TlsParameters{TlsMaximumProtocolVersion: tlsv3.TlsParameters_TLSv1_3},
				TlsCertificateSdsSecretConfigs: []*tlsv3.SdsSecretConfig{sdsSecret(cert.Name)},
				ValidationContextType: &tlsv3.CommonTlsContext_ValidationContext{ValidationContext: &tlsv3.CertificateValidationContext{
					TrustedCa: &corev3.DataSource{Specifier: &corev3.DataSource_Filename{Filename: controlPlaneCAPath}},
				}},
			},
		})},
	}
	b.clusters[WasmClusterName] = c
	if c.GetEdsClusterConfig() != nil {
		b.endpoints[WasmClusterName] = buildLoadAssignment(dest, false, nil, b.meta)
	}
	return nil
}
