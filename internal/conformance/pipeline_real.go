package conformance

import (
	"context"
	"fmt"
	"sort"
	"time"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
	"github.com/gatewaykit/gatewaykit/translator"
	"github.com/gatewaykit/gatewaykit/xds"
)

// fullPipeline is the real pipeline: translator.Load, translator.Translate
// with the manifest's options and the case's flags, then xds.Translate for
// every IR key.
func fullPipeline(m *Manifest) Pipeline {
	// The corpus lists objects in the order Envoy Gateway processed them.
	base := []translator.Option{translator.WithInputOrder(true)}
	if n := m.Translator.GatewayControllerName; n != "" {
		base = append(base, translator.WithControllerName(n))
	}
	if ns := m.Translator.ControllerNamespace; ns != "" {
		base = append(base, translator.WithControllerNamespace(ns))
	}
	if n := m.Translator.GatewayClassName; n != "" {
		base = append(base, translator.WithGatewayClassName(n))
	}
	var xopts []xds.Option
	if ns := m.XDSTranslator.ControllerNamespace; ns != "" {
		xopts = append(xopts, xds.WithControllerNamespace(ns))
	}
	return PipelineFunc(func(_ context.Context, c Case, input []byte) (*Output, error) {
		res, err := translator.Load(input)
		if err != nil {
			return nil, fmt.Errorf("load input: %w", err)
		}
		f := c.Flags
		opts := append(base[:len(base):len(base)],
			translator.WithMergeGateways(f.MergeGateways),
			translator.WithGatewayNamespaceMode(f.GatewayNamespaceMode),
			translator.WithBackendEnabled(f.BackendEnabled),
			translator.WithEnvoyPatchPolicy(f.EnvoyPatchPolicyEnabled),
			translator.WithRunningOnHost(f.RunningOnHost),
			translator.WithPerResourceSystemCASecret(f.PerResourceSystemCASecret),
			translator.WithLuaDisabled(f.LuaDisabled),
			translator.WithWasmResolver(corpusWasm{}),
			translator.WithOIDCDiscovery(corpusOIDC{}),
			translator.WithClock(func() time.Time { return corpusClock }),
		)
		result, err := translator.Translate(res, opts...)
		if err != nil {
			return nil, err
		}
		out := &Output{Statuses: statusesByBundleKey(result.Statuses), XDS: map[string]*XDS{}}
		keys := make([]string, 0, len(result.IR))
		for k := range result.IR {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r, err := xds.Translate(result.IR[k], xopts...)
			if err != nil {
				return out, fmt.Errorf("xds[%s]: %w", k, err)
			}
			out.XDS[k] = FromResources(r)
			if len(r.EnvoyPatchPolicyStatuses) > 0 {
				out.XDS[k].EnvoyPatchPolicyStatuses = r.EnvoyPatchPolicyStatuses
			}
		}
		return out, nil
	})
}

// statusesByBundleKey groups the objects of a translation result by the
// corpus bundle key of their kind. The corpus holds its one GatewayClass
// under the single-object key gatewayClass.
func statusesByBundleKey(r *translator.Resources) map[string][]any {
	out := map[string][]any{}
	if r == nil {
		return out
	}
	r.Each(func(kind string, obj any) {
		key := translator.BundleKey(kind)
		switch kind {
		case "GatewayClass":
			key = "gatewayClass"
		case "EnvoyProxy":
			// The corpus keeps a GatewayClass's EnvoyProxy apart from the
			// Gateways' ones.
			key = "envoyProxiesForGateways"
			if ep, ok := obj.(*egv1a1.EnvoyProxy); ok && len(ep.Status.Ancestors) > 0 &&
				ep.Status.Ancestors[0].AncestorRef.Kind != nil && *ep.Status.Ancestors[0].AncestorRef.Kind == "GatewayClass" {
				key = "envoyProxyForGatewayClass"
			}
		}
		out[key] = append(out[key], obj)
	})
	return out
}
