package xds

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	brotliv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/compression/brotli/compressor/v3"
	gzipv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/compression/gzip/compressor/v3"
	zstdv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/compression/zstd/compressor/v3"
	compressorv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/compressor/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/ir"
)

// Response compression has one filter per algorithm, called
// HTTPFilterCompressor.<algorithm> (envoy.filters.http.compressor.gzip),
// disabled in the connection manager and configured from the first route
// that uses the algorithm. A route that compresses enables the filter of
// each of its algorithms and no longer forwards Accept-Encoding, so that
// the backend answers uncompressed and Envoy compresses. Filters are
// sorted by name.

// compressorFilterName is the name of the filter of algorithm t.
func compressorFilterName(t ir.CompressorType) string {
	return HTTPFilterCompressor + "." + strings.ToLower(string(t))
}

// compressorLibrary returns the Envoy compressor library of t.
func compressorLibrary(t ir.CompressorType) (string, proto.Message, error) {
	switch t {
	case ir.CompressorGzip:
		return "envoy.compression.gzip.compressor", &gzipv3.Gzip{}, nil
	case ir.CompressorBrotli:
		return "envoy.compression.brotli.compressor", &brotliv3.Brotli{}, nil
	case ir.CompressorZstd:
		return "envoy.compression.zstd.compressor", &zstdv3.Zstd{}, nil
	}
	return "", nil, fmt.Errorf("unknown compressor type %q", t)
}

// routeCompression returns r's compressors; nil when it has none.
func routeCompression(r *ir.HTTPRoute) []*ir.Compression {
	if r.Traffic == nil {
		return nil
	}
	return r.Traffic.Compression
}

// compressorFilters adds one disabled compressor filter per algorithm a
// route of ls uses.
func compressorFilters(_ *builder, ls []*ir.HTTPListener) ([]*hcmv3.HttpFilter, error) {
	seen := map[string]bool{}
	var out []*hcmv3.HttpFilter
	for _, l := range ls {
		for i, r := range l.Routes {
			if r == nil {
				continue
			}
			for j, c := range routeCompression(r) {
				if c == nil {
					continue
				}
				name := compressorFilterName(c.Type)
				if seen[name] {
					continue
				}
				lib, msg, err := compressorLibrary(c.Type)
				if err != nil {
					return nil, fmt.Errorf("%s.traffic.compression[%d].type: %w", irRoutePath(l, i), j, err)
				}
				seen[name] = true
				cfg := &compressorv3.Compressor{
					CompressorLibrary: &corev3.TypedExtensionConfig{Name: lib, TypedConfig: mustAny(msg)},
					ChooseFirst:       c.ChooseFirst,
				}
				if c.MinContentLength != nil {
					cfg.ResponseDirectionConfig = &compressorv3.Compressor_ResponseDirectionConfig{
						CommonConfig: &compressorv3.Compressor_CommonDirectionConfig{MinContentLength: wrapperspb.UInt32(*c.MinContentLength)},
					}
				}
				f, err := httpFilter(name, cfg)
				if err != nil {
					return nil, err
				}
				f[0].Disabled = true
				out = append(out, f...)
			}
		}
	}
	slices.SortFunc(out, func(a, b *hcmv3.HttpFilter) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// compressorPerRoute enables the compressor filter of each of r's
// algorithms.
func compressorPerRoute(r *ir.HTTPRoute, path string) (map[string]*anypb.Any, error) {
	cs := routeCompression(r)
	if len(cs) == 0 {
		return nil, nil
	}
	out := make(map[string]*anypb.Any, len(cs))
	for j, c := range cs {
		if c == nil {
			continue
		}
		if _, _, err := compressorLibrary(c.Type); err != nil {
			return nil, fmt.Errorf("%s.traffic.compression[%d].type: %w", path, j, err)
		}
		out[compressorFilterName(c.Type)] = mustAny(&compressorv3.CompressorPerRoute{
			Override: &compressorv3.CompressorPerRoute_Overrides{Overrides: &compressorv3.CompressorOverrides{
				ResponseDirectionConfig: &compressorv3.ResponseDirectionOverrides{},
			}},
		})
	}
	return out, nil
}
