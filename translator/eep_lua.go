package translator

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Lua scripts. Envoy Gateway validates every script in a Lua VM (gopher-lua)
// before accepting it: it checks that the script mentions envoy_on_request or
// envoy_on_response and then, depending on the EnvoyProxy's validation mode,
// runs the script against mocks of Envoy's stream handle API (Strict, the
// default), only compiles it (InsecureSyntax), or does nothing more
// (Disabled). This library takes no Lua interpreter dependency, so only the
// first check is made, in every mode: a script with a syntax error, or one
// that fails when run, is accepted here where Envoy Gateway rejects it (and
// Envoy itself will reject or fail it at run time).

// luaConfigMapKey is the ConfigMap entry a Lua script is read from when a
// policy refers to one (the first entry otherwise).
const luaConfigMapKey = "lua"

// Envoy's entry points into a Lua script.
const (
	luaOnRequest  = "envoy_on_request"
	luaOnResponse = "envoy_on_response"
)

// eepLua is one Lua filter of an EnvoyExtensionPolicy.
type eepLua struct {
	// name is envoyextensionpolicy/<ns>/<name>/lua/<i>.
	name string
	// code is the script.
	code string
	// filterContext is the JSON object handed to the script, nil when not
	// set.
	filterContext []byte
}

// eepLuas builds the policy's Lua filters under the EnvoyProxy ep (which
// may be nil; its validation mode matters only to the Lua VM checks, which
// are not made). The first script that cannot be used stops the build, as
// in Envoy Gateway; nothing is returned then.
func (t *translation) eepLuas(p *egv1a1.EnvoyExtensionPolicy, ep *egv1a1.EnvoyProxySpec) ([]eepLua, error) {
	if len(p.Spec.Lua) == 0 {
		return nil, nil
	}
	if t.cfg.luaDisabled {
		return nil, errors.New("Skipping Lua EnvoyExtensionPolicy as feature is disabled in the Gateway")
	}
	out := make([]eepLua, 0, len(p.Spec.Lua))
	for i := range p.Spec.Lua {
		l := &p.Spec.Lua[i]
		name := eepConfigName(p, "lua", i)
		code, err := t.luaCode(l, p.Namespace)
		if err != nil {
			return nil, err
		}
		if err := checkLuaEntryPoints(code); err != nil {
			return nil, fmt.Errorf("validation failed for lua body in policy with name %s: %w", name, err)
		}
		s := eepLua{name: name, code: code}
		if l.FilterContext != nil && l.FilterContext.Raw != nil {
			s.filterContext = append([]byte(nil), l.FilterContext.Raw...)
		}
		out = append(out, s)
	}
	return out, nil
}

// luaCode returns the script of l: inline, or from the ConfigMap in the
// policy's namespace ns that valueRef names (its "lua" entry, else its
// first entry in key order).
func (t *translation) luaCode(l *egv1a1.Lua, ns string) (string, error) {
	if l.Type != egv1a1.LuaValueTypeValueRef {
		// Inline is the default type.
		if l.Inline == nil {
			return "", errors.New("missing inline Lua script")
		}
		return *l.Inline, nil
	}
	if l.ValueRef == nil {
		return "", errors.New("missing valueRef for a Lua script of type ValueRef")
	}
	name := string(l.ValueRef.Name)
	cm := t.idx.configMaps[nameOf(ns, name)]
	if cm == nil {
		return "", fmt.Errorf("can't find the referenced configmap %s in namespace %s", name, ns)
	}
	if code, ok := cm.Data[luaConfigMapKey]; ok {
		return code, nil
	}
	if len(cm.Data) == 0 {
		return "", fmt.Errorf("can't find the key %s in the referenced configmap %s", luaConfigMapKey, name)
	}
	// Envoy Gateway takes whichever entry its map iteration yields first;
	// the first key in order is the deterministic choice.
	keys := make([]string, 0, len(cm.Data))
	for k := range cm.Data {
		keys = append(keys, k)
	}
	return cm.Data[slices.Min(keys)], nil
}

// checkLuaEntryPoints checks that a script mentions one of Envoy's entry
// points (a plain text search, as Envoy Gateway makes before running the
// script).
func checkLuaEntryPoints(code string) error {
	if !strings.Contains(code, luaOnRequest) && !strings.Contains(code, luaOnResponse) {
		return fmt.Errorf("expected one of %s() or %s() to be defined", luaOnRequest, luaOnResponse)
	}
	return nil
}
