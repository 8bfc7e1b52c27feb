package translator

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// EnvoyExtensionPolicy features: what one policy installs where it applies,
// and the validation that decides whether it is Accepted.
//
// buildEEPFeatures builds the four kinds of extension a policy may list
// (Wasm modules, external processors, Lua scripts and dynamic modules) for
// one place the policy applies (a policyTarget: the Gateway whose fleet runs
// the filters). Each kind is built on its own; the problems of every kind
// are reported together, each kind's prefixed with its name ("Wasm: ",
// "ExtProc: ", "Lua: ", "DynamicModule: ") and joined in the order Envoy
// Gateway reports them: Wasm, Lua, ExtProc, DynamicModule for a policy on a
// route, ExtProc, Wasm, Lua, DynamicModule for one on a Gateway, ListenerSet
// or listener. After conditionMessage the error reads exactly like Envoy
// Gateway's Accepted=False/Invalid message.
//
// A problem does not always take the policy's routes down. Wasm modules and
// external processors may fail open: when every failing one does, the
// others are installed and the routes keep working; otherwise (and always
// for a Lua or dynamic module problem) the routes answer with a direct 500.
// eepFeatures.failRoute carries that decision.
//
// Envoy Gateway builds a route policy's Lua scripts, external processors
// and dynamic modules once per parent Gateway of the route and joins the
// problems of all of them, so a route with two parent Gateways repeats
// them; buildEEPFeatures reports one Gateway's, and the caller joins.
//
// Translation does no I/O: Wasm modules are resolved through the
// WasmResolver given with WithWasmResolver, and the resolver's error is
// reported as it is. Without a resolver, a policy that uses Wasm is not
// accepted (every Wasm source is a download): "Wasm: module <source> cannot
// be fetched: no Wasm resolver is configured (translator.WithWasmResolver)".

// eepFeatures is what one EnvoyExtensionPolicy installs where it applies.
// The slices are in spec order; failed entries are left out.
type eepFeatures struct {
	wasms          []eepWasm
	extProcs       []eepExtProc
	luas           []eepLua
	dynamicModules []eepDynamicModule
	// failRoute is set when the policy's problems are not all fail-open:
	// the routes it applies to must answer with a direct 500 instead of
	// running the extensions above.
	failRoute bool
}

// empty reports whether f installs nothing.
func (f *eepFeatures) empty() bool {
	return f == nil || len(f.wasms)+len(f.extProcs)+len(f.luas)+len(f.dynamicModules) == 0
}

// buildEEPFeatures validates p where it is applied and builds what it
// installs there (see the comment at the top of this file). The error, when
// not nil, is every problem found, ready for conditionMessage; the features
// are returned in any case, holding what could be built, with failRoute
// saying whether the routes must fail instead.
func (t *translation) buildEEPFeatures(p *egv1a1.EnvoyExtensionPolicy, target policyTarget) (*eepFeatures, error) {
	f := &eepFeatures{}
	if p == nil {
		return f, nil
	}
	var ep *egv1a1.EnvoyProxySpec
	if target.gw != nil {
		ep = target.gw.envoyProxy
	}

	var (
		wasmOpen, extProcOpen                     bool
		wasmErr, extProcErr, luaErr, dynModuleErr error
	)
	f.wasms, wasmOpen, wasmErr = t.eepWasms(p)
	f.luas, luaErr = t.eepLuas(p, ep)
	f.extProcs, extProcOpen, extProcErr = t.eepExtProcs(p, target.gw)
	f.dynamicModules, dynModuleErr = eepDynamicModules(p, ep)

	f.failRoute = luaErr != nil || dynModuleErr != nil ||
		(wasmErr != nil && !wasmOpen) || (extProcErr != nil && !extProcOpen)

	wasmErr = eepPrefix("Wasm", wasmErr)
	extProcErr = eepPrefix("ExtProc", extProcErr)
	luaErr = eepPrefix("Lua", luaErr)
	dynModuleErr = eepPrefix("DynamicModule", dynModuleErr)
	if target.routeKind != "" {
		return f, errors.Join(wasmErr, luaErr, extProcErr, dynModuleErr)
	}
	return f, errors.Join(extProcErr, wasmErr, luaErr, dynModuleErr)
}

// eepPrefix prefixes err with the name of the extension kind it is about,
// as Envoy Gateway does ("Wasm: ..."); nil stays nil.
func eepPrefix(kind string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", kind, err)
}

// eepConfigName names an extension of a policy in the IR and in Envoy's
// configuration: envoyextensionpolicy/<namespace>/<name>/<kind>/<index>.
func eepConfigName(p *egv1a1.EnvoyExtensionPolicy, kind string, index int) string {
	return "envoyextensionpolicy/" + p.Namespace + "/" + p.Name + "/" + kind + "/" + strconv.Itoa(index)
}

// eepDynamicModule is one dynamic module filter, resolved against the
// EnvoyProxy's registry.
type eepDynamicModule struct {
	// name is envoyextensionpolicy/<ns>/<name>/dynamic-module/<i>.
	name string
	// filterName picks the filter inside the module ("" by default).
	filterName string
	// config is the filter's JSON configuration, nil when not set.
	config []byte
	// doNotClose and loadGlobally come from the registry entry.
	doNotClose, loadGlobally bool
	// terminalFilter says the module answers requests itself.
	terminalFilter bool
	// path is the module's file for a local module; remoteURL and
	// remoteSHA256 locate a remote one. Exactly one of path and remoteURL
	// is set.
	path                    string
	remoteURL, remoteSHA256 string
}

// eepDynamicModules resolves the policy's dynamic modules against the
// EnvoyProxy's dynamicModules registry (ep may be nil: then nothing is
// registered). Every module that cannot be used is reported; the others are
// returned.
func eepDynamicModules(p *egv1a1.EnvoyExtensionPolicy, ep *egv1a1.EnvoyProxySpec) ([]eepDynamicModule, error) {
	if len(p.Spec.DynamicModule) == 0 {
		return nil, nil
	}
	registry := map[string]*egv1a1.DynamicModuleEntry{}
	if ep != nil {
		for i := range ep.DynamicModules {
			e := &ep.DynamicModules[i]
			registry[e.Name] = e
		}
	}
	var (
		out  []eepDynamicModule
		errs []error
	)
	for i := range p.Spec.DynamicModule {
		dm := &p.Spec.DynamicModule[i]
		entry := registry[dm.Name]
		if entry == nil {
			errs = append(errs, fmt.Errorf("dynamic module %q is not registered in the EnvoyProxy dynamicModules allowlist", dm.Name))
			continue
		}
		m := eepDynamicModule{
			name:           eepConfigName(p, "dynamic-module", i),
			filterName:     derefOr(dm.FilterName, ""),
			doNotClose:     entry.DoNotClose != nil && *entry.DoNotClose,
			loadGlobally:   entry.LoadGlobally != nil && *entry.LoadGlobally,
			terminalFilter: dm.TerminalFilter != nil && *dm.TerminalFilter,
		}
		if dm.Config != nil && dm.Config.Raw != nil {
			m.config = append([]byte(nil), dm.Config.Raw...)
		}
		src := entry.Source
		switch typ := derefOr(src.Type, egv1a1.DynamicModuleSourceTypeLocal); typ {
		case egv1a1.DynamicModuleSourceTypeRemote:
			r := src.Remote
			switch {
			case r == nil:
				errs = append(errs, fmt.Errorf("dynamic module %q has no remote source configured", dm.Name))
				continue
			case r.URL == "":
				errs = append(errs, fmt.Errorf("dynamic module %q has no remote source URL configured", dm.Name))
				continue
			case r.Sha256 == "":
				errs = append(errs, fmt.Errorf("dynamic module %q has no remote source SHA256 configured", dm.Name))
				continue
			}
			if err := checkDynamicModuleURL(r.URL); err != nil {
				errs = append(errs, fmt.Errorf("dynamic module %q has invalid remote source URL %q: %w", dm.Name, r.URL, err))
				continue
			}
			m.remoteURL, m.remoteSHA256 = r.URL, r.Sha256
		case egv1a1.DynamicModuleSourceTypeLocal:
			if src.Local == nil {
				errs = append(errs, fmt.Errorf("dynamic module %q has no local source configured", dm.Name))
				continue
			}
			m.path = src.Local.Path
		default:
			errs = append(errs, fmt.Errorf("dynamic module %q has unsupported source type %q", dm.Name, typ))
			continue
		}
		out = append(out, m)
	}
	return out, errors.Join(errs...)
}

// checkDynamicModuleURL checks the URL of a remote dynamic module: an
// absolute http or https URL with a host and, if any, a numeric port.
func checkDynamicModuleURL(raw string) error {
	u, err := url.ParseRequestURI(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("unsupported URL scheme %q", u.Scheme)
	}
	if u.Hostname() == "" {
		return errors.New("URL must include a hostname")
	}
	if port := u.Port(); port != "" {
		if _, err := strconv.Atoi(port); err != nil {
			return fmt.Errorf("invalid URL port %q: %w", port, err)
		}
	}
	return nil
}
