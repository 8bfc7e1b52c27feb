package v1alpha1

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Formats of dynamic module sources and GeoIP databases.
var (
	moduleURLFormat = stringFormat{
		minLen: 1, maxLen: 4096,
		pattern: regexp.MustCompile(`^https?://[^/?#]+(?:[/?#].*)?$`),
		what:    "an http or https URL",
	}
	sha256Format    = stringFormat{pattern: regexp.MustCompile(`^[a-f0-9]{64}$`), what: "64 lowercase hexadecimal digits"}
	mmdbPathFormat  = stringFormat{pattern: regexp.MustCompile(`^.*\.mmdb$`), what: "the path of a .mmdb file"}
	onlySlashesPath = regexp.MustCompile(`^/+$`)
)

// envoyFilters are the HTTP filters whose position filterOrder may change.
var envoyFilters = []EnvoyFilter{
	EnvoyFilterCustomResponse, EnvoyFilterHealthCheck, EnvoyFilterFault,
	EnvoyFilterCORS, EnvoyFilterCSRF, EnvoyFilterHeaderMutation,
	EnvoyFilterExtAuthz, EnvoyFilterAPIKeyAuth, EnvoyFilterBasicAuth,
	EnvoyFilterOAuth2, EnvoyFilterJWTAuthn, EnvoyFilterStatefulSession,
	EnvoyFilterBuffer, EnvoyFilterLua, EnvoyFilterExtProc,
	EnvoyFilterWasm, EnvoyFilterDynamicModules, EnvoyFilterGeoIP,
	EnvoyFilterRBAC, EnvoyFilterLocalRateLimit, EnvoyFilterRateLimit,
	EnvoyFilterBandwidthLimit, EnvoyFilterGRPCWeb, EnvoyFilterGRPCStats,
	EnvoyFilterCredentialInjector, EnvoyFilterCompressor,
	EnvoyFilterDynamicForwardProxy,
}

// luaValidations are the levels of Lua script validation.
var luaValidations = []LuaValidation{LuaValidationStrict, LuaValidationInsecureSyntax, LuaValidationDisabled}

// Validate checks the EnvoyProxy against the rules of its published schema:
// every CEL rule, and the limits on its own fields. The Kubernetes core types
// it embeds (containers, pod and deployment settings, autoscaler metrics) are
// not checked; see the package documentation.
func (e *EnvoyProxy) Validate() field.ErrorList {
	if e == nil {
		return nil
	}
	p := field.NewPath("spec")
	s := &e.Spec
	errs := validateProxyProvider(s.Provider, p.Child("provider"))
	if s.Logging != nil {
		lp := p.Child("logging", "level")
		for _, c := range slices.Sorted(maps.Keys(s.Logging.Level)) {
			errs = append(errs, enumValue(s.Logging.Level[c], lp.Key(string(c)),
				LogLevelTrace, LogLevelDebug, LogLevelInfo, LogLevelWarn, LogLevelError, LogLevelOff, LogLevelCritical)...)
		}
	}
	errs = append(errs, validateProxyTelemetry(s.Telemetry, p.Child("telemetry"))...)
	errs = append(errs, validateProxyBootstrap(s.Bootstrap, p.Child("bootstrap"))...)
	if deref(s.MergeGateways, false) && s.MergeBackends != nil {
		errs = append(errs, field.Forbidden(p.Child("mergeBackends"), "may not be set when mergeGateways is true"))
	}
	if sd := s.Shutdown; sd != nil {
		sp := p.Child("shutdown")
		errs = append(errs, optionalDuration(sd.HealthCheckFailureDelay, sp.Child("healthCheckFailureDelay"))...)
		errs = append(errs, optionalDuration(sd.DrainTimeout, sp.Child("drainTimeout"))...)
		errs = append(errs, optionalDuration(sd.MinDrainDuration, sp.Child("minDrainDuration"))...)
	}
	for i, f := range s.FilterOrder {
		errs = append(errs, validateFilterPosition(f, p.Child("filterOrder").Index(i))...)
	}
	errs = append(errs, validateBackendTLSConfig(s.BackendTLS, p.Child("backendTLS"))...)
	errs = append(errs, optionalEnum(s.IPFamily, p.Child("ipFamily"), IPFamilyIPv4, IPFamilyIPv6, IPFamilyDualStack)...)
	errs = append(errs, optionalEnum(s.LuaValidation, p.Child("luaValidation"), luaValidations...)...)
	errs = append(errs, validateLuaValidationConfig(s.Lua, p.Child("lua"))...)
	if s.LuaValidation != nil && s.Lua != nil {
		errs = append(errs, field.Forbidden(p.Child("luaValidation"), "may not be set together with lua, which replaces it"))
	}
	errs = append(errs, validateDynamicModuleEntries(s.DynamicModules, p.Child("dynamicModules"))...)
	if s.GeoIP != nil {
		errs = append(errs, validateGeoIPProvider(&s.GeoIP.Provider, p.Child("geoIP", "provider"))...)
	}
	return append(errs, optionalEnum(s.MergeType, p.Child("mergeType"), MergeTypeReplace, MergeTypeStrategicMerge, MergeTypeJSONMerge)...)
}

// validateProxyBootstrap checks a bootstrap override: JSON patches for the
// JSONPatch type, a full or partial bootstrap document for the others
// (Replace is the default).
func validateProxyBootstrap(b *ProxyBootstrap, p *field.Path) field.ErrorList {
	if b == nil {
		return nil
	}
	typ := deref(b.Type, BootstrapTypeReplace)
	errs := enumValue(typ, p.Child("type"), BootstrapTypeMerge, BootstrapTypeReplace, BootstrapTypeJSONPatch)
	for i, op := range b.JSONPatches {
		errs = append(errs, validateJSONPatchOperation(op, p.Child("jsonPatches").Index(i))...)
	}
	switch {
	case typ == BootstrapTypeJSONPatch && len(b.JSONPatches) == 0:
		errs = append(errs, field.Required(p.Child("jsonPatches"), "must hold at least one patch when type is JSONPatch"))
	case typ != BootstrapTypeJSONPatch && b.Value == nil:
		errs = append(errs, field.Required(p.Child("value"), "must be set when type is "+string(typ)))
	}
	return errs
}

// validateFilterPosition checks one filter reordering: the filter goes either
// before or after another one.
func validateFilterPosition(f FilterPosition, p *field.Path) field.ErrorList {
	errs := requiredEnum(f.Name, p.Child("name"), envoyFilters...)
	errs = append(errs, optionalEnum(f.Before, p.Child("before"), envoyFilters...)...)
	errs = append(errs, optionalEnum(f.After, p.Child("after"), envoyFilters...)...)
	return append(errs, exactlyOne(p, member{"before", f.Before != nil}, member{"after", f.After != nil})...)
}

// validateLuaValidationConfig checks how Lua scripts are validated. Strict
// validation settings only apply to Strict validation, the default.
func validateLuaValidationConfig(l *LuaValidationConfig, p *field.Path) field.ErrorList {
	if l == nil {
		return nil
	}
	errs := optionalEnum(l.ValidationType, p.Child("validationType"), luaValidations...)
	sv := l.StrictValidation
	if sv == nil {
		return errs
	}
	sp := p.Child("strictValidation")
	if l.ValidationType != nil && *l.ValidationType != LuaValidationStrict {
		errs = append(errs, field.Forbidden(sp, "may only be set when validationType is Strict"))
	}
	pp := sp.Child("allowedPaths")
	errs = append(errs, maxItems(len(sv.AllowedPaths), pp, 64)...)
	for i, path := range sv.AllowedPaths {
		errs = append(errs, stringFormat{minLen: 1, maxLen: 4096}.validate(path, pp.Index(i))...)
		switch {
		case strings.TrimSpace(path) == "":
			errs = append(errs, field.Invalid(pp.Index(i), path, "may not be blank"))
		case onlySlashesPath.MatchString(path):
			errs = append(errs, field.Invalid(pp.Index(i), path, "may not be the root directory"))
		}
	}
	ep := sp.Child("allowedEnvVars")
	errs = append(errs, maxItems(len(sv.AllowedEnvVars), ep, 64)...)
	for i, v := range sv.AllowedEnvVars {
		errs = append(errs, stringFormat{minLen: 1, maxLen: 256}.validate(v, ep.Index(i))...)
		if strings.TrimSpace(v) == "" {
			errs = append(errs, field.Invalid(ep.Index(i), v, "may not be blank"))
		}
	}
	return errs
}

// validateDynamicModuleEntries checks the dynamic modules Envoy loads, each
// named once.
func validateDynamicModuleEntries(ms []DynamicModuleEntry, p *field.Path) field.ErrorList {
	errs := maxItems(len(ms), p, 16)
	for i := range ms {
		mp := p.Index(i)
		errs = append(errs, requiredString(ms[i].Name, mp.Child("name"), moduleNameFormat)...)
		errs = append(errs, validateDynamicModuleSource(&ms[i].Source, mp.Child("source"))...)
	}
	return append(errs, uniqueKeys(ms, p, func(m DynamicModuleEntry) string { return m.Name })...)
}

// validateDynamicModuleSource checks where a module is loaded from: a local
// file (the default) or a download.
func validateDynamicModuleSource(s *DynamicModuleSource, p *field.Path) field.ErrorList {
	typ := deref(s.Type, DynamicModuleSourceTypeLocal)
	errs := enumValue(typ, p.Child("type"), DynamicModuleSourceTypeLocal, DynamicModuleSourceTypeRemote)
	if s.Local != nil {
		errs = append(errs, requiredString(s.Local.Path, p.Child("local", "path"), stringFormat{minLen: 1, maxLen: 4096})...)
	}
	if r := s.Remote; r != nil {
		errs = append(errs, requiredString(r.URL, p.Child("remote", "url"), moduleURLFormat)...)
		errs = append(errs, requiredString(r.Sha256, p.Child("remote", "sha256"), sha256Format)...)
	}
	if typ == DynamicModuleSourceTypeLocal && s.Local == nil {
		errs = append(errs, field.Required(p.Child("local"), "must be set when type is Local"))
	}
	if typ == DynamicModuleSourceTypeRemote && s.Local != nil {
		errs = append(errs, field.Forbidden(p.Child("local"), "may not be set when type is Remote"))
	}
	return append(errs, unionMember(p, "remote", s.Remote != nil, typ, DynamicModuleSourceTypeRemote)...)
}

// validateGeoIPProvider checks the GeoIP database provider: MaxMind needs at
// least one database.
func validateGeoIPProvider(g *GeoIPProvider, p *field.Path) field.ErrorList {
	errs := requiredEnum(g.Type, p.Child("type"), GeoIPProviderTypeMaxMind)
	if g.Type == GeoIPProviderTypeMaxMind && g.MaxMind == nil {
		errs = append(errs, field.Required(p.Child("maxMind"), "must be set when type is MaxMind"))
	}
	m := g.MaxMind
	if m == nil {
		return errs
	}
	mp := p.Child("maxMind")
	sources := []struct {
		name string
		src  *GeoIPDBSource
	}{
		{"cityDbSource", m.CityDbSource}, {"countryDbSource", m.CountryDbSource}, {"asnDbSource", m.AsnDbSource},
		{"ispDbSource", m.IspDbSource}, {"anonymousIpDbSource", m.AnonymousIPDBSource},
	}
	members := make([]member, len(sources))
	for i, s := range sources {
		members[i] = member{s.name, s.src != nil}
		if s.src != nil {
			errs = append(errs, requiredString(s.src.Local.Path, mp.Child(s.name, "local", "path"), mmdbPathFormat)...)
		}
	}
	return append(errs, atLeastOne(mp, members...)...)
}
