package translator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/types"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	"github.com/gatewaykit/gatewaykit/ir"
	"github.com/gatewaykit/gatewaykit/policy"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// corpusWasmResolver is the resolver the conformance corpus was made with
// (shared/conformance/README.md, "Wasm"): the serving URL and checksum are
// derived from the download URL, and a given sha256 that differs fails.
// It records the pull secrets it is given.
type corpusWasmResolver struct {
	pullSecrets map[string][]byte
}

func hexSHA256(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func (r *corpusWasmResolver) Resolve(_ context.Context, u, want string, pullSecret []byte) (string, string, error) {
	h := hexSHA256(u)
	sum := hexSHA256("salt" + h)
	if want != "" && want != sum {
		return "", "", fmt.Errorf("module downloaded from %s has checksum %s, which does not match: %s", u, sum, want)
	}
	if r.pullSecrets != nil && pullSecret != nil {
		r.pullSecrets[u] = pullSecret
	}
	return "https://envoy-gateway.envoy-gateway-system.svc.cluster.local:18002/" + h + ".wasm", sum, nil
}

// eepTestTranslation loads docs (Kubernetes YAML documents) and returns a
// translation over them, configured by opts, before any pass has run.
func eepTestTranslation(t *testing.T, docs string, opts ...Option) *translation {
	t.Helper()
	res, err := Load([]byte(docs))
	if err != nil {
		t.Fatal(err)
	}
	cfg := defaults()
	for _, o := range opts {
		o(&cfg)
	}
	return &translation{cfg: cfg, res: res, idx: newIndex(res),
		out: &Result{IR: map[string]*ir.Xds{}, Statuses: &Resources{}}, gateways: map[types.NamespacedName]*gatewayState{}}
}

// eepPolicyDoc is an EnvoyExtensionPolicy default/p with the given spec
// (flow-style YAML, without braces).
func eepPolicyDoc(spec string) string {
	return "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyExtensionPolicy\nmetadata: {name: p, namespace: default}\nspec: {" + spec + "}\n"
}

const (
	// wasm1 is a module whose corpus checksum is wasm1Sum.
	wasm1    = "https://www.example.com/wasm-filter-1.wasm"
	wasm1Sum = "2d89c4c6ab2a1c615c7696ed37ade9e50654ac70384b5d45100eb08e62130ff4"
	// badWasm is a module that wasm1Sum does not match.
	badWasm   = "https://www.example.com/non-existent.wasm"
	badWasmOK = "36ed359d2ddef6346c48c9c63ab424db2df51bb19d532e8744bfbbbd6ef0f45a"
	// mismatch is the corpus message for badWasm checked against wasm1Sum.
	mismatch = "module downloaded from " + badWasm + " has checksum " + badWasmOK + ", which does not match: " + wasm1Sum
)

func pullSecretDoc(ns, name, key string) string {
	return "apiVersion: v1\nkind: Secret\nmetadata: {name: " + name + ", namespace: " + ns + "}\ndata: {" + key + ": e30=}\n"
}

func grantDoc(ns, fromNS, toKind string) string {
	return "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: " + ns + "}\n" +
		"spec: {from: [{group: gateway.envoyproxy.io, kind: EnvoyExtensionPolicy, namespace: " + fromNS + "}], to: [{group: '', kind: " + toKind + "}]}\n"
}

func TestBuildEEPFeaturesMessages(t *testing.T) {
	local := egv1a1.DynamicModuleSourceTypeLocal
	remote := egv1a1.DynamicModuleSourceTypeRemote
	other := egv1a1.DynamicModuleSourceType("Elsewhere")
	proxy := &egv1a1.EnvoyProxySpec{DynamicModules: []egv1a1.DynamicModuleEntry{
		{Name: "local", Source: egv1a1.DynamicModuleSource{Local: &egv1a1.LocalDynamicModuleSource{Path: "/lib/m.so"}}},
		{Name: "local-nil", Source: egv1a1.DynamicModuleSource{Type: &local}},
		{Name: "remote-nil", Source: egv1a1.DynamicModuleSource{Type: &remote}},
		{Name: "remote-no-url", Source: egv1a1.DynamicModuleSource{Type: &remote, Remote: &egv1a1.RemoteDynamicModuleSource{Sha256: "ab"}}},
		{Name: "remote-no-sha", Source: egv1a1.DynamicModuleSource{Type: &remote, Remote: &egv1a1.RemoteDynamicModuleSource{URL: "https://m.example/m.so"}}},
		{Name: "remote-ftp", Source: egv1a1.DynamicModuleSource{Type: &remote, Remote: &egv1a1.RemoteDynamicModuleSource{URL: "ftp://m.example/m.so", Sha256: "ab"}}},
		{Name: "remote-nohost", Source: egv1a1.DynamicModuleSource{Type: &remote, Remote: &egv1a1.RemoteDynamicModuleSource{URL: "https:///m.so", Sha256: "ab"}}},
		{Name: "remote-relative", Source: egv1a1.DynamicModuleSource{Type: &remote, Remote: &egv1a1.RemoteDynamicModuleSource{URL: "m.so", Sha256: "ab"}}},
		{Name: "remote", Source: egv1a1.DynamicModuleSource{Type: &remote, Remote: &egv1a1.RemoteDynamicModuleSource{URL: "https://m.example:8443/m.so", Sha256: "ab"}}},
		{Name: "elsewhere", Source: egv1a1.DynamicModuleSource{Type: &other}},
	}}
	luaCM := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scripts, namespace: default}\ndata: {b: 'function envoy_on_request(h) end', a: 'function nothing() end'}\n---\n" +
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: empty, namespace: default}\n"
	const luaName = "envoyextensionpolicy/default/p/lua/0"
	cases := []struct {
		name      string
		docs      string // objects besides the policy
		spec      string
		proxy     *egv1a1.EnvoyProxySpec
		opts      []Option
		routeKind string
		want      string // after conditionMessage; "" for no error
		failRoute bool
	}{
		{name: "empty policy", spec: ""},

		// Wasm.
		{name: "wasm ok", spec: "wasm: [{code: {type: HTTP, http: {url: '" + wasm1 + "', sha256: " + wasm1Sum + "}}}]"},
		{name: "wasm checksum mismatch", spec: "wasm: [{code: {type: HTTP, http: {url: '" + badWasm + "', sha256: " + wasm1Sum + "}}}]",
			want: "Wasm: " + mismatch + ".", failRoute: true},
		{name: "wasm mismatch fails open", spec: "wasm: [{failOpen: true, code: {type: HTTP, http: {url: '" + badWasm + "', sha256: " + wasm1Sum + "}}}]",
			want: "Wasm: " + mismatch + "."},
		{name: "wasm one of two fails closed", spec: "wasm: [{failOpen: true, code: {type: HTTP, http: {url: '" + badWasm + "', sha256: " + wasm1Sum + "}}}, " +
			"{code: {type: HTTP, http: {url: '" + badWasm + "', sha256: " + wasm1Sum + "}}}]",
			want: "Wasm: " + mismatch + "\n" + mismatch + ".", failRoute: true},
		{name: "wasm without resolver", spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m'}}}]", opts: []Option{WithWasmResolver(nil)},
			want: "Wasm: module oci://reg.example/m:latest cannot be fetched: no Wasm resolver is configured (translator.WithWasmResolver).", failRoute: true},
		{name: "wasm http field missing", spec: "wasm: [{code: {type: HTTP}}]", want: "Wasm: missing HTTP field in Wasm code source.", failRoute: true},
		{name: "wasm image field missing", spec: "wasm: [{code: {type: Image}}]", want: "Wasm: missing Image field in Wasm code source.", failRoute: true},
		{name: "wasm unknown type", spec: "wasm: [{code: {type: FTP}}]", want: `Wasm: unsupported Wasm code source type "FTP".`, failRoute: true},
		{name: "wasm pull secret ok", docs: pullSecretDoc("default", "pull", ".dockerconfigjson"),
			spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m:v1', pullSecretRef: {name: pull}}}}]"},
		{name: "wasm pull secret missing", spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m:v1', pullSecretRef: {name: pull}}}}]",
			want: "Wasm: secret default/pull does not exist.", failRoute: true},
		{name: "wasm pull secret without docker config", docs: pullSecretDoc("default", "pull", "token"),
			spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m:v1', pullSecretRef: {name: pull}}}}]",
			want: "Wasm: missing .dockerconfigjson key in secret default/pull.", failRoute: true},
		{name: "wasm pull secret other namespace not granted", docs: pullSecretDoc("regs", "pull", ".dockerconfigjson"),
			spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m:v1', pullSecretRef: {name: pull, namespace: regs}}}}]",
			want: "Wasm: ref to Secret regs/pull not permitted by any ReferenceGrant.", failRoute: true},
		{name: "wasm pull secret other namespace granted", docs: pullSecretDoc("regs", "pull", ".dockerconfigjson") + "---\n" + grantDoc("regs", "default", "Secret"),
			spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m:v1', pullSecretRef: {name: pull, namespace: regs}}}}]"},
		{name: "wasm pull secret group", spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m:v1', pullSecretRef: {name: pull, group: example.com}}}}]",
			want: "Wasm: secret ref group must be unspecified/empty.", failRoute: true},
		{name: "wasm pull secret kind", spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m:v1', pullSecretRef: {name: pull, kind: Token}}}}]",
			want: "Wasm: secret ref kind must be Secret.", failRoute: true},
		{name: "wasm pull secret configmap kind", docs: pullSecretDoc("default", "pull", ".dockerconfigjson"),
			spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m:v1', pullSecretRef: {name: pull, kind: ConfigMap}}}}]",
			want: "Wasm: secret default/pull does not exist.", failRoute: true},
		{name: "wasm CA secret ok", docs: pullSecretDoc("default", "ca", "ca.crt"),
			spec: "wasm: [{code: {type: HTTP, http: {url: '" + wasm1 + "', tls: {caCertificateRef: {name: ca}}}}}]"},
		{name: "wasm CA secret missing", spec: "wasm: [{code: {type: HTTP, http: {url: '" + wasm1 + "', tls: {caCertificateRef: {name: ca}}}}}]",
			want: "Wasm: secret default/ca does not exist.", failRoute: true},
		{name: "wasm CA secret without ca.crt", docs: pullSecretDoc("default", "ca", "tls.crt"),
			spec: "wasm: [{code: {type: HTTP, http: {url: '" + wasm1 + "', tls: {caCertificateRef: {name: ca}}}}}]",
			want: "Wasm: no ca.crt found in secret default/ca.", failRoute: true},
		{name: "wasm CA configmap missing", spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m', tls: {caCertificateRef: {name: ca, kind: ConfigMap}}}}}]",
			want: "Wasm: configmap default/ca does not exist.", failRoute: true},
		{name: "wasm CA configmap other namespace", spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m', tls: {caCertificateRef: {name: ca, kind: ConfigMap, namespace: certs}}}}}]",
			want: "Wasm: certificate ref to configmap certs/ca not permitted by any ReferenceGrant.", failRoute: true},
		{name: "wasm CA trust bundle missing", spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m', tls: {caCertificateRef: {name: ca, kind: ClusterTrustBundle}}}}}]",
			want: "Wasm: cluster trust bundle ca not found.", failRoute: true},
		{name: "wasm CA unsupported kind", spec: "wasm: [{code: {type: Image, image: {url: 'reg.example/m', tls: {caCertificateRef: {name: ca, kind: Service}}}}}]",
			want: "Wasm: unsupported kind Service for a CA certificate reference: use Secret, ConfigMap or ClusterTrustBundle.", failRoute: true},

		// Lua.
		{name: "lua ok", spec: "lua: [{type: Inline, inline: 'function envoy_on_response(h) end'}]"},
		{name: "lua default type is inline", spec: "lua: [{inline: 'function envoy_on_request(h) end'}]"},
		{name: "lua disabled", spec: "lua: [{type: Inline, inline: 'function envoy_on_response(h) end'}]", opts: []Option{WithLuaDisabled(true)},
			want: "Lua: Skipping Lua EnvoyExtensionPolicy as feature is disabled in the Gateway.", failRoute: true},
		{name: "lua no entry point", spec: "lua: [{type: Inline, inline: 'function f(h) end'}]",
			want: "Lua: validation failed for lua body in policy with name " + luaName + ": expected one of envoy_on_request() or envoy_on_response() to be defined.", failRoute: true},
		{name: "lua no entry point, validation disabled", spec: "lua: [{type: Inline, inline: 'function f(h) end'}]",
			proxy: &egv1a1.EnvoyProxySpec{Lua: &egv1a1.LuaValidationConfig{ValidationType: new(egv1a1.LuaValidationDisabled)}},
			want:  "Lua: validation failed for lua body in policy with name " + luaName + ": expected one of envoy_on_request() or envoy_on_response() to be defined.", failRoute: true},
		{name: "lua second script stops", spec: "lua: [{inline: 'function envoy_on_request(h) end'}, {inline: 'x = 1'}, {inline: 'y = 2'}]",
			want: "Lua: validation failed for lua body in policy with name envoyextensionpolicy/default/p/lua/1: expected one of envoy_on_request() or envoy_on_response() to be defined.", failRoute: true},
		{name: "lua inline missing", spec: "lua: [{type: Inline}]", want: "Lua: missing inline Lua script.", failRoute: true},
		{name: "lua valueRef missing", spec: "lua: [{type: ValueRef}]", want: "Lua: missing valueRef for a Lua script of type ValueRef.", failRoute: true},
		{name: "lua configmap missing", spec: "lua: [{type: ValueRef, valueRef: {group: '', kind: ConfigMap, name: nope}}]",
			want: "Lua: can't find the referenced configmap nope in namespace default.", failRoute: true},
		{name: "lua configmap empty", docs: luaCM, spec: "lua: [{type: ValueRef, valueRef: {group: '', kind: ConfigMap, name: empty}}]",
			want: "Lua: can't find the key lua in the referenced configmap empty.", failRoute: true},
		{name: "lua configmap first key", docs: luaCM, spec: "lua: [{type: ValueRef, valueRef: {group: '', kind: ConfigMap, name: scripts}}]",
			want: "Lua: validation failed for lua body in policy with name " + luaName + ": expected one of envoy_on_request() or envoy_on_response() to be defined.", failRoute: true},

		// Dynamic modules.
		{name: "dynamic module local", spec: "dynamicModule: [{name: local}]", proxy: proxy},
		{name: "dynamic module remote", spec: "dynamicModule: [{name: remote}]", proxy: proxy},
		{name: "dynamic module unregistered", spec: "dynamicModule: [{name: unregistered-module}]", proxy: proxy,
			want: `DynamicModule: dynamic module "unregistered-module" is not registered in the EnvoyProxy dynamicModules allowlist.`, failRoute: true},
		{name: "dynamic module without EnvoyProxy", spec: "dynamicModule: [{name: local}]",
			want: `DynamicModule: dynamic module "local" is not registered in the EnvoyProxy dynamicModules allowlist.`, failRoute: true},
		{name: "dynamic module sources", proxy: proxy,
			spec: "dynamicModule: [{name: local-nil}, {name: remote-nil}, {name: remote-no-url}, {name: remote-no-sha}, {name: remote-ftp}, {name: remote-nohost}, {name: remote-relative}, {name: elsewhere}, {name: local}]",
			want: "DynamicModule: " + strings.Join([]string{
				`dynamic module "local-nil" has no local source configured`,
				`dynamic module "remote-nil" has no remote source configured`,
				`dynamic module "remote-no-url" has no remote source URL configured`,
				`dynamic module "remote-no-sha" has no remote source SHA256 configured`,
				`dynamic module "remote-ftp" has invalid remote source URL "ftp://m.example/m.so": unsupported URL scheme "ftp"`,
				`dynamic module "remote-nohost" has invalid remote source URL "https:///m.so": URL must include a hostname`,
				`dynamic module "remote-relative" has invalid remote source URL "m.so": parse "m.so": invalid URI for request`,
				`dynamic module "elsewhere" has unsupported source type "Elsewhere"`,
			}, "\n") + ".", failRoute: true},

		// Order of the kinds.
		{name: "route order", routeKind: "HTTPRoute", proxy: proxy,
			spec: "dynamicModule: [{name: nope}], lua: [{inline: 'x = 1'}], wasm: [{failOpen: true, code: {type: HTTP, http: {url: '" + badWasm + "', sha256: " + wasm1Sum + "}}}]",
			want: "Wasm: " + mismatch + "\nLua: validation failed for lua body in policy with name " + luaName +
				": expected one of envoy_on_request() or envoy_on_response() to be defined\n" +
				`DynamicModule: dynamic module "nope" is not registered in the EnvoyProxy dynamicModules allowlist.`, failRoute: true},
		{name: "gateway order", proxy: proxy,
			spec: "dynamicModule: [{name: nope}], wasm: [{failOpen: true, code: {type: HTTP, http: {url: '" + badWasm + "', sha256: " + wasm1Sum + "}}}], lua: [{inline: 'x = 1'}]",
			want: "Wasm: " + mismatch + "\nLua: validation failed for lua body in policy with name " + luaName +
				": expected one of envoy_on_request() or envoy_on_response() to be defined\n" +
				`DynamicModule: dynamic module "nope" is not registered in the EnvoyProxy dynamicModules allowlist.`, failRoute: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			docs := eepPolicyDoc(tc.spec)
			if tc.docs != "" {
				docs = tc.docs + "---\n" + docs
			}
			opts := append([]Option{WithWasmResolver(&corpusWasmResolver{})}, tc.opts...)
			tr := eepTestTranslation(t, docs, opts...)
			gw := &gatewayState{obj: &gwapiv1.Gateway{}, envoyProxy: tc.proxy}
			f, err := tr.buildEEPFeatures(tr.res.EnvoyExtensionPolicies[0], policyTarget{gw: gw, routeKind: tc.routeKind})
			got := ""
			if err != nil {
				got = policy.ConditionText(err.Error())
			}
			if got != tc.want {
				t.Errorf("message:\n got %q\nwant %q", got, tc.want)
			}
			if f == nil {
				t.Fatal("nil features")
			}
			if f.failRoute != tc.failRoute {
				t.Errorf("failRoute = %v, want %v", f.failRoute, tc.failRoute)
			}
		})
	}
}

func TestBuildEEPFeaturesContent(t *testing.T) {
	docs := pullSecretDoc("default", "pull", ".dockerconfigjson") + "---\n" +
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scripts, namespace: default}\ndata: {lua: 'function envoy_on_request(h) end'}\n---\n" +
		eepPolicyDoc("wasm: ["+
			"{name: first, rootID: root, failOpen: true, config: {a: 1}, env: {hostKeys: [HOME]}, code: {type: HTTP, http: {url: '"+wasm1+"'}}}, "+
			"{code: {type: Image, image: {url: 'reg.example:5000/m', pullSecretRef: {name: pull}}}}, "+
			"{failOpen: true, code: {type: HTTP, http: {url: '"+badWasm+"', sha256: "+wasm1Sum+"}}}], "+
			"lua: [{type: ValueRef, valueRef: {group: '', kind: ConfigMap, name: scripts}, filterContext: {mode: strict}}], "+
			"dynamicModule: [{name: mod, filterName: f, terminalFilter: true, config: {x: z}}]")
	res := &corpusWasmResolver{pullSecrets: map[string][]byte{}}
	tr := eepTestTranslation(t, docs, WithWasmResolver(res))
	yes := true
	gw := &gatewayState{obj: &gwapiv1.Gateway{}, envoyProxy: &egv1a1.EnvoyProxySpec{DynamicModules: []egv1a1.DynamicModuleEntry{
		{Name: "mod", DoNotClose: &yes, Source: egv1a1.DynamicModuleSource{Local: &egv1a1.LocalDynamicModuleSource{Path: "/m.so"}}},
	}}}
	f, err := tr.buildEEPFeatures(tr.res.EnvoyExtensionPolicies[0], policyTarget{gw: gw})
	if want := "Wasm: " + mismatch + "."; err == nil || policy.ConditionText(err.Error()) != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if f.failRoute {
		t.Error("failRoute with only a fail-open Wasm problem")
	}
	if len(f.wasms) != 2 {
		t.Fatalf("wasms = %+v, want 2", f.wasms)
	}
	w := f.wasms[0]
	h1 := hexSHA256(wasm1)
	if w.name != "envoyextensionpolicy/default/p/wasm/0" || w.wasmName != "first" || derefOr(w.rootID, "") != "root" || !w.failOpen ||
		string(w.config) != `{"a":1}` || !slices.Equal(w.hostKeys, []string{"HOME"}) || w.originalURL != wasm1 ||
		w.servingURL != "https://envoy-gateway.envoy-gateway-system.svc.cluster.local:18002/"+h1+".wasm" || w.sha256 != hexSHA256("salt"+h1) {
		t.Errorf("wasm 0 = %+v", w)
	}
	w = f.wasms[1]
	if w.name != "envoyextensionpolicy/default/p/wasm/1" || w.wasmName != w.name || w.originalURL != "oci://reg.example:5000/m:latest" || w.config != nil {
		t.Errorf("wasm 1 = %+v", w)
	}
	if got := string(res.pullSecrets["oci://reg.example:5000/m:latest"]); got != "{}" {
		t.Errorf("pull secret passed = %q, want {}", got)
	}
	if len(f.luas) != 1 || f.luas[0].name != "envoyextensionpolicy/default/p/lua/0" || f.luas[0].code != "function envoy_on_request(h) end" ||
		string(f.luas[0].filterContext) != `{"mode":"strict"}` {
		t.Errorf("luas = %+v", f.luas)
	}
	want := []eepDynamicModule{{name: "envoyextensionpolicy/default/p/dynamic-module/0", filterName: "f", config: []byte(`{"x":"z"}`),
		doNotClose: true, terminalFilter: true, path: "/m.so"}}
	if len(f.dynamicModules) != 1 || fmt.Sprintf("%+v", f.dynamicModules) != fmt.Sprintf("%+v", want) {
		t.Errorf("dynamic modules = %+v, want %+v", f.dynamicModules, want)
	}
	if f.empty() {
		t.Error("empty() on features with content")
	}
}

// TestBuildEEPFeaturesNoPanic feeds inputs that an API server would have
// defaulted or rejected.
func TestBuildEEPFeaturesNoPanic(t *testing.T) {
	tr := eepTestTranslation(t, "", WithWasmResolver(&corpusWasmResolver{}))
	empty := egv1a1.DynamicModuleSourceType("")
	policies := []*egv1a1.EnvoyExtensionPolicy{
		nil,
		{},
		{Spec: egv1a1.EnvoyExtensionPolicySpec{
			Wasm:          []egv1a1.Wasm{{}, {Code: egv1a1.WasmCodeSource{Type: egv1a1.WasmCodeSourceTypeImage, Image: &egv1a1.ImageWasmCodeSource{TLS: &egv1a1.WasmCodeSourceTLSConfig{}}}}},
			Lua:           []egv1a1.Lua{{}, {Type: egv1a1.LuaValueTypeValueRef}},
			DynamicModule: []egv1a1.DynamicModule{{}, {Name: "m"}},
			ExtProc: []egv1a1.ExtProc{{}, {BackendCluster: egv1a1.BackendCluster{BackendRefs: []egv1a1.BackendRef{{}},
				BackendSettings: &egv1a1.ClusterSettings{}}, ProcessingMode: &egv1a1.ExtProcProcessingMode{}, Metadata: &egv1a1.ExtProcMetadata{}}},
		}},
	}
	targets := []policyTarget{{}, {gw: &gatewayState{obj: &gwapiv1.Gateway{}}}, {gw: &gatewayState{obj: &gwapiv1.Gateway{},
		envoyProxy: &egv1a1.EnvoyProxySpec{DynamicModules: []egv1a1.DynamicModuleEntry{{Name: "m", Source: egv1a1.DynamicModuleSource{Type: &empty}}}}}}}
	for _, p := range policies {
		for _, tg := range targets {
			f, err := tr.buildEEPFeatures(p, tg)
			if f == nil {
				t.Fatalf("nil features for %+v", p)
			}
			if p != nil && len(p.Spec.Wasm) > 0 && err == nil {
				t.Errorf("no error for %+v", p.Spec)
			}
		}
	}
	if f, err := tr.buildEEPFeatures(nil, policyTarget{}); err != nil || !f.empty() {
		t.Errorf("nil policy: %+v, %v", f, err)
	}
	var e error = errors.New("x")
	if got := eepPrefix("Wasm", e).Error(); got != "Wasm: x" {
		t.Errorf("eepPrefix = %q", got)
	}
}

// grpcServiceDocs is Service default/grpc (TCP port 9000) with one ready
// endpoint.
const grpcServiceDocs = `apiVersion: v1
kind: Service
metadata: {name: grpc, namespace: default}
spec: {ports: [{name: grpc, port: 9000, protocol: TCP}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: grpc-1, namespace: default, labels: {kubernetes.io/service-name: grpc}}
addressType: IPv4
ports: [{name: grpc, port: 9000, protocol: TCP}]
endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}}]
`

func TestBuildEEPFeaturesExtProc(t *testing.T) {
	const ref = "backendRefs: [{name: grpc, port: 9000}]"
	cases := []struct {
		name      string
		spec      string
		routeKind string
		want      string
		failRoute bool
	}{
		{name: "ok", spec: "extProc: [{" + ref + "}]"},
		{name: "no backendRefs", spec: "extProc: [{messageTimeout: 1s}]",
			want: "ExtProc: no backendRefs found for external service.", failRoute: true},
		{name: "service not found", spec: "extProc: [{backendRefs: [{name: nope, port: 9000}]}]",
			want: "ExtProc: service default/nope not found.", failRoute: true},
		{name: "service not found fails open", spec: "extProc: [{failOpen: true, backendRefs: [{name: nope, port: 9000}]}]",
			want: "ExtProc: service default/nope not found."},
		{name: "two processors, one fails closed", spec: "extProc: [{failOpen: true, backendRefs: [{name: nope, port: 9000}]}, {backendRefs: [{name: nope2, port: 9000}]}]",
			want: "ExtProc: service default/nope not found\nservice default/nope2 not found.", failRoute: true},
		{name: "message timeout", spec: "extProc: [{" + ref + ", messageTimeout: soon}]",
			want: "ExtProc: invalid ExtProc MessageTimeout value soon.", failRoute: true},
		{name: "backend settings timeout", spec: "extProc: [{" + ref + ", backendSettings: {timeout: {tcp: {connectTimeout: x}}, circuitBreaker: {maxConnections: -1}}}]",
			want: "ExtProc: invalid ConnectTimeout value x.", failRoute: true},
		{name: "backend settings circuit breaker", spec: "extProc: [{" + ref + ", backendSettings: {circuitBreaker: {maxConnections: -1}, loadBalancer: {type: ConsistentHash, consistentHash: {type: SourceIP, tableSize: 4}}}}]",
			want: "ExtProc: invalid MaxConnections value -1.", failRoute: true},
		{name: "backend settings load balancer", spec: "extProc: [{" + ref + ", backendSettings: {loadBalancer: {type: ConsistentHash, consistentHash: {type: SourceIP, tableSize: 4}}}}]",
			want: "ExtProc: ConsistentHash: invalid TableSize value 4.", failRoute: true},
		{name: "gateway order", spec: "lua: [{inline: 'x'}], wasm: [{code: {type: FTP}}], extProc: [{backendRefs: [{name: nope, port: 9000}]}]",
			want:      "ExtProc: service default/nope not found\nWasm: unsupported Wasm code source type \"FTP\"\nLua: validation failed for lua body in policy with name envoyextensionpolicy/default/p/lua/0: expected one of envoy_on_request() or envoy_on_response() to be defined.",
			failRoute: true},
		{name: "route order", routeKind: "GRPCRoute", spec: "lua: [{inline: 'x'}], wasm: [{code: {type: FTP}}], extProc: [{backendRefs: [{name: nope, port: 9000}]}]",
			want:      "Wasm: unsupported Wasm code source type \"FTP\"\nLua: validation failed for lua body in policy with name envoyextensionpolicy/default/p/lua/0: expected one of envoy_on_request() or envoy_on_response() to be defined\nExtProc: service default/nope not found.",
			failRoute: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tr := eepTestTranslation(t, grpcServiceDocs+"---\n"+eepPolicyDoc(tc.spec), WithWasmResolver(&corpusWasmResolver{}))
			gw := &gatewayState{obj: &gwapiv1.Gateway{}}
			f, err := tr.buildEEPFeatures(tr.res.EnvoyExtensionPolicies[0], policyTarget{gw: gw, routeKind: tc.routeKind})
			got := ""
			if err != nil {
				got = policy.ConditionText(err.Error())
			}
			if got != tc.want {
				t.Errorf("message:\n got %q\nwant %q", got, tc.want)
			}
			if f.failRoute != tc.failRoute {
				t.Errorf("failRoute = %v, want %v", f.failRoute, tc.failRoute)
			}
		})
	}
}

func TestBuildEEPFeaturesExtProcContent(t *testing.T) {
	spec := "extProc: [{backendRefs: [{name: grpc, port: 9000}], failOpen: true, messageTimeout: 5s, shadowMode: true, statusOnError: 503, " +
		"backendSettings: {timeout: {tcp: {connectTimeout: 3s}}}, " +
		"metadata: {accessibleNamespaces: [a], writableNamespaces: [b]}, " +
		"processingMode: {allowModeOverride: true, request: {body: Buffered, attributes: [request.path]}, response: {}}}]"
	tr := eepTestTranslation(t, grpcServiceDocs+"---\n"+eepPolicyDoc(spec))
	f, err := tr.buildEEPFeatures(tr.res.EnvoyExtensionPolicies[0], policyTarget{gw: &gatewayState{obj: &gwapiv1.Gateway{}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.extProcs) != 1 {
		t.Fatalf("extProcs = %+v", f.extProcs)
	}
	x := f.extProcs[0]
	const name = "envoyextensionpolicy/default/p/extproc/0"
	if x.name != name || x.destination == nil || x.destination.Name != name || len(x.destination.Settings) != 1 ||
		x.destination.Settings[0].Name != name+"/backend/0" || x.destination.Settings[0].Protocol != ir.GRPC {
		t.Errorf("destination = %+v", x.destination)
	}
	if x.authority != "grpc.default:9000" || x.failOpen == nil || !*x.failOpen || x.messageTimeout == nil || x.messageTimeout.String() != "5s" ||
		!x.shadowMode || x.statusOnError == nil || *x.statusOnError != 503 {
		t.Errorf("extProc = %+v", x)
	}
	if x.traffic == nil || x.traffic.Timeout == nil || x.traffic.Timeout.TCP == nil || x.traffic.Timeout.TCP.ConnectTimeout == nil || x.traffic.Timeout.TCP.ConnectTimeout.String() != "3s" {
		t.Errorf("traffic = %+v", x.traffic)
	}
	if !x.requestHeaders || x.requestBody != egv1a1.ExtProcBodyProcessingModeBuffered || !slices.Equal(x.requestAttributes, []string{"request.path"}) ||
		!x.responseHeaders || x.responseBody != "" || x.responseAttributes != nil || x.allowModeOverride == nil || !*x.allowModeOverride {
		t.Errorf("processing mode = %+v", x)
	}
	if !slices.Equal(x.forwardingNamespaces, []string{"a"}) || !slices.Equal(x.receivingNamespaces, []string{"b"}) {
		t.Errorf("metadata = %v, %v", x.forwardingNamespaces, x.receivingNamespaces)
	}
	for ref, want := range map[string]string{
		"name: grpc, port: 9000":                    "grpc.default:9000",
		"name: grpc, namespace: other, port: 80":    "grpc.other:80",
		"name: be, kind: Backend, group: g":         "be.default",
		"name: be, kind: Backend, namespace: ''":    "be.default",
		"name: be, kind: Backend, namespace: other": "be.other",
	} {
		p := eepTestTranslation(t, eepPolicyDoc("extProc: [{backendRefs: [{"+ref+"}]}]")).res.EnvoyExtensionPolicies[0]
		if got := extProcAuthority(p.Spec.ExtProc[0].BackendRefs[0], "default"); got != want {
			t.Errorf("authority of {%s} = %q, want %q", ref, got, want)
		}
	}
}
